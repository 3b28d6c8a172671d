"""Suggested next questions: drawn from the cited passages' neighbours and the framework, each checked answerable."""

from __future__ import annotations

import pytest

from assistant.errors import CorpusError
from assistant.knowledge.framework import load_framework
from assistant.suggestions import MAX_SUGGESTIONS, Suggester, answerable, load_templates


@pytest.fixture(scope="module")
def extractive_chain(settings, index):
    from assistant.answer.pipeline import build_chain

    return build_chain(settings, index=index, engine="extractive")


@pytest.fixture(scope="module")
def suggester(settings, extractive_chain):
    return Suggester(extractive_chain, load_framework(settings.paths.framework_file))


# Three families: a case study, a domain's stage, and a general question; each in several forms.
QUESTIONS = [
    ("讯宿办小程序能帮市民办哪些事？", "zh"),
    ("宿州市民通过讯宿办可以办理什么业务？", "zh"),
    ("How does the Suzhou (Anhui) mini program help citizens with social security?", "en"),
    ("政府效能领域的第二阶段要求什么？", "zh"),
    ("政府效能领域阶段2有哪些特点？", "zh"),
    ("What marks the second stage of government efficiency?", "en"),
]


@pytest.mark.parametrize("question, language", QUESTIONS)
def test_every_suggestion_passes_the_gate_and_is_new(suggester, extractive_chain, question, language):
    answer = extractive_chain.ask(question)
    shown = suggester.suggest(answer, language)
    assert 1 <= len(shown) <= MAX_SUGGESTIONS and len(set(shown)) == len(shown)
    assert question not in shown
    assert all(answerable(extractive_chain, item) for item in shown)
    assert all(not extractive_chain.ask(item).refused for item in shown)
    if language == "en":
        assert all(item.isascii() for item in shown)


@pytest.mark.parametrize("question", QUESTIONS[3:5])
def test_a_question_about_one_stage_suggests_the_next_stage_not_the_same(suggester, extractive_chain, question):
    candidates = suggester.candidates(extractive_chain.ask(question[0]), "zh")
    assert "政府效能领域阶段三有什么特征？" in candidates
    assert not any("阶段二" in item for item in candidates)


def test_the_case_next_to_a_cited_one_is_suggested_and_the_cited_city_is_not(suggester, extractive_chain):
    candidates = suggester.candidates(extractive_chain.ask(QUESTIONS[0][0]), "zh")
    cases = [item for item in candidates if item.endswith("的数字化转型做了哪些事？")]
    assert cases and not any(item.startswith("宿州") for item in cases)


@pytest.mark.parametrize("question", ["宿州明天的天气怎么样？", "报告里有没有红烧肉的做法？", "What is the best recipe for dumplings?"])
def test_no_suggestion_under_a_refusal(suggester, extractive_chain, question):
    answer = extractive_chain.ask(question)
    assert answer.refused and suggester.suggest(answer, "zh") == []


@pytest.mark.parametrize("content", ["zh: [unclosed", "zh:\n  case: x\n", "just text"])
def test_unusable_templates_are_a_corpus_error(tmp_path, content):
    path = tmp_path / "suggestions.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match="suggestion templates"):
        load_templates(path)
