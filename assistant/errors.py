"""Typed exceptions: every user-facing failure is one of these, with a message saying what to do next."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class for every error the assistant reports to a user."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInput(AssistantError):
    """The user gave input the assistant cannot use (empty question, malformed batch file ...)."""


class ConfigurationError(AssistantError):
    """A setting has a value the assistant cannot work with."""


class CorpusError(AssistantError):
    """The report text is missing or does not have the structure the parser expects."""


class IndexUnavailable(AssistantError):
    """The search index is missing, stale or corrupted and could not be rebuilt."""


class ModelUnavailable(AssistantError):
    """A model (embedder or chat model) is not installed or cannot be loaded."""


class ModelIntegrityError(ModelUnavailable):
    """A model file does not have the expected size or SHA-256."""


class EngineUnavailable(AssistantError):
    """A chat engine (e.g. an OpenAI-compatible server) cannot be reached or failed."""


class UnknownDomain(BadInput):
    """A domain name is not one of the seven domains of the framework."""


class UnknownSession(BadInput):
    """An assessment session id does not exist."""


class PromptError(AssistantError):
    """A prompt file is missing or was rendered with the wrong variables."""


class ExportError(AssistantError):
    """An export could not be produced (the PDF printer failed or timed out)."""
