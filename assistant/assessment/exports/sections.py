"""The roadmap, peers and re-assessment as table rows, and as HTML and Markdown sections added to the report.

The rows are shared by every format (HTML, Markdown, the workbook), so a step reads the same everywhere.
"""

from __future__ import annotations

import html
import re

from assistant.assessment.exports.bundle import PlanReport
from assistant.assessment.passages import PassageCitation
from assistant.assessment.peers import DomainPeers
from assistant.assessment.plan import RoadmapStep
from assistant.assessment.plan_texts import dimension_label, say, stage_label


def citation_text(language: str, citation: PassageCitation | None) -> str:
    """'3.3节《…》第16页：“…”' / 'Section 3.3 “…”, p. 16: “…”', or '' for no citation."""
    if citation is None:
        return ""
    return say(language, "cite_full", section=citation.section, title=citation.title, page=citation.page or "—",
               sentence=citation.sentence)


def origin_text(language: str, step: RoadmapStep) -> str:
    """Whose step it is: the report's, edited from the report's, or the official's own."""
    if step.origin == "official":
        return say(language, "origin_official")
    return say(language, "origin_edited" if step.edited else "origin_report")


def case_text(language: str, step: RoadmapStep) -> str:
    """The case that made the same move and what it did, with its section and page."""
    case = step.case
    if case is None:
        return ""
    moved = case_move_label(language, case.stage_from, case.stage_to)
    text = say(language, "case_move", city=case.city, country=case.country,
               domain=case.domain_zh if language == "zh" else case.domain_en, label=moved, did=case.did)
    if case.citation is None:
        return text
    return text + say(language, "cite_short", section=case.citation.section, page=case.citation.page or "—")


def case_move_label(language: str, stage_from: int, stage_to: int) -> str:
    """'阶段一至阶段二' / 'stage 1 to stage 2'."""
    joiner = "至" if language == "zh" else " to "
    return f"{stage_label(language, stage_from)}{joiner}{stage_label(language, stage_to)}"


def tasks_text(language: str, step: RoadmapStep) -> str:
    """'政府（核心参与者）：…; 企业（…）：…' for the step's stakeholder tasks."""
    parts = []
    for task in step.stakeholders:
        name = task.zh if language == "zh" else task.en
        parts.append(f"{name} ({say(language, f'role_{task.role}')}): “{task.quote}”")
    return "\n".join(parts)


def step_text(language: str, step: RoadmapStep) -> str:
    """The step with its dimension's name in front."""
    label = dimension_label(language, step.dimension)
    separator = "：" if language == "zh" else ": "
    return f"{label}{separator}{step.text}" if label else step.text


def roadmap_header(language: str) -> list[str]:
    """Columns of the roadmap table."""
    return [say(language, key) for key in ("col_domain", "col_term", "col_id", "col_step", "col_source", "col_case", "col_who",
                                           "col_origin")]


def roadmap_rows(plan: PlanReport) -> list[list[str]]:
    """One row per step of the roadmap."""
    language = plan.language
    rows = []
    for domain in plan.roadmap.domains:
        name = domain.zh if language == "zh" else domain.en
        for step in domain.steps:
            rows.append([name, say(language, f"term_{step.term}"), step.id, step_text(language, step),
                         citation_text(language, step.citation), case_text(language, step), tasks_text(language, step),
                         origin_text(language, step)])
    return rows


def why_text(language: str, row: DomainPeers) -> str:
    """Why the nearest case is the nearest."""
    if row.nearest is None:
        return say(language, "peers_none")
    case = row.nearest
    stage = stage_label(language, row.current)
    return say(language, f"why_{row.why}", city=case.city, stage=stage, from_stage=stage_label(language, case.stage_from),
               to_stage=stage_label(language, case.stage_to))


def peers_header(language: str) -> list[str]:
    """Columns of the peers table."""
    return [say(language, key) for key in ("col_domain", "col_yours", "col_city", "col_country", "col_project", "col_before",
                                           "col_after", "col_nearest", "col_why")]


def peers_rows(plan: PlanReport) -> list[list[str]]:
    """One row per case city per assessed domain, the nearest marked with its reason."""
    language = plan.language
    rows = []
    for row in plan.peers.domains:
        name = row.zh if language == "zh" else row.en
        for case in row.cases:
            nearest = row.nearest is not None and case.city == row.nearest.city
            rows.append([name, stage_label(language, row.current), case.city, case.country, case.title,
                         stage_label(language, case.stage_from), stage_label(language, case.stage_to),
                         "★" if nearest else "", why_text(language, row) if nearest else ""])
    return rows


