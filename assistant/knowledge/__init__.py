"""The report's knowledge: its text and passages, the 7x3 framework, the glossary and the lexicon of question words."""
