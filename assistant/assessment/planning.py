"""Planning as the CLI and the UI use it: targets, the roadmap and its edits, peers, team, re-assessment, exports.

One object over the assessment service's framework and store, the parsed report (for citations) and the
planning tables; every call that changes something commits it.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from assistant.assessment.exports.bundle import PlanReport
from assistant.assessment.exports.formats import EXPORT_FORMATS, write_plan_export
from assistant.assessment.passages import PassageFinder
from assistant.assessment.peers import PeerComparison, compare_with_peers
from assistant.assessment.plan import (
    TERMS,
    PlanEdits,
    Roadmap,
    RoadmapBuilder,
    apply_targets,
    official_step,
    method_entry_points,
    propose_targets,
)
from assistant.assessment.models import check_id
from assistant.assessment.plan_store import Invitation, PlanStore
from assistant.assessment.reassess import Reassessment, ReassessmentView
from assistant.assessment.results import build_report
from assistant.assessment.service import AssessmentService, build_assessment_service
from assistant.assessment.team import TeamAssessment, TeamDomain, TeamStatus
from assistant.errors import BadInput, UnknownSession
from assistant.knowledge.corpus import load_document
from assistant.schemas import Language, Stage
from assistant.settings import Settings
from assistant.text import clean_input

MAX_STEP = 500


class TargetProposal(BaseModel):
    """A domain's current stage, the target proposed for it and why, and the target set now."""

    domain: str
    zh: str
    en: str
    current: Stage
    proposed: Stage
    target: Stage | None
    entry_point: bool


