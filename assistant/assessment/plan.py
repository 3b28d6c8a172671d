"""From a profile to a plan: the proposed target stages and a roadmap whose every report step cites the report.

For each entry-point domain, the steps toward the target are the characteristics the report gives the next
stage (sections 3.3-3.9): who drives it and what is built come first (the near term, within a year), how it is
joined up, who takes part and what it achieves follow (the mid term, two to three years); a target two stages
up puts the whole next stage in the near term and the one after it in the mid term. Each step carries the
report's sentence it comes from, the case city that made the same move and what it did, and what each of the
four stakeholder groups of chapter 4 does. The official's edits, removals and own steps are kept apart
(`PlanEdits`) and laid over the report's steps, so a changed target never loses them.
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field

from assistant.assessment.models import Assessment, AssessmentReport
from assistant.assessment.passages import PassageCitation, PassageFinder
from assistant.assessment.results import entry_points, stakeholder_advice
from assistant.knowledge.framework import DIMENSION_NAMES, CaseStudy, Dimension, Domain, Framework
from assistant.schemas import Stage

Term = Literal["near", "mid"]
TERMS: tuple[Term, ...] = ("near", "mid")
# What a stage rests on comes first: who drives it and what is built; the rest follows from them.
NEAR_TERM_DIMENSIONS: tuple[str, ...] = ("driver", "content")


class CaseMove(BaseModel):
    """A case city that made the same move between stages, and what it did."""

    city: str
    country: str
    domain: str
    domain_zh: str
    domain_en: str
    title: str
    stage_label: str
    stage_from: Stage
    stage_to: Stage
    did: str = Field(description="What the city did (the report's 'after').")
    citation: PassageCitation | None = None


class StakeholderTask(BaseModel):
    """What one stakeholder group does for a step (chapter 4)."""

    key: str
    zh: str
    en: str
    role: Literal["core", "partial", "none"]
    action: str
    quote: str = Field(description="The action's verbatim words, short enough for a table.")
    citation: PassageCitation | None = None


class RoadmapStep(BaseModel):
    """One step of the roadmap: the report's characteristic of a stage to reach, or a step the official wrote."""

    id: str
    domain: str
    term: Term
    stage: Stage | None = Field(None, description="The stage the step belongs to.")
    dimension: str | None = None
    text: str
    origin: Literal["report", "official"] = "report"
    edited: bool = Field(False, description="A report step whose text the official changed.")
    citation: PassageCitation | None = None
    case: CaseMove | None = None
    stakeholders: list[StakeholderTask] = Field(default_factory=list)


class DomainRoadmap(BaseModel):
    """The steps of one entry-point domain from its current stage to its target."""

    domain: str
    zh: str
    en: str
    section: str
    current: Stage | None
    target: Stage | None
    steps: list[RoadmapStep] = Field(default_factory=list)


class Roadmap(BaseModel):
    """The roadmap of an assessment: the report's method it follows and the steps per entry-point domain."""

    assessment_id: str
    method: PassageCitation | None = None
    domains: list[DomainRoadmap] = Field(default_factory=list)

    def steps(self) -> list[RoadmapStep]:
        """Every step, domain by domain, near term first."""
        return [step for domain in self.domains for step in domain.steps]


class PlanEdits(BaseModel):
    """What the official changed in the roadmap: new texts of report steps, removed steps, their own steps."""

    edited: dict[str, str] = Field(default_factory=dict)
    removed: list[str] = Field(default_factory=list)
    added: list[RoadmapStep] = Field(default_factory=list)


def method_entry_points(framework: Framework, report: AssessmentReport) -> list[str]:
    """The domains the method would start from whatever targets are set: urgency and the survey's attention."""
    untargeted = report.assessment.model_copy(deep=True)
    for record in untargeted.records.values():
        record.target = None
    results = [result.model_copy(update={"target": None, "gap": None}) for result in report.results]
    return [item.domain for item in entry_points(framework, untargeted, results)]


def planning_domains(framework: Framework, report: AssessmentReport) -> list[str]:
    """The entry-point domains; when every target equals the current stage, those the method would start from."""
    return [item.domain for item in report.recommendations] or method_entry_points(framework, report)


def propose_targets(framework: Framework, report: AssessmentReport) -> dict[str, Stage]:
    """A target per assessed domain: the next stage in the entry-point domains (section 3.2), the current elsewhere."""
    starting = set(method_entry_points(framework, report))
    proposal = {}
    for result in report.results:
        if result.current is None or result.status != "done":
            continue
        proposal[result.domain] = min(result.current + 1, 3) if result.domain in starting else result.current
    return proposal


def apply_targets(assessment: Assessment, targets: dict[str, int]) -> list[str]:
    """Set targets on the assessment's records (never below the current stage); returns the domains changed."""
    changed = []
    for key, stage in targets.items():
        record = assessment.records.get(key)
        if record is None or record.current is None or stage < record.current or record.target == stage:
            continue
        record.target = stage
        changed.append(key)
    return changed


def _bigrams(text: str) -> set[str]:
    return {text[index:index + 2] for index in range(len(text) - 1)}


def _closest(text: str, candidates: list, key) -> object | None:
    """The candidate whose text shares most character pairs with `text` (the first on a tie)."""
    if not candidates:
        return None
    wanted = _bigrams(text)
    return max(candidates, key=lambda item: len(wanted & _bigrams(key(item))))


