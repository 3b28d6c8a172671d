"""Hybrid retrieval: dense (Chroma) and lexical (BM25 over jieba tokens) rankings, fused.

The default fusion is by relative score: each side's scores are scaled to 0..1 over its own candidates and
summed with weights, so a passage that one side finds far ahead of everything else keeps its lead. Reciprocal
rank fusion, which only sees ranks, is the alternative (`fusion = "rrf"`); on the gold set it pushed passages
that BM25 alone ranked first (table rows, short summaries the dense side misses) out of the top five.

The passages ranked by their closest sentence to the question add a ranking of their own: a passage whose one
sentence answers is found although the rest of it is about something else, which the passage's own vector
blurs (on the gold set's development half, English questions' hit@5 0.963 -> 0.972 at weight 0.2).

A question that names a part of the report (section 2.3, Table 2, the appendix) adds a third ranking, the
passages of that part (`ReportParts`).

English questions are expanded with the glossary's Chinese terms before the lexical side sees them, so that
BM25 over a Chinese text has something to match; without any expansion the lexical side is left out for
them, because its ranking would be noise that dilutes the dense one.
"""

from __future__ import annotations

from functools import cached_property
from itertools import zip_longest

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.answer.parts import ReportParts
from assistant.answer.question import QuestionAnalyser, QuestionAnalysis
from assistant.answer.rows import RowsReader
from assistant.knowledge.corpus import CREDITS_SECTIONS
from assistant.knowledge.lexicon import load_lexicon
from assistant.search.index import Index
from assistant.schemas import RetrievedChunk
from assistant.settings import RetrievalSettings
from assistant.text import checked_question, digit_counts, language_of, tokenize


def lexical_query(question: str, index: Index, language: str) -> list[str]:
    """The BM25 tokens of a question; English questions get the glossary's Chinese terms added."""
    tokens = tokenize(question)
    if (counted := digit_counts(question)) != question:
        # Only words the segmenter knows with their digits (7个领域); a bare "2" from 两个 matches any figure.
        tokens += [token for token in tokenize(counted) if token not in tokens and not token.isdigit()]
    if language == "en":
        expansion = index.glossary.expand(question)
        tokens = [token for word in expansion for token in tokenize(word)] + tokens
    return tokens


def dense_query(question: str, index: Index, language: str) -> str:
    """The text embedded for a question: English questions carry their Chinese terms along."""
    if language == "en":
        expansion = index.glossary.expand(question)
        if expansion:
            return question + " (" + "，".join(expansion) + ")"
    return question


Ranking = list[tuple[str, float]]  # (chunk id, score), best first


def fuse(rankings: list[tuple[list[str], float]], rrf_k: int) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion of several rankings of ids; duplicates are merged."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, chunk_id in enumerate(dict.fromkeys(ids)):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (rrf_k + rank + 1)
    return sorted(scores.items(), key=lambda pair: -pair[1])


def fuse_scores(rankings: list[tuple[Ranking, float]]) -> list[tuple[str, float]]:
    """Weighted relative-score fusion: each ranking's scores min-max scaled to 0..1, then summed; duplicates merged."""
    scores: dict[str, float] = {}
    for ranking, weight in rankings:
        best: dict[str, float] = {}
        for chunk_id, score in ranking:
            best.setdefault(chunk_id, score)
        if not best:
            continue
        high, low = max(best.values()), min(best.values())
        for chunk_id, score in best.items():
            scaled = (score - low) / (high - low) if high > low else 1.0
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight * scaled
    return sorted(scores.items(), key=lambda pair: -pair[1])


