"""`assistant assess ACTION ...`: targets, the roadmap and its steps, peers, team assessment and re-assessment.

    assistant assess targets ID                      proposed target per domain
    assistant assess targets ID accept               set every proposed target
    assistant assess targets ID services=2 ...       set targets
    assistant assess roadmap ID                      the cited roadmap
    assistant assess step ID add DOMAIN near|mid TEXT / edit STEP_ID TEXT / remove STEP_ID
    assistant assess peers ID                        the profile beside the report's case cities
    assistant assess invite ID [DOMAIN ...]          invitation codes per domain
    assistant assess join CODE NAME                  answer the invited domain (in the terminal)
    assistant assess team ID                         who answered what; disagreements
    assistant assess decide ID DOMAIN STAGE|ANSWER_ID
    assistant assess merge ID                        write settled domains into the lead's assessment
    assistant assess again ID|CITY                   re-assess from the last assessment (in the terminal)
    assistant assess changes ID                      a re-assessment's changes
"""

from __future__ import annotations

import re
import sys

import typer

from assistant.errors import BadInput

ACTIONS = ("targets", "roadmap", "step", "peers", "invite", "join", "team", "decide", "merge", "again", "changes")
_KEEP = {"", "=", "same", "keep", "不变", "同上", "确认"}


def _need(words: list[str], count: int, usage: str) -> None:
    if len(words) < count:
        raise BadInput(f"usage: assistant assess {usage}")


def _language(planning, assessment_id: str, default: str) -> str:
    try:
        return planning.store.load(assessment_id).language
    except BadInput:
        return default


def run(words: list[str], language: str, converse) -> None:
    """Carry out one planning action; `converse(service, id)` continues a conversation in the terminal."""
    from assistant.assessment import plan_render as show
    from assistant.assessment.plan_texts import say
    from assistant.assessment.planning import build_planning_service
    from assistant.settings import load_settings

    action, rest = words[0], words[1:]
    if action not in ACTIONS:
        raise BadInput(f"unknown action {action!r}; choose one of: {', '.join(ACTIONS)}")
    planning = build_planning_service(load_settings())
    framework = planning.framework
    _need(rest, 1, f"{action} ID")
    lang = _language(planning, rest[0], language) if action not in ("join",) else language
    if action == "targets":
        if rest[1:] == ["accept"]:
            changed = planning.accept_proposals(rest[0])
        elif rest[1:]:
            targets = {}
            for pair in rest[1:]:
                match = re.fullmatch(r"(.+?)=([123])", pair)
                if match is None:
                    raise BadInput(f"give targets as DOMAIN=STAGE (stage 1, 2 or 3), not {pair!r}")
                targets[match.group(1)] = int(match.group(2))
            changed = planning.set_targets(rest[0], targets)
        else:
            typer.echo(show.proposals_text(framework, planning.proposals(rest[0]), lang))
            return
        names = "、".join(framework.domains[key].zh if lang == "zh" else framework.domains[key].en for key in changed)
        typer.echo(say(lang, "targets_set", domains=names) if changed else say(lang, "targets_unchanged"))
    elif action == "roadmap":
        typer.echo(show.roadmap_text(planning.roadmap(rest[0]), lang))
    elif action == "step":
        _step(planning, rest, lang)
    elif action == "peers":
        typer.echo(show.peers_text(framework, planning.peers(rest[0]), lang))
    elif action == "invite":
        typer.echo(show.invitations_text(framework, planning.invite(rest[0], rest[1:]), lang))
    elif action == "join":
        _need(rest, 2, "join CODE NAME")
        response_id = planning.join(rest[0], " ".join(rest[1:]), language)
        assessment = planning.store.load(response_id)
        domain = framework.domains[assessment.domains[0]]
        typer.echo(say(assessment.language, "team_joined", name=" ".join(rest[1:]), city=assessment.city.name or "—",
                       domain=domain.zh if assessment.language == "zh" else domain.en, id=response_id))
        converse(planning.assessments, response_id)
    elif action == "team":
        typer.echo(show.team_text(framework, planning.team_status(rest[0]), lang))
    elif action == "decide":
        _need(rest, 3, "decide ID DOMAIN STAGE|ANSWER_ID")
        choice = rest[2]
        stage = int(choice) if choice in ("1", "2", "3") else None
        planning.decide(rest[0], rest[1], stage=stage, response_id=None if stage else choice)
        typer.echo(show.team_text(framework, planning.team_status(rest[0]), lang))
    elif action == "merge":
        written = planning.merge(rest[0])
        names = "、".join(framework.domains[key].zh if lang == "zh" else framework.domains[key].en for key in written)
        typer.echo(say(lang, "team_merged", domains=names) if written else say(lang, "team_nothing"))
    elif action == "again":
        _again(planning, " ".join(rest), language)
    elif action == "changes":
        view = planning.changes(rest[0])
        if view is None:
            raise BadInput(f"assessment {rest[0]} is not a re-assessment")
        typer.echo(show.changes_text(view, lang))


def _step(planning, rest: list[str], language: str) -> None:
    from assistant.assessment.plan_render import roadmap_text

    _need(rest, 2, "step ID add|edit|remove ...")
    assessment_id, verb, args = rest[0], rest[1], rest[2:]
    if verb == "add":
        _need(args, 3, "step ID add DOMAIN near|mid TEXT")
        roadmap = planning.add_step(assessment_id, args[0], args[1], " ".join(args[2:]))
    elif verb == "edit":
        _need(args, 2, "step ID edit STEP_ID TEXT")
        roadmap = planning.edit_step(assessment_id, args[0], " ".join(args[1:]))
    elif verb == "remove":
        _need(args, 1, "step ID remove STEP_ID")
        roadmap = planning.remove_step(assessment_id, args[0])
    else:
        raise BadInput(f"unknown step action {verb!r}; use add, edit or remove")
    typer.echo(roadmap_text(roadmap, language))


def _again(planning, previous: str, language: str) -> None:
    """Start a re-assessment and go through its domains: an empty line keeps a domain, a description changes it."""
    from assistant.assessment.plan_render import changes_text
    from assistant.assessment.plan_texts import say, stage_label

    new_id = planning.reassess(previous)
    reassessment = planning.reassessment
    view = reassessment.view(new_id)
    lang = planning.store.load(new_id).language
    typer.echo(say(lang, "re_started", previous=view.previous_id, id=new_id))
    for item in view.domains:
        typer.echo(f"{item.zh if lang == 'zh' else item.en}: {stage_label(lang, item.then)}  "
                   f"[{say(lang, 'ui_reassess_confirm')}: Enter / {say(lang, 'ui_reassess_evidence')}]")
        typer.echo("> ", nl=False)
        line = sys.stdin.readline()
        if not line:
            break
        text = line.strip()
        if text in _KEEP:
            reassessment.confirm(new_id, item.domain)
        else:
            reassessment.change(new_id, item.domain, text)
    typer.echo(changes_text(reassessment.view(new_id), lang))
