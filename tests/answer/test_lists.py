"""A question asking for a number of things is answered by the list the report announces with that number and
its items, read on into the next passages where the list runs on."""

from __future__ import annotations

import pytest

from assistant.answer.lists import ListReader
from assistant.answer.question import Asked, QuestionAnalysis
from assistant.schemas import Chunk
from assistant.search.sentences import Extract


def analysis(question: str, language: str = "zh", **asked) -> QuestionAnalysis:
    return QuestionAnalysis(text=question, language=language, standalone=question, asked=Asked(**asked))


@pytest.fixture(scope="module")
def reader(index) -> ListReader:
    return ListReader(index.chunks)


@pytest.mark.parametrize(("question", "language", "count"), [
    ("推动中小城市转型的有哪四个动力？", "zh", 4),
    ("报告说的五大挑战分别是什么？", "zh", 5),
    ("这一节提出了哪3点建议？", "zh", 3),
    ("What are the four forces behind it?", "en", 4),
    ("Which three stages does the model describe?", "en", 3),
    ("List the seven domains.", "en", 7),
])
def test_how_many_things_a_question_asks_for(reader, question, language, count):
    assert reader.count_asked(analysis(question, language)) == count


@pytest.mark.parametrize(("question", "language", "asked"), [
    ("有哪些动力？", "zh", {}),
    ("排名前三的挑战是什么？", "zh", {"order": "high", "top_n": 3}),   # a ranking is the table's
    ("2021年有多少游客？", "zh", {}),
    ("What drove the change in 2021?", "en", {}),
    ("What share rose by 20 percent?", "en", {}),
])
def test_questions_not_asking_for_a_number_of_things(reader, question, language, asked):
    assert reader.count_asked(analysis(question, language, **asked)) is None


def chunk(number: int, text: str, section: str = "9.9") -> Chunk:
    return Chunk(id=f"c{number}", text=text, section=section, title="t", page=1, order=number)


def test_the_items_are_read_on_into_the_next_passages_of_the_section():
    first = chunk(1, "城市的转型有其原因。本节认为有以下3点：\n- (1) 政策的引导。政策很多。")
    second = chunk(2, "- (2) 治理的需要。疫情带来考验。\n- (3) 产业的需求。")
    other = chunk(3, "- (4) 别的小节的条目。", section="9.8")
    reader = ListReader({c.id: c for c in (first, second, other)})
    lead = Extract(sentence="本节认为有以下3点：", passage=0, position=1, score=1.0)
    extracts, passages = reader.read(3, [lead], [first])
    assert [extract.sentence.strip()[:7] for extract in extracts] == ["本节认为有以下", "- (1) 政", "- (2) 治", "- (3) 产"]
    assert passages == [first, second]
    assert [passages[extract.passage].id for extract in extracts] == ["c1", "c1", "c2", "c2"]


def test_a_list_of_another_size_or_too_few_items_is_not_the_answer():
    first = chunk(1, "本节认为有以下3点：\n- (1) 政策的引导。\n- (2) 治理的需要。")
    reader = ListReader({first.id: first})
    lead = Extract(sentence="本节认为有以下3点：", passage=0, position=0, score=1.0)
    assert reader.read(4, [lead], [first]) is None   # announces 3, not 4
    assert reader.read(3, [lead], [first]) is None   # only 2 items follow


@pytest.mark.parametrize("question", [
    "中小城市为什么要转型？报告说的四个动力是哪些？",
    "Which four drivers does the report give for small cities going digital?",
    "小城市开始转型，报告归纳出哪4点原生动力？",
])
def test_the_report_s_four_drivers_are_answered_with_all_four(extractive, question):
    answer = extractive.ask(question)
    for item in ("国家政策支持与引导", "城市治理升级的现实需要", "特色产业转型升级的迫切需求", "吸引人才回流"):
        assert item in answer.answer, item
