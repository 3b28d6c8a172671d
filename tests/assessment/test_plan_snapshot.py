"""The roadmap, peers and proposals as the terminal shows them, kept as snapshots: a change is a visible diff.

Regenerate after an intended change with SMC_UPDATE_SNAPSHOTS=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.assessment.plan_render import peers_text, proposals_text, roadmap_text
from assistant.assessment.planning import PlanningService
from assistant.assessment.service import AssessmentService
from tests.assessment.conftest import FixedJudge
from tests.assessment.plan_fixtures import stored_assessment

SNAPSHOTS = Path(__file__).parent / "snapshots"
PROFILES = {
    "plan_baoying.zh": ("zh", {"industry": (1, 2), "environment": (1, 1), "enablers": (2, 3)}, ["industry"]),
    "plan_fukuoka.en": ("en", {"services": (1, 3), "government": (2, 2)}, ["services"]),
}


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_plan_snapshot(framework, store, tmp_path, settings, name):
    language, stages, urgent = PROFILES[name]
    planning = PlanningService(AssessmentService(framework, store, tmp_path / "data", FixedJudge(framework)),
                               settings.paths.corpus_file)
    assessment = stored_assessment(store, stages, language=language, urgent=urgent)
    text = "\n\n".join([proposals_text(framework, planning.proposals(assessment.id), language),
                        roadmap_text(planning.roadmap(assessment.id), language),
                        peers_text(framework, planning.peers(assessment.id), language)]) + "\n"
    path = SNAPSHOTS / f"{name}.txt"
    if os.environ.get("SMC_UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
