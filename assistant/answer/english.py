"""English leads for an answer quoted from the Chinese report.

The extractive engine translates nothing, so an English question would get Chinese sentences only. Each quoted
sentence is preceded here by an English lead built from what can be carried over without a translator: the
glossary's names (English first, the Chinese once in parentheses), the dates, and the figures with their units
in English (4亿日元 -> 400 million yen, 35万多人次 -> over 350,000 person-times). The quotation follows, so the
official can check every word; the lead carries the same [n] marker as its sentence.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.answer.citations import numbers_supported, strip_markers
from assistant.knowledge.glossary import Glossary, Term
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.text import UNIT_VALUES, english_amount, split_sentences, without_footnote_marks

# The number that marks a list item ("- (1) ", "2. "), which is no figure of the sentence.
_LIST_MARKER = re.compile(r"^\s*[-•·]?\s*(?:\(\s*\d{1,2}\s*\)|\d{1,2}\s*[.、](?!\d))\s*")

# At most this many names open a lead; more say less. Places, domains and stages are kept before other terms.
MAX_NAMES = 4
_GROUP_ORDER = ("places", "domains", "stages", "organisations")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DATE = re.compile(r"((?:19|20)\d\d)\s*年(?:\s*(1[0-2]|[1-9])\s*月)?(?:\s*([1-3]?\d)\s*日)?")


class EnglishLeads:
    """Builds the English lead of each quoted sentence from the glossary and the lexicon's units."""

    def __init__(self, glossary: Glossary, lexicon: Lexicon | None = None):
        lexicon = lexicon or load_lexicon()
        self.glossary = glossary
        self._units = {word: english for english, words in lexicon.forms("answer.english_units").items()
                       for word in words}
        self._before = {word: english for english, words in lexicon.forms("answer.figure_hedges_before").items()
                        for word in words}
        self._after = {word: english for english, words in lexicon.forms("answer.figure_hedges_after").items()
                       for word in words}
        units = "|".join(re.escape(unit) for unit in sorted(self._units, key=len, reverse=True))
        before = "|".join(re.escape(word) for word in sorted(self._before, key=len, reverse=True))
        after = "|".join(re.escape(word) for word in sorted(self._after, key=len, reverse=True))
        self._figure = re.compile(
            rf"(?P<before>{before})?\s*(?P<number>\d+(?:[.,]\d+)*)\s*(?P<percent>%)?(?P<amount>万亿|亿|万)?"
            rf"(?P<after>{after})?\s*(?P<unit>{units})?"
        )
        self._names = sorted(((form, term) for term in glossary.terms if term.en for form in [term.zh, *term.variants]),
                             key=lambda pair: -len(pair[0]))

    def lead(self, sentence: str) -> str:
        """The English lead of one Chinese sentence (citation markers and a list item's number removed): names,
        then dates and figures."""
        text = _LIST_MARKER.sub("", unicodedata.normalize("NFKC", without_footnote_marks(sentence)))
        spelled = [(term, english) for term in self.names_in(text) if (english := _spelling(term, text))]
        kept = sorted((term for term, _ in spelled), key=lambda term: _rank(term.group))[:MAX_NAMES]
        names = [f"{english[:1].upper()}{english[1:]} ({term.zh})" for term, english in spelled if term in kept]
        dates, rest = self._dates(text)
        figures = self._figures(rest)
        head = ", ".join(names)
        facts = ", ".join(dates + figures)
        if head and facts:
            return f"{head}: {facts}"
        return head or facts

    def names_in(self, text: str) -> list[Term]:
        """The glossary terms the text names, in reading order, a longer name winning over its parts."""
        taken = [False] * len(text)
        found: list[tuple[int, Term]] = []
        for form, term in self._names:
            for match in re.finditer(re.escape(form), text):
                span = range(match.start(), match.end())
                if any(taken[i] for i in span):
                    continue
                for i in span:
                    taken[i] = True
                if all(term is not other for _, other in found):
                    found.append((match.start(), term))
        return [term for _, term in sorted(found, key=lambda pair: pair[0])]

    def _dates(self, text: str) -> tuple[list[str], str]:
        dates = []
        for match in _DATE.finditer(text):
            year, month, day = match.groups()
            if month and day:
                dates.append(f"{day} {_MONTHS[int(month) - 1]} {year}")
            elif month:
                dates.append(f"{_MONTHS[int(month) - 1]} {year}")
            else:
                dates.append(year)
        return list(dict.fromkeys(dates)), _DATE.sub(" ", text)

    def _figures(self, text: str) -> list[str]:
        figures = []
        for match in self._figure.finditer(text):
            number = match.group("number")
            value = float(number.replace(",", ""))
            if match.group("amount"):
                written = english_amount(value * UNIT_VALUES[match.group("amount")])
            else:
                written = number
            if match.group("percent"):
                written += "%"
            hedge = self._before.get(match.group("before") or "") or self._after.get(match.group("after") or "")
            unit = self._units.get(match.group("unit") or "", "")
            figures.append(" ".join(part for part in (hedge, written, unit) if part))
        return list(dict.fromkeys(figures))

    def answer(self, quoted: str) -> str:
        """The quoted answer (sentences with [n] markers) with an English lead before each sentence."""
        blocks = []
        for sentence in split_sentences(quoted):
            body, numbers = strip_markers(sentence)
            if not body.strip():
                continue
            lead = self.lead(body)
            markers = f" [{','.join(str(n) for n in dict.fromkeys(numbers))}]" if numbers else ""
            quotation = sentence.strip()
            blocks.append(f"{lead}{markers}.\n{quotation}" if lead else quotation)
        return "\n\n".join(blocks)


def _spelling(term: Term, text: str) -> str | None:
    """The term's first English name that states no number the text does not write in digits: 十四五 is the
    'fourteenth five-year plan', not the '14th', because a lead shows no figure its quotation does not."""
    return next((english for english in term.en if not numbers_supported(english, [text])), None)


def _rank(group: str) -> int:
    return _GROUP_ORDER.index(group) if group in _GROUP_ORDER else len(_GROUP_ORDER)
