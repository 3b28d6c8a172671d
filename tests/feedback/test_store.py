"""The feedback store: exchanges as answered, ratings replaced not duplicated, bad ratings refused."""

from __future__ import annotations

import pytest

from assistant.errors import BadInput
from assistant.feedback.store import FeedbackStore
from assistant.feedback.topics import Topics, topics_of
from tests.feedback.conftest import ANSWERABLE, UNANSWERABLE


@pytest.mark.parametrize("question", ANSWERABLE)
def test_an_answer_is_stored_with_its_citations_engine_and_timings(feedback_store, feedback_chain, question):
    answer = feedback_chain.ask(question)
    assert not answer.refused
    exchange_id = feedback_store.record(answer, Topics())
    stored = feedback_store.get(exchange_id)
    assert stored.question == question and stored.answer == answer.answer
    assert stored.citations == answer.citations and stored.engine == "extractive"
    assert stored.total_ms == answer.timings.total_ms and stored.rating is None


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_a_refusal_is_stored_as_refused(feedback_store, feedback_chain, question):
    answer = feedback_chain.ask(question)
    stored = feedback_store.get(feedback_store.record(answer, Topics()))
    assert stored.refused and stored.citations == []


def test_a_new_rating_replaces_the_old_one_and_can_be_taken_back(feedback_store, feedback_chain):
    exchange_id = feedback_store.record(feedback_chain.ask(ANSWERABLE[0]), Topics())
    feedback_store.rate(exchange_id, "up")
    feedback_store.rate(exchange_id, "down", "  没有说清楚办理渠道  ")
    [stored] = feedback_store.exchanges()
    assert (stored.rating, stored.comment) == ("down", "没有说清楚办理渠道")
    feedback_store.unrate(exchange_id)
    assert feedback_store.get(exchange_id).rating is None


@pytest.mark.parametrize("rating, comment, expected", [
    ("meh", "", "a rating is 'up' or 'down'"),
    ("down", "x" * 2001, "the comment is too long"),
])
def test_bad_ratings_are_refused_with_a_message(feedback_store, feedback_chain, rating, comment, expected):
    exchange_id = feedback_store.record(feedback_chain.ask(ANSWERABLE[1]), Topics())
    with pytest.raises(BadInput, match=expected):
        feedback_store.rate(exchange_id, rating, comment)
    assert feedback_store.get(exchange_id).rating is None


def test_rating_an_unknown_answer_is_refused(feedback_store):
    with pytest.raises(BadInput, match="no answer with id"):
        feedback_store.rate("0" * 32, "down")


def test_what_is_stored_survives_reopening(database_url, feedback_chain):
    url = database_url
    first = FeedbackStore(url)
    exchange_id = first.record(feedback_chain.ask(ANSWERABLE[2]), Topics())
    first.rate(exchange_id, "down", "too short")
    first.close()
    again = FeedbackStore(url)
    assert again.get(exchange_id).comment == "too short"
    again.close()


@pytest.mark.parametrize("question, domains, stages, cities", [
    ("民生与服务在阶段二要做到哪些事？", ["民生与服务"], ["阶段二"], []),
    ("What marks the second stage of the services domain?", ["民生与服务"], ["阶段二"], []),
    ("平湖的感智汇平台解决了什么问题？", [], [], ["平湖"]),
    ("How did Pinghu use its sensing platform?", [], [], ["平湖"]),
])
def test_topics_name_the_domains_stages_and_case_cities(settings, index, question, domains, stages, cities):
    from assistant.schemas import Answer

    topics = topics_of(Answer(question=question, answer="", engine="extractive"), index.glossary, index.cities)
    assert topics.stages == stages and topics.cities == cities
    assert topics.domains[: len(domains)] == domains
    assert topics.words
