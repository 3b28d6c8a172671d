"""A question asking where a place lies is answered with the sentence that says it, in the report's own words
for a location (位于, 地处, 北接, 南濒), whatever words the question asks with."""

from __future__ import annotations

import pytest

from assistant.search.sentences import score_sentences


@pytest.mark.parametrize(("question", "located"), [
    ("Which province is Pinghu located in?", "地处浙江省"),
    ("What is Pinghu's location?", "地处浙江省"),
    ("Where is Anhui's Suzhou?", "中原腹地"),
    ("宿州位于哪里？", "中原腹地"),
    ("宝应县的地理位置如何？", "扬州北部"),
])
def test_a_question_asking_where_opens_with_the_sentence_that_says_it(extractive, question, located):
    answer = extractive.ask(question)
    assert not answer.refused
    assert located in answer.answer[:250], answer.answer


def test_location_words_rank_the_located_sentence_first(index):
    chunk = next(chunk for chunk in index.chunks.values() if "北接上海市" in chunk.text)
    best = score_sentences("平湖挨着哪些地方？", [chunk], index.glossary)[0]
    assert "北接上海市" in best.sentence
