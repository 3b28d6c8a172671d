"""Sentences of the report's passages: which are long enough to answer anything, and how well each answers
a question. One module for the index (which keeps the answering sentences' vectors), the context given to a
model and the extractive engine.

Sentences are scored by how many of the question's terms they contain (Chinese terms from the glossary for
English questions), with a bonus for numbers when the question asks for a figure, for dates when it asks
when, and for a case study's passage when it asks about the cases, and a small prior for the passage's rank.
The cue words are the lexicon's (`question.asks_quantity`, `question.asks_when`, `question.about_cases`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import load_lexicon
from assistant.schemas import Chunk
from assistant.text import language_of, split_sentences, tokenize

_TIME = re.compile(r"(19|20)\d\d年|\d+月")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# A question about the case studies prefers the cases' passages to the preface or credits naming the same
# organisations.
CASE_PRIOR = 1.5


@dataclass
class Extract:
    sentence: str
    passage: int  # index into the passages given
    position: int
    score: float


def _terms(question: str, glossary: Glossary | None) -> set[str]:
    terms = set(tokenize(question))
    if glossary is not None and language_of(question) == "en":
        for word in glossary.expand(question):
            terms |= set(tokenize(word)) | {word}
    return {term for term in terms if len(term) > 1 or _CJK_CHAR.match(term)}


# Shorter pieces (a heading number, "如下：") answer nothing by themselves.
MIN_SENTENCE_CHARS = 6


def answering_sentences(text: str) -> list[str]:
    """The sentences of a passage long enough to be scored against a question."""
    return [sentence for sentence in split_sentences(text) if len(sentence) >= MIN_SENTENCE_CHARS]


def score_sentences(question: str, passages: list[Chunk], glossary: Glossary | None = None) -> list[Extract]:
    """Every sentence of the passages with how well it answers the question, best first."""
    terms = _terms(question, glossary)
    lexicon = load_lexicon()
    wants_quantity = bool(lexicon.pattern("question.asks_quantity").search(question))
    wants_date = wants_quantity and bool(lexicon.pattern("question.asks_when").search(question))
    about_cases = bool(lexicon.pattern("question.about_cases").search(question))
    if lexicon.pattern("question.asks_where").search(question):  # the report says where with 位于, 地处, 北接
        terms |= {word for words in lexicon.forms("question.asks_where").values() for word in words}
    candidates: list[Extract] = []
    for index, passage in enumerate(passages):
        sentences = split_sentences(passage.text)
        for position, sentence in enumerate(sentences):
            if len(sentence) < MIN_SENTENCE_CHARS or sentence == passage.title_line:
                continue  # a case's title line names the case; its sentences answer
            lowered = sentence.lower()
            # A table row says nothing of what its columns mean: the header (context) does.
            searched = lowered + passage.context.lower() if passage.kind == "table" else lowered
            hits = [term for term in terms if term in searched]
            score = sum(min(len(term), 4) for term in hits) / (1 + 0.002 * len(sentence))
            if wants_quantity and re.search(r"\d", sentence):
                score *= 1.5
            if wants_date and _TIME.search(sentence):
                score *= 1.3
            score *= 1.0 / (1 + 0.15 * index)
            if about_cases and passage.city:
                score *= CASE_PRIOR
            if sentence.rstrip().endswith(("：", ":")) and position == len(sentences) - 1:
                score *= 0.3  # a lead-in whose list is in another passage says nothing by itself
            candidates.append(Extract(sentence=sentence, passage=index, position=position, score=score))
    candidates.sort(key=lambda extract: -extract.score)
    return candidates
