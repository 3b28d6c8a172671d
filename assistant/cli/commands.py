"""Imports every command module so that its commands register on the app."""

from assistant.cli import retrieval_commands  # noqa: F401
