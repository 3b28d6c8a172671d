"""Pure functions turning answers, sources and framework data into HTML for the interface.

Everything that comes from the model, the report or the user is escaped with `html.escape`; the only markup
in the output is written here. Each fragment is one line of HTML starting with a block tag, so the chat's
Markdown renderer passes it through untouched (a Markdown HTML block ends only at a blank line).
"""

from __future__ import annotations

import html
import re

from assistant.answer.citations import lexical_support, strip_markers
from assistant.schemas import Answer, Citation
from assistant.text import squash
from assistant.ui.framework_view import DomainDetail, FrameworkBrowser
from assistant.ui.texts import STAGE_NAMES_EN, engine_label, text

_MARKER = re.compile(r"\[(\d{1,2})\]")
# Passage pieces end after a sentence terminator or a line break; joined they give the passage back exactly.
_PIECE_END = re.compile(r"(?<=[。！？；!?\n])|(?<=[.;])(?=\s)")
_TRAILING = "。！？；：，.!?;:, \n"
HIGHLIGHT_THRESHOLD = 0.6


def escape(value: object) -> str:
    """Text from the model, the report or the user as HTML text, line breaks kept."""
    return html.escape(str(value), quote=True).replace("\r", "").replace("\n", "<br>")


def _id(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", value)


def source_id(anchor: str, n: int) -> str:
    """The element id of source n of the answer with this anchor."""
    return f"{_id(anchor)}-src-{n}"


def render_question(question: str) -> str:
    """A user's question as shown in the chat."""
    return f'<div class="smc-question">{escape(question)}</div>'


def render_pending(language: str, partial: str = "", found: int | None = None) -> str:
    """The answer while it is being written: a status line and the text so far (markers come at the end)."""
    status = text(language, "searching") if found is None else text(language, "writing", count=found)
    shown = strip_markers(partial)[0] if partial else ""
    body = f'<div class="smc-answer-text">{escape(shown)}</div>' if shown else ""
    return f'<div class="smc-answer smc-pending"><div class="smc-status">{escape(status)}</div>{body}</div>'


def render_error(language: str, message: str) -> str:
    """A readable error in place of an answer."""
    return f'<div class="smc-answer smc-error"><strong>{escape(text(language, "error"))}</strong>{escape(message)}</div>'


def link_markers(answer_html: str, anchor: str, numbers: set[int]) -> str:
    """Turn the [n] markers of escaped answer text into links to their sources (unknown numbers stay text)."""

    def link(match: re.Match) -> str:
        n = int(match.group(1))
        if n not in numbers:
            return match.group(0)
        target = source_id(anchor, n)
        return f'<a class="smc-cite" href="#{target}" title="[{n}]">[{n}]</a>'

    return _MARKER.sub(link, answer_html)


def render_answer(answer: Answer, language: str, anchor: str) -> str:
    """A final answer: its text with linked markers, or a refusal, then the collapsible sources block."""
    lead = ""
    if answer.standalone_question:
        lead = f'<div class="smc-standalone">{escape(text(language, "standalone"))}{escape(answer.standalone_question)}</div>'
    badge = f'<div class="smc-badge">{escape(text(language, "refused"))}</div>' if answer.refused else ""
    if answer.refused and not answer.citations:
        return f'<div class="smc-answer smc-refusal">{badge}{lead}<div class="smc-answer-text">{escape(answer.answer)}</div></div>'
    # A refusal with citations says the report does not give what was asked and quotes what it does say.
    numbers = {citation.n for citation in answer.citations}
    body = link_markers(escape(answer.answer), anchor, numbers)
    flagged = ""
    if answer.flagged:
        items = "".join(f"<li>{escape(sentence)}</li>" for sentence in answer.flagged)
        flagged = f'<div class="smc-flagged">{escape(text(language, "flagged"))}<ul>{items}</ul></div>'
    sources = render_sources(answer.citations, language, anchor)
    # A model engine's answer carries a notice only when its own text failed the check and was replaced;
    # the extractive engine's notice (the model is not installed) is on the engine line already.
    if answer.notice and answer.engine != "extractive":
        lead += f'<div class="smc-notice">{escape(answer.notice)}</div>'
    refusal = " smc-refusal" if answer.refused else ""
    return f'<div class="smc-answer{refusal}">{badge}{lead}<div class="smc-answer-text">{body}</div>{flagged}{sources}</div>'


def source_heading(citation: Citation, language: str) -> str:
    """'3.3 民生与服务领域转型模式及实践 · 第16页': where a source is in the report (escaped)."""
    parts = []
    if re.fullmatch(r"\d+(\.\d+)*", citation.section):
        parts.append(escape(f"{citation.section} {citation.title}"))
    else:
        parts.append(escape(citation.title))
    if citation.page:
        parts.append(escape(text(language, "source_page", page=citation.page)))
    return " · ".join(parts)


def render_sources(citations: list[Citation], language: str, anchor: str) -> str:
    """The collapsible block listing every citation: where it is, and the passage with its support marked."""
    if not citations:
        return ""
    items = []
    for citation in citations:
        target = source_id(anchor, citation.n)
        reader = f' <a class="smc-open" href="#{target}">{escape(text(language, "open_in_reader"))}</a>'
        head = (f'<div class="smc-source-head"><span class="smc-source-n">[{citation.n}]</span> '
                f'{source_heading(citation, language)}{reader}</div>')
        quote = f'<blockquote class="smc-passage">{highlight_passage(citation.text, citation.supporting)}</blockquote>'
        items.append(f'<li class="smc-source" id="{target}">{head}{quote}</li>')
    summary = escape(text(language, "sources", count=len(citations)))
    return (
        f'<details class="smc-sources" id="{_id(anchor)}-sources"><summary>{summary}</summary>'
        f'<ol class="smc-source-list">{"".join(items)}</ol></details>'
    )


def _core(sentence: str) -> str:
    return squash(strip_markers(sentence)[0]).strip(_TRAILING)


def _supports(piece: str, supporting: list[str]) -> bool:
    core = _core(piece)
    if len(core) < 4:
        return False
    for sentence in supporting:
        other = _core(sentence)
        if not other:
            continue
        if other in core or (len(core) >= 8 and core in other):
            return True
        if min(lexical_support(sentence, piece), lexical_support(piece, sentence)) >= HIGHLIGHT_THRESHOLD:
            return True
    return False


def highlight_passage(passage: str, supporting: list[str]) -> str:
    """The passage escaped, with the sentences that support the answer wrapped in <mark>."""
    pieces = [piece for piece in _PIECE_END.split(passage) if piece]
    marked = [_supports(piece, supporting) if supporting else False for piece in pieces]
    if supporting and not any(marked) and pieces:
        # A paraphrase matches no sentence exactly: mark the one sharing most of its wording, if any does.
        scores = [max(lexical_support(sentence, piece) for sentence in supporting) for piece in pieces]
        best = max(range(len(pieces)), key=scores.__getitem__)
        marked[best] = scores[best] >= 0.3
    out = []
    for piece, is_marked in zip(pieces, marked):
        body = escape(piece.rstrip("\n"))
        tail = "<br>" * (len(piece) - len(piece.rstrip("\n")))
        out.append(f"<mark>{body}</mark>{tail}" if is_marked and body else escape(piece))
    return "".join(out)


def render_engine(language: str, engine: str, detail: str | None, notice: str | None) -> str:
    """The line saying which engine answers, and the fallback notice when there is one."""
    label = escape(engine_label(language, engine))
    if detail:
        label += f' <span class="smc-engine-detail">{escape(detail)}</span>'
    colon = "：" if language == "zh" else ": "
    line = f'<div class="smc-engine"><span class="smc-engine-label">{escape(text(language, "engine") + colon)}</span>{label}</div>'
    if notice:
        line += f'<div class="smc-notice">{escape(notice)}</div>'
    return f'<div class="smc-engine-box">{line}</div>'


def stage_heading(browser: FrameworkBrowser, stage: int, language: str) -> str:
    """'阶段一：技术驱动、局部发展' / 'Stage 1: technology-driven, local development' (escaped)."""
    label = text(language, f"stage_{stage}")
    name = browser.stage_names.get(stage, "") if language == "zh" else STAGE_NAMES_EN.get(stage, "")
    separator = "：" if language == "zh" else ": "
    return escape(f"{label}{separator}{name}" if name else label)


def render_matrix(browser: FrameworkBrowser, language: str) -> str:
    """The 7x3 matrix as a table: a row per domain, a column per stage, the stage summaries in the cells."""
    head = "".join(f"<th>{stage_heading(browser, stage, language)}</th>" for stage in (1, 2, 3))
    rows = []
    for row in browser.rows:
        name = escape(row.zh if language == "zh" else row.en)
        other = escape(row.en if language == "zh" else row.zh)
        where = escape(text(language, "source_section", section=row.section))
        if row.page:
            where += " · " + escape(text(language, "source_page", page=row.page))
        cells = "".join(f"<td>{escape(summary)}</td>" for summary in row.summaries)
        rows.append(
            f'<tr><th scope="row" class="smc-domain-cell"><div class="smc-domain-name">{name}</div>'
            f'<div class="smc-domain-other">{other}</div><div class="smc-where">{where}</div></th>{cells}</tr>'
        )
    table = (
        f'<table class="smc-matrix"><thead><tr><th>{escape(text(language, "domain_column"))}</th>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )
    return (
        f'<div class="smc-framework"><h3>{escape(text(language, "matrix_title"))}</h3>'
        f'<p class="smc-intro">{escape(text(language, "matrix_intro"))}</p><div class="smc-table-wrap">{table}</div></div>'
    )


def _where(language: str, section: str, page: int | None) -> str:
    where = text(language, "source_section", section=section)
    if page:
        where += " · " + text(language, "source_page", page=page)
    return f'<span class="smc-where">{escape(where)}</span>'


def render_domain(detail: DomainDetail, browser: FrameworkBrowser, language: str) -> str:
    """One domain: its scope, each stage's summary and characteristics, and its case studies."""
    title = escape(f"{detail.zh} · {detail.en}")
    colon = "：" if language == "zh" else ": "
    parts = [
        f'<div class="smc-domain"><h3>{title} {_where(language, detail.section, detail.page)}</h3>',
        f'<p><strong>{escape(text(language, "scope") + colon)}</strong>{escape(detail.scope)}</p>',
        '<div class="smc-stages">',
    ]
    for stage in detail.stages:
        items = "".join(
            f'<li><span class="smc-dimension">{escape(text(language, f"dimension_{item.dimension}") + colon)}</span>'
            f"{escape(item.text)}</li>"
            for item in stage.characteristics
        )
        parts.append(
            f'<div class="smc-stage smc-stage-{stage.stage}"><h4>{stage_heading(browser, stage.stage, language)}</h4>'
            f'<p class="smc-summary">{escape(stage.summary)}</p><ul class="smc-characteristics">{items}</ul></div>'
        )
    parts.append(f'</div><h4>{escape(text(language, "cases"))}</h4>')
    if not detail.cases:
        parts.append(f'<p>{escape(text(language, "no_cases"))}</p>')
    for case in detail.cases:
        note = f'<p class="smc-case-note">{escape(case.note)}</p>' if case.note else ""
        parts.append(
            f'<div class="smc-case"><div class="smc-case-title">{escape(f"{case.city}（{case.country}）：{case.title}")} '
            f'{_where(language, case.section, case.page)}</div>'
            f'<div class="smc-case-stage">{escape(text(language, "case_stage") + colon + case.stage_label)}</div>'
            f'<dl><dt>{escape(text(language, "case_before"))}</dt><dd>{escape(case.before)}</dd>'
            f'<dt>{escape(text(language, "case_after"))}</dt><dd>{escape(case.after)}</dd></dl>{note}</div>'
        )
    parts.append("</div>")
    return "".join(parts)
