"""Stored assessments made directly (not through the conversation), for the planning tests."""

from __future__ import annotations

from assistant.assessment.models import Answer, Assessment, CityProfile, DomainAssessment, Turn
from assistant.assessment.store import AssessmentStore


def stored_assessment(store: AssessmentStore, stages: dict[str, tuple[int, int | None]], *, city: str = "宝应",
                      language: str = "zh", urgent: list[str] | None = None, said: dict[str, str] | None = None) -> Assessment:
    """An assessment at its summary with {domain: (current, target)} confirmed, stored with an opening turn."""
    records = {}
    for key, (current, target) in stages.items():
        answers = [Answer(question=f"{key}.driver", text=(said or {}).get(key, f"{key} today"))]
        records[key] = DomainAssessment(domain=key, status="done", current=current, target=target, answers=answers)
    assessment = Assessment(language=language, city=CityProfile(name=city), selection="chosen", domains=list(stages),
                            urgent=urgent if urgent is not None else list(stages)[:1], records=records, step="summary")
    store.create(assessment, Turn(message="…", state="summary", assessment_id=assessment.id))
    return assessment
