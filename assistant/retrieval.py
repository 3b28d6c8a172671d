"""Hybrid retrieval: dense (Chroma) and lexical (BM25 over jieba tokens) rankings fused by reciprocal rank.

English questions are expanded with the glossary's Chinese terms before the lexical side sees them, so that
BM25 over a Chinese text has something to match; without any expansion the lexical side is left out for
them, because its ranking would be noise that dilutes the dense one.
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.errors import BadInput
from assistant.index import Index
from assistant.schemas import RetrievedChunk
from assistant.settings import RetrievalSettings
from assistant.text import clean_input, language_of, tokenize

MAX_QUESTION_CHARS = 2000


def lexical_query(question: str, index: Index) -> list[str]:
    """The BM25 tokens of a question; English questions get the glossary's Chinese terms added."""
    tokens = tokenize(question)
    if language_of(question) == "en":
        expansion = index.glossary.expand(question)
        tokens = [token for word in expansion for token in tokenize(word)] + tokens
    return tokens


def dense_query(question: str, index: Index) -> str:
    """The text embedded for a question: English questions carry their Chinese terms along."""
    if language_of(question) == "en":
        expansion = index.glossary.expand(question)
        if expansion:
            return question + " (" + "，".join(expansion) + ")"
    return question


def fuse(rankings: list[tuple[list[str], float]], rrf_k: int) -> list[tuple[str, float]]:
    """Weighted reciprocal rank fusion of several rankings of ids; duplicates are merged."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for rank, chunk_id in enumerate(dict.fromkeys(ids)):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (rrf_k + rank + 1)
    return sorted(scores.items(), key=lambda pair: -pair[1])


class HybridRetriever(BaseRetriever):
    """LangChain retriever over an opened index; `search` returns ranked chunks with their scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    settings: RetrievalSettings
    mode: str = "hybrid"  # hybrid, dense or bm25 (the latter two for the benchmark)

    def search(self, question: str, k: int | None = None) -> list[RetrievedChunk]:
        """The k best chunks for the question."""
        question = clean_input(question)
        if not question:
            raise BadInput("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise BadInput(f"the question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})")
        k = k or self.settings.k
        limit = max(self.settings.candidates, k)
        rankings: list[tuple[list[str], float]] = []
        dense_scores: dict[str, float] = {}
        if self.mode in ("hybrid", "dense"):
            vector = self.index.dense.embeddings.embed_query(dense_query(question, self.index))
            dense = self.index.dense.search(vector, limit)
            dense_scores = dict(dense)
            rankings.append(([chunk_id for chunk_id, _ in dense], self.settings.dense_weight))
        if self.mode in ("hybrid", "bm25"):
            tokens = lexical_query(question, self.index)
            if self.mode == "bm25" or language_of(question) == "zh" or self.index.glossary.expand(question):
                lexical = self.index.bm25.search(tokens, limit)
                rankings.append(([chunk_id for chunk_id, _ in lexical], self.settings.lexical_weight))
        fused = fuse(rankings, self.settings.rrf_k)[:k]
        return [
            RetrievedChunk(chunk=self.index.chunks[chunk_id], rank=rank, score=score, dense_score=dense_scores.get(chunk_id))
            for rank, (chunk_id, score) in enumerate(fused, start=1)
        ]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(page_content=hit.chunk.text, metadata={**hit.chunk.model_dump(exclude={"text"}), "score": hit.score})
            for hit in self.search(query)
        ]


def build_retriever(index: Index, settings: RetrievalSettings, mode: str = "hybrid") -> HybridRetriever:
    """A retriever over the index."""
    return HybridRetriever(index=index, settings=settings, mode=mode)
