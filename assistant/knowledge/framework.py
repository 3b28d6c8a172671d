"""The report's 7x3 maturity framework (sections 3.2-3.9), its case studies, stakeholders and challenge tables.

The data lives in corpus/framework.yaml; every item carries a verbatim quote and the section it comes from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from assistant.errors import CorpusError, UnknownDomain
from assistant.schemas import Stage

DOMAIN_KEYS: tuple[str, ...] = (
    "services",
    "industry",
    "governance",
    "environment",
    "government",
    "infrastructure",
    "enablers",
)
DIMENSION_NAMES: tuple[str, ...] = ("driver", "content", "integration", "participation", "effect")
STAGE_LABELS: dict[int, str] = {1: "阶段一", 2: "阶段二", 3: "阶段三"}

DimensionName = Literal["driver", "content", "integration", "participation", "effect"]


class Dimension(BaseModel):
    """A characteristic as the report states it: an extract, the verbatim span it rests on, and its section."""

    text: str = Field(description="The characteristic, verbatim or a close extract of the report.")
    quote: str = Field(description="A verbatim span of the report (8-80 characters without whitespace).")
    section: str

    @field_validator("quote")
    @classmethod
    def _quote_length(cls, value: str) -> str:
        length = len(re.sub(r"\s+", "", value))
        if not 8 <= length <= 80:
            raise ValueError(f"a quote has 8 to 80 characters, this one {length}: {value!r}")
        return value


class StageSpec(BaseModel):
    """One maturity stage of one domain: a summary and the five dimensions the report describes."""

    summary: str
    dimensions: dict[DimensionName, Dimension] = Field(
        default_factory=dict, description="Only the dimensions the report speaks about."
    )
    other: list[Dimension] = Field(
        default_factory=list, description="Further characteristics of the stage (security, standards, funding ...)."
    )

    def characteristics(self) -> list[Dimension]:
        """Every characteristic of the stage, dimensions first in their fixed order."""
        ordered = [self.dimensions[name] for name in DIMENSION_NAMES if name in self.dimensions]
        return ordered + list(self.other)


class Concern(BaseModel):
    """One of the survey's top concerns for a domain (section 3.1)."""

    rank: int = Field(ge=1)
    text: str
    quote: str
    section: str


class CaseStudy(BaseModel):
    """A city's project and the stage the report gives it, before and after."""

    city: str
    aliases: list[str] = Field(default_factory=list, description="Other spellings, e.g. 福岡 for 福冈.")
    country: str
    number: int = Field(description="Number of the case within its section.")
    title: str
    stage_label: str = Field(description="The stage label as printed, e.g. 阶段一至阶段二.")
    stage_from: Stage
    stage_to: Stage
    section: str
    before: Dimension
    after: Dimension
    note: str | None = None

    def names(self) -> list[str]:
        """The city's name and its other spellings."""
        return [self.city, *self.aliases]


class Domain(BaseModel):
    """One of the seven domains with its three stages."""

    key: str = ""
    zh: str
    en: str
    aliases: list[str] = Field(default_factory=list)
    section: str
    scope: Dimension
    stages: dict[Stage, StageSpec]
    concerns: list[Concern] = Field(default_factory=list)
    cases: list[CaseStudy] = Field(default_factory=list)

    @field_validator("stages")
    @classmethod
    def _three_stages(cls, value: dict[int, StageSpec]) -> dict[int, StageSpec]:
        if sorted(value) != [1, 2, 3]:
            raise ValueError(f"a domain has stages 1, 2 and 3, not {sorted(value)}")
        return value

    def stage(self, number: int) -> StageSpec:
        """The stage with this number (1-3)."""
        return self.stages[number]


class Stakeholder(BaseModel):
    """One of the four stakeholder groups of chapter 4."""

    key: str
    zh: str
    en: str
    core: list[str] = Field(description="Domains where the group is a core participant.")
    partial: list[str] = Field(description="Domains where the group is a partial participant.")
    role: Dimension
    recommendations: list[Dimension]


class Challenge(BaseModel):
    """A row of Table 1 (section 1.4): a challenge with its survey score."""

    rank: int
    text: str
    mean: float
    median: float
    quote: str
    section: str


class SizeDifference(BaseModel):
    """A row of Table 2 (section 2.4): how small and medium cities differ from large ones."""

    n: int
    aspect: str
    small: str
    large: str
    quote: str
    section: str


class GeneralStage(BaseModel):
    """One of the three stage definitions common to all domains (section 3.2)."""

    stage: Stage
    label: str
    name: str
    text: str
    quote: str
    section: str


class SurveyRanking(BaseModel):
    """The domains in the order of attention the survey found (section 3.1)."""

    order: list[str]
    text: str
    quote: str
    section: str


