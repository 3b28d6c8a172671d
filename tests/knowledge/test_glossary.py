"""The zh/en glossary: its Chinese spellings are the report's, its English phrasings find them."""

from __future__ import annotations

import pytest

from assistant.knowledge.glossary import english_words, load_glossary
from assistant.text import squash


def test_every_chinese_spelling_occurs_in_the_report(settings):
    glossary = load_glossary(settings.paths.glossary_file)
    report = squash(settings.paths.corpus_file.read_text(encoding="utf-8"))
    absent = [word for term in glossary.terms for word in [term.zh, *term.variants] if squash(word) not in report]
    assert glossary.terms and absent == []


def test_english_names_of_the_framework_expand_to_the_reports_words(settings):
    glossary = load_glossary(settings.paths.glossary_file)
    assert "7个领域" in glossary.expand("What are the seven domains of the framework?")
    assert "3个阶段" in glossary.expand("Name the three maturity stages.")
    assert "案例" in glossary.expand("Which case studies involve Hitachi?")


@pytest.mark.parametrize(("question", "chinese"), [
    ("What did the Fourteenth Five Year Plan say?", "十四五"),
    ("Under the 14th five-year-plan, what changes?", "十四五"),
    ("What do the 14th Five-Year Plans require?", "十四五"),
    ("Which Environmental measures matter?", "环境与低碳"),
    ("How are the environments of Kashiwa managed?", "环境与低碳"),
    ("What role do Digital Twins play?", "数字孪生"),
    ("How is a digital-twin built?", "数字孪生"),
    ("Which smart communities were built?", "智慧社区"),
])
def test_english_names_match_whatever_their_hyphens_capitals_or_endings(settings, question, chinese):
    assert chinese in load_glossary(settings.paths.glossary_file).expand(question)


@pytest.mark.parametrize(("words", "known"), [
    ("Five Year Plan", True),  # two running words of "14th five-year plan"
    ("FIVE-YEAR", True),
    ("Environmental", True),
    ("Hangzhou", False),  # one word of "Hangzhou Bay" is not the bay
    ("Nairobi", False),
    ("", False),
])
def test_knows_english_names_and_their_running_words(settings, words, known):
    assert load_glossary(settings.paths.glossary_file).knows_english(words) is known


@pytest.mark.parametrize(("text", "words"), [
    ("Cities' policies", ["city", "policy"]),
    ("Kaifeng's e-Commerce", ["kaifeng", "e", "commerce"]),
    ("'Environmental' services", ["environment", "service"]),
    ("bus gas data", ["bus", "gas", "data"]),  # short words keep their ending
    ("Commonality plus specificity & scale+reach", ["commonality", "and", "specificity", "and", "scale", "and", "reach"]),
])
def test_english_words_are_lower_cased_split_at_hyphens_and_stemmed(text, words):
    assert english_words(text) == words


@pytest.mark.parametrize(("question", "chinese"), [
    ("Why pair the common with the specific, i.e. commonality plus specificity?", "共性+特性"),
    ("What does 'commonality + specificity' mean for a county?", "共性+特性"),
    ("Is a common & specific approach advised?", "共性+特性"),
])
def test_joining_words_are_one_whether_and_plus_or_a_sign(settings, question, chinese):
    assert chinese in load_glossary(settings.paths.glossary_file).expand(question)


@pytest.mark.parametrize(("question", "chinese"), [
    # the challenges table
    ("How highly did respondents rate the need for a policy toolkit?", "政策工具箱"),
    ("Where does creating jobs rank among the challenges?", "就业"),
    ("Is a mechanism for international collaboration seen as a big hurdle?", "国际间互动与合作机制"),
    ("How did officials score the carbon footprint of digitalisation itself?", "数字化自身的低碳"),
    ("What score did KPIs and the organisational structure of government get?", "组织架构"),
    # small versus big cities
    ("How do the enabling factors differ between small and large cities?", "保障要素"),
    ("In what way is governance complexity different for smaller cities?", "治理复杂度"),
    ("Should a small city build its own data centers?", "数据中心"),
    # the role the report gives a city
    ("What functional roles does the report assign to these cities?", "功能定位"),
])
def test_english_names_of_table_rows_and_the_reports_framing_reach_its_words(settings, question, chinese):
    assert chinese in load_glossary(settings.paths.glossary_file).expand(question)
