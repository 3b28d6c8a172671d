"""The parts of the report a question names (section 2.3, chapter 3, Table 2, the appendix) and their passages."""

from __future__ import annotations

import pytest

from assistant.answer.parts import SUBSECTION_SCORE, ReportParts
from assistant.knowledge.lexicon import load_lexicon
from assistant.schemas import Chunk


def _chunk(chunk_id: str, section: str, title: str = "", context: str = "", text: str = "正文") -> Chunk:
    return Chunk(id=chunk_id, section=section, title=title, context=context, text=text, kind="text", order=0, page=1)


CHUNKS = [
    _chunk("summary", "summary", "执行摘要"),
    _chunk("two", "2", "总体思路"),
    _chunk("two-three", "2.3", "适宜与合作为关键"),
    _chunk("table-two", "2.4", "考虑与大城市差异", context="表2 中小城市与大城市数字化转型的不同"),
    _chunk("three", "3", "模式及实践"),
    _chunk("three-one", "3.1", "需求"),
    _chunk("appendix", "appendix", "附录：调研问卷结果"),
]


@pytest.fixture(scope="module")
def parts() -> ReportParts:
    return ReportParts(CHUNKS, load_lexicon())


@pytest.mark.parametrize(("question", "first"), [
    ("What are the key points in section 2.3?", "two-three"),
    ("2.3节提出了哪些关键点？", "two-three"),
    ("Summarise Section 2.3 of the report.", "two-three"),
    ("Which countries do the cases of chapter 3 come from?", "three"),
    ("第三章的案例来自哪些国家？", "three"),
    ("What does Chapter 3 cover?", "three"),
    ("According to Table 2, where do small cities start?", "table-two"),
    ("表2里中小城市从几个领域切入？", "table-two"),
    ("Which survey charts are in the appendix?", "appendix"),
    ("附录里有哪些图？", "appendix"),
    ("What does the executive summary say about talent?", "summary"),
    ("执行摘要提到了哪些挑战？", "summary"),
])
def test_a_named_part_ranks_its_own_passages_first(parts, question, first):
    ranking = parts.ranking(question)
    assert ranking[0] == (first, 1.0)


def test_a_chapter_ranks_its_sections_below_its_own_passages(parts):
    assert parts.ranking("What is chapter 3 about?") == [("three", 1.0), ("three-one", SUBSECTION_SCORE)]


@pytest.mark.parametrize("question", [
    "How did Pinghu use its sensing platform?",
    "平湖的感智汇解决了什么问题？",
    "Which of the three stages comes first?",  # a stage number is not a section
])
def test_a_question_naming_no_part_ranks_nothing(parts, question):
    assert parts.ranking(question) == []
