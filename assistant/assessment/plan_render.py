"""Planning as text the terminal and the app show: targets, roadmap, peers, team and re-assessment (Markdown lists)."""

from __future__ import annotations

from assistant.assessment.exports.sections import case_text, citation_text, origin_text, step_text, why_text
from assistant.assessment.peers import PeerComparison
from assistant.assessment.plan import TERMS, Roadmap
from assistant.assessment.plan_store import Invitation
from assistant.assessment.plan_texts import say, stage_label
from assistant.assessment.reassess import ReassessmentView
from assistant.assessment.team import TeamStatus
from assistant.knowledge.framework import Framework


def _name(framework: Framework, key: str, language: str) -> str:
    domain = framework.domains[key]
    return domain.zh if language == "zh" else domain.en


def proposals_text(framework: Framework, proposals: list, language: str) -> str:
    """The proposed target per domain with its reason, and the target set now."""
    if not proposals:
        return say(language, "targets_none")
    lines = [f"### {say(language, 'targets_title')}"]
    for item in proposals:
        reason = say(language, "target_reason_entry" if item.entry_point else "target_reason_keep")
        lines.append("- " + say(language, "target_row", domain=_name(framework, item.domain, language),
                                current=stage_label(language, item.current), target=stage_label(language, item.proposed),
                                reason=reason))
    return "\n".join(lines)


def roadmap_text(roadmap: Roadmap, language: str) -> str:
    """The roadmap: per domain, the near then mid term steps with id, source, case and who does what."""
    lines = [f"## {say(language, 'plan_title')}"]
    if roadmap.method is not None:
        lines.append(f"> {say(language, 'plan_method')}: {citation_text(language, roadmap.method)}")
    if not roadmap.domains:
        lines.append(say(language, "plan_none"))
    for domain in roadmap.domains:
        lines.append("")
        lines.append("### " + say(language, "plan_domain", domain=domain.zh if language == "zh" else domain.en,
                                  current=stage_label(language, domain.current), target=stage_label(language, domain.target)))
        if not domain.steps:
            lines.append(say(language, "plan_at_target" if domain.current is not None else "plan_unknown"))
        for term in TERMS:
            steps = [step for step in domain.steps if step.term == term]
            if not steps:
                continue
            lines.append(f"**{say(language, f'term_{term}')}**")
            for step in steps:
                lines.append(f"- `{step.id}` {step_text(language, step)} *({origin_text(language, step)})*")
                if step.citation is not None:
                    lines.append(f"  - {say(language, 'col_source')}: {citation_text(language, step.citation)}")
                if step.case is not None:
                    lines.append(f"  - {say(language, 'col_case')}: {case_text(language, step)}")
                for task in step.stakeholders:
                    name = task.zh if language == "zh" else task.en
                    lines.append(f"  - {name} ({say(language, f'role_{task.role}')}): “{task.quote}”")
    return "\n".join(lines)


def peers_text(framework: Framework, peers: PeerComparison, language: str) -> str:
    """Per assessed domain: the city's stage, the report's case cities before and after, the nearest and why."""
    lines = [f"## {say(language, 'peers_title')}"]
    for row in peers.domains:
        lines.append(f"### {row.zh if language == 'zh' else row.en}: {say(language, 'col_yours')} "
                     f"{stage_label(language, row.current)}")
        for case in row.cases:
            mark = " ★" if row.nearest is not None and case.city == row.nearest.city else ""
            lines.append(f"- {case.city} ({case.country}) 《{case.title}》: {stage_label(language, case.stage_from)} → "
                         f"{stage_label(language, case.stage_to)}{mark}")
        lines.append(f"  {why_text(language, row)}")
    return "\n".join(lines)


def invitations_text(framework: Framework, invitations: list[Invitation], language: str) -> str:
    """One line per domain with its invitation code."""
    return "\n".join("- " + say(language, "team_code", domain=_name(framework, item.domain, language), code=item.code)
                     for item in invitations)


def team_text(framework: Framework, status: TeamStatus, language: str) -> str:
    """Per domain: code, who answered what, and whether the answers agree or the lead decided."""
    lines = [f"## {say(language, 'team_title')}"]
    for item in status.domains:
        if item.decision is not None:
            state = say(language, "team_decided", stage=stage_label(language, item.decision.stage))
        elif item.disagreement:
            state = say(language, "team_disagree")
        elif item.agreed is not None:
            state = say(language, "team_agreed", stage=stage_label(language, item.agreed))
        else:
            state = say(language, "team_waiting")
        code = f" [{item.code}]" if item.code else ""
        lines.append(f"### {_name(framework, item.domain, language)}{code}: {state}")
        for response in item.responses:
            if response.finished:
                answer = say(language, "team_finished", current=stage_label(language, response.current),
                             target=stage_label(language, response.target))
            else:
                answer = say(language, "team_unfinished")
            lines.append(f"- {say(language, 'team_response', name=response.respondent, state=answer)} (`{response.response_id}`)")
            lines += [f"  - {text}" for text in response.said]
    return "\n".join(lines)


def changes_text(view: ReassessmentView, language: str) -> str:
    """Per domain: the stage then and now, confirmed or changed, and the evidence."""
    lines = [f"## {say(language, 're_title')}"]
    for item in view.domains:
        lines.append("- " + say(language, "re_row", domain=item.zh if language == "zh" else item.en,
                                then=stage_label(language, item.then), now=stage_label(language, item.now),
                                review=say(language, f"re_{item.review}")))
        if item.evidence:
            lines.append("  - " + say(language, "re_evidence", text=item.evidence))
        if item.matched:
            lines.append("  - " + say(language, "re_matched", quotes="；".join(item.matched)))
    return "\n".join(lines)
