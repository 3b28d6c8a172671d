"""Evaluation of the assistant against the gold question set."""
