"""The zh/en glossary (corpus/glossary.yaml): English questions are expanded into the report's Chinese terms."""

from __future__ import annotations

import hashlib
import re
from functools import cached_property, lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.errors import CorpusError


class Term(BaseModel):
    zh: str
    group: str = Field("", description="The file's top-level group: domains, stages, places, organisations, terms.")
    en: list[str] = Field(default_factory=list)
    variants: list[str] = Field(default_factory=list)
    firm: bool = Field(False, description="An organisation that is a company (腾讯, 日立), not a public body.")


class Glossary(BaseModel):
    """All terms, flattened from the file's groups (domains, stages, places, organisations, terms)."""

    terms: list[Term]
    digest: str

    def chinese_words(self) -> list[str]:
        """Every Chinese spelling, for teaching the segmenter."""
        words = []
        for term in self.terms:
            words.append(term.zh)
            words.extend(term.variants)
        return words

    def matching_terms(self, question: str) -> list[Term]:
        """Terms whose English phrasings occur in the question, longest phrases first; hyphens, case and
        word endings do not count ("Five Year Plans" finds the "five-year plan")."""
        lowered = " " + " ".join(english_words(question)) + " "
        found: list[Term] = []
        for phrase, term in self._phrases:
            if f" {phrase} " in lowered:
                lowered = lowered.replace(f" {phrase} ", " ")
                if term not in found:
                    found.append(term)
        return found

    def knows_english(self, words: str, word_of_name: bool = False) -> bool:
        """Whether the words are one of the glossary's English names, or two or more running words of one,
        however hyphenated, capitalised or inflected ("Environmental", "Five Year Plan"); with `word_of_name`,
        also one word of a name of several that is not a place's ("Aizu" of "University of Aizu", "Brazilian" of
        "Brazilian Agency for Industrial Development")."""
        key = " ".join(english_words(words))
        if not key:
            return False
        if key in self._phrase_set:
            return True
        if " " in key:
            return any(f" {key} " in f" {phrase} " for phrase, _ in self._phrases)
        # a word of a place's name is not that place's word: Hangzhou Bay does not make Hangzhou known
        return word_of_name and len(key) >= MIN_NAME_WORD and any(
            f" {key} " in f" {phrase} " for phrase, term in self._phrases if " " in phrase and term.group != "places")

    def expand(self, question: str) -> list[str]:
        """Chinese spellings (with variants) of the terms whose English phrasings occur in the question."""
        found: list[str] = []
        for term in self.matching_terms(question):
            for word in [term.zh, *term.variants]:
                if word not in found:
                    found.append(word)
        return found

    @cached_property
    def _phrases(self) -> list[tuple[str, Term]]:
        """Every English name as its normalised words, longest first."""
        pairs = [(normal, term) for term in self.terms for phrase in term.en
                 if (normal := " ".join(english_words(phrase)))]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    @cached_property
    def _phrase_set(self) -> frozenset[str]:
        return frozenset(phrase for phrase, _ in self._phrases)


def english_words(text: str) -> list[str]:
    """The words of an English text as the glossary compares them: lower-cased, without possessives, split at
    hyphens, each word's ending taken off (corpus/lexicon.yaml, glossary.english_endings), and every joining
    word one: "commonality plus specificity" and "commonality + specificity" are "commonality and specificity"."""
    text = re.sub(r"['’]s\b", "", text.lower())  # possessives: "Pinghu's" -> "pinghu"
    text = re.sub(r"[&+]", " and ", text)
    return [_JOINING.get(word, word) for word in (_stem(word.strip("'")) for word in re.findall(r"\w[\w']*", text))]


_JOINING = {"plus": "and"}


MIN_NAME_WORD = 4  # a shorter word of a name ("of", "for", "new") names nothing by itself
MIN_STEMMED = 5  # shorter words keep their ending: "bus", "gas", "data"
MIN_STEM = 3  # what an ending leaves: "cities" -> "city"


def _stem(word: str) -> str:
    """The word without its inflectional ending, when it is long enough to have one."""
    if len(word) < MIN_STEMMED or not word.isalpha():
        return word
    for ending, replacement in _endings():
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)] + replacement
    return word


@lru_cache(maxsize=1)
def _endings() -> tuple[tuple[str, str], ...]:
    from assistant.knowledge.lexicon import load_lexicon

    pairs = [(ending, replacement) for replacement, endings in load_lexicon().forms("glossary.english_endings").items()
             for ending in endings]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def _terms_of(node, group: str = "") -> list[Term]:
    """Terms found anywhere in the YAML tree: any mapping with a 'zh' key is a term."""
    if isinstance(node, dict):
        if "zh" in node and isinstance(node["zh"], str):
            en = node.get("en") or []
            return [
                Term(zh=node["zh"], group=group, en=[en] if isinstance(en, str) else [str(e) for e in en],
                     variants=[str(v) for v in node.get("variants") or []], firm=bool(node.get("firm")))
            ]
        return [term for key, value in node.items() for term in _terms_of(value, group or str(key))]
    if isinstance(node, list):
        return [term for value in node for term in _terms_of(value, group)]
    return []


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Glossary:
    raw = Path(path).read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise CorpusError(f"glossary {path} is not valid YAML: {error}") from None
    return Glossary(terms=_terms_of(data), digest=hashlib.sha256(raw).hexdigest()[:16])


def load_glossary(path: Path) -> Glossary:
    """The glossary at path; an absent file gives an empty glossary (English questions then go unexpanded)."""
    if not path.exists():
        return Glossary(terms=[], digest="none")
    return _load(str(path), path.stat().st_mtime)
