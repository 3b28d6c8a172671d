"""`assistant index` and `assistant retrieve`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.cli import app
from assistant.cli.io import emit_json, questions_or_batch
from assistant.settings import load_settings


@app.command()
def index(rebuild: Annotated[bool, typer.Option("--rebuild", help="Build even if the index is current.")] = False) -> None:
    """Build the search index if it is missing or stale (or always, with --rebuild)."""
    from assistant.search.index import build_index, is_current, read_manifest

    settings = load_settings()
    if rebuild or not is_current(settings):
        manifest = build_index(settings)
        typer.echo(f"index built: {manifest['chunks']} passages in {manifest['build_seconds']} s ({settings.paths.index_dir})")
    else:
        manifest = read_manifest(settings) or {}
        typer.echo(f"index is current: {manifest.get('chunks')} passages, built {manifest.get('built_at')}")


def _result(hit) -> dict:
    chunk = hit.chunk
    return {"rank": hit.rank, "score": round(hit.score, 6), "section": chunk.section, "title": chunk.title,
            "page": chunk.page, "text": chunk.text}


@app.command()
def retrieve(
    question: Annotated[Optional[str], typer.Argument(help="The question.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="Passages to return.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON.")] = False,
    batch: Annotated[Optional[Path], typer.Option("--batch", help="JSON-lines file of {id, question}.")] = None,
) -> None:
    """Show the report passages that best match a question."""
    from assistant.search.index import open_index
    from assistant.answer.retrieval import build_retriever

    records = questions_or_batch(question, batch, as_json)
    settings = load_settings()
    retriever = build_retriever(open_index(settings), settings.retrieval)
    if records is not None:
        for record in records:
            hits = retriever.search(record["question"], k)
            emit_json({"id": record["id"], "results": [_result(hit) for hit in hits]})
        return
    hits = retriever.search(question, k)
    if as_json:
        emit_json({"question": question, "results": [_result(hit) for hit in hits]})
        return
    for hit in hits:
        chunk = hit.chunk
        page = f"p.{chunk.page}" if chunk.page else ""
        typer.echo(f"[{hit.rank}] {chunk.section} {chunk.title} {page} ({hit.score:.4f})")
        typer.echo(f"    {' > '.join(chunk.heading_path)}")
        typer.echo("    " + chunk.text.replace("\n", "\n    "))
