"""The evidence reader: the report's text of a cited page with the supporting sentence marked, and the whole
report by section.

Pages come from the table of contents (the report's only page numbers), so a page here is the section that
starts on it, shown whole: its own text, its overview, case studies and tables in reading order. The cited
passage is shaded and its supporting sentences wrapped in <mark>; the first mark carries the id the
interface scrolls to. Every piece of the report is escaped: the officials see the text, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.knowledge.corpus import Block, Document
from assistant.schemas import Citation
from assistant.text import split_sentences, squash
from assistant.ui.render import escape, highlight_passage
from assistant.ui.texts import text

TARGET_ID = "smc-reader-target"


@dataclass(frozen=True)
class ReaderSection:
    """A section of the report as the reader shows it."""

    section: str
    title: str
    page: int | None
    blocks: tuple[Block, ...]


def _overlaps(paragraph: str, passage: str) -> bool:
    """Whether a paragraph of the report is (part of) the cited passage, or holds it."""
    mine, cited = squash(paragraph), squash(passage)
    if not mine or not cited:
        return False
    return mine in cited or cited in mine or (len(mine) > 30 and mine[:30] in cited) or (len(cited) > 30 and cited[:30] in mine)


def _row(cells: list[str], cited: bool) -> str:
    """A table row; a cited row is shaded and its cells marked."""
    if cited:
        return '<tr class="smc-cited">' + "".join(f"<td><mark>{escape(cell)}</mark></td>" for cell in cells) + "</tr>"
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


class ReportReader:
    """The report's sections in reading order, rendered as pages with the evidence marked."""

    def __init__(self, document: Document):
        pages = document.sections()
        grouped: dict[str, list[Block]] = {}
        for block in document.blocks:
            grouped.setdefault(block.section, []).append(block)
        self.sections: dict[str, ReaderSection] = {}
        for section, blocks in grouped.items():
            entry = pages.get(section)
            self.sections[section] = ReaderSection(section, entry.title if entry else blocks[0].title,
                                                   entry.page if entry else blocks[0].page, tuple(blocks))

    def label(self, section: str, language: str) -> str:
        """'3.3 民生与服务领域转型模式及实践 · 第16页' (plain text)."""
        item = self.sections[section]
        name = f"{item.section} {item.title}" if item.section[:1].isdigit() else item.title
        return name + (" · " + text(language, "source_page", page=item.page) if item.page else "")

    def choices(self, language: str) -> list[tuple[str, str]]:
        """(label, section) for the section picker, in reading order."""
        return [(self.label(section, language), section) for section in self.sections]

    def first_section(self) -> str:
        return next(iter(self.sections))

    def page_html(self, section: str | None, language: str, citation: Citation | None = None) -> str:
        """A section as a page; with a citation, its passage shaded and its supporting sentences marked."""
        if not section or section not in self.sections:
            return f'<div class="smc-reader-empty">{escape(text(language, "reader_empty"))}</div>'
        item = self.sections[section]
        supporting = []
        if citation is not None:
            supporting = citation.supporting or split_sentences(citation.text)[:1]
        parts = [f'<div class="smc-page" data-section="{escape(section)}"><h3 class="smc-page-title">'
                 f'{escape(self.label(section, language))}</h3>']
        if citation is not None:
            parts.append(f'<div class="smc-reader-cited">{escape(text(language, "reader_cited", n=citation.n))}</div>')
        for block in item.blocks:
            if block.kind != "section":
                parts.append(f'<h4 class="smc-page-sub">{escape(block.heading_path[-1])}</h4>')
            for paragraph in block.paragraphs:
                cited = citation is not None and _overlaps(paragraph, citation.text)
                if cited:
                    parts.append(f'<p class="smc-para smc-cited">{highlight_passage(paragraph, supporting)}</p>')
                else:
                    parts.append(f'<p class="smc-para">{escape(paragraph)}</p>')
            for table in block.tables:
                rows = "".join(_row(row.cells, citation is not None and _overlaps(row.text, citation.text))
                               for row in table.rows)
                head = "".join(f"<th>{escape(cell)}</th>" for cell in table.header)
                parts.append(f'<table class="smc-page-table"><caption>{escape(table.caption)}</caption>'
                             f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        parts.append("</div>")
        page = "".join(parts)
        return page.replace("<mark>", f'<mark id="{TARGET_ID}">', 1)
