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


@pytest.mark.parametrize(("sentence", "expected"), [
    ("该市的投资额为1038.4亿元人民币。", "103.84 billion yuan"),
    ("全年客流达到1234.5万人次。", "12.345 million"),
    ("项目总额为2.75亿元。", "275 million yuan"),
])
def test_an_amount_keeps_every_digit_the_report_gives(leads, sentence, expected):
    assert expected in leads.lead(sentence)


@pytest.mark.parametrize("sentence", [
    "占整体投资额比例的58.5%⁷。",
    "2020年全国的投资占比为58.5%⁷，仍在上升。",
    "比例达到58.5%⁷⁸。",
])
def test_a_footnote_number_is_not_a_figure(leads, sentence):
    lead = leads.lead(sentence)
    assert "58.5%" in lead
    assert not any(figure in lead.split(", ") for figure in ("7", "78"))


@pytest.mark.parametrize("sentence", [
    "“十四五”规划纲要提出加快数字化发展。",
    "《“十四五”数字经济发展规划》印发。",
    "各地在十四五期间推进数字政府建设。",
])
def test_a_name_states_no_number_its_sentence_does_not_show(leads, sentence):
    lead = leads.lead(sentence)
    assert "14" not in lead
    assert "Fourteenth five-year plan (十四五)" in lead
