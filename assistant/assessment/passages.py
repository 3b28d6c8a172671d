"""Where a quote of the framework stands in the report: the section, its title and page, and the whole sentence.

A plan cites the report's own sentence, not a fragment: the quote of a framework item is looked up in the parsed
report (whitespace ignored), and the sentences of its paragraph that hold the quote are cited verbatim.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.knowledge.corpus import Document
from assistant.text import split_sentences, squash


class PassageCitation(BaseModel):
    """A checkable citation: section, title, page and the report's sentence that holds the quoted words."""

    section: str
    title: str
    page: int | None = None
    sentence: str = Field(description="The report's words holding the quote, verbatim: the shortest run of clauses of "
                                      "its sentence that holds it.")
    quote: str = Field(description="The framework's quote the sentence was found by.")


class PassageFinder:
    """Finds quotes in the report's paragraphs; one finder per parsed document."""

    def __init__(self, document: Document):
        self.document = document
        self._paragraphs = [(block, paragraph, squash(paragraph)) for block in document.blocks for paragraph in block.paragraphs]
        self._cache: dict[tuple[str, str | None], PassageCitation | None] = {}

    def locate(self, quote: str, section: str | None = None) -> PassageCitation | None:
        """The citation of `quote`, preferring paragraphs of `section`; None when the report does not hold it."""
        key = (quote, section)
        if key not in self._cache:
            self._cache[key] = self._find(quote, section)
        return self._cache[key]

    def _find(self, quote: str, section: str | None) -> PassageCitation | None:
        wanted = squash(quote.strip("“”\"'"))
        if not wanted:
            return None
        found = [(block, paragraph) for block, paragraph, flat in self._paragraphs if wanted in flat]
        if not found:
            return None
        own = [item for item in found if section is not None and item[0].section == section]
        block, paragraph = (own or found)[0]
        return PassageCitation(section=block.section, title=block.title, page=block.page,
                               sentence=sentence_holding(paragraph, wanted), quote=quote)


_CLAUSE_END = re.compile(r"(?<=[，,；;。！？!?：:])")


def _shortest_run(parts: list[str], wanted: str) -> str | None:
    for length in range(1, len(parts) + 1):
        for start in range(len(parts) - length + 1):
            run = "".join(parts[start:start + length])
            if wanted in squash(run):
                return run
    return None


def sentence_holding(paragraph: str, wanted: str) -> str:
    """The report's words holding `wanted`: its sentence, cut to the shortest run of clauses that holds it."""
    sentence = _shortest_run(split_sentences(paragraph), wanted) or paragraph.strip()
    clauses = [part for part in _CLAUSE_END.split(sentence) if part]
    return (_shortest_run(clauses, wanted) or sentence).strip().rstrip("，,；;：:")
