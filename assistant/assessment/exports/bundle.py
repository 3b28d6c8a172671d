"""What a plan export holds: the assessment report, its roadmap, the peers and (for a re-assessment) the changes."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.assessment.models import AssessmentReport
from assistant.assessment.peers import PeerComparison
from assistant.assessment.plan import Roadmap
from assistant.assessment.reassess import ReassessmentView


class PlanReport(BaseModel):
    """Everything a plan export shows, in the assessment's language."""

    report: AssessmentReport
    roadmap: Roadmap
    peers: PeerComparison
    changes: ReassessmentView | None = None

    @property
    def language(self) -> str:
        """The language of the assessment, which every export speaks."""
        return self.report.assessment.language
