"""Attach citations after generation and check the numbers.

Small models cite badly, so the markers in the final answer are decided here: the answer is split into
sentences; each sentence is scored against every passage it was given (lexical coverage, and embedding
similarity when an embedder is at hand); the best-supporting passage is cited as [n]. Markers the model wrote
are kept only when that passage supports the sentence. Sources are renumbered 1..m in order of first use,
so the list under the answer matches the markers exactly. Every number in a sentence must appear in one of
its cited passages, otherwise the sentence is removed. So is a sentence copied from the prompt's worked
examples rather than drawn from the passages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.knowledge.corpus import STAGE_WORDS
from assistant.search.embedders import DocumentVectors
from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import load_lexicon
from assistant.schemas import Chunk, Citation
from assistant.text import language_of, numbers_in, placed_quantities, quantities_in, split_sentences, squash, tokenize

_MARKER = re.compile(r"\s*[\[【［]\s*(\d{1,2}(?:\s*[,，、]\s*\d{1,2})*)\s*[\]】］]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+(?:[.'-][a-z0-9]+)*")

SUPPORT_THRESHOLD = 0.45


def strip_markers(text: str) -> tuple[str, list[int]]:
    """The text without [n] markers, and the numbers those markers held."""
    numbers = [int(n) for group in _MARKER.findall(text) for n in re.findall(r"\d+", group)]
    return _MARKER.sub("", text).strip(), numbers


def repeats(sentence: str, question: str) -> bool:
    """True when every word of the sentence is a word of the question or a word of assent (the lexicon's
    `answer.assent`), as a "yes, it is" to a yes-or-no question."""
    words = set(tokenize(sentence)) - set(load_lexicon().words("answer.assent"))
    return not words or words <= set(tokenize(question))


def renumber_markers(text: str, numbers: dict[int, int]) -> str:
    """The text with the numbers of its [n] markers mapped through `numbers`; a number the mapping lacks
    points nowhere and is left out, and so is a marker left empty."""

    def renumbered(match: re.Match) -> str:
        mapped = [str(numbers[int(n)]) for n in re.findall(r"\d+", match.group(1)) if int(n) in numbers]
        return f"[{','.join(mapped)}]" if mapped else ""

    return _MARKER.sub(renumbered, text)


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
    """Numbers of the sentence that no passage states: '4 billion yen' against '4亿日元' is one of them.

    A number with a unit (万, 亿, million, billion ...) must match a passage's value after the units are
    applied, so 35万 = 350,000 but 4亿 != 4 billion. A bare number must appear in a passage as written or
    as a value; a stage's number ("Stage 3") is found where a passage names that stage (阶段三).
    """
    available = [q for passage in passages for q in quantities_in(passage)]
    stages = {str(STAGE_WORDS.get(n, n)) for passage in passages for n in _STAGE_NAMED.findall(passage)}
    written = unicodedata.normalize("NFKC", sentence)
    missing = []
    for start, raw, value, has_unit in placed_quantities(written):
        if any(_close(value, other_value) for _, other_value, _ in available):
            continue
        if _STAGE_LABEL.search(written[:start]) and raw in stages:
            continue  # "Stage 3" names the passages' 阶段三: a label, not a figure
        if not has_unit and any(raw == other_raw for other_raw, _, _ in available):
            continue
        missing.append(raw)
    return missing


# A stage named by its number ("Stage 3", "阶段3") and the stages a passage names (阶段三 or 阶段3).
_STAGE_LABEL = re.compile(r"(?:\bstages?|\blevels?|\bphases?|阶段)\s*$", re.I)
_STAGE_NAMED = re.compile(r"阶段\s*([一二三1-3])")

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年|\b(?:in|of|during|by)\s+((?:19|20)\d\d)\b", re.I)
# A year governs the figures after it up to the end of its clause: "2019年……3028万人次；2020年……2815万人次".
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")


def _years(text: str) -> list[tuple[int, str]]:
    return [(match.start(), match.group(1) or match.group(2)) for match in _YEAR.finditer(text)]


def numbers_of_another_year(sentence: str, passages: list[str]) -> list[str]:
    """Figures the sentence gives for its year that the passages give only for another year.

    "2020年接待游客3028万人次" against "2019年……接待游客3028万人次……；2020年全县接待游客2815万人次" reads a
    figure under the wrong year: 3028万 is there, so the number check alone passes it. Only a sentence naming
    one year is checked, and a figure counts as dated only where a year precedes it in its clause.
    """
    years = {year for _, year in _years(unicodedata.normalize("NFKC", sentence))}
    if len(years) != 1:
        return []
    (year,) = years
    stated = []  # every figure of the passages, as written and as a value, with the year governing it (or None)
    for passage in passages:
        for clause in _CLAUSE_END.split(unicodedata.normalize("NFKC", passage)):
            clause_years = _years(clause)
            for start, raw, value, _ in placed_quantities(clause):
                stated.append((raw, value, next((y for at, y in reversed(clause_years) if at < start), None)))
    wrong = []
    for raw, value, has_unit in quantities_in(sentence):
        if raw == year or (not has_unit and re.fullmatch(r"(?:19|20)\d\d", raw)):
            continue
        dated = [governing for other_raw, other_value, governing in stated
                 if _close(value, other_value) or (not has_unit and raw == other_raw)]
        if dated and None not in dated and year not in dated:
            wrong.append(raw)
    return wrong


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1.0)


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
    def kept(self) -> list[AttributedSentence]:
        """The sentences not removed by the checks."""
        return [s for s in self.sentences if s.removed is None]

    @property
    def supported_share(self) -> float:
        kept = self.kept
        return sum(1 for s in kept if s.sources) / len(kept) if kept else 0.0


def crosslingual_support(sentence: str, passage: str, glossary: Glossary | None) -> float | None:
    """For an English sentence and a Chinese passage: share of the sentence's glossary terms (in Chinese),
    numbers and Latin acronyms that the passage contains; None when the sentence has none of them."""
    compact = squash(passage)
    terms = glossary.matching_terms(sentence) if glossary is not None else []
    acronyms = [word for word in re.findall(r"\b[A-Z][A-Z0-9]{2,}\b", sentence)]
    quantities = quantities_in(sentence)
    total = len(terms) + len(acronyms) + len(quantities)
    if not total:
        return None
    found = sum(1 for term in terms if any(form in compact for form in [term.zh, *term.variants]))
    found += sum(1 for word in acronyms if word in passage)
    found += len(quantities) - len(numbers_supported(sentence, [passage]))
    return found / total


class CitationAttributor:
    """Scores answer sentences against the passages they were given and writes the [n] markers."""

    def __init__(self, embedder: Embeddings | None = None, threshold: float = SUPPORT_THRESHOLD,
                 glossary: Glossary | None = None):
        self.embedder = embedder
        self._documents = DocumentVectors(embedder) if embedder is not None else None
        self.threshold = threshold
        self.glossary = glossary

    def score(self, sentence: str, passage: str, similarity: float | None, headings: str = "") -> float:
        """Support of a sentence by a passage, 0..1: lexical for the same language, terms and meaning across.

        Across languages the passage's headings count too: an English sentence naming Baoying's smart lotus
        root project is supported by a passage of the case titled 宝应：智慧荷藕 that does not repeat the title.
        """
        # e5 cosines sit between 0.7 and 0.95; stretch them onto 0..1 before mixing.
        semantic = None if similarity is None else float(np.clip((similarity - 0.75) / 0.2, 0, 1))
        if language_of(sentence) == "en" and language_of(passage) == "zh":
            terms = crosslingual_support(sentence, f"{headings}\n{passage}" if headings else passage, self.glossary)
            if semantic is None:
                return terms or 0.0
            return semantic if terms is None else 0.5 * semantic + 0.5 * terms
        lexical = lexical_support(sentence, passage)
        return lexical if semantic is None else 0.7 * lexical + 0.3 * semantic

    def _similarities(self, sentences: list[str], texts: list[str]) -> np.ndarray | None:
        if self.embedder is None or not sentences or not texts:
            return None
        sentence_vectors = np.array([self.embedder.embed_query(s) for s in sentences])
        return sentence_vectors @ np.array(self._documents(texts)).T

    def attribute(self, answer: str, passages: list[Chunk], *, drop_unsupported_numbers: bool = True,
                  decoys: Sequence[str] = (), question: str = "") -> Attribution:
        """Cite, check and renumber an answer written from the given passages (in prompt order, 1-based).

        `decoys` are texts the model saw that are not the report: the prompt's worked examples, about made-up
        places. A sentence closer to one of them than to any passage was copied from it and is removed. A
        sentence that only says the `question` back as a statement answers
        nothing and is removed too.
        """
        # A marker written after the full stop belongs to the sentence before it: "……办结。[1]" -> "……办结[1]。"
        answer = re.sub(r"([。！？；.!?])\s*((?:\s*[\[【［][\d,，、\s]+[\]】］])+)", r"\2\1", answer)
        raw_sentences = split_sentences(answer)
        cleaned: list[tuple[str, list[int]]] = [strip_markers(s) for s in raw_sentences]
        cleaned = [(text, markers) for text, markers in cleaned if text and re.search(r"\w", text)]
        sources = [passage.text for passage in passages] + list(decoys)
        similarities = self._similarities([text for text, _ in cleaned], sources)
        sentences: list[AttributedSentence] = []
        for row, (text, markers) in enumerate(cleaned):
            scores = [
                self.score(text, source, None if similarities is None else float(similarities[row, column]),
                           " ".join(passages[column].heading_path) if column < len(passages) else "")
                for column, source in enumerate(sources)
            ]
            copied = max(scores[len(passages):], default=0.0)
            scores = scores[: len(passages)]
            sentence = AttributedSentence(text=text)
            if scores:
                best = max(range(len(passages)), key=lambda i: scores[i])
                sentence.support = scores[best]
                chosen = [m - 1 for m in markers if 1 <= m <= len(passages) and scores[m - 1] >= self.threshold]
                if not chosen and scores[best] >= self.threshold:
                    chosen = [best]
                sentence.sources = sorted(set(chosen))
            if copied >= self.threshold and copied > sentence.support:
                sentence.removed = "copied from the prompt's worked example, not the report"
            elif question and repeats(text, question):
                sentence.removed = "repeats the question without answering it"
            elif drop_unsupported_numbers and numbers_in(text):
                cited = [passages[i].text for i in sentence.sources] or [p.text for p in passages]
                missing = numbers_supported(text, cited)
                misdated = numbers_of_another_year(text, cited)
                if missing:
                    sentence.removed = f"numbers not in the cited passages: {', '.join(missing)}"
                elif misdated:
                    sentence.removed = f"numbers the cited passages give for another year: {', '.join(misdated)}"
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
