"""The zh/en glossary (corpus/glossary.yaml): English questions are expanded into the report's Chinese terms."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.errors import CorpusError


class Term(BaseModel):
    zh: str
    group: str = Field("", description="The file's top-level group: domains, stages, places, organisations, terms.")
    en: list[str] = Field(default_factory=list)
    variants: list[str] = Field(default_factory=list)


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
        """Terms whose English phrasings occur in the question, longest phrases first."""
        text = re.sub(r"['’]s\b", "", question.lower())  # possessives: "Pinghu's" -> "pinghu"
        lowered = " " + re.sub(r"[^\w'+-]+", " ", text) + " "
        found: list[Term] = []
        for phrase, term in self._phrases():
            if f" {phrase} " in lowered:
                lowered = lowered.replace(f" {phrase} ", " ")
                if term not in found:
                    found.append(term)
        return found

    def expand(self, question: str) -> list[str]:
        """Chinese spellings (with variants) of the terms whose English phrasings occur in the question."""
        found: list[str] = []
        for term in self.matching_terms(question):
            for word in [term.zh, *term.variants]:
                if word not in found:
                    found.append(word)
        return found

    def _phrases(self) -> list[tuple[str, Term]]:
        pairs = []
        for term in self.terms:
            for phrase in term.en:
                normal = re.sub(r"[^\w'+-]+", " ", phrase.lower()).strip()
                if normal:
                    pairs.append((normal, term))
        return sorted(pairs, key=lambda pair: -len(pair[0]))


def _terms_of(node, group: str = "") -> list[Term]:
    """Terms found anywhere in the YAML tree: any mapping with a 'zh' key is a term."""
    if isinstance(node, dict):
        if "zh" in node and isinstance(node["zh"], str):
            en = node.get("en") or []
            return [
                Term(zh=node["zh"], group=group, en=[en] if isinstance(en, str) else [str(e) for e in en],
                     variants=[str(v) for v in node.get("variants") or []])
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
