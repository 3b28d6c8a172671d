"""Decide whether the report can answer a question at all: unknown places and weak evidence are refused.

A question about 苏州 must not be answered with 宿州's numbers: a place name the report never mentions is a
refusal whatever the retrieval returns. Otherwise the best dense similarity of the retrieved passages must
reach a threshold calibrated on the gold set (in-scope against out-of-scope questions).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from assistant.glossary import Glossary
from assistant.schemas import RetrievedChunk
from assistant.text import language_of, squash

# Calibrated on eval/qa.jsonl with the default embedder: see `assistant eval --calibrate`.
DEFAULT_EVIDENCE_THRESHOLD = 0.80

_GENERIC_PLACES = {"城市", "中小城市", "大城市", "城乡", "地区", "国家", "全国", "全球", "世界", "国际", "地方", "本地", "当地", "省", "市", "县", "区", "乡村", "农村", "社区"}
_COMMON_CAPITALISED = {
    "What", "How", "Why", "When", "Where", "Which", "Who", "Whom", "Does", "Do", "Did", "Is", "Are", "Was", "Were",
    "Can", "Could", "Should", "Would", "Will", "According", "The", "A", "An", "In", "On", "For", "Of", "And", "Or",
    "Please", "Tell", "Give", "List", "Explain", "Describe", "Compare", "Table", "Figure", "Chapter", "Section",
    "Stage", "Appendix", "Chinese", "English", "Japanese", "I", "We", "My", "Our", "It", "Its", "This", "That", "These",
    "Those", "Report", "Summary", "Executive", "Preface", "Case", "Cases", "City", "Cities", "County", "Mayor",
    "Government", "Smart", "Digital", "Transformation", "Small", "Medium", "Sized", "Medium-sized", "If", "As", "To",
    "Besides", "Also", "Then", "Now", "Name", "Show", "Ignore", "Forget", "You", "Your", "Hi", "Hello", "Tencent",
}


@dataclass
class ScopeDecision:
    answerable: bool
    reason: str = ""
    unknown_place: str | None = None
    evidence: float = 0.0


class ScopeGate:
    """Refuses questions about places the report never names, or with weak retrieval evidence."""

    def __init__(self, corpus_text: str, glossary: Glossary, threshold: float = DEFAULT_EVIDENCE_THRESHOLD):
        self._corpus = squash(corpus_text).lower()
        self._known = {form.lower() for term in glossary.terms for form in [term.zh, *term.variants, *term.en]}
        self.threshold = threshold

    def unknown_place(self, question: str) -> str | None:
        """A place name in the question that the report never mentions, if there is one."""
        if language_of(question) == "zh":
            import jieba
            import jieba.posseg

            jieba.setLogLevel(logging.WARNING)
            for pair in jieba.posseg.cut(question):
                word = pair.word
                if not pair.flag.startswith("ns") or word in _GENERIC_PLACES or len(word) < 2:
                    continue
                stem = re.sub(r"(市|县|省|区)$", "", word)
                if stem.lower() in self._known or word in self._known:
                    continue
                if stem not in self._corpus:
                    return word
            return None
        for match in re.finditer(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b", question):
            words = match.group(0)
            parts = [w for w in re.split(r"[ -]", words) if w not in _COMMON_CAPITALISED]
            if not parts:
                continue
            candidate = " ".join(parts)
            if candidate.lower() in self._known or any(p.lower() in self._known for p in parts):
                continue
            if squash(candidate).lower() in self._corpus:
                continue
            return candidate
        return None

    def decide(self, question: str, hits: list[RetrievedChunk]) -> ScopeDecision:
        """Whether to answer, from the question's places and the retrieved evidence."""
        evidence = max((hit.dense_score or 0.0 for hit in hits), default=0.0)
        place = self.unknown_place(question)
        if place:
            return ScopeDecision(False, "unknown place", unknown_place=place, evidence=evidence)
        if evidence < self.threshold:
            return ScopeDecision(False, "weak evidence", evidence=evidence)
        return ScopeDecision(True, evidence=evidence)
