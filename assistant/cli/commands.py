"""Imports every command module so that its commands register on the app."""

from assistant.cli import retrieval_commands  # noqa: F401
from assistant.cli import answer_commands  # noqa: F401
from assistant.cli import serve_commands  # noqa: F401
from assistant.cli import assess_commands  # noqa: F401
from assistant.cli import eval_commands  # noqa: F401
from assistant.cli import stage_commands  # noqa: F401
from assistant.cli import feedback_commands  # noqa: F401
