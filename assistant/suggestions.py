"""Next questions to suggest under an answer, each checked answerable before it is shown.

Candidates come from the passages next to the cited ones (the case study that follows or precedes) and from
the framework (the cited domain's other stages and its case studies), worded by the templates of
corpus/suggestions.yaml in the interface's language. A candidate is shown only when the report's evidence for
it passes the scope check the answer pipeline applies to every question (retrieval, then the gate).
"""

from __future__ import annotations

from functools import lru_cache
from itertools import zip_longest
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from assistant.answer.pipeline import AnswerChain
from assistant.errors import CorpusError, UnknownDomain
from assistant.knowledge.framework import Framework
from assistant.schemas import Answer, Chunk
from assistant.settings import PROJECT_ROOT

SUGGESTIONS_FILE = PROJECT_ROOT / "corpus" / "suggestions.yaml"
MAX_SUGGESTIONS = 3
# Candidates checked at most per answer: each check is one retrieval.
MAX_CHECKED = 8


class Templates(BaseModel):
    case: str
    domain_stage: str
    domain_cases: str


@lru_cache(maxsize=4)
def _templates(path: str, mtime: float) -> dict[str, Templates]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return {language: Templates(**data[language]) for language in ("zh", "en")}
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValidationError) as error:
        raise CorpusError(f"suggestion templates {path} are unusable: {error}") from None


def load_templates(path: Path = SUGGESTIONS_FILE) -> dict[str, Templates]:
    """The templates by interface language."""
    if not path.exists():
        raise CorpusError(f"suggestion templates not found at {path}")
    return _templates(str(path), path.stat().st_mtime)


def answerable(chain: AnswerChain, question: str) -> bool:
    """Whether the pipeline's scope check lets the question through on the evidence retrieval finds for it."""
    analysis = chain.analyse(question)
    hits = chain.retriever.search_analysed(analysis)
    return bool(hits) and chain.gate.decide(analysis, hits).answerable


class Suggester:
    """Suggests up to three next questions the report can answer."""

    def __init__(self, chain: AnswerChain, framework: Framework, templates: dict[str, Templates] | None = None):
        self.chain = chain
        self.framework = framework
        self.templates = templates or load_templates()
        chunks = sorted(chain.index.chunks.values(), key=lambda chunk: chunk.order)
        self._position = {chunk.id: number for number, chunk in enumerate(chunks)}
        self._ordered = chunks
        names = {}
        for term in chain.index.glossary.terms:
            for form in [term.zh, *term.variants]:
                names.setdefault(form, term)
        self._terms = names

    def _name(self, zh: str, language: str) -> str:
        """A name of the report in the language (the glossary's first English phrasing, capitalised as written)."""
        term = self._terms.get(zh)
        if language == "zh" or term is None or not term.en:
            return zh
        return term.en[0]

    def _neighbours(self, chunk_id: str) -> list[Chunk]:
        position = self._position.get(chunk_id)
        if position is None:
            return []
        return [self._ordered[p] for p in (position + 1, position - 1) if 0 <= p < len(self._ordered)]

    def candidates(self, answer: Answer, language: str) -> list[str]:
        """Every suggestion the templates give for this answer, most related first, without repeats."""
        words = self.templates.get(language, self.templates["zh"])
        asked = (answer.standalone_question or answer.question)
        cited = [self.chain.index.chunks[c.chunk_id] for c in answer.citations if c.chunk_id in self.chain.index.chunks]
        cities: list[str] = []
        for chunk in cited:
            for neighbour in self._neighbours(chunk.id):
                if neighbour.city:
                    cities.append(neighbour.city)
        domains = []
        for zh in dict.fromkeys(chunk.domain for chunk in cited if chunk.domain):
            try:
                domains.append(self.framework.domain(zh))
            except UnknownDomain:  # a domain the framework spells otherwise has no framework candidates
                continue
        for domain in domains:
            cities.extend(case.city for case in domain.cases)
        cited_cities = {chunk.city for chunk in cited if chunk.city}
        cases = [words.case.format(city=self._name(city, language)) for city in dict.fromkeys(cities)
                 if city not in cited_cities and city not in asked and self._name(city, "en") not in asked]
        named_stages = self.chain.analyse(asked).stage_numbers
        following = [min(named_stages) % 3 + 1] if named_stages else [1, 2, 3]
        stages, lists = [], []
        for domain in domains:
            named = domain.zh if language == "zh" else domain.en
            for number in following:
                stages.append(words.domain_stage.format(domain=named, stage=self._name(self._stage(number), language)))
            lists.append(words.domain_cases.format(domain=named))
        # One of each kind first, then the rest: the three shown read on in different directions.
        out = []
        for group in zip_longest(cases, stages, lists):
            out.extend(item for item in group if item)
        return [item for item in dict.fromkeys(out) if item != asked]

    def _stage(self, number: int) -> str:
        for term in self.chain.index.glossary.terms:
            if term.group == "stages" and term.en and term.en[0].endswith(str(number)):
                return term.zh
        return f"stage {number}"

    def suggest(self, answer: Answer, language: str) -> list[str]:
        """Up to three suggestions, each checked answerable; none under a refusal."""
        if answer.refused or not answer.citations:
            return []
        shown: list[str] = []
        for candidate in self.candidates(answer, language)[:MAX_CHECKED]:
            if answerable(self.chain, candidate):
                shown.append(candidate)
            if len(shown) == MAX_SUGGESTIONS:
                break
        return shown
