"""Decide whether the report can answer a question at all: unknown places and weak evidence are refused.

A place name the report never mentions (found by the question analysis) is a refusal whatever the
retrieval returns, and so is a question about the present or a year after the report, or a request for steps to
follow, a text to write or the assistant's own opinion. A question naming a part of the report (the appendix,
section 2.3) is in scope. Otherwise the best dense similarity of the retrieved passages must reach a threshold
calibrated on the gold set (in-scope against out-of-scope questions), unless the question asks where a place the
report names lies. Last, a code-like term of the question that the
report does use (GDP, 5G, AEMS) must occur in the passages the answer is built from: a case city's passages
that never mention its GDP do not answer a question about its GDP. A Chinese question asking the report's advice or
view on a topic (报告对……有什么建议) is refused when the topic has a word the report never uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.parts import ReportParts
from assistant.answer.question import QuestionAnalysis
from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.schemas import Chunk, RetrievedChunk
from assistant.text import code_names, digit_counts, squash, tokenize

# Calibrated on the dev questions with the default embedder (`assistant eval --calibrate`): the best dense
# similarity of in-scope Chinese questions stays above 0.86, of English ones mostly above 0.78.
DEFAULT_EVIDENCE_THRESHOLD = {"zh": 0.85, "en": 0.775}
# Share of a Chinese question's content words that the report uses at all: in-scope questions stay above
# 0.6, questions about recipes, the weather or 5G base stations fall below.
MIN_TERM_COVERAGE = 0.55



@dataclass
class ScopeDecision:
    answerable: bool
    reason: str = ""
    unknown_place: str | None = None
    evidence: float = 0.0


class ScopeGate:
    """Refuses questions about places the report never names, or with weak retrieval evidence."""

    def __init__(self, corpus_text: str, glossary: Glossary, threshold: float | None = None,
                 lexicon: Lexicon | None = None, parts: ReportParts | None = None):
        """`parts` finds the parts of the report a question names (the retriever's); without it none is found."""
        self._corpus = squash(corpus_text).lower()
        lexicon = lexicon or load_lexicon()
        self._asking = frozenset(lexicon.words("question.asking_words_zh") + lexicon.words("question.location_words_zh"))
        self._glossary = glossary
        self._known = {form.lower() for term in glossary.terms for form in [term.zh, *term.variants, *term.en]}
        self.thresholds = {language: threshold or value for language, value in DEFAULT_EVIDENCE_THRESHOLD.items()}
        self._where = lexicon.pattern("question.asks_where")
        self._parts = parts
        self._view_topic = [re.compile(pattern) for pattern in lexicon.entry("question.report_view_topic_zh").patterns]

    def term_coverage(self, question: str) -> tuple[float, list[str]]:
        """For a Chinese question: the share of its content words found in the report, and the missing ones. Words
        that only say how to answer (哪里, 分别, 特点) are not content words."""
        words = self._content_words(question)
        if not words:
            return 1.0, []
        missing = [word for word in words if not self._uses(word.lower())]
        return 1 - len(missing) / len(words), missing

    def unwritten_topic(self, analysis: QuestionAnalysis) -> list[str]:
        """For a Chinese question asking what the report advises or thinks about a topic (报告对……有什么建议,
        关于……，报告怎么看): the topic's words the report never uses. A view of the report on what it never writes
        of is no view it gives, however close the retrieved passages on other topics come."""
        if analysis.language != "zh":
            return []
        text = analysis.canonical or analysis.standalone
        found = next((match for pattern in self._view_topic if (match := pattern.search(text))), None)
        if found is None:
            return []
        return [word for word in self._content_words(found.group("topic")) if not self._uses(word.lower())]

    def _content_words(self, text: str) -> list[str]:
        import jieba

        return [
            word for word in dict.fromkeys(jieba.cut(text))
            if len(word) >= 2 and re.search(r"[\u3400-\u9fff]", word) and tokenize(word) and word not in self._asking
        ]

    def _uses(self, word: str) -> bool:
        """Whether the report uses the word, also with its counts in digits (七个 is written 7个), or every word
        it is compounded of (人口比例: 人口, 比例; but not 世界杯, of which only 世界 is a word of the report)."""
        if any(form in self._corpus or form in self._known for form in {word, digit_counts(word)}):
            return True
        return _covered_by_used_words(word, self._corpus)

    def absent_terms(self, question: str, passages: list[Chunk]) -> list[str]:
        """Code-like terms of the question that the report uses but none of these passages contains. A code inside
        a longer English name of the glossary (UN in UN-Habitat) is there where the passages write that name in
        Chinese (联合国人居署)."""
        found = squash(" ".join(passage.text for passage in passages)).lower()
        named = self._glossary.matching_terms(question)
        absent = []
        for term in code_names(question):
            if term.lower() not in self._corpus or term.lower() in found:
                continue
            within = [entry for entry in named if any(term.lower() in form.lower() for form in entry.en)]
            if not any(form.lower() in found for entry in within for form in [entry.zh, *entry.variants]):
                absent.append(term)
        return absent

    def unmentioned_concepts(self, analysis: QuestionAnalysis, passages: list[Chunk]) -> list[str]:
        """For a question asking whether something is so of a place (开封是否设立了首席数据官, "did Baoying use
        blockchain"): the report's concepts it asks about (the glossary's terms) that no passage about the place
        mentions, and its nouns the report never uses at all. The report cannot say yes or no to what it never writes
        of that place. A question naming no place
        is answered from the passages retrieved for it, which are not all the report says, so it is left alone."""
        if not analysis.asked.yes_no or not analysis.places:
            return []
        question = analysis.standalone
        if analysis.language == "zh":
            named = sorted((term for term in self._glossary.terms if term.group == "terms" and term.zh in question),
                           key=lambda term: -len(term.zh))
            named = [term for number, term in enumerate(named) if not any(term.zh in longer.zh for longer in named[:number])]
        else:
            named = [term for term in self._glossary.matching_terms(question) if term.group == "terms"]
        found = squash(" ".join(passage.text for passage in passages)).lower()
        absent = [term.zh for term in named
                  if not any(squash(form).lower() in found for form in [term.zh, *term.variants])]
        return absent + (self._unused_nouns(question) if analysis.language == "zh" else [])

    def _unused_nouns(self, question: str) -> list[str]:
        """The nouns of a Chinese question that the report never uses (医保 in 能不能办医保报销, 县市): what it never
        writes of is nothing it says yes or no to. Verbs are left out, since a question may ask in its own (相接)."""
        import jieba.posseg

        nouns = {pair.word for pair in jieba.posseg.cut(question) if pair.flag.startswith("n") or pair.flag == "j"}
        return [word for word in self._content_words(question) if word in nouns and not self._uses(word.lower())]

    def _names_a_part(self, analysis: QuestionAnalysis) -> bool:
        """Whether the question names a part of the report (the appendix, section 2.3, Table 2): it points into
        the report, so words the report never uses or weak likeness to its passages are no sign it is beyond it."""
        return self._parts is not None and bool(self._parts.ranking(analysis.standalone))

    def _asks_where_a_named_place_lies(self, analysis: QuestionAnalysis) -> bool:
        """Whether the question asks where a place the report names lies (平湖北面挨着哪里): the report says where with
        位于 and 北接, words a question in 挨着 or "borders" shares too little with to be likened to them."""
        return bool(analysis.places and self._where.search(analysis.standalone))

    def decide(self, analysis: QuestionAnalysis, hits: list[RetrievedChunk]) -> ScopeDecision:
        """Whether to answer, from what the question analysis found and the retrieved evidence."""
        evidence = max((hit.dense_score or 0.0 for hit in hits), default=0.0)
        if analysis.time_bound:
            return ScopeDecision(False, "asks about the present or a year after the report", evidence=evidence)
        if analysis.procedure:
            return ScopeDecision(False, "asks for steps to follow, a text to write or an opinion", evidence=evidence)
        if analysis.unknown_place:
            return ScopeDecision(False, "unknown place", unknown_place=analysis.unknown_place, evidence=evidence)
        language = analysis.language
        if self._names_a_part(analysis):
            return ScopeDecision(True, evidence=evidence)
        if language == "zh":
            coverage, missing = self.term_coverage(analysis.canonical or analysis.standalone)
            if coverage < MIN_TERM_COVERAGE:
                return ScopeDecision(False, f"words the report never uses: {', '.join(missing)}", evidence=evidence)
            if unwritten := self.unwritten_topic(analysis):
                return ScopeDecision(False, f"asks the report's view of what it never writes: {', '.join(unwritten)}",
                                     evidence=evidence)
        if evidence < self.thresholds[language] and not self._asks_where_a_named_place_lies(analysis):
            return ScopeDecision(False, "weak evidence", evidence=evidence)
        return ScopeDecision(True, evidence=evidence)


def _covered_by_used_words(word: str, corpus: str) -> bool:
    """Whether the words a compound is made of (jieba's shorter words inside it, of two characters or more)
    are all used by the report and together cover every character of it."""
    import jieba

    covered = [False] * len(word)
    for part in jieba.cut_for_search(word):
        if part == word or len(part) < 2 or part not in corpus:
            continue
        start = word.find(part)
        while start >= 0:
            covered[start:start + len(part)] = [True] * len(part)
            start = word.find(part, start + 1)
    return all(covered)
