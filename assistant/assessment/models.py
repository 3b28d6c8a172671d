"""The data of a guided self-assessment: the city profile, per-domain answers and stages, and the report built from them."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from assistant.errors import UnknownSession
from assistant.schemas import Language, Stage
from assistant.assessment.judgement import StageJudgement

Step = Literal["name", "population", "region", "domains", "urgent", "question", "confirm", "target", "summary"]
DomainStatus = Literal["pending", "answering", "confirming", "targeting", "done", "skipped"]
AnswerKind = Literal["answer", "unknown", "correction"]

_ID = re.compile(r"^[0-9a-f]{12}$")


def new_id() -> str:
    """A fresh assessment id: 12 lower-case hex digits."""
    return uuid.uuid4().hex[:12]


def check_id(value: str) -> str:
    """The id itself when it has the shape of an assessment id, else UnknownSession (ids reach file names)."""
    value = (value or "").strip().lower()
    if not _ID.match(value):
        raise UnknownSession(f"no assessment with id {value!r}: ids are 12 hex digits (see `assistant assess --list CITY`)")
    return value


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(timezone.utc)


class PopulationBand(BaseModel):
    """A city size class of section 1.1, in the Chinese (2014 State Council) or the OECD classification."""

    key: str
    standard: Literal["cn", "oecd"]
    zh: str
    en: str
    low: int = Field(description="Smallest population of the band (inclusive).")
    high: int | None = Field(description="Population where the next band starts (exclusive); None: no upper bound.")
    quote: str
    section: str = "1.1"

    def contains(self, population: int) -> bool:
        """Whether a city of this population falls in the band."""
        return population >= self.low and (self.high is None or population < self.high)


_CN_QUOTE = "城区常住人口50万-100万的城市为中型城市，50万以下的城市为小型城市（其中，20万-50万的城市为I型小城市，20万以下的城市为II型小城市）"
_OECD_QUOTE = "经济合作与发展组织（OECD）将拥有50万-150万人口的城市划分为大型城市，20万-50万人口的城市为中型城市，5万-20万人口的城市为小型城市"

POPULATION_BANDS: tuple[PopulationBand, ...] = (
    PopulationBand(key="cn_medium", standard="cn", zh="中型城市（50万-100万）", en="Medium-sized city, China (500,000-1,000,000)",
                   low=500_000, high=1_000_000, quote=_CN_QUOTE),
    PopulationBand(key="cn_small_1", standard="cn", zh="I型小城市（20万-50万）", en="Type I small city, China (200,000-500,000)",
                   low=200_000, high=500_000, quote=_CN_QUOTE),
    PopulationBand(key="cn_small_2", standard="cn", zh="II型小城市（20万以下）", en="Type II small city, China (under 200,000)",
                   low=0, high=200_000, quote=_CN_QUOTE),
    PopulationBand(key="oecd_large", standard="oecd", zh="OECD大型城市（50万-150万）", en="Large city, OECD (500,000-1,500,000)",
                   low=500_000, high=1_500_000, quote=_OECD_QUOTE),
    PopulationBand(key="oecd_medium", standard="oecd", zh="OECD中型城市（20万-50万）", en="Medium-sized city, OECD (200,000-500,000)",
                   low=200_000, high=500_000, quote=_OECD_QUOTE),
    PopulationBand(key="oecd_small", standard="oecd", zh="OECD小型城市（5万-20万）", en="Small city, OECD (50,000-200,000)",
                   low=50_000, high=200_000, quote=_OECD_QUOTE),
)
BANDS_BY_KEY: dict[str, PopulationBand] = {band.key: band for band in POPULATION_BANDS}


def bands_for(population: int) -> tuple[str | None, str | None]:
    """(Chinese band key, OECD band key) of a population; None where it falls outside every band of a standard."""
    found: dict[str, str | None] = {"cn": None, "oecd": None}
    for band in POPULATION_BANDS:
        if found[band.standard] is None and band.contains(population):
            found[band.standard] = band.key
    return found["cn"], found["oecd"]


class CityProfile(BaseModel):
    """Who is being assessed: the city's name, size class and region, each None when the official did not say."""

    name: str | None = None
    population: int | None = Field(None, ge=0, description="Urban resident population, when given as a number.")
    band_cn: str | None = Field(None, description="Key of the Chinese size class (section 1.1).")
    band_oecd: str | None = Field(None, description="Key of the OECD size class (section 1.1).")
    region: str | None = None
    industries: list[str] = Field(default_factory=list, description="Main industries, as the official named them.")

    @field_validator("band_cn", "band_oecd")
    @classmethod
    def _known_band(cls, value: str | None) -> str | None:
        if value is not None and value not in BANDS_BY_KEY:
            raise ValueError(f"unknown population band {value!r}; valid: {', '.join(BANDS_BY_KEY)}")
        return value

    def bands(self) -> list[PopulationBand]:
        """The size classes recorded for the city, Chinese first."""
        return [BANDS_BY_KEY[key] for key in (self.band_cn, self.band_oecd) if key]


class Answer(BaseModel):
    """One thing the official said about a domain."""

    question: str = Field(description="'<domain>.<dimension>' of the diagnostic question, or 'correction'.")
    text: str = Field("", description="The official's words (a picked quick reply is stored as its text).")
    kind: AnswerKind = "answer"
    stage_hint: Stage | None = Field(None, description="The stage a picked quick reply paraphrases.")
    at: datetime = Field(default_factory=now)