class HybridRetriever(BaseRetriever):
    """LangChain retriever over an opened index; `search` returns ranked chunks with their scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    settings: RetrievalSettings
    mode: str = "hybrid"  # hybrid, dense or bm25 (the latter two for the benchmark)

    def search(self, question: str, k: int | None = None, *, language: str | None = None,
               with_credits: bool | None = None, analysis: QuestionAnalysis | None = None) -> list[RetrievedChunk]:
        """The k best chunks for the question. `language` and `with_credits` (whether the report's credits may
        answer it) come from the question analysis; when not given they are read from the question, and the
        question is analysed anew for the table rows it picks unless its `analysis` is given."""
        question = checked_question(question)
        k = k or self.settings.k
        language = language or language_of(question)
        if with_credits is None:
            with_credits = bool(load_lexicon().pattern("question.about_the_makers").search(question))
        limit = max(self.settings.candidates, k)
        rankings: list[tuple[Ranking, float]] = []
        dense_scores: dict[str, float] = {}
        if self.mode in ("hybrid", "dense"):
            vector = self.index.dense.embeddings.embed_query(dense_query(question, self.index, language))
            dense = self.index.dense.search(vector, limit)
            dense_scores = dict(dense)
            rankings.append((dense, self.settings.dense_weight))
            if self.mode == "hybrid" and self.settings.sentence_weight:
                rankings.append((self.index.by_best_sentence(vector, limit), self.settings.sentence_weight))
        if self.mode in ("hybrid", "bm25"):
            tokens = lexical_query(question, self.index, language)
            if self.mode == "bm25" or language == "zh" or self.index.glossary.expand(question):
                rankings.append((self.index.bm25.search(tokens, limit), self.settings.lexical_weight))
        if self.mode == "hybrid" and (named := self.parts.ranking(question)):
            rankings.append((named, self.settings.part_weight))
        if self.mode == "hybrid" and self.settings.row_weight and (rows := self.row_ranking(question, analysis)):
            rankings.append((rows, self.settings.row_weight))
        if self.settings.fusion == "rrf":
            fused = fuse([([chunk_id for chunk_id, _ in ranking], weight) for ranking, weight in rankings],
                         self.settings.rrf_k)
        else:
            fused = fuse_scores(rankings)
        if not with_credits:
            fused = self._without_credits(fused)
        fused = fused[:k]
        return [
            RetrievedChunk(chunk=self.index.chunks[chunk_id], rank=rank, score=score, dense_score=dense_scores.get(chunk_id))
            for rank, (chunk_id, score) in enumerate(fused, start=1)
        ]

    @cached_property
    def parts(self) -> ReportParts:
        """The parts of the report (sections, tables) a question may name."""
        return ReportParts(self.index.chunks.values(), load_lexicon())

    @cached_property
    def _rows(self) -> tuple[QuestionAnalyser, RowsReader]:
        corpus_text = "\n".join(chunk.text for chunk in self.index.chunks.values())
        return (QuestionAnalyser(self.index.glossary, self.index.cities, corpus_text),
                RowsReader(self.index.tables, self.index.chunks, self.index.glossary))

    def row_ranking(self, question: str, analysis: QuestionAnalysis | None = None) -> list[tuple[str, float]]:
        """(chunk id, score) of the passages holding the table rows the question ranks, filters or picks, all
        scored alike; none for any other question. Each row is kept in the index with the passage it is read from,
        so a question for the cases of stage 3 finds the passages of those cases, not only the text like it."""
        analyser, reader = self._rows
        pick = reader.pick(analysis or analyser.analyse(question))
        if pick is None:
            return []
        ids = dict.fromkeys(row.chunk_id for row in pick.rows if row.chunk_id in self.index.chunks)
        return [(chunk_id, 1.0) for chunk_id in ids]  # every row picked answers alike

    def _without_credits(self, fused: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """The fused ranking without the report's credits (contributors, acknowledgements): their lists of
        names and organisations answer nothing but questions about the people who made the report, yet
        outrank the cases for any question naming one of those organisations."""
        chunks = self.index.chunks
        return [(chunk_id, score) for chunk_id, score in fused if chunks[chunk_id].section not in CREDITS_SECTIONS]

    def search_analysed(self, analysis: QuestionAnalysis, k: int | None = None) -> list[RetrievedChunk]:
        """The k best chunks for an analysed question; when it compares names (two places, domains or stages)
        or asks several things, the rankings of its parts are interleaved with its own, so that no side or
        part is crowded out by another."""
        options = dict(language=analysis.language, with_credits=analysis.about_makers)
        hits = self.search(analysis.standalone, k, analysis=analysis, **options)
        parts = analysis.search_parts or analysis.parts
        if not parts:
            return hits
        rankings = [hits] + [self.search(part, k, **options) for part in parts]
        merged: dict[str, RetrievedChunk] = {}
        for row in zip_longest(*rankings):
            for hit in row:
                if hit is not None and hit.chunk.id not in merged and len(merged) < len(hits):
                    merged[hit.chunk.id] = hit
        return [hit.model_copy(update={"rank": rank}) for rank, hit in enumerate(merged.values(), start=1)]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(page_content=hit.chunk.text, metadata={**hit.chunk.model_dump(exclude={"text"}), "score": hit.score})
            for hit in self.search(query)
        ]


def build_retriever(index: Index, settings: RetrievalSettings, mode: str = "hybrid") -> HybridRetriever:
    """A retriever over the index."""
    return HybridRetriever(index=index, settings=settings, mode=mode)