class RoadmapBuilder:
    """Builds roadmaps over one framework and one parsed report."""

    def __init__(self, framework: Framework, finder: PassageFinder):
        self.framework = framework
        self.finder = finder

    def build(self, report: AssessmentReport, edits: PlanEdits | None = None) -> Roadmap:
        """The roadmap of a report's entry-point domains, with the official's edits laid over it."""
        edits = edits or PlanEdits()
        method = self.framework.method
        roadmap = Roadmap(assessment_id=report.assessment.id,
                          method=self.finder.locate(method.quote, method.section) if method else None)
        by_key = {result.domain: result for result in report.results}
        keys = planning_domains(self.framework, report)
        keys += [step.domain for step in edits.added if step.domain not in keys]
        for key in keys:
            result = by_key[key]
            domain = self.framework.domains[key]
            current = result.current
            target = result.target if result.target is not None else (min(current + 1, 3) if current is not None else None)
            steps = self.report_steps(domain, current, target)
            steps = [step.model_copy(update={"text": edits.edited[step.id], "edited": True}) if step.id in edits.edited else step
                     for step in steps if step.id not in edits.removed]
            steps += [step for step in edits.added if step.domain == key]
            steps.sort(key=lambda step: TERMS.index(step.term))
            roadmap.domains.append(DomainRoadmap(domain=key, zh=domain.zh, en=domain.en, section=domain.section,
                                                 current=current, target=target, steps=steps))
        return roadmap

    def report_steps(self, domain: Domain, current: int | None, target: int | None) -> list[RoadmapStep]:
        """The report's steps from `current` to `target`: near term first, each cited; none when either is unknown."""
        if current is None or target is None or target <= current:
            return []
        if target - current >= 2:
            plan = [("near", current + 1, list(DIMENSION_NAMES) + ["other"]), ("mid", current + 2, list(DIMENSION_NAMES) + ["other"])]
        else:
            later = [name for name in DIMENSION_NAMES if name not in NEAR_TERM_DIMENSIONS] + ["other"]
            plan = [("near", current + 1, list(NEAR_TERM_DIMENSIONS)), ("mid", current + 1, later)]
        steps, seen = [], set()
        for term, stage, names in plan:
            for name, item in self._items(domain, stage, names):
                citation = self.finder.locate(item.quote, item.section)
                if citation is None or item.quote in seen or item.text in seen:
                    continue  # a quote the report does not hold is never cited; a repeated characteristic is one step
                seen.update((item.quote, item.text))
                steps.append(RoadmapStep(
                    id=f"{domain.key}.{stage}.{name}", domain=domain.key, term=term, stage=stage, dimension=name,
                    text=item.text, citation=citation, case=self.case_for(domain, stage, item.text),
                    stakeholders=self.tasks_for(domain, item.text),
                ))
        return steps

    @staticmethod
    def _items(domain: Domain, stage: int, names: list[str]) -> list[tuple[str, Dimension]]:
        spec = domain.stage(stage)
        items = [(name, spec.dimensions[name]) for name in names if name in spec.dimensions]
        if "other" in names:
            items += [(f"other{index}", item) for index, item in enumerate(spec.other)]
        return items

    def case_for(self, domain: Domain, stage: int, text: str) -> CaseMove | None:
        """The case closest to a move into `stage`: the domain's own first, then another domain's same move."""
        def covers(case: CaseStudy) -> bool:
            return case.stage_from <= stage - 1 and case.stage_to >= stage

        own = [case for case in domain.cases if covers(case)]
        exact = [case for case in own if case.stage_from == stage - 1 and case.stage_to == stage]
        others = [(key, case) for key, other in self.framework.domains.items() if key != domain.key
                  for case in other.cases if case.stage_from == stage - 1 and case.stage_to == stage]
        if exact or own:
            case, key = _closest(text, exact or own, lambda case: case.after.text), domain.key
        elif others:
            key, case = _closest(text, others, lambda pair: pair[1].after.text)
        else:
            return None
        names = self.framework.domains[key]
        return CaseMove(city=case.city, country=case.country, domain=key, domain_zh=names.zh, domain_en=names.en, title=case.title, stage_label=case.stage_label,
                        stage_from=case.stage_from, stage_to=case.stage_to, did=case.after.text,
                        citation=self.finder.locate(case.after.quote, case.after.section))

    def tasks_for(self, domain: Domain, text: str) -> list[StakeholderTask]:
        """For each stakeholder group, its chapter-4 recommendation for the domain closest to the step."""
        tasks = []
        for advice in stakeholder_advice(self.framework, domain):
            action = _closest(text, advice.actions, lambda reference: reference.text)
            tasks.append(StakeholderTask(key=advice.key, zh=advice.zh, en=advice.en, role=advice.role, action=action.text,
                                         quote=action.quote or action.text, citation=self.finder.locate(action.quote or action.text, action.section)))
        return tasks


def official_step(domain: str, term: Term, text: str) -> RoadmapStep:
    """A step the official adds: marked as theirs, without a citation."""
    return RoadmapStep(id=f"own-{uuid.uuid4().hex[:8]}", domain=domain, term=term, text=text, origin="official")
