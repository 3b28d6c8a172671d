"""The official's profile beside the report's case cities, at the stages the report gives them before and after.

The nearest case of a domain is the one whose starting stage is the city's current stage (it shows the next
move); failing that, one that ended where the city is now (it shows what the city already has in common with
it); failing that, the case whose stages are closest.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.assessment.models import AssessmentReport
from assistant.schemas import Stage
from assistant.knowledge.framework import Framework

Why = Literal["same_start", "same_end", "closest", "unknown_stage"]


class PeerCase(BaseModel):
    """A case city in one domain, its stages before and after its project."""

    city: str
    country: str
    domain: str
    title: str
    stage_label: str
    stage_from: Stage
    stage_to: Stage
    section: str


class DomainPeers(BaseModel):
    """One domain: the city's stage, the report's cases in it, and the nearest one with the reason."""

    domain: str
    zh: str
    en: str
    current: Stage | None
    cases: list[PeerCase] = Field(default_factory=list)
    nearest: PeerCase | None = None
    why: Why | None = None


class PeerComparison(BaseModel):
    """The profile beside every case city, domain by domain."""

    assessment_id: str
    city: str | None
    domains: list[DomainPeers]


def _distance(case: PeerCase, current: int) -> tuple[int, int]:
    return (min(abs(case.stage_from - current), abs(case.stage_to - current)), case.stage_from)


def nearest_case(cases: list[PeerCase], current: int | None) -> tuple[PeerCase | None, Why | None]:
    """The nearest case to a city at `current`, and why it is the nearest."""
    if not cases:
        return None, None
    if current is None:
        return cases[0], "unknown_stage"
    for why, test in (("same_start", lambda case: case.stage_from == current and case.stage_to > current),
                      ("same_end", lambda case: case.stage_to == current)):
        found = [case for case in cases if test(case)]
        if found:
            return found[0], why
    return min(cases, key=lambda case: _distance(case, current)), "closest"


def compare_with_peers(framework: Framework, report: AssessmentReport) -> PeerComparison:
    """The city's assessed domains beside the report's cases in each."""
    assessment = report.assessment
    rows = []
    for result in report.results:
        if result.domain not in assessment.domains:
            continue
        domain = framework.domains[result.domain]
        cases = [PeerCase(city=case.city, country=case.country, domain=domain.key, title=case.title,
                          stage_label=case.stage_label, stage_from=case.stage_from, stage_to=case.stage_to, section=case.section)
                 for case in domain.cases]
        nearest, why = nearest_case(cases, result.current)
        rows.append(DomainPeers(domain=domain.key, zh=domain.zh, en=domain.en, current=result.current, cases=cases,
                                nearest=nearest, why=why))
    return PeerComparison(assessment_id=assessment.id, city=assessment.city.name, domains=rows)
