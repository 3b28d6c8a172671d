"""The report's Chinese names by their pinyin, so that a romanised name in an English question (Pengshui, Xun Su
Ban, Chiyou) is known for the name the report writes in characters (彭水, 讯宿办, 蚩尤).

The names are the glossary's Chinese spellings, the names the report puts in quotation marks or title marks
(“讯宿办”, 《塑造欧洲数字化转型》) and the words the segmenter tags as proper names (places, people,
organisations), alone or with the word that follows. Everyday words are not names, so "Beijing" does not read
as 背景 (background); and only whole names count: 杭州湾 is a name of the report, 杭州 is not, so "Hangzhou"
stays unknown.
"""

from __future__ import annotations

import re
from functools import cached_property

from assistant.knowledge.glossary import Glossary

# A name of the report is two to eight characters; a romanised word is read only if it spells two syllables
# or more, since a single syllable (Long, Dan, Tan) is as often an English word.
_CJK_NAME = re.compile(r"^[\u3400-\u9fff]{2,8}$")
_QUOTED = re.compile(r"[“《「]([\u3400-\u9fff]{2,8})[”》」]")
# The segmenter's part-of-speech tags of proper names: people, places, organisations, other names.
_PROPER = ("nr", "ns", "nt", "nz")
MIN_SYLLABLES = 2


class RomanisedNames:
    """Finds the report's Chinese name that a romanised (pinyin) name spells, if there is one."""

    def __init__(self, corpus_text: str, glossary: Glossary):
        self._corpus_text = corpus_text
        self._glossary = glossary

    def chinese(self, romanised: str) -> str | None:
        """The report's name that the romanised words spell, ignoring spaces, hyphens, case and tones."""
        key = re.sub(r"[^a-z]", "", romanised.lower())
        return self._by_pinyin.get(key)

    @cached_property
    def _by_pinyin(self) -> dict[str, str]:
        """Toneless pinyin (letters only) -> the first name of the report that reads so."""
        from pypinyin import lazy_pinyin

        index: dict[str, str] = {}
        for name in self._names():
            syllables = lazy_pinyin(name)
            if len(syllables) >= MIN_SYLLABLES and all(s.isascii() and s.isalpha() for s in syllables):
                index.setdefault("".join(syllables).lower(), name)
        return index

    def _names(self) -> list[str]:
        """The glossary's Chinese spellings, the quoted names and the proper names, alone and with the next word."""
        import jieba.posseg

        names = [form for term in self._glossary.terms for form in [term.zh, *term.variants]]
        names += _QUOTED.findall(self._corpus_text)
        pairs = list(jieba.posseg.cut(self._corpus_text))
        for pair, following in zip(pairs, pairs[1:] + pairs[:1]):
            if pair.flag.startswith(_PROPER):
                names += [pair.word, pair.word + following.word]
        return [name for name in dict.fromkeys(names) if _CJK_NAME.match(name)]
