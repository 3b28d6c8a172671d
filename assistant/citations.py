"""Attach citations after generation and check the numbers.

Small models cite badly, so the markers in the final answer are decided here: the answer is split into
sentences; each sentence is scored against every passage it was given (lexical coverage, and embedding
similarity when an embedder is at hand); the best-supporting passage is cited as [n]. Markers the model wrote
are kept only when that passage supports the sentence. Sources are renumbered 1..m in order of first use,
so the list under the answer matches the markers exactly. Every number in a sentence must appear in one of
its cited passages, otherwise the sentence is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.schemas import Chunk, Citation
from assistant.text import numbers_in, split_sentences, squash

_MARKER = re.compile(r"\s*[\[【［]\s*(\d{1,2}(?:\s*[,，、]\s*\d{1,2})*)\s*[\]】］]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+(?:[.'-][a-z0-9]+)*")

SUPPORT_THRESHOLD = 0.45


def strip_markers(text: str) -> tuple[str, list[int]]:
    """The text without [n] markers, and the numbers those markers held."""
    numbers = [int(n) for group in _MARKER.findall(text) for n in re.findall(r"\d+", group)]
    return _MARKER.sub("", text).strip(), numbers


def _grams(text: str) -> set[str]:
    """Character bigrams of the Chinese parts and lower-cased words of the Latin parts."""
    compact = squash(text).lower()
    grams = {compact[i : i + 2] for i in range(len(compact) - 1) if _CJK.match(compact[i]) or _CJK.match(compact[i + 1])}
    grams |= set(_WORD.findall(compact))
    grams |= set(_WORD.findall(text.lower()))
    return grams


def lexical_support(sentence: str, passage: str) -> float:
    """Share of the sentence's bigrams and words that occur in the passage."""
    grams = _grams(sentence)
    if not grams:
        return 0.0
    return len(grams & _grams(passage)) / len(grams)


def numbers_supported(sentence: str, passages: list[str]) -> list[str]:
    """Numbers of the sentence that appear in none of the passages."""
    available = {n for passage in passages for n in numbers_in(passage)}
    missing = []
    for number in numbers_in(sentence):
        if number in available:
            continue
        # 35万 in the passage may be quoted as 350,000 or 35 in an English answer: accept unit conversions.
        if any(_same_quantity(number, other) for other in available):
            continue
        missing.append(number)
    return missing


def _same_quantity(a: str, b: str) -> bool:
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    if x == y:
        return True
    for factor in (10_000, 100_000_000, 1_000, 1_000_000, 100):
        if abs(x - y * factor) < 1e-6 or abs(y - x * factor) < 1e-6:
            return True
    return False


@dataclass
class AttributedSentence:
    text: str
    sources: list[int] = field(default_factory=list)  # indices into the given passages
    support: float = 0.0
    removed: str | None = None  # why the sentence was removed, if it was


@dataclass
class Attribution:
    text: str
    citations: list[Citation]
    flagged: list[str]
    sentences: list[AttributedSentence]

    @property
    def supported_share(self) -> float:
        kept = [s for s in self.sentences if s.removed is None]
        return sum(1 for s in kept if s.sources) / len(kept) if kept else 0.0


class CitationAttributor:
    """Scores answer sentences against the passages they were given and writes the [n] markers."""

    def __init__(self, embedder: Embeddings | None = None, threshold: float = SUPPORT_THRESHOLD):
        self.embedder = embedder
        self.threshold = threshold

    def _similarities(self, sentences: list[str], passages: list[Chunk]) -> np.ndarray | None:
        if self.embedder is None or not sentences:
            return None
        sentence_vectors = np.array([self.embedder.embed_query(s) for s in sentences])
        passage_vectors = np.array(self.embedder.embed_documents([p.text for p in passages]))
        return sentence_vectors @ passage_vectors.T

    def attribute(self, answer: str, passages: list[Chunk], *, drop_unsupported_numbers: bool = True) -> Attribution:
        """Cite, check and renumber an answer written from the given passages (in prompt order, 1-based)."""
        # A marker written after the full stop belongs to the sentence before it: "……办结。[1]" -> "……办结[1]。"
        answer = re.sub(r"([。！？；.!?])\s*((?:\s*[\[【［][\d,，、\s]+[\]】］])+)", r"\2\1", answer)
        raw_sentences = split_sentences(answer)
        cleaned: list[tuple[str, list[int]]] = [strip_markers(s) for s in raw_sentences]
        cleaned = [(text, markers) for text, markers in cleaned if text and re.search(r"\w", text)]
        similarities = self._similarities([text for text, _ in cleaned], passages)
        sentences: list[AttributedSentence] = []
        for row, (text, markers) in enumerate(cleaned):
            scores = []
            for column, passage in enumerate(passages):
                score = lexical_support(text, passage.text)
                if similarities is not None:
                    # e5 cosines sit between 0.7 and 0.95; stretch them onto 0..1 before mixing.
                    semantic = float(np.clip((similarities[row, column] - 0.75) / 0.2, 0, 1))
                    score = 0.7 * score + 0.3 * semantic
                scores.append(score)
            sentence = AttributedSentence(text=text)
            if scores:
                best = max(range(len(passages)), key=lambda i: scores[i])
                sentence.support = scores[best]
                chosen = [m - 1 for m in markers if 1 <= m <= len(passages) and scores[m - 1] >= self.threshold]
                if not chosen and scores[best] >= self.threshold:
                    chosen = [best]
                sentence.sources = sorted(set(chosen))
            if drop_unsupported_numbers and numbers_in(text):
                cited = [passages[i].text for i in sentence.sources] or [p.text for p in passages]
                missing = numbers_supported(text, cited)
                if missing:
                    sentence.removed = f"numbers not in the cited passages: {', '.join(missing)}"
                elif not sentence.sources:
                    sentence.removed = "a number without a supporting passage"
            sentences.append(sentence)
        return self._render(sentences, passages)

    def _render(self, sentences: list[AttributedSentence], passages: list[Chunk]) -> Attribution:
        numbering: dict[int, int] = {}
        parts: list[str] = []
        flagged: list[str] = []
        for sentence in sentences:
            if sentence.removed:
                flagged.append(sentence.text)
                continue
            if not sentence.sources:
                flagged.append(sentence.text)
                parts.append(sentence.text)
                continue
            labels = []
            for source in sentence.sources:
                numbering.setdefault(source, len(numbering) + 1)
                labels.append(f"[{numbering[source]}]")
            parts.append(_before_terminator(sentence.text, "".join(labels)))
        citations = [
            Citation(
                n=n, section=passages[i].section, title=passages[i].title, page=passages[i].page,
                text=passages[i].text, chunk_id=passages[i].id,
                supporting=[s.text for s in sentences if i in s.sources and not s.removed],
            )
            for i, n in sorted(numbering.items(), key=lambda pair: pair[1])
        ]
        return Attribution(text=_join(parts), citations=citations, flagged=flagged, sentences=sentences)


def _before_terminator(text: str, label: str) -> str:
    """Put the marker before the sentence's final punctuation: '……办结[1]。'."""
    match = re.search(r"[。！？；.!?;]+$", text)
    if match:
        return text[: match.start()] + label + text[match.start() :]
    return text + label


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        if out and (re.search(r"[A-Za-z0-9.!?;:\]]$", out) and re.match(r"[A-Za-z0-9(]", part)):
            out += " "
        out += part
    return out
