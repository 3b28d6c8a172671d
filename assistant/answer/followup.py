"""Follow-up questions: detect them and merge them with the previous question without a language model.

"那福冈呢？" after "宿州的民生服务平台解决了什么问题？" becomes "福冈的民生服务平台解决了什么问题？": the new
place replaces the old one, and so does a new stage or domain ("那阶段三呢？"). Any other follow-up is appended to
the previous question. Language-model engines rewrite those with the condense prompt instead, checked against
this merge; a follow-up that only names another place, stage or domain needs no model.
"""

from __future__ import annotations

import re

from assistant.knowledge.glossary import Glossary
from assistant.answer.retrieval import glossary_names
from assistant.text import language_of, name_pattern, tokenize

_FOLLOWUP_ZH = re.compile(r"^(那|那么|还有|另外|此外|它|它们|他们|该|这个|这些|其|同样|相比之下|对比|一共|总共|其中|排第|排名第|排在第)|呢[？?]?$|怎么样[？?]?$|如何[？?]?$")
_FOLLOWUP_EN = re.compile(r"^(and|what about|how about|what of|same for|and what|and how|then|also|compared)\b|\b(it|its|they|their|there|that one|this one)\b", re.I)


_STILL_LEANING = re.compile(r"^(那|它|它们|其|该|这个|这些)")


class FollowUpMerger:
    """Heuristic follow-up handling over the glossary's places."""

    def __init__(self, glossary: Glossary, extra_places: list[str] | None = None):
        self._places: list[tuple[str, str]] = []  # (surface form, canonical Chinese name)
        for term in glossary.terms:
            if term.group == "places":
                for surface in [term.zh, *term.variants, *term.en]:
                    self._places.append((surface, term.zh))
        for place in extra_places or []:
            self._places.append((place, place))
        self._places.sort(key=lambda pair: -len(pair[0]))
        self._chinese_forms: dict[str, set[str]] = {}
        for term in glossary.terms:
            if term.group == "places":
                self._chinese_forms.setdefault(term.zh, set()).update([term.zh, *term.variants])
        for place in extra_places or []:
            self._chinese_forms.setdefault(place, set()).add(place)
        # Stages and domains a follow-up may ask about instead of the previous question's ("那阶段三呢？").
        self._swappable = [glossary_names(glossary, group, []) for group in ("stages", "domains")]

    def chinese_forms(self, canonical: str) -> set[str]:
        """Every Chinese spelling of a place (福冈: 福冈, 福岡, 福冈市, 福岡市)."""
        return self._chinese_forms.get(canonical, {canonical})

    def places(self, text: str) -> list[tuple[str, str]]:
        """(surface, canonical) places named in the text, longest match first, without overlaps."""
        return _found(text, self._places)

    def is_followup(self, question: str) -> bool:
        """True when the question leans on the conversation (short, or anaphoric)."""
        text = question.strip()
        if language_of(text) == "zh":
            content = re.sub(r"[\s，。？！?,.!]", "", text)
            return bool(_FOLLOWUP_ZH.search(text)) or len(content) <= 6
        return bool(_FOLLOWUP_EN.search(text)) or len(text.split()) <= 4

    def keeps_new_words(self, question: str, rewritten: str) -> bool:
        """Whether a rewrite of the follow-up stands alone and still says what the follow-up asks besides its
        places ("And research institutions?" rewritten as a question about citizens does not)."""
        if _STILL_LEANING.match(rewritten):
            return False  # "它有几处景区？" still needs the conversation
        places = [surface for surface, _ in self.places(question)]
        kept = set(tokenize(rewritten))
        return all(word in kept for word in tokenize(_strip_followup_words(question, places)))

    def substituted(self, question: str, previous: str) -> str | None:
        """The previous question with the follow-up's place, stage or domain put in place of its own, when the
        follow-up asks nothing else ("那福冈呢？", "那阶段三呢？", "And Pinghu?"); otherwise None."""
        for names in (self._places, *self._swappable):
            new, old = _found(question, names), _found(previous, names)
            if not new or not old or new[0][1] == old[0][1]:
                continue
            rest = _strip_followup_words(question, [surface for surface, _ in new])
            if re.sub(r"领域|\b(?:the|domains?)\b", "", rest, flags=re.I).strip():
                return None  # the follow-up asks something besides ("那福冈的平台建设花了多少钱？")
            surface = new[0][0] if language_of(question) == language_of(previous) else new[0][1]
            return re.sub(re.escape(old[0][0]), surface, previous, flags=re.I)
        return None

    def merge(self, question: str, previous: str) -> str:
        """The follow-up as a standalone question, given the previous standalone question."""
        substituted = self.substituted(question, previous)
        if substituted:
            return substituted
        new_places = self.places(question)
        old_places = self.places(previous)
        if new_places and old_places:
            merged = previous
            old_surface = old_places[0][0]
            new_surface = new_places[0][0] if language_of(question) == language_of(previous) else new_places[0][1]
            merged = re.sub(re.escape(old_surface), new_surface, merged, count=0, flags=re.I)
            rest = _strip_followup_words(question, [surface for surface, _ in new_places])
            return merged if not rest else f"{merged} {rest}"
        return f"{previous} {question}".strip()


def _found(text: str, names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(surface, canonical) names found in the text, in the order given (longest first), without overlaps."""
    found: list[tuple[str, str]] = []
    remaining = text
    for surface, canonical in names:
        pattern = name_pattern(surface)
        if re.search(pattern, remaining, re.I):
            found.append((surface, canonical))
            remaining = re.sub(pattern, " ", remaining, flags=re.I)
    return found


def _strip_followup_words(question: str, places: list[str]) -> str:
    """What a follow-up says besides its place and its 'what about' words."""
    rest = question
    for place in places:
        rest = re.sub(re.escape(place), "", rest, flags=re.I)
    rest = _FOLLOWUP_ZH.sub("", rest.strip())
    rest = re.sub(r"^(and|what about|how about|what of|same for)\b", "", rest.strip(), flags=re.I)
    rest = re.sub(r"^[\s，,。？?!！的]+|[\s，,。？?!！]+$", "", rest)
    return rest if len(rest) > 1 else ""
