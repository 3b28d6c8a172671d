"""`assistant feedback export`: the 👎 answers and the refusals as gold-set lines for review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.cli import app
from assistant.cli.io import emit_json
from assistant.errors import BadInput
from assistant.settings import load_settings

feedback_app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                           help="Officials' ratings of answers.")
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def export(
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write the lines to this file instead of stdout.")] = None,
) -> None:
    """Write every refused question and every answer rated 👎 as a gold-set line (see the README)."""
    from assistant.feedback.review import write_review
    from assistant.feedback.store import build_feedback_store

    if out is not None and out.is_dir():
        raise BadInput(f"--out is a directory: {out}")
    store = build_feedback_store(load_settings())
    try:
        lines = write_review(store.exchanges(), out)
    finally:
        store.close()
    if out is None:
        for line in lines:
            emit_json(line)
    else:
        typer.echo(f"{len(lines)} questions for review written to {out}", err=True)
