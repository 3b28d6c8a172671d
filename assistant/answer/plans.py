"""Whether the report gives the outcome a question asks for, or only a plan.

The report states some things only as plans (开封的未来城市二期将进一步深化……, 未来，莘县还将……探索……). A question
asking what such a thing achieved, whether it is finished, or how it turned out (二期建成后的成效, "has phase two
delivered") is not answered by the plan: the answer says the report gives only the plan and counts as a refusal,
with the plan kept as the pointer.

The thing asked about is named by the question's most distinctive words: those the report writes in the fewest
passages, and in two at most (二期, 反哺). When every sentence of the passages naming one of them speaks of the future (将, 计划, 有望; the markers are in
corpus/lexicon.yaml, `answer.future_markers`), the report gives only the plan.
"""

from __future__ import annotations

import re

from assistant.answer.question import QuestionAnalysis
from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.schemas import Chunk
from assistant.text import has_chinese, tokenize

# A word of the question names the thing asked about when the report writes it in at most this many passages.
MAX_DISTINCTIVE_PASSAGES = 2


class PlanCheck:
    """Reads whether a question asks an outcome, and whether the report states the thing only as a plan."""

    def __init__(self, chunks: dict[str, Chunk], glossary: Glossary, lexicon: Lexicon | None = None):
        lexicon = lexicon or load_lexicon()
        self._texts = [chunk.text for chunk in chunks.values()]
        self._glossary = glossary
        self._asks = lexicon.pattern("question.asks_outcome")
        self._future = lexicon.pattern("answer.future_markers")
        self._phases_en = {chinese: tuple(form.lower() for form in forms)
                           for chinese, forms in lexicon.forms("answer.planned_phases_en").items()}

    def planned_only(self, analysis: QuestionAnalysis, sentences: list[str]) -> str | None:
        """The sentence stating as a plan the thing whose outcome the question asks, when every sentence naming
        the thing states a plan; else None."""
        question = analysis.standalone
        if not self._asks.search(question):
            return None
        terms = self._distinctive(analysis)
        naming = [sentence for sentence in dict.fromkeys(sentences) if any(term in sentence for term in terms)]
        if not naming:
            return None
        # the question's own words are no marker: 未来 in 未来城市 names the project, it does not speak of the future;
        # only such words are set aside (一步 of 哪一步 is no marker, and 将进一步 still speaks of the future)
        own = sorted({word for word in set(tokenize(question)) | set(terms) if self._future.search(word)},
                     key=len, reverse=True)
        if all(self._future.search(_without(sentence, own)) for sentence in naming):
            return naming[0]
        return None

    def _distinctive(self, analysis: QuestionAnalysis) -> list[str]:
        """The question's words the report writes in few passages: its Chinese words, or the Chinese names of an
        English question's glossary terms and phases (phase two: 二期)."""
        if analysis.language == "zh":
            words = [word for word in tokenize(analysis.standalone) if len(word) >= 2 and has_chinese(word)]
        else:
            lowered = analysis.standalone.lower()
            words = [term.zh for term in self._glossary.matching_terms(analysis.standalone) if term.group != "places"]
            words += [chinese for chinese, forms in self._phases_en.items()
                      if any(re.search(rf"\b{re.escape(form)}\b", lowered) for form in forms)]
        held = {word: sum(word in text for text in self._texts) for word in dict.fromkeys(words)}
        held = {word: count for word, count in held.items() if 0 < count <= MAX_DISTINCTIVE_PASSAGES}
        fewest = min(held.values(), default=0)
        return [word for word, count in held.items() if count == fewest]  # the rarest name the thing most closely


def _without(sentence: str, words: list[str]) -> str:
    for word in words:
        sentence = sentence.replace(word, " ")
    return sentence
