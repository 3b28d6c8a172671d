"""Re-assessment: a new assessment of a city starting from its last one, each domain confirmed or changed.

The new assessment copies the city, the domains and every answer and stage of the last one. The official
then confirms a domain as it was or describes what changed; the description is judged like any answer, and
becomes the evidence shown beside the stage then and now.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.assessment.models import Answer, Assessment, Turn, new_id, now
from assistant.assessment.plan_store import PlanStore
from assistant.assessment.render import prompt_for, summary_text
from assistant.assessment.results import build_report
from assistant.assessment.store import AssessmentStore
from assistant.errors import BadInput, UnknownSession
from assistant.knowledge.framework import Framework
from assistant.schemas import Stage
from assistant.assessment.judge import StageJudge
from assistant.text import clean_input

Review = Literal["pending", "confirmed", "changed"]


class DomainChange(BaseModel):
    """One domain then and now, and the evidence for a change."""

    domain: str
    zh: str
    en: str
    review: Review
    then: Stage | None
    now: Stage | None
    evidence: str | None = None
    matched: list[str] = Field(default_factory=list, description="Characteristics of the new stage the evidence matched.")

    @property
    def moved(self) -> int | None:
        """now - then, when both are known."""
        return self.now - self.then if self.now is not None and self.then is not None else None


class ReassessmentView(BaseModel):
    """A re-assessment beside the assessment it started from."""

    assessment_id: str
    previous_id: str
    city: str | None
    domains: list[DomainChange]

    def pending(self) -> list[str]:
        """Domains not yet confirmed or changed."""
        return [item.domain for item in self.domains if item.review == "pending"]


class Reassessment:
    """Starts re-assessments and records each domain's confirmation or change."""

    def __init__(self, framework: Framework, store: AssessmentStore, plans: PlanStore, judge: StageJudge | None = None):
        self.framework = framework
        self.store = store
        self.plans = plans
        self._judge = judge

    def latest_of(self, city: str) -> str:
        """The id of the newest assessment of a city that has a stage in some domain."""
        for item in self.store.list_assessments(city):
            assessment = self.store.load(item.id)
            if any(record.current is not None for record in assessment.records.values()):
                return item.id
        raise UnknownSession(f"no earlier assessment of {city!r} with a stage to start from")

    def start(self, previous_id: str) -> Assessment:
        """A new stored assessment pre-filled from `previous_id`, waiting at the summary for confirmations."""
        previous = self.store.load(previous_id)
        reviewed = [key for key in previous.domains if previous.records.get(key) and previous.records[key].status == "done"]
        if not reviewed:
            raise BadInput(f"assessment {previous.id} has no assessed domain to start from")
        assessment = previous.model_copy(deep=True, update={"id": new_id(), "version": 0, "created_at": now(), "updated_at": now(),
                                                            "step": "summary", "cursor_domain": None, "cursor_question": 0})
        summary = summary_text(build_report(self.framework, assessment))
        prompt, options = prompt_for(self.framework, assessment, summary)
        self.store.create(assessment, Turn(message=prompt, quick_replies=options, state="summary", assessment_id=assessment.id))
        self.plans.save_reassessment(assessment.id, previous.id, {key: {"review": "pending"} for key in reviewed})
        return assessment

    def confirm(self, assessment_id: str, domain: str) -> ReassessmentView:
        """The domain is as it was."""
        previous_id, state = self._state(assessment_id)
        key = self._key(state, domain)
        state[key] = {"review": "confirmed"}
        self.plans.save_reassessment(assessment_id, previous_id, state)
        return self.view(assessment_id)

    def change(self, assessment_id: str, domain: str, evidence: str, stage: int | None = None) -> ReassessmentView:
        """The domain changed: `evidence` says how; it is judged, unless the official also names the stage."""
        previous_id, state = self._state(assessment_id)
        key = self._key(state, domain)
        text = clean_input(evidence or "")
        if not text:
            raise BadInput("say what changed: the evidence is shown beside the new stage")
        if stage is not None and stage not in (1, 2, 3):
            raise BadInput(f"stage {stage!r} is not 1, 2 or 3")
        assessment = self.store.load(assessment_id)
        record = assessment.record(key)
        matched: list[str] = []
        if self._judge is not None:
            judgement = self._judge.judge(key, text)
            record.inferred = judgement
            matched = [quote.strip("“”") for quote in judgement.matched]
            stage = stage or judgement.stage
        if stage is None:
            raise BadInput("name the new stage (1, 2 or 3): no stage judge is available to judge the evidence")
        record.answers.append(Answer(question="correction", text=text, kind="correction"))
        record.current = stage
        if record.target is not None and record.target < stage:
            record.target = stage
        self.plans.amend(assessment, f"reassess {key}: {text}")
        state[key] = {"review": "changed", "evidence": text, "matched": matched}
        self.plans.save_reassessment(assessment_id, previous_id, state)
        return self.view(assessment_id)

    def view(self, assessment_id: str) -> ReassessmentView:
        """Per domain: the stage then and now, whether it was confirmed or changed, and the evidence."""
        previous_id, state = self._state(assessment_id)
        previous, current = self.store.load(previous_id), self.store.load(assessment_id)
        rows = []
        for key, entry in state.items():
            domain = self.framework.domains[key]
            then = previous.records.get(key)
            rows.append(DomainChange(domain=key, zh=domain.zh, en=domain.en, review=entry["review"],
                                     then=then.current if then else None, now=current.record(key).current,
                                     evidence=entry.get("evidence"), matched=entry.get("matched", [])))
        return ReassessmentView(assessment_id=current.id, previous_id=previous.id, city=current.city.name, domains=rows)

    def _state(self, assessment_id: str) -> tuple[str, dict]:
        found = self.plans.reassessment(assessment_id)
        if found is None:
            raise UnknownSession(f"assessment {assessment_id} is not a re-assessment (start one from an earlier assessment)")
        return found

    def _key(self, state: dict, domain: str) -> str:
        key = self.framework.domain(domain).key
        if key not in state:
            raise BadInput(f"{key} was not assessed last time; assess it in the conversation")
        return key
