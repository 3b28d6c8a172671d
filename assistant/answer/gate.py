"""Decide whether the report can answer a question at all: unknown places and weak evidence are refused.

A question about 苏州 must not be answered with 宿州's numbers: a place name the report never mentions is a
refusal whatever the retrieval returns. Otherwise the best dense similarity of the retrieved passages must
reach a threshold calibrated on the gold set (in-scope against out-of-scope questions). Last, a code-like
term of the question that the report does use (GDP, 5G, AEMS) must occur in the passages the answer is
built from: Fukuoka's passages never mention GDP, so "What was Fukuoka's GDP in 2021?" is refused rather than
answered with whatever else they say about Fukuoka.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from assistant.knowledge.glossary import Glossary
from assistant.schemas import Chunk, RetrievedChunk
from assistant.text import digit_counts, language_of, squash, tokenize

# Calibrated on eval/qa.jsonl with the default embedder (`assistant eval --calibrate`): the best dense
# similarity of in-scope Chinese questions stays above 0.86, of English ones mostly above 0.78.
DEFAULT_EVIDENCE_THRESHOLD = {"zh": 0.85, "en": 0.775}
# Share of a Chinese question's content words that the report uses at all: in-scope questions stay above
# 0.6, questions about recipes, the weather or 5G base stations fall below.
MIN_TERM_COVERAGE = 0.55

_GENERIC_PLACES = {"城市", "中小城市", "大城市", "城乡", "地区", "国家", "全国", "全球", "世界", "国际", "地方", "本地", "当地", "省", "市", "县", "区", "乡村", "农村", "社区"}
_COMMON_CAPITALISED = {
    "What", "How", "Why", "When", "Where", "Which", "Who", "Whom", "Does", "Do", "Did", "Is", "Are", "Was", "Were",
    "Can", "Could", "Should", "Would", "Will", "According", "The", "A", "An", "In", "On", "For", "Of", "And", "Or",
    "Please", "Tell", "Give", "List", "Explain", "Describe", "Compare", "Table", "Figure", "Chapter", "Section",
    "Stage", "Appendix", "Chinese", "English", "Japanese", "I", "We", "My", "Our", "It", "Its", "This", "That", "These",
    "Those", "Report", "Summary", "Executive", "Preface", "Case", "Cases", "City", "Cities", "County", "Mayor",
    "Government", "Smart", "Digital", "Transformation", "Small", "Medium", "Sized", "Medium-sized", "If", "As", "To",
    "Besides", "Also", "Then", "Now", "Name", "Show", "Ignore", "Forget", "You", "Your", "Hi", "Hello", "Tencent",
    "Future", "Experts", "Expert", "Phase", "Project", "Platform", "Centre", "Center", "Smart City",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}
# Acronyms and code-like terms: at least two capitals or digits and one letter (GDP, 5G, G20, AEMS, U4SSC).
_CODE_TERM = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?![A-Za-z0-9])")
# A static 2022 report cannot say what happens today or tomorrow.
_TIME_BOUND = re.compile(r"明天|今天|昨天|后天|最新|实时天气|天气预报|\b(today|tomorrow|yesterday|right now|latest|weather forecast)\b", re.I)
# Places the report's names are easily confused with: 宿州 (Anhui) is not Suzhou in Jiangsu.
_CONFUSABLE = [(re.compile(r"\bsuzhou\b", re.I), re.compile(r"jiangsu|industrial park|江苏|园区", re.I), "Suzhou (Jiangsu)")]


@functools.lru_cache(maxsize=4)
def _vocabulary(corpus_text: str) -> frozenset[str]:
    """Words as the report segments them (杭州湾 is in the report, 杭州 is not); about a second, so kept."""
    import jieba

    return frozenset(word for word in jieba.cut(corpus_text) if word.strip())


@dataclass
class ScopeDecision:
    answerable: bool
    reason: str = ""
    unknown_place: str | None = None
    evidence: float = 0.0


class ScopeGate:
    """Refuses questions about places the report never names, or with weak retrieval evidence."""

    def __init__(self, corpus_text: str, glossary: Glossary, threshold: float | None = None):
        self._corpus = squash(corpus_text).lower()
        self._vocabulary = _vocabulary(corpus_text)
        self._known = {form.lower() for term in glossary.terms for form in [term.zh, *term.variants, *term.en]}
        self.thresholds = {language: threshold or value for language, value in DEFAULT_EVIDENCE_THRESHOLD.items()}

    def term_coverage(self, question: str) -> tuple[float, list[str]]:
        """For a Chinese question: the share of its content words found in the report, and the missing ones."""
        import jieba

        words = [
            word for word in dict.fromkeys(jieba.cut(question))
            if len(word) >= 2 and re.search(r"[\u3400-\u9fff]", word) and tokenize(word)
        ]
        if not words:
            return 1.0, []
        missing = [word for word in words if not self._uses(word.lower())]
        return 1 - len(missing) / len(words), missing

    def _uses(self, word: str) -> bool:
        """Whether the report uses the word, also with its counts in digits (七个 is written 7个)."""
        return any(form in self._corpus or form in self._known for form in {word, digit_counts(word)})

    def unknown_place(self, question: str) -> str | None:
        """A place name in the question that the report never mentions, if there is one."""
        for name, context, label in _CONFUSABLE:
            if name.search(question) and context.search(question):
                return label
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
                if stem not in self._vocabulary and word not in self._vocabulary:
                    return word
            return None
        for match in re.finditer(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b", question):
            words = match.group(0)
            if words.lower() in self._known or words in _COMMON_CAPITALISED:
                continue
            if match.start() == 0 and " " not in words:
                continue  # the first word of a question is capitalised anyway
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

    def absent_terms(self, question: str, passages: list[Chunk]) -> list[str]:
        """Code-like terms of the question that the report uses but none of these passages contains."""
        found = squash(" ".join(passage.text for passage in passages)).lower()
        terms = [
            term for term in dict.fromkeys(_CODE_TERM.findall(question))
            if sum(char.isupper() or char.isdigit() for char in term) >= 2
        ]
        return [term for term in terms if term.lower() in self._corpus and term.lower() not in found]

    def decide(self, question: str, hits: list[RetrievedChunk]) -> ScopeDecision:
        """Whether to answer, from the question's places and the retrieved evidence."""
        evidence = max((hit.dense_score or 0.0 for hit in hits), default=0.0)
        if _TIME_BOUND.search(question):
            return ScopeDecision(False, "asks about the present", evidence=evidence)
        place = self.unknown_place(question)
        if place:
            return ScopeDecision(False, "unknown place", unknown_place=place, evidence=evidence)
        language = language_of(question)
        if language == "zh":
            coverage, missing = self.term_coverage(question)
            if coverage < MIN_TERM_COVERAGE:
                return ScopeDecision(False, f"words the report never uses: {', '.join(missing)}", evidence=evidence)
        if evidence < self.thresholds[language]:
            return ScopeDecision(False, "weak evidence", evidence=evidence)
        return ScopeDecision(True, evidence=evidence)
