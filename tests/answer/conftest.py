"""Fixtures shared by the answer tests."""

from __future__ import annotations

import pytest

from assistant.answer.pipeline import build_chain


@pytest.fixture(scope="module")
def extractive(settings, index):
    """The extractive chain over the session's index, one per test module."""
    return build_chain(settings, index=index, engine="extractive")
