"""Passages of the parts of the report a question points to: "section 2.3", "chapter 3", "Table 2", 附录,
"the executive summary".

The parts are read from the report's own structure: the sections' numbers (2.3, 3), the named sections' ids and
titles (summary/执行摘要, appendix/附录) and the tables' captions (表2 ...). The words that point to a number are in
corpus/lexicon.yaml (retrieval.numbered_parts, tables.table_number). The retriever ranks these passages as a
third side of its fusion, so a question that names where to look finds the passages there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.answer.question import numeral
from assistant.knowledge.glossary import english_words
from assistant.knowledge.lexicon import Lexicon
from assistant.schemas import Chunk

# A passage of the part named scores 1; a passage of one of its subsections (chapter 3: section 3.4) scores less,
# so that the part's own opening passage comes first.
SUBSECTION_SCORE = 0.5


class ReportParts:
    """Finds the passages of the report parts a question names."""

    def __init__(self, chunks: Iterable[Chunk], lexicon: Lexicon):
        self._chunks = list(chunks)
        self._numbered = lexicon.pattern("retrieval.numbered_parts")
        self._tables = lexicon.pattern("tables.table_number")
        self._named = {chunk.section: _title(chunk.title) for chunk in self._chunks
                       if not re.match(r"[0-9]", chunk.section)}

    def ranking(self, question: str) -> list[tuple[str, float]]:
        """(chunk id, score) of the passages in the parts the question names, best first; none when it names none."""
        scores: dict[str, float] = {}
        for number in self._numbers(question):
            for chunk in self._chunks:
                if chunk.section == number:
                    scores[chunk.id] = 1.0
                elif chunk.section.startswith(f"{number}."):
                    scores.setdefault(chunk.id, SUBSECTION_SCORE)
        for section in self._sections_named(question):
            scores.update({chunk.id: 1.0 for chunk in self._chunks if chunk.section == section})
        for table in self._tables.finditer(question):
            label = f"表{next(group for group in table.groups() if group)}"
            scores.update({chunk.id: 1.0 for chunk in self._chunks
                           if re.match(rf"{label}(?![0-9])", chunk.context or chunk.text)})
        return sorted(scores.items(), key=lambda pair: -pair[1])

    def _numbers(self, question: str) -> list[str]:
        """The section numbers the question points to (第三章: 3)."""
        numbers = []
        for match in self._numbered.finditer(question):
            written = next(group for group in match.groups() if group)
            value = written if re.match(r"[0-9]", written) else str(numeral(written) or "")
            if value:
                numbers.append(value)
        return numbers

    def _sections_named(self, question: str) -> list[str]:
        """The named sections (summary, appendix) whose id or Chinese title the question uses."""
        words = set(english_words(question))
        return [section for section, title in self._named.items()
                if set(english_words(section)) <= words or (title and title in question)]


def _title(title: str) -> str:
    """A section's Chinese title before any subtitle (附录：调研问卷结果: 附录)."""
    return re.split(r"[：:]", title or "")[0].strip()
