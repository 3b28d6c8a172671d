"""Reading batch files and writing JSON lines for the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from assistant.errors import BadInput
from assistant.text import clean_input


def read_batch(path: Path, required: tuple[str, ...]) -> list[dict]:
    """The records of a JSON-lines batch file; any problem is a BadInput naming the file and line."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"batch file not found: {path}") from None
    except IsADirectoryError:
        raise BadInput(f"batch file is a directory: {path}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BadInput(f"{path} is not UTF-8 (byte {error.start})") from None
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadInput(f"{path}:{number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict):
            raise BadInput(f"{path}:{number}: each line must be a JSON object")
        missing = [key for key in required if key not in record]
        if missing:
            raise BadInput(f"{path}:{number}: missing field(s) {', '.join(missing)}")
        for key in required:
            if key != "id" and not isinstance(record[key], str):
                raise BadInput(f"{path}:{number}: field {key} must be a string")
            if key != "id" and not clean_input(record[key]):
                raise BadInput(f"{path}:{number}: field {key} is empty")
        records.append(record)
    if not records:
        raise BadInput(f"{path} contains no records")
    return records


def emit_json(record: dict) -> None:
    """Write one JSON line to stdout."""
    typer.echo(json.dumps(record, ensure_ascii=False))


def batch_or_single(question: str | None, batch: Path | None, as_json: bool) -> None:
    """Validate the combination of a positional question and --batch."""
    if batch is not None and question:
        raise BadInput("give either a question or --batch FILE, not both")
    if batch is not None and not as_json:
        raise BadInput("--batch writes JSON lines: add --json")
    if batch is None and question is None:
        raise BadInput("give a question, or --batch FILE --json")


def questions_or_batch(question: str | None, batch: Path | None, as_json: bool) -> list[dict] | None:
    """The batch records for --batch, or None for a single question (which must not be empty)."""
    batch_or_single(question, batch, as_json)
    if batch is not None:
        return read_batch(batch, ("id", "question"))
    if not (question or "").strip():
        raise BadInput("the question is empty")
    return None
