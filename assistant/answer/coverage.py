"""Whether a table holds what a question asks of it.

A question about a table is answered from its rows only when everything it asks for is in the table's own
structure: its title, its column labels and its row labels (with the glossary's other names of the terms they
hold, the lexicon's other names of its column labels, `tables.columns_zh` and `tables.columns_en`, and the words
of the table's subject, `tables.subjects`). The words that say how to rank, filter or pick (前三, 排第几, "which")
and the question's generic words (是多少, 这一项, "what was") are set aside first, from the lexicon. What is left
and not in the table (a standard deviation, a scoring scale, a challenge the table does not list) is what the
table cannot answer: the rows are not its answer, and the pipeline says the report does not give it rather than
hand over the nearest rows.
"""

from __future__ import annotations

import re

from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.knowledge.tables import RowTable
from assistant.text import STOPWORDS_EN, squash, tagged_words

# The lexicon entries whose matches say how a question ranks, filters or picks, not what it asks about.
_SET_ASIDE = ("tables.table_number", "tables.asks_rank", "tables.last", "tables.positions", "tables.asks_place",
              "tables.asks_ordering", "tables.picks", "tables.asks_country", "tables.case_subject",
              "tables.question_words", "tables.source_words", "tables.stage_moves")
_ENGLISH_WORD = re.compile(r"[a-z][a-z'-]*")
_QUOTED_EN = re.compile(r"(?<![A-Za-z])['‘\"“]([A-Za-z][^'’\"”]{2,80}?)['’\"”](?![A-Za-z])")
# The segmenter's tags of words that do not name a thing: verbs and verbal nouns, adverbs, time and place words,
# numerals, pronouns, prepositions, conjunctions, particles, locality words.
_NOT_NAMING = ("v", "d", "t", "s", "m", "r", "p", "c", "u", "f", "q", "y", "e", "o", "z")


class TableCoverage:
    """The words of a question that a table's title, column labels and row labels do not hold."""

    def __init__(self, glossary: Glossary, lexicon: Lexicon | None = None):
        self.glossary = glossary
        self.lexicon = lexicon or load_lexicon()
        self._set_aside = [self.lexicon.pattern(name) for name in _SET_ASIDE]
        self._orders = [form for forms in self.lexicon.forms("question.asks_top").values() for form in forms]
        self._subjects = self.lexicon.forms("tables.subjects")
        self._columns_en = self.lexicon.forms("tables.columns_en")
        self._columns_zh = self.lexicon.forms("tables.columns_zh")
        self._scales = self.lexicon.words("tables.scale_words_zh")
        self._vocabulary: dict[str, tuple[str, set[str]]] = {}

    def missing(self, question: str, table: RowTable) -> list[str]:
        """The question's content words the table does not hold, in the order asked; [] when it holds them all.
        A Chinese word counts only when it names something (a noun, a name, a word the segmenter does not know):
        the verbs, adverbs, numerals and place words around it (做到, 已经, 第三章, 眼里) ask, they do not name."""
        chinese, english = self.vocabulary(table)
        content = self._without_held_quotes(question, chinese)
        content = self.content(content)
        found = [word for word in self._scales if word in content and not _held(word, chinese)]
        for word, flag in tagged_words(content):
            if _ENGLISH_WORD.fullmatch(word):
                held = word in STOPWORDS_EN or any(known.startswith(_stem(word)) for known in english)
            else:
                held = len(word) < 2 or flag.startswith(_NOT_NAMING) or _held(squash(word), chinese)
            if not held and word not in found:
                found.append(word)
        return found

    def _without_held_quotes(self, question: str, chinese: str) -> str:
        """The question without the English labels it quotes that name a row of the table: a quoted label ('need for
        a public-private cooperation framework') names a row where one of its glossary terms is the table's, the
        rest of its words being a translation no glossary holds."""
        def held(match: re.Match) -> str:
            terms = self.glossary.matching_terms(match.group(1))
            named = any(squash(form) in chinese for term in terms for form in [term.zh, *term.variants] if len(form) >= 2)
            return " " if named else match.group()
        return _QUOTED_EN.sub(held, question)

    def content(self, question: str) -> str:
        """The question without its ranking, filtering and picking words and its generic words."""
        text = question.lower()
        for pattern in self._set_aside:
            text = pattern.sub(" ", text)
        for form in self._orders:
            text = re.sub(rf"(?<![a-z]){re.escape(form)}(?![a-z])", " ", text)
        return text

    def vocabulary(self, table: RowTable) -> tuple[str, set[str]]:
        """The table's own words: (its Chinese text, squashed; its English words), read once per table."""
        if table.id not in self._vocabulary:
            labels = [table.caption, *table.columns, *(cell for row in table.rows for cell in row.cells)]
            chinese = "|".join(squash(label) for label in labels)
            terms = [term for term in self.glossary.terms
                     if any(squash(form) in chinese for form in [term.zh, *term.variants] if len(form) >= 2)]
            names = [*self._subjects.get(table.id, ()), *(form for term in terms for form in term.variants),
                     *(name for label in table.columns for name in self._columns_zh.get(label, ()))]
            english = [*(name for name in names if _ENGLISH_WORD.match(name.lower())),
                       *(english for term in terms for english in term.en),
                       *(label for label, words in self._columns_en.items()
                         if any(word in table.columns for word in words))]
            chinese += "|" + "|".join(squash(name) for name in names)
            words = {word for phrase in english for word in _ENGLISH_WORD.findall(phrase.lower())}
            self._vocabulary[table.id] = (chinese, words)
        return self._vocabulary[table.id]


def _held(word: str, chinese: str) -> bool:
    """True when the table's text holds the word, or a word of three or more characters without its last one
    (参与者 in 参与角色)."""
    return word in chinese or len(word) >= 3 and word[:-1] in chinese


def _stem(word: str) -> str:
    """The word without a plural or verb ending, so "challenges" and "ranked" match "challenge" and "rank"."""
    for ending in ("ies", "es", "ing", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word
