"""`assistant ask` and `assistant chat`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.cli import app
from assistant.cli.io import emit_json, questions_or_batch
from assistant.errors import AssistantError, BadInput
from assistant.schemas import Answer, ChatTurn
from assistant.settings import load_settings

EngineOption = Annotated[
    Optional[str], typer.Option("--engine", help="local, openai or extractive (default: SMC_LLM__ENGINE).")
]
ENGINES = ("local", "openai", "extractive")


def answer_record(answer: Answer, record_id=None) -> dict:
    """The JSON form of an answer in the command-line contract."""
    record = {
        "answer": answer.answer,
        "refused": answer.refused,
        "engine": answer.engine,
        "citations": [
            {"n": c.n, "section": c.section, "title": c.title, "page": c.page, "text": c.text} for c in answer.citations
        ],
        "timings": {
            "retrieve_ms": answer.timings.retrieve_ms,
            "first_token_ms": answer.timings.first_token_ms,
            "total_ms": answer.timings.total_ms,
            "steps": answer.timings.steps,
        },
    }
    return {"id": record_id, **record} if record_id is not None else {"question": answer.question, **record}


def _chain(engine: str | None):
    from assistant.answer.pipeline import build_chain

    if engine is not None and engine not in ENGINES:
        raise BadInput(f"unknown engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    return build_chain(load_settings(), engine=engine)


def _print_answer(answer: Answer) -> None:
    if answer.notice:
        typer.echo(f"({answer.notice})", err=True)
    typer.echo(answer.answer)
    for citation in answer.citations:
        page = f" p.{citation.page}" if citation.page else ""
        typer.echo(f"  [{citation.n}] {citation.section} {citation.title}{page}")
        typer.echo("      " + citation.text.replace("\n", "\n      "))
    if answer.flagged:
        typer.echo("  (unsupported, shown without citation: " + " / ".join(answer.flagged) + ")")


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(help="The question.")] = None,
    engine: EngineOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON.")] = False,
    batch: Annotated[Optional[Path], typer.Option("--batch", help="JSON-lines file of {id, question}.")] = None,
) -> None:
    """Answer a question from the report, with citations."""
    records = questions_or_batch(question, batch, as_json)
    chain = _chain(engine)
    if records is not None:
        for record in records:
            try:
                emit_json(answer_record(chain.ask(record["question"]), record["id"]))
            except BadInput as error:
                emit_json({"id": record["id"], "error": error.message})
        return
    answer = chain.ask(question)
    if as_json:
        emit_json(answer_record(answer))
    else:
        _print_answer(answer)


@app.command()
def chat(engine: EngineOption = None) -> None:
    """A conversation in the terminal: answers stream in, follow-up questions use the history."""
    chain = _chain(engine)
    typer.echo(f"engine: {chain.engine}" + (f" ({chain.notice})" if chain.notice else ""))
    typer.echo("Ask about the report; an empty line or Ctrl-D ends the conversation.")
    history: list[ChatTurn] = []
    while True:
        try:
            question = input("> ")
        except EOFError:
            break
        if not question.strip():
            break
        try:
            answer = None
            streamed = False
            for event in chain.stream(question, history):
                if event.kind == "token" and chain.chat_model is not None:
                    typer.echo(event.text, nl=False)
                    streamed = True
                elif event.kind == "answer":
                    answer = event.answer
            if streamed:
                typer.echo("\n")
            _print_answer(answer)
            history.append(ChatTurn(question=question, answer=answer.answer, standalone_question=answer.standalone_question))
        except AssistantError as error:
            typer.echo(f"error: {error.message}", err=True)
