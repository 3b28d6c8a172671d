"""Okapi BM25 over hand-made documents whose scores can be worked out by hand."""

from __future__ import annotations

import math

import pytest

from assistant.search.bm25 import BM25Index

DOCUMENTS = {
    "a": ["宿州", "口罩", "口罩", "预约"],
    "b": ["宿州", "平台"],
    "c": ["平湖", "感智汇", "平台"],
    "d": ["口罩"],
}
AVERAGE_LENGTH = 10 / 4
K1, B = 1.5, 0.75


@pytest.fixture()
def bm25() -> BM25Index:
    return BM25Index(list(DOCUMENTS), list(DOCUMENTS.values()))


def _expected(tf: int, length: int, df: int, n: int = 4) -> float:
    idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
    return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / AVERAGE_LENGTH))


def test_scores_follow_the_bm25_formula(bm25):
    results = dict(bm25.search(["口罩"], limit=10))
    assert results["a"] == pytest.approx(_expected(tf=2, length=4, df=2))
    assert results["d"] == pytest.approx(_expected(tf=1, length=1, df=2))


def test_a_short_document_beats_a_long_one_with_more_occurrences(bm25):
    # length normalisation: "d" is one word long, "a" says 口罩 twice in four words
    assert [doc for doc, _ in bm25.search(["口罩"], limit=10)] == ["d", "a"]


def test_documents_matching_more_terms_rank_higher(bm25):
    ranking = bm25.search(["宿州", "平台"], limit=10)
    assert [doc for doc, _ in ranking][0] == "b"
    assert {doc for doc, _ in ranking} == {"a", "b", "c"}
    scores = [score for _, score in ranking]
    assert scores == sorted(scores, reverse=True)


def test_rare_terms_weigh_more_than_common_ones(bm25):
    # 感智汇 occurs in one document, 平台 in two: "c" has both but the rare one decides against "b"
    results = dict(bm25.search(["感智汇"], limit=10))
    assert results["c"] > max(dict(bm25.search(["平台"], limit=10)).values())


def test_zero_score_documents_are_left_out(bm25):
    assert {doc for doc, _ in bm25.search(["口罩"], limit=10)} == {"a", "d"}
    assert bm25.search(["会津若松"], limit=10) == []
    assert bm25.search([], limit=10) == []


def test_repeated_query_terms_count_once(bm25):
    assert bm25.search(["口罩", "口罩"], limit=10) == bm25.search(["口罩"], limit=10)


def test_limit(bm25):
    assert len(bm25.search(["宿州", "平台", "口罩"], limit=2)) == 2


def test_empty_index():
    assert BM25Index([], []).search(["宿州"], limit=5) == []


def test_save_and_load_give_the_same_ranking(bm25, tmp_path):
    path = tmp_path / "bm25.json"
    bm25.save(path)
    loaded = BM25Index.load(path)
    assert "宿州" in path.read_text(encoding="utf-8")  # kept readable, not \\u-escaped
    for query in (["口罩"], ["宿州", "平台"], ["感智汇"]):
        assert loaded.search(query, limit=10) == bm25.search(query, limit=10)
