"""Feedback fixtures: a store per test (on SQLite and on PostgreSQL) and real answers from the extractive chain."""

from __future__ import annotations

import pytest

from assistant.answer.pipeline import build_chain
from assistant.feedback.store import FeedbackStore

# Three ways to ask what the mini-program of 宿州 offers, and three questions the report cannot answer.
ANSWERABLE = [
    "讯宿办小程序能帮市民办哪些事？",
    "宿州市民通过讯宿办可以办理什么业务？",
    "How does the Suzhou (Anhui) mini program help citizens with social security?",
]
UNANSWERABLE = [
    "宿州明天的天气怎么样？",
    "报告里有没有红烧肉的做法？",
    "What is the best recipe for dumplings?",
]


@pytest.fixture()
def feedback_store(database_url):
    """A new store on each kind of database: SQLite and the real PostgreSQL server (tests/conftest.py)."""
    store = FeedbackStore(database_url)
    yield store
    store.close()


@pytest.fixture(scope="session")
def feedback_chain(settings, index):
    return build_chain(settings, index=index, engine="extractive")
