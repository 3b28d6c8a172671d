"""Follow-up questions: whether a question leans on the previous one, and the question it stands for.

A question that names a topic of its own stands alone, whatever words it starts or ends with, and so does a
question in another language that names its own topic: neither is ever glued to the conversation. A
follow-up that only names another place, stage or domain ("那福冈呢？", "那阶段三呢？", "And Pinghu?") is put in
place of the previous question's name. Any other follow-up is rewritten by the language model when there is
one, checked against the merge without it: the previous question followed by the follow-up.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer.names import NAME_GROUPS, NameFinder
from assistant.knowledge.lexicon import Lexicon
from assistant.schemas import ChatTurn
from assistant.text import language_of, tokenize

# A question with this many content characters (Chinese) or words (English) or fewer leans on the conversation.
SHORT_ZH_CHARS = 6
SHORT_EN_WORDS = 4

Rewriter = Callable[[str, list[ChatTurn], str], str | None]


class FollowUps:
    """Follow-up handling over the report's names and the lexicon's follow-up words."""

    def __init__(self, finder: NameFinder, lexicon: Lexicon):
        self.finder = finder
        self.lexicon = lexicon

    def _named(self, text: str) -> list:
        return [span for group in NAME_GROUPS for span in self.finder.spans(text, group)]

    def leans_on(self, question: str, language: str, previous: str) -> bool:
        """Whether the question leans on the previous one: it opens with a follow-up word, or it is short or
        ends with "…呢" or uses a pronoun while naming no topic of its own."""
        text = question.strip()
        words = self.lexicon
        if language == "zh":
            if words.pattern("question.followup_openers_zh").search(text):
                return True
            content = re.sub(r"[\s，。？！?,.!]", "", text)
            own_topic = bool(self._named(text)) or len(content) > 3 * SHORT_ZH_CHARS
            if own_topic and language_of(previous) != language:
                return False
            return len(content) <= SHORT_ZH_CHARS or (
                not own_topic and bool(words.pattern("question.followup_endings_zh").search(text)))
        if words.pattern("question.followup_openers_en").search(text):
            return True
        own_topic = bool(self._named(text))
        if len(text.split()) <= SHORT_EN_WORDS:
            return not own_topic or language_of(previous) == language
        return not own_topic and bool(words.pattern("question.anaphora_en").search(text))

    def standalone(self, question: str, previous: str, history: list[ChatTurn], language: str,
                   rewrite: Rewriter | None = None) -> str:
        """The follow-up as a standalone question: a swapped name, else the model's rewrite when it keeps
        what the follow-up asks, else the previous question followed by the follow-up."""
        substituted = self.substituted(question, previous)
        if substituted:
            return substituted
        merged = self.merged(question, previous)
        if rewrite is None:
            return merged
        rewritten = (rewrite(question, history, language) or "").strip()
        new_places = self.finder.names(question, "places")
        # The small model sometimes answers instead of rewriting, or drops the new place or what the follow-up
        # asks: keep the merge then.
        if (not rewritten or len(rewritten) > 3 * len(merged) + 40
                or (new_places and new_places[0] not in self.finder.names(rewritten, "places"))
                or not self.keeps_new_words(question, rewritten)):
            return merged
        return rewritten

    def keeps_new_words(self, question: str, rewritten: str) -> bool:
        """Whether a rewrite stands alone and still says what the follow-up asks besides its names."""
        if self.lexicon.pattern("question.still_leaning_zh").search(rewritten):
            return False
        kept = set(tokenize(rewritten))
        return all(word in kept for word in tokenize(self._rest(question)))

    def substituted(self, question: str, previous: str) -> str | None:
        """The previous question with the follow-up's place, stage or domain put in place of its own, when the
        follow-up asks nothing else; otherwise None."""
        for group in NAME_GROUPS:
            new, old = self.finder.spans(question, group), self.finder.spans(previous, group)
            if not new or not old or new[0].name == old[0].name:
                continue
            rest = self.lexicon.pattern("question.followup_fillers").sub("", self._rest(question))
            if rest.strip():
                return None  # the follow-up asks something besides its name
            surface = new[0].surface if language_of(question) == language_of(previous) else new[0].name
            return previous[:old[0].start] + surface + previous[old[0].end:]
        return None

    def merged(self, question: str, previous: str) -> str:
        """The previous question followed by the follow-up; when both name a place, the previous question with
        the follow-up's place in place of its own, followed by what else the follow-up asks."""
        new, old = self.finder.spans(question, "places"), self.finder.spans(previous, "places")
        if new and old:
            surface = new[0].surface if language_of(question) == language_of(previous) else new[0].name
            swapped = re.sub(re.escape(old[0].surface), surface, previous, flags=re.I)
            rest = self._rest(question)
            return f"{swapped} {rest}".strip()
        return f"{previous} {question}".strip()

    def _rest(self, question: str) -> str:
        """What a follow-up says besides its names and its "what about" words."""
        rest = question
        for span in sorted(self._named(question), key=lambda span: -span.start):
            rest = rest[:span.start] + rest[span.end:]
        words = self.lexicon
        rest = words.pattern("question.followup_openers_zh").sub("", rest.strip())
        rest = words.pattern("question.followup_openers_en").sub("", rest.strip())
        rest = words.pattern("question.followup_endings_zh").sub("", rest.strip())
        rest = re.sub(r"^[\s，,。？?!！的]+|[\s，,。？?!！]+$", "", rest)
        return rest if len(rest) > 1 else ""
