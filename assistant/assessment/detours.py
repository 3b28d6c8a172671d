"""Replies that are not an answer to the step: a question back, a request outside the assessment, a vague reply, a
confirmation that carries a remark. The words are corpus/lexicon.yaml's `assessment.*` entries."""

from __future__ import annotations

from typing import Literal

from assistant.assessment import interpret
from assistant.knowledge.lexicon import Lexicon, load_lexicon

Detour = Literal["question", "off_topic", "vague"]


def detour(text: str, lexicon: Lexicon | None = None) -> Detour | None:
    """What kind of detour a reply is, or None when it is meant as an answer."""
    lexicon = lexicon or load_lexicon()
    text = (text or "").strip()
    if not text:
        return None
    if lexicon.pattern("assessment.off_topic").search(text):
        return "off_topic"
    if lexicon.pattern("assessment.question_back").search(text) and interpret.is_substantive(text, minimum_cjk=3, minimum_words=2):
        return "question"
    if lexicon.pattern("assessment.vague").search(text) and _short(text):
        return "vague"
    return None


def confirmation_note(text: str, lexicon: Lexicon | None = None) -> str | None:
    """The remark after a confirmation ("阶段二没错，不过……" gives "不过……"); None when the reply is not one."""
    lexicon = lexicon or load_lexicon()
    text = (text or "").strip()
    opening = lexicon.pattern("assessment.confirm").match(text)
    if not opening:
        return None
    contrast = lexicon.pattern("assessment.contrast").search(text, opening.end())
    if not contrast:
        return None
    note = text[contrast.start():].strip()
    return note if interpret.is_substantive(note, minimum_cjk=3, minimum_words=2) else None


def is_decline(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a reply declines a proposed change ("不用", "保持", "no")."""
    lexicon = lexicon or load_lexicon()
    return bool(lexicon.pattern("assessment.decline").match((text or "").strip()))


def _short(text: str) -> bool:
    """Short enough that a vague word is the whole reply rather than part of a description."""
    return len(interpret.fold(text)) <= 16 if interpret._CJK.search(text) else len(text.split()) <= 6
