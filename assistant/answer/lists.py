"""Lists the report announces: a question asking for a number of things ("哪四个动力", "the four drivers") is
answered by the sentence announcing that many (本报告认为有以下4点：) and the items that follow it, read in the
report's order even where they run on into the next passages of the section.

The report announces a list with a sentence ending in a colon that states how many items follow, and marks
each item at the start of its paragraph: a bullet, "(1)", "1.", "一是". The count words a question uses are in
corpus/lexicon.yaml (`answer.list_counters_zh`).
"""

from __future__ import annotations

import re

from assistant.answer.question import QuestionAnalysis, numeral
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.schemas import Chunk
from assistant.search.sentences import Extract
from assistant.text import split_sentences

# How far down the ranking the passages may be where a list is looked for: further down, it answers something else.
LEAD_RANK = 8
MAX_ITEMS = 12
_ITEM = re.compile(r"^\s*(?:[-•·]\s+\S|[-•·]?\s*(?:[（(]\s*\d{1,2}\s*[)）]|\d{1,2}\s*[.、．](?!\d)|[一二三四五六七八九十]+\s*[是、]))")
_NUMBER_WORDS = r"\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_NUMBER_IN_TEXT = re.compile(r"(?<![0-9])[0-9]{1,2}(?![0-9])|[一二两三四五六七八九十]{1,2}")
_ENGLISH_COUNT = re.compile(rf"\b(?:what|which|the|these|those|its|their|list|name)\s+({_NUMBER_WORDS})\s+(?!percent|per\b|million|billion|years?\b)[a-z]", re.I)


class ListReader:
    """Answers a question asking for a number of things from the list the report announces with that number."""

    def __init__(self, chunks: dict[str, Chunk], lexicon: Lexicon | None = None):
        lexicon = lexicon or load_lexicon()
        counters = "|".join(map(re.escape, sorted(lexicon.words("answer.list_counters_zh"), key=len, reverse=True)))
        self._chinese_count = re.compile(rf"(?<![0-9第前])([0-9]{{1,2}}|[一二两三四五六七八九十]{{1,2}})\s*(?:{counters})")
        self._in_order = sorted(chunks.values(), key=lambda chunk: chunk.order)
        self._position = {chunk.id: number for number, chunk in enumerate(self._in_order)}

    def count_asked(self, analysis: QuestionAnalysis) -> int | None:
        """How many things the question asks for (哪四个动力: 4, "the seven domains": 7), or None; a ranking
        (前三, "top three") is the tables' to answer."""
        if analysis.asked.order or analysis.asked.top_n:
            return None
        text = analysis.standalone
        found = self._chinese_count.search(text) if analysis.language == "zh" else _ENGLISH_COUNT.search(text)
        count = numeral(found.group(1)) if found else None
        return count if count and 2 <= count <= MAX_ITEMS else None

    def read(self, count: int, ranked: list[Extract], passages: list[Chunk]) -> tuple[list[Extract], list[Chunk]] | None:
        """(the announcing sentence and its `count` items, the passages they are drawn from: `passages` and the
        passages of the section after them that hold the rest of the list), or None when no passage of the
        best-ranked sentences announces that many items, or fewer items follow it."""
        # the list is announced in a passage where the best-ranked sentences are, if not by one of them
        announcing = [extract for extract in ranked if _announces(extract.sentence, count)]
        lead = next((candidate for extract in ranked[:LEAD_RANK] for candidate in announcing
                     if candidate.passage == extract.passage), None)
        if lead is None:
            return None
        start = passages[lead.passage]
        following = [chunk for chunk in self._in_order[self._position.get(start.id, len(self._in_order)):]
                     if chunk.section == start.section]
        items: list[tuple[Chunk, int, str]] = []
        for number, chunk in enumerate(following or [start]):
            sentences = split_sentences(chunk.text)
            for position, sentence in enumerate(sentences):
                if number == 0 and position <= lead.position:
                    continue
                if _ITEM.match(sentence):
                    items.append((chunk, position, sentence))
                if len(items) == count:
                    break
            if len(items) == count:
                break
        if len(items) < count:
            return None
        passages = list(passages)
        for chunk, _, _ in items:
            if chunk not in passages:
                passages.append(chunk)
        extracts = [lead] + [Extract(sentence=sentence, passage=passages.index(chunk), position=position, score=lead.score)
                             for chunk, position, sentence in items]
        return extracts, passages


def _announces(sentence: str, count: int) -> bool:
    """Whether a sentence announces a list of `count` items: it ends in a colon and states the number."""
    if not sentence.rstrip().endswith(("：", ":")):
        return False
    return any(numeral(number) == count for number in _NUMBER_IN_TEXT.findall(sentence))
