"""Chat model backends as LangChain chat models, chosen by name through a small registry."""
