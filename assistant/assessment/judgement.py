"""What the stage judge says about one domain: the stage, each of the report's three dimensions, the evidence."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.schemas import Stage

# The three dimensions along which the report (3.2) describes every stage of every domain.
JUDGED_DIMENSIONS: tuple[str, ...] = ("driver", "content", "effect")
DIMENSION_ZH: dict[str, str] = {"driver": "推动主体", "content": "数字化内容", "effect": "数字化效果"}
DIMENSION_EN: dict[str, str] = {"driver": "who drives it", "content": "what is digitised", "effect": "the effect"}


class Evidence(BaseModel):
    """The official's own phrase beside the report's phrase it matches (or, when denied, contradicts)."""

    official: str = Field(description="The official's words, a clause or sentence of the description.")
    report: str = Field(description="The report's verbatim words for the characteristic.")
    stage: Stage = Field(description="The stage the report's words describe.")
    dimension: str = Field("", description="driver, content, effect, ... or '' for a stage summary.")
    denied: bool = Field(False, description="The official says the city does not have this (it counts against it).")


class DimensionReading(BaseModel):
    """One of the three dimensions judged alone: the stage its closest characteristic belongs to."""

    dimension: Literal["driver", "content", "effect"]
    stage: Stage | None = Field(None, description="None when the description says nothing on this dimension.")
    official: str = ""
    report: str = ""


class StageJudgement(BaseModel):
    """Where a description places the city in one domain, and why."""

    domain: str = Field(description="English key of the domain, e.g. 'services'.")
    stage: Stage
    confidence: float = Field(ge=0.0, le=1.0)
    matched: list[str] = Field(default_factory=list, description="Characteristics of the stage that matched, quoted.")
    reasons: list[str] = Field(default_factory=list)
    engine: str = Field("local", description="'local' (embeddings and cues) or 'llm'.")
    evidence: list[Evidence] = Field(default_factory=list, description="Official's phrase beside the report's phrase.")
    dimensions: list[DimensionReading] = Field(default_factory=list, description="The three dimensions judged alone.")
    leaning: Stage | None = Field(None, description="The adjacent stage the description comes close to, if any.")
