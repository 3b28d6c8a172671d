"""The `assistant` command: thin typer shells over library calls; user errors become one line and exit code 2."""

from __future__ import annotations

import os
import sys

import typer
from typer.core import TyperGroup

from assistant.errors import AssistantError
from assistant.settings import disable_phone_home


class _AssistantGroup(TyperGroup):
    """Turns AssistantError into a one-line message on stderr and exit code 2 (SMC_RAISE_ERRORS=1 re-raises)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AssistantError as error:
            if os.environ.get("SMC_RAISE_ERRORS"):
                raise
            typer.echo(f"error: {error.message}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=_AssistantGroup,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def fail(message: str) -> None:
    """Print a one-line error to stderr and exit with code 2."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def main() -> None:
    """Entry point of the console script."""
    from typer._click.exceptions import ClickException

    disable_phone_home()
    try:
        code = app(standalone_mode=False)
    except ClickException as error:  # usage errors: one line, exit code 2
        typer.echo(f"error: {error.format_message()}", err=True)
        sys.exit(2)
    except typer.Abort:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


from assistant.cli import commands  # noqa: E402,F401  (registers the commands on the app)
