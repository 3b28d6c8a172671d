"""English leads of quoted Chinese sentences: names from the glossary, dates and figures with English units."""

from __future__ import annotations

import pytest

from assistant.answer.english import EnglishLeads
from assistant.knowledge.glossary import load_glossary
from assistant.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def leads() -> EnglishLeads:
    return EnglishLeads(load_glossary(PROJECT_ROOT / "corpus" / "glossary.yaml"))


@pytest.mark.parametrize(("sentence", "expected"), [
    # amounts in 万 and 亿, with units and hedges
    ("某平台每年节省3亿日元。", "300 million yen"),
    ("试点运行了12天，服务近8万人次。", "12 days, nearly 80,000 person-times"),
    ("共有1200余家企业接入。", "over 1200 companies"),
    ("培训覆盖约2.5万人。", "about 25,000 people"),
    ("能耗下降了26%。", "26%"),
    ("产值达到30亿元。", "reaching 3 billion yuan"),
])
def test_figures_are_written_the_english_way_with_their_units(leads, sentence, expected):
    assert expected in leads.lead(sentence)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("2021年6月，平湖市上线了新的平台。", "Pinghu (平湖): June 2021"),
    ("2019年，福岡市启动了该项目。", "Fukuoka (福冈): 2019"),
    ("宝应县的产业与经济提升至阶段二。", "Baoying (宝应), Industry and economy (产业与经济), Stage 2 (阶段二)"),
])
def test_names_come_first_in_english_with_the_chinese_once(leads, sentence, expected):
    assert leads.lead(sentence).startswith(expected)


def test_a_longer_name_wins_over_its_parts(leads):
    names = [term.zh for term in leads.names_in("会津若松市的数据平台")]
    assert names[0] == "会津若松"
    assert "会津" not in names


def test_each_quoted_sentence_keeps_its_markers_after_its_lead(leads):
    text = leads.answer("2020年，平湖市建成平台[1]。福岡市每年节省4亿日元[2,3]。")
    blocks = text.split("\n\n")
    assert len(blocks) == 2
    assert blocks[0] == "Pinghu (平湖): 2020 [1].\n2020年，平湖市建成平台[1]。"
    assert blocks[1].startswith("Fukuoka (福冈): 400 million yen [2,3].\n福岡市每年节省4亿日元[2,3]。")


def test_a_sentence_with_nothing_to_carry_over_is_quoted_alone(leads):
    assert leads.answer("这是一句话[1]。") == "这是一句话[1]。"
