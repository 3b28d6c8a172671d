"""A Q&A conversation as Markdown and as a standalone HTML page, with every citation and its quoted passage."""

from __future__ import annotations

from datetime import datetime

from assistant.schemas import Answer
from assistant.ui.render import escape, highlight_passage, source_heading
from assistant.ui.texts import text


def _quote(passage: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in passage.splitlines())


def to_markdown(answers: list[Answer], language: str, when: datetime) -> str:
    """The conversation in Markdown: each question, the answer with its [n] markers, then each cited passage."""
    lines = [f"# {text(language, 'title')} · {text(language, 'transcript_title')}", "", when.strftime("%Y-%m-%d %H:%M"), ""]
    for number, answer in enumerate(answers, start=1):
        lines += [f"## {number}. {text(language, 'transcript_question')}：{answer.question}"
                  if language == "zh" else f"## {number}. {text(language, 'transcript_question')}: {answer.question}", ""]
        if answer.standalone_question:
            lines += [f"*{text(language, 'transcript_searched')}: {answer.standalone_question}*", ""]
        if answer.refused:
            lines += [f"**{text(language, 'refused')}**", ""]
        lines += [f"**{text(language, 'transcript_answer')}**: {answer.answer}", ""]
        if answer.citations:
            lines += [f"**{text(language, 'transcript_sources')}**", ""]
            for citation in answer.citations:
                where = f"{citation.section} {citation.title}" if citation.section[:1].isdigit() else citation.title
                if citation.page:
                    where += " · " + text(language, "source_page", page=citation.page)
                lines += [f"[{citation.n}] {where}", "", _quote(citation.text), ""]
    return "\n".join(lines).rstrip() + "\n"


STYLE = """body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", system-ui, sans-serif; max-width: 52rem; margin: 2rem auto;
  line-height: 1.8; color: #1e293b; padding: 0 1rem; }
h2 { font-size: 1.1rem; margin-top: 2rem; } .searched { color: #64748b; font-size: 0.9em; }
.refused { color: #92400e; font-weight: 700; } blockquote { border-left: 3px solid #94a3b8; margin: 0 0 1rem; padding-left: 10px; }
mark { background: #fde68a; } .source { font-weight: 600; }"""


def to_html(answers: list[Answer], language: str, when: datetime) -> str:
    """The conversation as a printable HTML page; every text from the report, the model or the user is escaped."""
    title = escape(f"{text(language, 'title')} · {text(language, 'transcript_title')}")
    parts = [f'<!DOCTYPE html><html lang="{"zh-CN" if language == "zh" else "en"}"><head><meta charset="utf-8">'
             f"<title>{title}</title><style>{STYLE}</style></head><body><h1>{title}</h1>"
             f"<p>{escape(when.strftime('%Y-%m-%d %H:%M'))}</p>"]
    for number, answer in enumerate(answers, start=1):
        parts.append(f'<section class="exchange"><h2>{number}. {escape(answer.question)}</h2>')
        if answer.standalone_question:
            parts.append(f'<p class="searched">{escape(text(language, "standalone") + answer.standalone_question)}</p>')
        if answer.refused:
            parts.append(f'<p class="refused">{escape(text(language, "refused"))}</p>')
        parts.append(f'<p class="answer">{escape(answer.answer)}</p>')
        if answer.citations:
            parts.append(f"<h3>{escape(text(language, 'transcript_sources'))}</h3><ol class=\"sources\">")
            for citation in answer.citations:
                parts.append(f'<li value="{citation.n}"><div class="source">[{citation.n}] {source_heading(citation, language)}</div>'
                             f"<blockquote>{highlight_passage(citation.text, citation.supporting)}</blockquote></li>")
            parts.append("</ol>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "".join(parts)
