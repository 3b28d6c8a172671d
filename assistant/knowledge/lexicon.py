"""The lexicon (corpus/lexicon.yaml): the words and word patterns the code reads questions and replies with.

Every entry names the class of questions or replies it covers, and holds either a list of words or a list
of regular expressions. Code asks for an entry by its dotted name (``answer.time_bound``,
``assessment.negation``); an entry the file does not define is a configuration error, not an empty list.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from assistant.errors import CorpusError
from assistant.settings import PROJECT_ROOT

LEXICON_FILE = PROJECT_ROOT / "corpus" / "lexicon.yaml"


class Entry(BaseModel):
    """One list: words to look for, or patterns to search with, and the class of text it covers."""

    covers: str = Field(min_length=1, description="The class of questions or replies this entry is for.")
    words: list[str] = Field(default_factory=list)
    patterns: list[str] = Field(default_factory=list, description="Regular expressions, searched case-insensitively.")
    forms: dict[str, list[str]] = Field(
        default_factory=dict, description="Named groups of words, e.g. the forms of each ordinal."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> "Entry":
        if not (self.words or self.patterns or self.forms):
            raise ValueError("an entry needs words, patterns or forms")
        for pattern in self.patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"pattern {pattern!r} is not a regular expression: {error}") from None
        return self


class Lexicon(BaseModel):
    """All entries of the file by dotted name (section.entry)."""

    entries: dict[str, Entry]

    def entry(self, name: str) -> Entry:
        """The entry called `name`; CorpusError when the file does not define it."""
        try:
            return self.entries[name]
        except KeyError:
            raise CorpusError(f"corpus/lexicon.yaml has no entry {name!r}") from None

    def words(self, name: str) -> tuple[str, ...]:
        """The words of an entry, longest first (so a longer word is matched before its part)."""
        return tuple(sorted(self.entry(name).words, key=len, reverse=True))

    def forms(self, name: str) -> dict[str, tuple[str, ...]]:
        """The named word groups of an entry, each group's words longest first."""
        return {key: tuple(sorted(words, key=len, reverse=True)) for key, words in self.entry(name).forms.items()}

    def pattern(self, name: str) -> re.Pattern[str]:
        """One compiled pattern matching any of the entry's patterns or words."""
        return _compiled(tuple(self.entry(name).patterns), self.words(name))

    def found(self, name: str, text: str) -> list[str]:
        """The entry's words that occur in text, longest first, each counted once."""
        lowered = text.lower()
        return [word for word in self.words(name) if word.lower() in lowered]


@lru_cache(maxsize=256)
def _compiled(patterns: tuple[str, ...], words: tuple[str, ...]) -> re.Pattern[str]:
    parts = list(patterns) + [re.escape(word) for word in words]
    return re.compile("|".join(f"(?:{part})" for part in parts) or r"(?!x)x", re.IGNORECASE)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Lexicon:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise CorpusError(f"cannot read lexicon {path}: {error}") from None
    entries = {}
    for section, items in data.items():
        if not isinstance(items, dict):
            raise CorpusError(f"lexicon {path}: section {section!r} must map entry names to entries")
        for name, raw in items.items():
            try:
                entries[f"{section}.{name}"] = Entry.model_validate(raw)
            except ValidationError as error:
                first = error.errors()[0]
                field = ".".join(str(part) for part in first["loc"])
                detail = f"{field}: {first['msg']}" if field else first["msg"]
                raise CorpusError(f"lexicon {path}: {section}.{name}: {detail}") from None
    return Lexicon(entries=entries)


def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """The lexicon at path, read once per change of the file."""
    if not path.exists():
        raise CorpusError(f"no lexicon at {path}: the project's corpus/lexicon.yaml is missing")
    return _load(str(path), path.stat().st_mtime)
