"""The extractive engine: no language model; the answer is made of the report's own sentences.

The sentences of the retrieved passages are ranked against the question by its terms (`search.sentences`)
and by embedding similarity (`ContextCompressor.ranked`, the ranking that cuts a model's context), which
finds the answering sentence of an English question whose words the glossary does not carry; the best few
are given in reading order, each with the passage it came from, so attribution is exact and every number is
verbatim.

The same sentences complete a model's answer: `completing_extracts` finds what a question asks about that
the answer never names, and the report's sentence on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.knowledge.glossary import Glossary
from assistant.schemas import Chunk
from assistant.search.sentences import Extract, score_sentences
from assistant.text import language_of, split_sentences, squash, tokenize

MAX_SENTENCES = 4
MAX_CHARS = 420
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
_STAGE_NAME = re.compile(r"阶段[一二三]")
# A word found in this share of the passages or more is too common to tell the parts of a question apart.
COMMON_WORD_SHARE = 0.15


def select_sentences(question: str, passages: list[Chunk], glossary: Glossary | None = None,
                     candidates: list[Extract] | None = None) -> list[Extract]:
    """The report sentences that best answer the question, in passage order then reading order.
    `candidates`: the passages' sentences already ranked (best first); by the question's terms otherwise."""
    candidates = score_sentences(question, passages, glossary) if candidates is None else candidates
    chosen: list[Extract] = []
    total = 0
    best = candidates[0].score if candidates else 0
    for extract in candidates:
        if extract.score <= 0 or extract.score < 0.35 * best:
            break
        if total + len(extract.sentence) > MAX_CHARS and chosen:
            continue
        chosen.append(extract)
        total += len(extract.sentence)
        if len(chosen) >= MAX_SENTENCES:
            break
    chosen = _complete_lists(chosen, candidates)
    if not chosen and passages:
        first = split_sentences(passages[0].text)
        chosen = [Extract(sentence=first[0], passage=0, position=0, score=0.0)] if first else []
    return sorted(chosen, key=lambda extract: (extract.passage, extract.position))


def leading_sentences(passages: list[Chunk], max_chars: int = MAX_CHARS) -> list[Extract]:
    """The passages' sentences from the start, in reading order, as many as fit in max_chars (at least one):
    a paragraph that is itself the answer (a stage of the framework) is quoted as it reads."""
    chosen: list[Extract] = []
    total = 0
    for number, passage in enumerate(passages):
        for position, sentence in enumerate(split_sentences(passage.text)):
            if chosen and total + len(sentence) > max_chars:
                return chosen
            chosen.append(Extract(sentence=sentence, passage=number, position=position, score=1.0))
            total += len(sentence)
    return chosen


def about_stages(extracts: list[Extract], stages: list[str]) -> list[Extract]:
    """The extracts without the sentences that name only other stages than those asked (阶段二 when 阶段一 is
    asked); all of them when that would leave none."""
    kept = [extract for extract in extracts
            if not (named := set(_STAGE_NAME.findall(extract.sentence))) or named & set(stages)]
    return kept or extracts


def _complete_lists(chosen: list[Extract], candidates: list[Extract]) -> list[Extract]:
    """A chosen sentence ending in a colon announces a list: bring the items that follow it."""
    by_place = {(c.passage, c.position): c for c in candidates}
    completed = list(chosen)
    for extract in chosen:
        if not extract.sentence.rstrip().endswith(("：", ":")):
            continue
        position = extract.position + 1
        added = 0
        while (extract.passage, position) in by_place and added < 4:
            follower = by_place[(extract.passage, position)]
            if follower not in completed:
                completed.append(follower)
            position += 1
            added += 1
    return completed


def compose(extracts: list[Extract]) -> str:
    """The answer text with [n] markers pointing at the passages given (1-based, prompt order)."""
    sentences = []
    for extract in extracts:
        text = extract.sentence.strip()
        match = re.search(r"[。！？；.!?;]+$", text)
        body, end = (text[: match.start()], text[match.start() :]) if match else (text, "。")
        sentences.append(f"{body}[{extract.passage + 1}]{end}")
    return "".join(sentences)


def unanswered_aspects(question: str, answer: str, share_of: Callable[[str], float],
                       glossary: Glossary | None = None) -> list[list[str]]:
    """The specific things the question asks about that the answer never names, each as its Chinese spellings.

    For a Chinese question these are its words of two or more characters; for an English one, the glossary
    terms it uses that the answer does not use. Words common to much of the report (城市, 数字化, 案例) say
    nothing about which part of a question an answer covers, so a word is an aspect only when `share_of` it
    (the share of passages containing it) is below COMMON_WORD_SHARE.
    """
    if language_of(question) == "en":
        named = {term.zh for term in glossary.matching_terms(answer)} if glossary is not None else set()
        terms = glossary.matching_terms(question) if glossary is not None else []
        candidates = [[term.zh, *term.variants] for term in terms if term.zh not in named]
    else:
        compact = squash(answer).lower()
        words = [word for word in dict.fromkeys(tokenize(question)) if len(word) > 1 and _CJK_CHAR.search(word)]
        candidates = [[word] for word in words if word not in compact]
        # A word inside a longer missing word is the same aspect: 数据共享 stands for 数据 and 共享.
        candidates = [forms for forms in candidates
                      if not any(forms[0] != other[0] and forms[0] in other[0] for other in candidates)]
    return [forms for forms in candidates if 0 < max(share_of(form) for form in forms) < COMMON_WORD_SHARE]


def completing_extracts(question: str, answer_sentences: list[str], candidates: list[Extract],
                        drawn_from: Callable[[str, str], bool], share_of: Callable[[str], float],
                        glossary: Glossary | None = None, limit: int = 2) -> list[Extract]:
    """For each aspect of the question the answer leaves out, the best report sentence that names it.

    `candidates` are the sentences of the passages, best first (`score_sentences`); a sentence an answer
    sentence was drawn from (`drawn_from(answer_sentence, sentence)`) is already told.
    """
    answer = " ".join(answer_sentences)
    chosen: list[Extract] = []
    for forms in unanswered_aspects(question, answer, share_of, glossary):
        for extract in candidates:
            if extract.score <= 0 or not any(form in extract.sentence for form in forms):
                continue
            if extract.sentence.rstrip().endswith(("：", ":")):
                continue  # a lead-in says nothing without the list after it
            if extract not in chosen and not any(drawn_from(sentence, extract.sentence) for sentence in answer_sentences):
                chosen.append(extract)
            break
        if len(chosen) >= limit:
            break
    return sorted(chosen, key=lambda extract: (extract.passage, extract.position))
