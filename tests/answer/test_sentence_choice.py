"""The extractive engine picks the report's sentences by the question's terms and by their meaning: an English
question whose words the glossary does not carry still gets the sentence that answers it."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("question", [
    "Why does Pinghu flood easily?",
    "What makes Pinghu prone to waterlogging after heavy rain?",
    "Why is Pinghu at risk of urban flooding?",
])
def test_an_english_why_question_gets_the_sentence_giving_the_cause(extractive, question):
    answer = extractive.ask(question)
    assert not answer.refused
    assert "地势的低洼" in answer.answer, answer.answer  # low-lying ground: the cause, in words none of the question's
