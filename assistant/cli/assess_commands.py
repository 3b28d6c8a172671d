"""`assistant assess`: the guided self-assessment in the terminal, and listing, comparing and exporting assessments."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from assistant.cli import app
from assistant.errors import BadInput

_QUIT = {"/quit", "/exit", "quit", "exit", "退出"}


def _show(turn) -> None:
    """Print a turn: the message, then the quick replies as numbered options."""
    typer.echo(turn.message)
    for number, option in enumerate(turn.quick_replies, start=1):
        typer.echo(f"  [{number}] {option}")


def _converse(service, resume_id: str | None, language: str) -> None:
    from assistant.assessment.texts import say

    if resume_id is not None:
        conversation, _ = service.resume(resume_id)
        assessment = conversation.assessment
        typer.echo(say(assessment.language, "cli_resumed", id=assessment.id, city=assessment.city.name or "—"))
        turn = conversation.turn
    else:
        conversation, turn = service.start(language)
    while True:
        _show(turn)
        typer.echo("> ", nl=False)
        line = sys.stdin.readline()
        if not line or line.strip() in _QUIT:
            typer.echo("")
            typer.echo(say(conversation.assessment.language, "cli_saved", id=conversation.assessment.id))
            return
        turn = conversation.reply(line.rstrip("\n"))
        typer.echo("")


def _list(service, city: str, language: str) -> None:
    from assistant.assessment.texts import say

    found = service.list(city)
    if not found:
        typer.echo(say(language, "cli_none"))
    for item in found:
        domains = ",".join(item.domains) or "-"
        typer.echo(f"{item.id}  {item.city or '-'}  {item.state}  {domains}  {item.updated_at:%Y-%m-%d %H:%M}")


def _compare(service, id_a: str, id_b: str, language: str) -> None:
    from assistant.assessment.texts import say, stage_label

    comparison = service.compare(id_a, id_b)
    a, b = comparison.a, comparison.b
    typer.echo(say(language, "cli_compare", city_a=a.city or "-", id_a=a.id, date_a=f"{a.updated_at:%Y-%m-%d}",
                   city_b=b.city or "-", id_b=b.id, date_b=f"{b.updated_at:%Y-%m-%d}"))
    for move in comparison.moves:
        domain = service.framework.domains[move.domain]
        name = domain.zh if language == "zh" else domain.en
        moved = f"{move.moved:+d}" if move.moved is not None else "?"
        typer.echo(f"{name}: {stage_label(language, move.current_a)} -> {stage_label(language, move.current_b)} ({moved}); "
                   f"{stage_label(language, move.target_a)} -> {stage_label(language, move.target_b)}")


@app.command()
def assess(
    action: Annotated[Optional[list[str]], typer.Argument(
        metavar="[ACTION ARGS...]",
        help="Planning: targets, roadmap, step, peers, invite, join, team, decide, merge, again, changes "
             "(see `assistant assess targets ID`).")] = None,
    resume: Annotated[Optional[str], typer.Option("--resume", metavar="ID", help="Continue a stored assessment.")] = None,
    list_city: Annotated[Optional[str], typer.Option("--list", metavar="CITY", help="List assessments of a city ('' for all).")] = None,
    compare: Annotated[Optional[tuple[str, str]], typer.Option("--compare", metavar="ID ID", help="What moved between two assessments.")] = None,
    export: Annotated[Optional[str], typer.Option("--export", metavar="ID", help="Write the report of an assessment.")] = None,
    fmt: Annotated[Optional[str], typer.Option("--format", help="Export format: md, json, html, png, pdf or xlsx.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of a new assessment: zh or en.")] = "zh",
) -> None:
    """The guided 7x3 self-assessment in the terminal (answers read line by line; EOF saves and exits)."""
    from assistant.assessment.exports.formats import EXPORT_FORMATS
    from assistant.assessment.service import build_assessment_service
    from assistant.settings import load_settings

    modes = [name for name, value in (("--resume", resume), ("--list", list_city), ("--compare", compare),
                                      ("--export", export), ("ACTION", action or None)) if value is not None]
    if len(modes) > 1:
        raise BadInput(f"give only one of {', '.join(modes)}")
    if lang not in ("zh", "en"):
        raise BadInput(f"unknown language {lang!r}; use zh or en")
    if fmt is not None and export is None:
        raise BadInput("--format goes with --export ID")
    if export is not None and (fmt or "html") not in EXPORT_FORMATS:
        raise BadInput(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}")
    if action:
        from assistant.cli.plan_commands import run

        run(action, lang, lambda service, assessment_id: _converse(service, assessment_id, lang))
        return
    service = build_assessment_service(load_settings())
    if list_city is not None:
        _list(service, list_city, lang)
    elif compare is not None:
        _compare(service, compare[0], compare[1], lang)
    elif export is not None:
        from assistant.assessment.planning import build_planning_service
        from assistant.assessment.texts import say

        path = build_planning_service(load_settings(), service).export(export, fmt or "html")
        typer.echo(say(lang, "cli_exported", path=path))
    else:
        _converse(service, resume, lang)
