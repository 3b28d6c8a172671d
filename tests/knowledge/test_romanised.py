"""The report's Chinese names by their pinyin: a romanised name is the report's name only if the report names it."""

from __future__ import annotations

import pytest

from assistant.knowledge.glossary import Glossary, Term
from assistant.knowledge.romanised import RomanisedNames

REPORT = "彭水县推出了“讯宿办”小程序，研究背景见附录。平湖的感智汇平台覆盖杭州湾。"
GLOSSARY = Glossary(terms=[Term(zh="感智汇", group="terms", en=["sensing platform"])], digest="test")


@pytest.fixture(scope="module")
def names() -> RomanisedNames:
    return RomanisedNames(REPORT, GLOSSARY)


@pytest.mark.parametrize(("romanised", "chinese"), [
    ("Xunsuban", "讯宿办"),  # a quoted name
    ("Xun Su Ban", "讯宿办"),
    ("xun-su-ban", "讯宿办"),
    ("Ganzhihui", "感智汇"),  # a glossary name
    ("GAN ZHI HUI", "感智汇"),
])
def test_a_romanised_name_finds_the_name_written_in_characters(names, romanised, chinese):
    assert names.chinese(romanised) == chinese


@pytest.mark.parametrize("romanised", [
    "Beijing",  # reads as 背景 (background), an everyday word, not a name
    "Hangzhou",  # only part of 杭州湾
    "Shenzhen",  # not in the report at all
    "Fu",  # one syllable
])
def test_words_that_are_no_name_of_the_report_find_nothing(names, romanised):
    assert names.chinese(romanised) is None
