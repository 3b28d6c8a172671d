"""Hybrid retrieval: dense (Chroma) and lexical (BM25 over jieba tokens) rankings, fused.

The default fusion is by relative score: each side's scores are scaled to 0..1 over its own candidates and
summed with weights, so a passage that one side finds far ahead of everything else keeps its lead. Reciprocal
rank fusion, which only sees ranks, is the alternative (`fusion = "rrf"`); on the gold set it pushed passages
that BM25 alone ranked first (table rows, short summaries the dense side misses) out of the top five.

English questions are expanded with the glossary's Chinese terms before the lexical side sees them, so that
BM25 over a Chinese text has something to match; without any expansion the lexical side is left out for
them, because its ranking would be noise that dilutes the dense one.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from itertools import zip_longest

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.knowledge.corpus import CREDITS_SECTIONS, asks_who_made_the_report
from assistant.errors import BadInput
from assistant.knowledge.glossary import Glossary
from assistant.search.index import Index
from assistant.schemas import RetrievedChunk
from assistant.settings import RetrievalSettings
from assistant.text import clean_input, digit_counts, language_of, name_pattern, tokenize

MAX_QUESTION_CHARS = 2000

# The kinds of name a question compares ("宝应和莘县分别……", "民生与服务和环境与低碳两个领域……").
_COMPARED_GROUPS = ("places", "domains", "stages")


def glossary_names(glossary: Glossary, group: str, cities: Collection[str]) -> list[tuple[str, str]]:
    """(surface, canonical) names of one glossary group, longest first. Places are the case studies' cities
    (not 日本 or 欧洲); English one-word names of domains ("services", "policy") are left out: they are
    everyday words more often than names."""
    names = []
    for term in glossary.terms:
        if term.group != group or (group == "places" and term.zh not in cities):
            continue
        surfaces = {term.zh, term.zh.split("（")[0], *term.variants}
        surfaces.update(en for en in term.en if group != "domains" or " " in en)
        names += [(surface, term.zh) for surface in surfaces if surface]
    return sorted(names, key=lambda pair: -len(pair[0]))


def _named_spans(question: str, glossary: Glossary, group: str, cities: Collection[str]) -> list[tuple[int, int, str]]:
    """Where the question names things of one glossary group: (start, end, canonical name), longer names
    found first and none inside another."""
    spans: list[tuple[int, int, str]] = []
    masked = question
    for surface, canonical in glossary_names(glossary, group, cities):
        pattern = name_pattern(surface)
        spans += [(match.start(), match.end(), canonical) for match in re.finditer(pattern, masked, re.I)]
        masked = re.sub(pattern, lambda match: "\0" * len(match.group()), masked, flags=re.I)
    return spans


def named_domain_and_stage(question: str, glossary: Glossary) -> tuple[str | None, str | None]:
    """The one domain and the one stage a question names ("民生与服务领域阶段二的特征是什么？"), each None
    unless exactly one is named."""
    named = []
    for group in ("domains", "stages"):
        found = {canonical for _, _, canonical in _named_spans(question, glossary, group, [])}
        named.append(found.pop() if len(found) == 1 else None)
    return named[0], named[1]


def question_parts(question: str, glossary: Glossary, cities: Collection[str]) -> list[str]:
    """One question per name when the question names two or more case cities, domains or stages: the
    question with the other names of that kind taken out. Otherwise none."""
    for group in _COMPARED_GROUPS:
        spans = _named_spans(question, glossary, group, cities)
        named = list(dict.fromkeys(canonical for _, _, canonical in spans))
        if len(named) >= 2:
            parts = []
            for kept in named:
                part, at = "", 0
                for start, end, canonical in sorted(spans):
                    if canonical != kept:
                        part, at = part + question[at:start] + " ", end
                parts.append(re.sub(r"\s+", " ", part + question[at:]).strip())
            return parts
    return []


# What may stand between two names set side by side: a conjunction, and 领域 or 's after the first name.
_SIDE_BY_SIDE = re.compile(r"\s*(?:领域|['’]s)?\s*(?:和|与|及|以及|、|跟|同|,|，|&|\band\b)\s*", re.I)
# Words that only make sense about both sides: 分别, 两个领域's 两个, "each", "respectively".
_BOTH_SIDES = re.compile(r"分别|各自|这两个|两个|二者|两者|\s*\b(?:respectively|each|both)\b", re.I)
# Asked of one side alone, a difference is a description: 有什么区别 -> 有什么特点, "Compare" -> "Describe".
_DIFFERENCE = [
    (re.compile(r"(有什么|有何|有哪些)(?:不同|区别|差异|异同)"), r"\1特点"),
    (re.compile(r"的(?:不同|区别|差异|异同)"), "的特点"),
    (re.compile(r"\bcompare\b", re.I), "Describe"),
    (re.compile(r"\bthe differences? between\b", re.I), "the characteristics of"),
]
# "Compare X's livestream sales with Y's digital marketing": two sides of a comparison, each a phrase of its own.
# (In Chinese, 比较X的A和Y的B的销售成效, what follows the second phrase may belong to both: such questions are
# left whole.)
_COMPARISON = re.compile(r"\bcompare\b", re.I)
_CONNECTOR = re.compile(r"\s*\b(?:with|to|and|versus|vs)\b\.?\s*$", re.I)
_TERMINATOR = re.compile(r"[。？！?!]|\.(?:\s|$)")


def compared_questions(question: str, glossary: Glossary, cities: Collection[str]) -> list[str]:
    """One question per name when the question sets two or more case cities, domains or stages side by side
    ("宝应和莘县……分别", "Fukuoka and Aizuwakamatsu each……"): the question about that name alone, in the
    question's order; also the two phrases of "Compare X's A with Y's B". Names apart from each other
    ("哪个达到了阶段三？哪些处于阶段一？") give none."""
    for group in _COMPARED_GROUPS:
        spans = sorted(_named_spans(question, glossary, group, cities))
        if len(spans) < 2:
            continue
        if not all(_SIDE_BY_SIDE.fullmatch(question[end:start]) for (_, end, _), (start, _, _) in zip(spans, spans[1:])):
            return _compared_phrases(question, spans)
        first, last = spans[0][0], spans[-1][1]
        parts = [_one_side(question[:first] + question[start:end] + question[last:]) for start, end, _ in spans]
        return parts if len(set(parts)) == len(parts) else []
    return []


def _compared_phrases(question: str, spans: list[tuple[int, int, str]]) -> list[str]:
    """The two questions of "Compare X's A with Y's B": each side's phrase after the words before the first
    name, with the question's final punctuation. None unless "compare" comes before the first of two names,
    a connector joins the phrases and the second phrase says more than its name."""
    if len(spans) != 2 or spans[0][2] == spans[1][2]:
        return []
    (first, first_end, _), (second, second_end, _) = spans
    if not _COMPARISON.search(question[:first]):
        return []
    connector = _CONNECTOR.search(question[first_end:second])
    ending = _TERMINATOR.search(question, second_end)
    end = ending.start() if ending else len(question)
    if connector is None or _TERMINATOR.search(question[first:second]):
        return []
    if not re.search(r"\w", question[second_end:end]):
        return []  # "... with those of Shen County": the second phrase is only a name
    tail = question[end:end + 1]
    sides = [question[first:first_end + connector.start()], question[second:end]]
    return [_one_side(question[:first] + side.strip(" ,，") + tail) for side in sides]


def _one_side(question: str) -> str:
    """A question about one side of a comparison: without 分别 or "each", a difference asked as a description."""
    part = _BOTH_SIDES.sub("", question)
    for pattern, replacement in _DIFFERENCE:
        part = pattern.sub(replacement, part)
    return re.sub(r"\s{2,}", " ", part).strip()


def lexical_query(question: str, index: Index) -> list[str]:
    """The BM25 tokens of a question; English questions get the glossary's Chinese terms added."""
    tokens = tokenize(question)
    if (counted := digit_counts(question)) != question:
        # Only words the segmenter knows with their digits (7个领域); a bare "2" from 两个 matches any figure.
        tokens += [token for token in tokenize(counted) if token not in tokens and not token.isdigit()]
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

    def search(self, question: str, k: int | None = None) -> list[RetrievedChunk]:
        """The k best chunks for the question."""
        question = clean_input(question)
        if not question:
            raise BadInput("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise BadInput(f"the question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})")
        k = k or self.settings.k
        limit = max(self.settings.candidates, k)
        rankings: list[tuple[Ranking, float]] = []
        dense_scores: dict[str, float] = {}
        if self.mode in ("hybrid", "dense"):
            vector = self.index.dense.embeddings.embed_query(dense_query(question, self.index))
            dense = self.index.dense.search(vector, limit)
            dense_scores = dict(dense)
            rankings.append((dense, self.settings.dense_weight))
        if self.mode in ("hybrid", "bm25"):
            tokens = lexical_query(question, self.index)
            if self.mode == "bm25" or language_of(question) == "zh" or self.index.glossary.expand(question):
                rankings.append((self.index.bm25.search(tokens, limit), self.settings.lexical_weight))
        if self.settings.fusion == "rrf":
            fused = fuse([([chunk_id for chunk_id, _ in ranking], weight) for ranking, weight in rankings],
                         self.settings.rrf_k)
        else:
            fused = fuse_scores(rankings)
        fused = self._without_credits(question, fused)[:k]
        return [
            RetrievedChunk(chunk=self.index.chunks[chunk_id], rank=rank, score=score, dense_score=dense_scores.get(chunk_id))
            for rank, (chunk_id, score) in enumerate(fused, start=1)
        ]

    def _without_credits(self, question: str, fused: list[tuple[str, float]]) -> list[tuple[str, float]]:
        """The fused ranking without the report's credits (contributors, acknowledgements) unless the question
        asks about people: their lists of names and organisations answer nothing else, yet outrank the cases
        for any question naming one ("Which Japanese case studies involved Hitachi?")."""
        if asks_who_made_the_report(question):
            return fused
        chunks = self.index.chunks
        return [(chunk_id, score) for chunk_id, score in fused if chunks[chunk_id].section not in CREDITS_SECTIONS]

    def search_parts(self, question: str, k: int | None = None) -> list[RetrievedChunk]:
        """The k best chunks for the question; when it compares names (two places, domains or stages), the
        rankings of its parts are interleaved with its own, so that no side is crowded out by the other."""
        hits = self.search(question, k)
        parts = question_parts(question, self.index.glossary, self.index.cities)
        if not parts:
            return hits
        rankings = [hits] + [self.search(part, k) for part in parts]
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