class StageChange(BaseModel):
    """A re-judgement of a domain after a later correction: what the stage was and became."""

    inferred_from: Stage | None
    inferred_to: Stage
    current_from: Stage | None
    current_to: Stage | None
    text: str
    at: datetime = Field(default_factory=now)


class DomainAssessment(BaseModel):
    """One domain of one assessment: answers, the inferred stage and why, and the stages the official confirmed."""

    domain: str = Field(description="English key of the domain.")
    status: DomainStatus = "pending"
    answers: list[Answer] = Field(default_factory=list)
    inferred: StageJudgement | None = None
    current: Stage | None = Field(None, description="Stage the official confirmed (None: unknown).")
    target: Stage | None = Field(None, description="Stage the official aims for (None: unknown).")
    changes: list[StageChange] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="Remarks kept beside the confirmed stage.")

    def described(self) -> list[Answer]:
        """The answers that say something (not 'unknown')."""
        return [answer for answer in self.answers if answer.kind != "unknown" and answer.text]


class Proposal(BaseModel):
    """A change of a confirmed stage that a later remark suggests; it waits for the official's yes or no."""

    domain: str
    stage: Stage
    remark: str


class Assessment(BaseModel):
    """A guided self-assessment of one city, as stored after every answer."""

    id: str = Field(default_factory=new_id)
    language: Language = "zh"
    city: CityProfile = Field(default_factory=CityProfile)
    selection: Literal["all", "chosen"] | None = Field(None, description="All seven domains, or those the official chose.")
    domains: list[str] = Field(default_factory=list, description="Domains to assess, in the order they are asked.")
    urgent: list[str] = Field(default_factory=list, description="Domains the official called the most urgent.")
    records: dict[str, DomainAssessment] = Field(default_factory=dict)
    step: Step = "name"
    cursor_domain: str | None = None
    cursor_question: int = 0
    probed: str | None = Field(None, description="The question already followed up once after a vague reply.")
    proposal: Proposal | None = Field(None, description="A proposed change of a confirmed stage awaiting an answer.")
    version: int = Field(0, description="Replies committed so far; a session writing an older version is refused.")
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)

    def record(self, domain: str) -> DomainAssessment:
        """The record of a domain, created on first use."""
        if domain not in self.records:
            self.records[domain] = DomainAssessment(domain=domain)
        return self.records[domain]


class Turn(BaseModel):
    """What the assistant says after each reply: a message, quick replies to offer and the state reached."""

    message: str
    quick_replies: list[str] = Field(default_factory=list)
    state: Step
    domain: str | None = Field(None, description="The domain being assessed, if any.")
    assessment_id: str


class TranscriptLine(BaseModel):
    """One message of a conversation as stored."""

    role: Literal["user", "assistant"]
    text: str


class AssessmentSummary(BaseModel):
    """A stored assessment as listed: who, when, how far."""

    id: str
    city: str | None
    state: Step
    domains: list[str]
    created_at: datetime
    updated_at: datetime


class DomainMove(BaseModel):
    """How one domain differs between two assessments."""

    domain: str
    current_a: Stage | None
    current_b: Stage | None
    target_a: Stage | None
    target_b: Stage | None
    moved: int | None = Field(description="current_b - current_a, when both are known.")


class Comparison(BaseModel):
    """Two assessments side by side, per domain."""

    a: AssessmentSummary
    b: AssessmentSummary
    moves: list[DomainMove]


class Reference(BaseModel):
    """A piece of the report shown in the results, with the section it comes from."""

    text: str
    section: str
    quote: str | None = None


class CaseReference(BaseModel):
    """A case study to learn from."""

    city: str
    country: str
    title: str
    stage_label: str
    stage_from: Stage
    stage_to: Stage
    section: str
    summary: str = Field(description="What the city did (the report's 'after').")


class StakeholderAdvice(BaseModel):
    """What one stakeholder group should do for a domain (chapter 4)."""

    key: str
    zh: str
    en: str
    role: Literal["core", "partial", "none"]
    actions: list[Reference]


class DomainResult(BaseModel):
    """A row of the profile with what follows from it: the next stage, cases, stakeholders."""

    domain: str
    zh: str
    en: str
    section: str
    status: DomainStatus
    current: Stage | None
    target: Stage | None
    gap: int | None = Field(description="target - current when both are known.")
    inferred: Stage | None = None
    confidence: float | None = None
    matched: list[Reference] = Field(default_factory=list, description="Characteristics of the inferred stage that matched.")
    next_stage: Stage | None = None
    next_stage_summary: str | None = None
    next_stage_traits: list[Reference] = Field(default_factory=list)
    cases: list[CaseReference] = Field(default_factory=list)
    stakeholders: list[StakeholderAdvice] = Field(default_factory=list)
    concerns: list[Reference] = Field(default_factory=list, description="The survey's top concerns in the domain (3.1).")


class Recommendation(BaseModel):
    """A recommended entry point: a domain to start from, with the reasons and their sections."""

    rank: int
    domain: str
    zh: str
    en: str
    score: float
    reasons: list[Reference]


class AssessmentReport(BaseModel):
    """Everything the results and exports show for one assessment."""

    assessment: Assessment
    results: list[DomainResult]
    recommendations: list[Recommendation]
    challenges: list[Reference]
    advice: Reference = Field(description="The report's advice to start from one or two urgent domains (2.4).")
    generated_at: datetime = Field(default_factory=now)
