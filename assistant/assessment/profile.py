"""The city profile read from an official's own words: name, region, population and main industries.

A free first reply ("青岚县，湖北省的一个县，常住人口大约40万，以茶叶为主"; "Qinglan County, Hubei province,
400,000 people, main industry is tea") gives as many of them as it holds, and any of them can be corrected at any
time in plain words ("县名是…", "人口改为35万", "the region is Hubei"). The words are corpus/lexicon.yaml's
`assessment.profile_*` entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.assessment import interpret
from assistant.knowledge.lexicon import Lexicon, load_lexicon

FIELDS: tuple[str, ...] = ("name", "region", "population", "industries")
_CLAUSES = re.compile(r"[，,。；;！!？?\n]+")
_LIST = re.compile(r"\s*(?:、|，|,|和|与|及|以及|\band\b|/)\s*")
_TRIM = "。.!！ ：:“”\"'"


@dataclass
class ProfileFacts:
    """What a reply says about the city; None (or empty) where it says nothing."""

    name: str | None = None
    region: str | None = None
    population: int | None = None
    industries: list[str] = field(default_factory=list)

    def given(self) -> list[str]:
        """The fields the reply gave."""
        return [name for name in FIELDS if getattr(self, name)]


def read_profile(text: str, lexicon: Lexicon | None = None) -> ProfileFacts:
    """Everything a free reply about the city says: its name first, then region, population and industries."""
    lexicon = lexicon or load_lexicon()
    text = (text or "").strip()
    facts = ProfileFacts(region=read_region(text, lexicon), population=read_population(text, lexicon),
                         industries=read_industries(text, lexicon))
    first = lexicon.pattern("assessment.profile_opening").sub("", _CLAUSES.split(text)[0].strip()).strip(_TRIM)
    if facts.region and facts.region in first and not first.startswith(facts.region):
        # "Maple Falls City in Ontario": the name is what comes before the region.
        first = re.sub(r"\s*(?:\bin\b|位于|地处|在)?\s*$", "", first[: first.index(facts.region)]).strip(_TRIM)
    short = len(first) <= 12 if re.search(r"[\u4e00-\u9fff]", first) else len(first.split()) <= 5
    if short and first and not re.search(r"\d", first) and interpret.is_name(first) and first != facts.region:
        facts.name = first
    elif place := lexicon.pattern("assessment.profile_place").search(first):
        if not (facts.region and place.group(0) in facts.region):
            facts.name = place.group(0).strip()
    return facts


def read_region(text: str, lexicon: Lexicon | None = None) -> str | None:
    """The province or region a reply names, or None."""
    lexicon = lexicon or load_lexicon()
    for pattern in lexicon.entry("assessment.profile_region").patterns:
        match = re.search(pattern, text)
        if match and match.group("value").strip():
            return match.group("value").strip(_TRIM)
    return None


def read_population(text: str, lexicon: Lexicon | None = None) -> int | None:
    """The population a reply states, from the clause that says it is the population."""
    lexicon = lexicon or load_lexicon()
    cue = lexicon.pattern("assessment.profile_population")
    for clause in _CLAUSES.split(text.replace(",000", "000")):
        if cue.search(clause):
            population = interpret.parse_population(clause)
            if population:
                return population
    return None


def read_industries(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The main industries a reply names, each once."""
    lexicon = lexicon or load_lexicon()
    for pattern in lexicon.entry("assessment.profile_industries").patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            parts = [part.strip(_TRIM) for part in _LIST.split(match.group("value")) if part.strip(_TRIM)]
            if parts:
                return list(dict.fromkeys(parts))
    return []


def read_correction(text: str, lexicon: Lexicon | None = None) -> tuple[str, str | int | list[str]] | None:
    """(field, new value) when a reply corrects the profile ("县名是青岚县", "人口改为35万"); None otherwise."""
    lexicon = lexicon or load_lexicon()
    body = lexicon.pattern("assessment.profile_correction_opening").sub("", (text or "").strip())
    setter = lexicon.entry("assessment.profile_set").patterns
    verb = "(?:" + "|".join(setter) + ")"
    for name in FIELDS:
        cues = "|".join(re.escape(word) for word in lexicon.words(f"assessment.profile_field_{name}"))
        match = re.match(rf"^(?:the |our |city )?(?:{cues})\s*{verb}\s*[:：]?\s*(?P<value>[^，,。；;！!？?]+)", body, re.IGNORECASE)
        if not match:
            continue
        value = match.group("value").strip(_TRIM)
        if name == "population":
            population = interpret.parse_population(value)
            return (name, population) if population else None
        if name == "industries":
            parts = [part.strip(_TRIM) for part in _LIST.split(value) if part.strip(_TRIM)]
            return (name, parts) if parts else None
        if name == "region":
            return (name, read_region(value, lexicon) or value) if value else None
        return (name, value) if interpret.is_name(value) else None
    return None