def changes_header(language: str) -> list[str]:
    """Columns of the re-assessment table."""
    return [say(language, key) for key in ("col_domain", "col_then", "col_now", "col_review", "col_evidence")]


def changes_rows(plan: PlanReport) -> list[list[str]]:
    """One row per re-assessed domain: the stage then and now, and the evidence."""
    language = plan.language
    if plan.changes is None:
        return []
    rows = []
    for item in plan.changes.domains:
        evidence = item.evidence or ""
        if item.matched:
            evidence += "\n" + say(language, "re_matched", quotes="；".join(item.matched))
        rows.append([item.zh if language == "zh" else item.en, stage_label(language, item.then), stage_label(language, item.now),
                     say(language, f"re_{item.review}"), evidence.strip()])
    return rows


def _html_table(header: list[str], rows: list[list[str]], css: str, short: tuple[int, ...] = ()) -> str:
    """A table; the columns in `short` (stages, names) are never broken across lines."""
    e = html.escape

    def cell(tag: str, index: int, text: str) -> str:
        kept = ' class="short"' if index in short else ""
        return f"<{tag}{kept}>{e(text).replace(chr(10), '<br>')}</{tag}>"

    head = "".join(cell("th", index, text) for index, text in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", index, text) for index, text in enumerate(row)) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def plan_html(plan: PlanReport) -> str:
    """The roadmap, peers and changes as HTML sections (all text escaped)."""
    language, e = plan.language, html.escape
    parts = [f'<h2 id="roadmap">{e(say(language, "plan_title"))}</h2>']
    if plan.roadmap.method is not None:
        parts.append(f"<blockquote>{e(say(language, 'plan_method'))}: {e(citation_text(language, plan.roadmap.method))}</blockquote>")
    if not plan.roadmap.domains:
        parts.append(f"<p>{e(say(language, 'plan_none'))}</p>")
    for domain in plan.roadmap.domains:
        title = say(language, "plan_domain", domain=domain.zh if language == "zh" else domain.en,
                    current=stage_label(language, domain.current), target=stage_label(language, domain.target))
        parts.append(f"<h3>{e(title)}</h3>")
        rows = [row[1:] for row in roadmap_rows(plan) if row[2] in {step.id for step in domain.steps}]
        parts.append(_html_table(roadmap_header(language)[1:], rows, "roadmap", (0, 6)) if rows
                     else f"<p>{e(say(language, 'plan_at_target' if domain.current is not None else 'plan_unknown'))}</p>")
    parts.append(f'<h2 id="peers">{e(say(language, "peers_title"))}</h2>')
    parts.append(_html_table(peers_header(language), peers_rows(plan), "peers", (0, 1, 2, 3, 5, 6, 7)))
    if plan.changes is not None:
        parts.append(f'<h2 id="changes">{e(say(language, "re_title"))}</h2>')
        parts.append(_html_table(changes_header(language), changes_rows(plan), "changes", (0, 1, 2, 3)))
    return "\n".join(parts)


def _md(text: object) -> str:
    value = re.sub(r"\s+", " ", str(text)).strip()
    return re.sub(r"([\\`*_{}\[\]<>#|!~])", r"\\\1", value)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(map(_md, header)) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]


def plan_markdown(plan: PlanReport) -> str:
    """The roadmap, peers and changes as Markdown sections (all text escaped)."""
    language = plan.language
    lines = ["", f"## {_md(say(language, 'plan_title'))}", ""]
    if plan.roadmap.method is not None:
        lines += [f"> {_md(say(language, 'plan_method'))}: {_md(citation_text(language, plan.roadmap.method))}", ""]
    if not plan.roadmap.domains:
        lines.append(_md(say(language, "plan_none")))
    else:
        lines += _md_table(roadmap_header(language), roadmap_rows(plan))
    lines += ["", f"## {_md(say(language, 'peers_title'))}", ""] + _md_table(peers_header(language), peers_rows(plan))
    if plan.changes is not None:
        lines += ["", f"## {_md(say(language, 're_title'))}", ""] + _md_table(changes_header(language), changes_rows(plan))
    return "\n".join(lines) + "\n"