class Framework(BaseModel):
    """Everything in corpus/framework.yaml."""

    report: dict[str, str] = Field(default_factory=dict)
    survey_ranking: SurveyRanking
    method: Dimension | None = Field(None, description="The report's method of planning from the matrix (3.2).")
    general_stages: list[GeneralStage]
    domains: dict[str, Domain]
    stakeholders: list[Stakeholder]
    challenges: list[Challenge]
    small_vs_large: list[SizeDifference]

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        if list(self.domains) != list(DOMAIN_KEYS):
            raise ValueError(f"domains must be {', '.join(DOMAIN_KEYS)} in this order, not {', '.join(self.domains)}")
        for key, domain in self.domains.items():
            domain.key = key
        if sorted(self.survey_ranking.order) != sorted(DOMAIN_KEYS):
            raise ValueError("survey_ranking.order must list each of the seven domains once")
        for holder in self.stakeholders:
            unknown = [key for key in holder.core + holder.partial if key not in self.domains]
            if unknown:
                raise ValueError(f"stakeholder {holder.key} names unknown domains: {', '.join(unknown)}")
        return self

    def domain(self, name: str) -> Domain:
        """The domain called `name` in any accepted spelling (see `resolve_domain`)."""
        return resolve_domain(self, name)

    def cases(self) -> list[CaseStudy]:
        """All case studies in report order."""
        return [case for domain in self.domains.values() for case in domain.cases]

    def quoted_items(self) -> Iterator[tuple[str, str]]:
        """(where, quote) for every quote in the framework, for checking them against the report."""
        yield "survey_ranking", self.survey_ranking.quote
        if self.method is not None:
            yield "method", self.method.quote
        for item in self.general_stages:
            yield f"general_stages.{item.stage}", item.quote
        for key, domain in self.domains.items():
            yield f"{key}.scope", domain.scope.quote
            for number, spec in domain.stages.items():
                for name, dimension in spec.dimensions.items():
                    yield f"{key}.stages.{number}.{name}", dimension.quote
                for index, dimension in enumerate(spec.other):
                    yield f"{key}.stages.{number}.other[{index}]", dimension.quote
            for concern in domain.concerns:
                yield f"{key}.concerns.{concern.rank}", concern.quote
            for case in domain.cases:
                yield f"{key}.cases.{case.city}.before", case.before.quote
                yield f"{key}.cases.{case.city}.after", case.after.quote
        for holder in self.stakeholders:
            yield f"stakeholders.{holder.key}.role", holder.role.quote
            for index, item in enumerate(holder.recommendations):
                yield f"stakeholders.{holder.key}.recommendations[{index}]", item.quote
        for row in self.challenges:
            yield f"challenges.{row.rank}", row.quote
        for row in self.small_vs_large:
            yield f"small_vs_large.{row.n}", row.quote


def load_framework(path: Path | str) -> Framework:
    """The framework read from `path`, cached per path (and reread when the file changes)."""
    path = Path(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        raise CorpusError(f"framework file not found: {path} (it ships in corpus/framework.yaml)") from None
    return _load(str(path.resolve()), stamp)


@lru_cache(maxsize=8)
def _load(path: str, stamp: int) -> Framework:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CorpusError(f"cannot read the framework file {path}: {error}") from None
    if not isinstance(data, dict):
        raise CorpusError(f"the framework file {path} does not hold a mapping")
    try:
        return Framework.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CorpusError(
            f"invalid framework file {path}: {where}: {first['msg']} ({error.error_count()} error(s))"
        ) from None


def _normalise(name: str) -> str:
    # NFKC folds full-width brackets and slashes into their half-width forms.
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", name)).casefold()


def _spellings(domain: Domain) -> set[str]:
    names = {domain.key, domain.zh, domain.en, *domain.aliases}
    # 发展保障（领导力/政策） is also written without its bracketed part.
    names |= {re.sub(r"[（(].*?[）)]", "", name) for name in names}
    return {_normalise(name) for name in names if name.strip()}


def domain_names(framework: Framework) -> str:
    """The valid domain names, for messages: `key (中文)` for each domain."""
    return ", ".join(f"{domain.key} ({domain.zh})" for domain in framework.domains.values())


def resolve_domain(framework: Framework, name: str) -> Domain:
    """The domain named by an English key, English name, Chinese name or alias, ignoring case and bracket width."""
    wanted = _normalise(name or "")
    if wanted:
        for domain in framework.domains.values():
            if wanted in _spellings(domain):
                return domain
    raise UnknownDomain(f"unknown domain {name!r}; valid names: {domain_names(framework)}")