class PlanningService:
    """Targets, roadmap, peers, team and re-assessment over one assessment service."""

    def __init__(self, assessments: AssessmentService, corpus_file: Path, *, chromium: Path | None = None,
                 pdf_timeout_s: float = 90):
        self.assessments = assessments
        self.framework = assessments.framework
        self.store = assessments.store
        self.plans = PlanStore(assessments.store)
        self.corpus_file = Path(corpus_file)
        self.chromium = chromium
        self.pdf_timeout_s = pdf_timeout_s
        self._builder: RoadmapBuilder | None = None

    @property
    def builder(self) -> RoadmapBuilder:
        """The roadmap builder over the parsed report, made on first use."""
        if self._builder is None:
            self._builder = RoadmapBuilder(self.framework, PassageFinder(load_document(self.corpus_file)))
        return self._builder

    # -- targets ---------------------------------------------------------------------------------------

    def proposals(self, assessment_id: str) -> list[TargetProposal]:
        """The proposed target of every domain with a confirmed stage (next stage in the entry points)."""
        report = self.assessments.report(assessment_id)
        proposed = propose_targets(self.framework, report)
        starting = set(method_entry_points(self.framework, report))
        by_key = {result.domain: result for result in report.results}
        return [TargetProposal(domain=key, zh=by_key[key].zh, en=by_key[key].en, current=by_key[key].current, proposed=stage,
                               target=by_key[key].target, entry_point=key in starting) for key, stage in proposed.items()]

    def set_targets(self, assessment_id: str, targets: dict[str, int]) -> list[str]:
        """Set target stages ({domain name: stage}); returns the domains whose target changed."""
        assessment = self.store.load(assessment_id)
        wanted = {}
        for name, stage in targets.items():
            key = self.framework.domain(name).key
            record = assessment.records.get(key)
            if stage not in (1, 2, 3):
                raise BadInput(f"target stage {stage!r} of {key} is not 1, 2 or 3")
            if record is None or record.current is None:
                raise BadInput(f"{key} has no confirmed current stage yet: assess it first")
            if stage < record.current:
                raise BadInput(f"the target of {key} cannot be below its current stage {record.current}")
            wanted[key] = stage
        changed = apply_targets(assessment, wanted)
        if changed:
            self.plans.amend(assessment, "targets: " + ", ".join(f"{key}={wanted[key]}" for key in changed))
        return changed

    def accept_proposals(self, assessment_id: str) -> list[str]:
        """Set every proposed target; returns the domains whose target changed."""
        return self.set_targets(assessment_id, {item.domain: item.proposed for item in self.proposals(assessment_id)})

    # -- roadmap ---------------------------------------------------------------------------------------

    def roadmap(self, assessment_id: str) -> Roadmap:
        """The roadmap of the entry-point domains with the official's edits."""
        report = self.assessments.report(assessment_id)
        return self.builder.build(report, self.plans.edits(assessment_id))

    def add_step(self, assessment_id: str, domain: str, term: str, text: str) -> Roadmap:
        """Add the official's own step to a domain's near or mid term."""
        key = self.framework.domain(domain).key
        if term not in TERMS:
            raise BadInput(f"unknown term {term!r}; use near or mid")
        edits = self.plans.edits(assessment_id)
        edits.added.append(official_step(key, term, self._step_text(text)))
        self.plans.save_edits(assessment_id, edits)
        return self.roadmap(assessment_id)

    def edit_step(self, assessment_id: str, step_id: str, text: str) -> Roadmap:
        """Change the text of a step; a report step keeps its citation and is marked as edited."""
        new_text = self._step_text(text)
        edits, step = self._find(assessment_id, step_id)
        if step.origin == "official":
            edits.added = [item.model_copy(update={"text": new_text}) if item.id == step.id else item for item in edits.added]
        else:
            edits.edited[step.id] = new_text
        self.plans.save_edits(assessment_id, edits)
        return self.roadmap(assessment_id)

    def remove_step(self, assessment_id: str, step_id: str) -> Roadmap:
        """Remove a step from the roadmap (a report step stays removed when targets change)."""
        edits, step = self._find(assessment_id, step_id)
        if step.origin == "official":
            edits.added = [item for item in edits.added if item.id != step.id]
        else:
            edits.removed.append(step.id)
            edits.edited.pop(step.id, None)
        self.plans.save_edits(assessment_id, edits)
        return self.roadmap(assessment_id)

    def _find(self, assessment_id: str, step_id: str) -> tuple[PlanEdits, object]:
        wanted = (step_id or "").strip()
        step = next((item for item in self.roadmap(assessment_id).steps() if item.id == wanted), None)
        if step is None:
            raise BadInput(f"the roadmap of {assessment_id} has no step {wanted!r}")
        return self.plans.edits(assessment_id), step

    @staticmethod
    def _step_text(text: str) -> str:
        value = clean_input(text or "")
        if not value:
            raise BadInput("a step needs some text")
        if len(value) > MAX_STEP:
            raise BadInput(f"a step has at most {MAX_STEP} characters, this one {len(value)}")
        return value

    # -- peers, re-assessment, team --------------------------------------------------------------------

    def peers(self, assessment_id: str) -> PeerComparison:
        """The profile beside the report's case cities."""
        return compare_with_peers(self.framework, self.assessments.report(assessment_id))

    @property
    def reassessment(self) -> Reassessment:
        """Re-assessments over this store, judging evidence with the assessment service's stage judge."""
        return Reassessment(self.framework, self.store, self.plans, self.assessments.judge)

    def reassess(self, previous: str) -> str:
        """Start a re-assessment from an assessment id, or from the newest assessment of a city; returns the new id."""
        reassessment = Reassessment(self.framework, self.store, self.plans)
        text = clean_input(previous or "")
        if not text:
            raise BadInput("give the id of the last assessment or the city's name")
        try:
            source = check_id(text)
        except UnknownSession:
            source = reassessment.latest_of(text)
        return reassessment.start(source).id

    def changes(self, assessment_id: str) -> ReassessmentView | None:
        """The re-assessment's changes, None when the assessment is not a re-assessment."""
        if self.plans.reassessment(assessment_id) is None:
            return None
        return Reassessment(self.framework, self.store, self.plans).view(assessment_id)

    @property
    def team(self) -> TeamAssessment:
        """Team assessments over this store."""
        return TeamAssessment(self.framework, self.store, self.plans)

    def invite(self, assessment_id: str, domains: list[str]) -> list[Invitation]:
        """Invitation codes per domain."""
        return self.team.invite(assessment_id, domains)

    def join(self, code: str, respondent: str, language: Language | None = None) -> str:
        """A respondent's own assessment of the invited domain; returns its id."""
        return self.team.join(code, respondent, language).id

    def team_status(self, assessment_id: str) -> TeamStatus:
        """Who answered what, per domain."""
        return self.team.status(assessment_id)

    def decide(self, assessment_id: str, domain: str, stage: int | None = None, response_id: str | None = None) -> TeamDomain:
        """The lead settles a domain."""
        return self.team.decide(assessment_id, domain, stage, response_id)

    def merge(self, assessment_id: str) -> list[str]:
        """Write the settled domains into the lead's assessment."""
        return self.team.merge(assessment_id)

    # -- exports ---------------------------------------------------------------------------------------

    def plan_report(self, assessment_id: str) -> PlanReport:
        """The report with its roadmap, peers and (for a re-assessment) changes."""
        report = build_report(self.framework, self.store.load(assessment_id))
        return PlanReport(report=report, roadmap=self.builder.build(report, self.plans.edits(assessment_id)),
                          peers=compare_with_peers(self.framework, report), changes=self.changes(assessment_id))

    def export(self, assessment_id: str, fmt: str) -> Path:
        """Write an export carrying the roadmap under <data_dir>/exports/ and return the file."""
        if fmt not in EXPORT_FORMATS:
            raise BadInput(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}")
        return write_plan_export(self.plan_report(assessment_id), fmt, self.assessments.data_dir, chromium=self.chromium,
                                 timeout_s=self.pdf_timeout_s)


def build_planning_service(settings: Settings, assessments: AssessmentService | None = None) -> PlanningService:
    """The planning service over the configured (or given) assessment service."""
    return PlanningService(assessments or build_assessment_service(settings), settings.paths.corpus_file,
                           chromium=settings.export.chromium, pdf_timeout_s=settings.export.pdf_timeout_s)
