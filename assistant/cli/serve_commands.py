"""`assistant serve`: the web interface."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from assistant.cli import app
from assistant.errors import BadInput, ConfigurationError
from assistant.settings import load_settings

SERVE_ENGINES = ("local", "openai", "extractive")


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option("--host", help="Interface to bind (default 127.0.0.1).")] = None,
    port: Annotated[Optional[int], typer.Option("--port", min=1, max=65535, help="Port (default 7860).")] = None,
    engine: Annotated[Optional[str], typer.Option("--engine", help="local, openai or extractive.")] = None,
) -> None:
    """Serve the Gradio interface, opening the index first (and building it when missing or stale)."""
    from assistant.answer.pipeline import build_chain
    from assistant.search.index import open_index
    from assistant.ui.app import launch
    from assistant.answer.warmup import warm_up_in_background

    if engine is not None and engine not in SERVE_ENGINES:
        raise BadInput(f"unknown engine {engine!r}; choose one of: {', '.join(SERVE_ENGINES)}")
    settings = load_settings()
    app_settings = settings.app.model_copy(update={k: v for k, v in {"host": host, "port": port}.items() if v is not None})
    settings = settings.model_copy(update={"app": app_settings})
    index = open_index(settings)
    chain = build_chain(settings, index=index, engine=engine)
    if chain.notice:
        typer.echo(f"note: {chain.notice}", err=True)
    try:
        demo = launch(settings, chain, block=False)
    except OSError as error:
        raise ConfigurationError(
            f"cannot serve on {settings.app.host}:{settings.app.port} ({error}); choose another with --port"
        ) from None
    # Idle time is used to read the report's passages as first passages of future prompts (local engine).
    warm_up_in_background(chain)
    shown = "localhost" if settings.app.host in ("0.0.0.0", "::") else settings.app.host
    typer.echo(f"serving the assistant at http://{shown}:{settings.app.port} (engine: {chain.engine}); Ctrl+C stops it")
    demo.block_thread()
