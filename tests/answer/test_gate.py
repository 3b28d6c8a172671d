"""The scope gate counts the words a question is about, not the words it asks with."""

from __future__ import annotations

import pytest

from assistant.answer.gate import MIN_TERM_COVERAGE, ScopeGate


@pytest.fixture(scope="module")
def gate(settings, index) -> ScopeGate:
    return ScopeGate(settings.paths.corpus_file.read_text(encoding="utf-8"), index.glossary)


@pytest.mark.parametrize("question", [
    "平湖市的区位有什么特点？",            # 特点 says how to answer
    "莘县与宝应的做法，相同和不同之处在哪？",
    "报告在哪里举了智慧水务的例子？",
    "宿州的平台一共整合了多少个部门？",
    "福冈的健康平台分别由哪几个部分组成？",
])
def test_asking_words_do_not_count_against_a_question(gate, question):
    coverage, missing = gate.term_coverage(question)
    assert not missing
    assert coverage == 1.0


@pytest.mark.parametrize("question", [
    "推荐几家本地好吃的餐厅。",
    "上届足球世界杯谁夺冠了？",
    "怎样用电子表格软件做透视表？",
])
def test_questions_about_what_the_report_never_mentions_stay_out(gate, question):
    coverage, missing = gate.term_coverage(question)
    assert coverage < MIN_TERM_COVERAGE, missing
