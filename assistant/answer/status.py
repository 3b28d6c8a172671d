"""Whether the report writes the title or status a yes/no question asks a place holds.

A question may ask whether a city holds a title, a designation or an award (宝应是不是国家级出口食品农产品质量安全
示范区, 莘县是否入选了……试点, "Was Fukuoka designated one of Japan's 'Super Cities'?"). Such a name is fixed: the
report answers only where it writes it, nearly word for word. When no sentence of the report writes most of its
character pairs (Chinese), or the report and the glossary never write the quoted name (English), the report does
not say, and the question is refused rather than answered with sentences about the place that only share its words.

A title is told by the words asking it (评为, 入选, designated) or by the words it ends in (试点, 示范区, 名城): both
lists are in corpus/lexicon.yaml (`question.asks_status`, `question.status_heads_zh`).
"""

from __future__ import annotations

import re

from assistant.answer.question import QuestionAnalysis
from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.schemas import Chunk
from assistant.text import split_sentences, squash

# The share of a title's character pairs one sentence of the report must write for the report to name it: titles
# it names score 0.85 and above (a shortened 山东省四星级智慧城市 0.89), titles it never names 0.6 and below.
MIN_TITLE_COVERAGE = 0.7
_YES_NO_ZH = r"(?:是不是|是否是|是否为|是否|有没有|算不算|是)"
_TAIL_ZH = r"(?:之一)?(?:了|过)?(?:吗|呢|么|没有)?\s*[？?。！!]?\s*$"
_QUOTED_EN = re.compile(r"(?<![A-Za-z])['‘\"“]([A-Za-z][A-Za-z .&-]{2,40}?)['’\"”](?![A-Za-z])")


class StatusCheck:
    """Reads the title a yes/no question asks about, and whether the report names it."""

    def __init__(self, chunks: dict[str, Chunk], glossary: Glossary, lexicon: Lexicon | None = None):
        lexicon = lexicon or load_lexicon()
        self._sentences = [squash(sentence) for chunk in chunks.values() for sentence in split_sentences(chunk.text)]
        self._text = squash("\n".join(chunk.text for chunk in chunks.values())).lower()
        self._english = {form.lower() for term in glossary.terms for form in term.en}
        verbs = lexicon.words("question.asks_status")
        self._asks_en = re.compile(rf"\b(?:{'|'.join(re.escape(verb) for verb in verbs if verb.isascii())})\b", re.I)
        heads = "|".join(map(re.escape, sorted(lexicon.words("question.status_heads_zh"), key=len, reverse=True)))
        self._heads = re.compile(rf"(?:{heads})$")
        chinese_verbs = "|".join(re.escape(verb) for verb in verbs if not verb.isascii())
        self._title_zh = re.compile(rf"{_YES_NO_ZH}(?:被|已经|已|曾经|曾)?(?P<verb>{chinese_verbs})?(?:了|过)?"
                                    rf"(?P<title>[^，。？?！!、]{{2,30}}?){_TAIL_ZH}")

    def unreported(self, analysis: QuestionAnalysis) -> str | None:
        """The title a yes/no question asks about that the report never names, or None (no such question, or the
        report names it). Only the official's own words count: not a name carried over from the question before."""
        if not analysis.asked.yes_no or analysis.parts:
            return None
        question = analysis.text.strip()
        if analysis.language == "en":
            return self._unreported_en(question)
        match = self._title_zh.search(question)
        if match is None:
            return None
        title = match.group("title").strip("“”\"《》 ")
        if not (match.group("verb") or self._heads.search(title)):
            return None  # 是不是阶段二: no title asked
        return title if self._coverage(title) < MIN_TITLE_COVERAGE else None

    def _unreported_en(self, question: str) -> str | None:
        """A name an English yes/no question quotes while asking a title (designated, awarded), which neither the
        report nor the glossary writes."""
        if not self._asks_en.search(question):
            return None
        for name in _QUOTED_EN.findall(question):
            if name.lower() not in self._english and squash(name).lower() not in self._text:
                return name
        return None

    def _coverage(self, title: str) -> float:
        """The largest share of the title's character pairs that one sentence of the report writes."""
        title = squash(title)
        pairs = [title[i:i + 2] for i in range(len(title) - 1)]
        if not pairs:
            return 1.0
        return max((sum(pair in sentence for pair in pairs) / len(pairs) for sentence in self._sentences), default=0.0)
