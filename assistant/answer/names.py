"""The report's names found in a text: places, domains and stages, each with its canonical Chinese name.

One finder serves the whole answer pipeline (the question analysis, follow-ups, comparisons and the passages
kept for a named place), so that every step agrees on what a question names.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

from assistant.knowledge.glossary import Glossary
from assistant.text import name_pattern

NAME_GROUPS = ("places", "domains", "stages")


@dataclass(frozen=True)
class NameSpan:
    """Where a text names something: its span, the words as written and the canonical Chinese name."""

    start: int
    end: int
    surface: str
    name: str


class NameFinder:
    """Finds the glossary's places, domains and stages in a text, longer names first and none inside another.

    English one-word names of domains ("services", "policy") are left out: they are everyday words more often
    than names, except before a word for a domain ("the policy domain"); `everyday_domains` finds them where
    the question is known to be about the framework. Places are all the glossary's places and the case studies'
    cities.
    """

    def __init__(self, glossary: Glossary, cities: Collection[str] = (),
                 spellings: dict[str, dict[str, tuple[str, ...]]] | None = None, domain_words: Collection[str] = ()):
        """`spellings` adds, per group, more spellings of a canonical name (the stages' ordinal forms);
        `domain_words` (domain, area) make a one-word English domain name before them a name ("the governance
        domain")."""
        self.cities = frozenset(cities)
        self._surfaces: dict[str, list[tuple[str, str]]] = {}
        self._chinese: dict[str, set[str]] = {}
        self._everyday_domains: list[tuple[str, str]] = []
        for group in NAME_GROUPS:
            pairs = []
            for term in glossary.terms:
                if term.group != group:
                    continue
                surfaces = {term.zh, term.zh.split("（")[0], *term.variants}
                surfaces.update(en for en in term.en if group != "domains" or " " in en)
                if group == "domains":
                    single = [en for en in term.en if " " not in en]
                    self._everyday_domains += [(en, term.zh) for en in single]
                    surfaces.update(f"{en} {word}" for en in single for word in domain_words)
                pairs += [(surface, term.zh) for surface in surfaces if surface]
                if group == "places":
                    self._chinese.setdefault(term.zh, set()).update([term.zh, *term.variants])
            for name, extra in (spellings or {}).get(group, {}).items():
                pairs += [(surface, name) for surface in extra]
            if group == "places":
                known = {name for _, name in pairs}
                pairs += [(city, city) for city in self.cities if city not in known]
            self._surfaces[group] = sorted(pairs, key=lambda pair: -len(pair[0]))
        for city in self.cities:
            self._chinese.setdefault(city, {city})

    @cached_property
    def _patterns(self) -> dict[str, list[tuple[re.Pattern[str], str, str]]]:
        return {
            group: [(re.compile(name_pattern(surface), re.I), surface, name) for surface, name in pairs]
            for group, pairs in self._surfaces.items()
        }

    def spans(self, text: str, group: str, *, cities_only: bool = False) -> list[NameSpan]:
        """Where the text names things of one group, in reading order; `cities_only` keeps the case cities."""
        found: list[NameSpan] = []
        masked = text
        for pattern, surface, name in self._patterns[group]:
            if cities_only and name not in self.cities:
                continue
            for match in pattern.finditer(masked):
                found.append(NameSpan(match.start(), match.end(), text[match.start():match.end()], name))
            masked = pattern.sub(lambda match: "\0" * len(match.group()), masked)
        return sorted(found, key=lambda span: span.start)

    def everyday_domains(self, text: str) -> list[str]:
        """The domains a text names by their one-word English names alone ("governance", "infrastructure"),
        which are names only where the text is about the framework (it names a stage)."""
        found = [(match.start(), name) for word, name in self._everyday_domains
                 for match in re.finditer(name_pattern(word), text, re.I)]
        return list(dict.fromkeys(name for _, name in sorted(found)))

    def names(self, text: str, group: str, *, cities_only: bool = False) -> list[str]:
        """The canonical names of one group in the text, in reading order, each once."""
        return list(dict.fromkeys(span.name for span in self.spans(text, group, cities_only=cities_only)))

    def chinese_forms(self, place: str) -> set[str]:
        """Every Chinese spelling of a place (福冈: 福冈, 福岡, 福冈市, 福岡市)."""
        return self._chinese.get(place, {place})
