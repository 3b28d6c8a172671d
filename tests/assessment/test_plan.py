"""Targets and the cited roadmap: every report step cites a passage that holds its sentence; the official's edits."""

from __future__ import annotations

import pytest

from assistant.assessment.planning import PlanningService
from assistant.assessment.service import AssessmentService
from assistant.errors import BadInput, UnknownDomain
from assistant.knowledge.corpus import load_document
from assistant.text import squash
from tests.assessment.conftest import FixedJudge
from tests.assessment.plan_fixtures import stored_assessment


@pytest.fixture()
def planning(framework, store, tmp_path, settings) -> PlanningService:
    service = AssessmentService(framework, store, tmp_path / "data", FixedJudge(framework))
    return PlanningService(service, settings.paths.corpus_file)


@pytest.fixture(scope="module")
def paragraphs(settings) -> list[tuple[str, int | None, str]]:
    document = load_document(settings.paths.corpus_file)
    return [(block.section, block.page, squash(paragraph)) for block in document.blocks for paragraph in block.paragraphs]


def _holds(paragraphs, citation) -> bool:
    """Whether a paragraph of the cited section, on the cited page, holds the cited sentence."""
    return any(section == citation.section and page == citation.page and squash(citation.sentence) in text
               for section, page, text in paragraphs)


PROFILES = [
    # (stages {domain: (current, target)}, urgent) — one move, two moves, a move from stage two
    ({"industry": (1, 2), "services": (1, 1)}, ["industry"]),
    ({"services": (1, 3), "governance": (2, 2)}, ["services"]),
    ({"government": (2, 3), "enablers": (1, 2), "environment": (1, 2)}, ["government", "enablers"]),
    ({"infrastructure": (1, 2)}, []),
]


@pytest.mark.parametrize(("stages", "urgent"), PROFILES)
def test_every_report_step_cites_a_passage_holding_its_sentence(planning, store, framework, paragraphs, stages, urgent):
    assessment = stored_assessment(store, stages, urgent=urgent)
    roadmap = planning.roadmap(assessment.id)
    assert roadmap.domains and roadmap.method is not None and _holds(paragraphs, roadmap.method)
    for domain in roadmap.domains:
        current, target = stages[domain.domain]
        assert (domain.current, domain.target) == (current, target if target > current else min(current + 1, 3))
        assert domain.steps, domain.domain
        for step in domain.steps:
            assert step.origin == "report" and step.citation is not None
            assert _holds(paragraphs, step.citation), (step.id, step.citation)
            assert squash(step.citation.quote) in squash(step.citation.sentence)  # the framework's quote is in the sentence
            assert step.citation.section == framework.domains[domain.domain].section
            assert step.citation.page is not None
            assert len(step.stakeholders) == 4 and {task.key for task in step.stakeholders} == {
                "government", "enterprises", "research", "citizens"}
            assert all(task.citation is not None and _holds(paragraphs, task.citation) for task in step.stakeholders)
            if step.case is not None:
                assert step.case.stage_from <= step.stage - 1 and step.case.stage_to >= step.stage
                assert _holds(paragraphs, step.case.citation)
        terms = [step.term for step in domain.steps]
        assert terms == sorted(terms, key=("near", "mid").index) and "near" in terms and "mid" in terms


def test_a_two_stage_target_puts_the_next_stage_near_and_the_one_after_mid(planning, store):
    assessment = stored_assessment(store, {"services": (1, 3)})
    steps = planning.roadmap(assessment.id).domains[0].steps
    assert {step.stage for step in steps if step.term == "near"} == {2}
    assert {step.stage for step in steps if step.term == "mid"} == {3}


def test_the_industry_move_from_stage_one_names_baoying(planning, store):
    assessment = stored_assessment(store, {"industry": (1, 2)})
    cases = {step.case.city for step in planning.roadmap(assessment.id).domains[0].steps if step.case}
    assert "宝应" in cases and cases <= {"宝应", "莘县"}


def test_proposed_targets_raise_the_entry_points_one_stage(planning, store, framework):
    assessment = stored_assessment(store, {"services": (1, 1), "industry": (2, 2), "environment": (1, 1),
                                           "enablers": (3, 3)}, urgent=["environment"])
    proposals = {item.domain: item for item in planning.proposals(assessment.id)}
    entry = [key for key, item in proposals.items() if item.entry_point]
    assert len(entry) == 2 and "environment" in entry  # the official's urgent domain, then the survey's first
    assert "enablers" not in entry  # at stage three there is nothing to raise
    for key, item in proposals.items():
        assert item.proposed == (item.current + 1 if key in entry else item.current)
    changed = planning.accept_proposals(assessment.id)
    assert sorted(changed) == sorted(entry)
    stored = store.load(assessment.id)
    assert all(stored.records[key].target == proposals[key].current + 1 for key in entry)
    assert store.events(assessment.id)[-1].kind == "edit"  # committed like a reply, with what changed
    assert sorted(domain.domain for domain in planning.roadmap(assessment.id).domains) == sorted(entry)


@pytest.mark.parametrize(("targets", "error"), [
    ({"services": 0}, BadInput), ({"services": 4}, BadInput), ({"industry": 1}, BadInput),  # below the current stage
    ({"government": 3}, BadInput),  # not assessed
    ({"transport": 2}, UnknownDomain),
])
def test_bad_targets_are_refused_and_nothing_changes(planning, store, targets, error):
    assessment = stored_assessment(store, {"services": (1, 2), "industry": (2, 2)})
    with pytest.raises(error):
        planning.set_targets(assessment.id, targets)
    assert store.load(assessment.id).model_dump(exclude={"updated_at"}) == assessment.model_dump(exclude={"updated_at"})


def test_the_official_edits_removes_and_adds_steps_and_they_survive_a_new_target(planning, store):
    assessment = stored_assessment(store, {"services": (1, 2)})
    first, second = planning.roadmap(assessment.id).steps()[:2]
    planning.edit_step(assessment.id, first.id, "建设“一网通办”城市服务平台，先接入社保和医保")
    planning.remove_step(assessment.id, second.id)
    planning.add_step(assessment.id, "民生与服务", "mid", "每季度发布市民满意度报告")
    roadmap = planning.roadmap(assessment.id)
    by_id = {step.id: step for step in roadmap.steps()}
    assert by_id[first.id].edited and by_id[first.id].text.startswith("建设“一网通办”") and by_id[first.id].citation == first.citation
    assert second.id not in by_id
    own = [step for step in roadmap.steps() if step.origin == "official"]
    assert len(own) == 1 and own[0].term == "mid" and own[0].citation is None and own[0].text == "每季度发布市民满意度报告"

    planning.set_targets(assessment.id, {"services": 3})  # the steps change with the target, the edits stay
    steps = {step.id: step for step in planning.roadmap(assessment.id).steps()}
    assert steps[first.id].edited and second.id not in steps and own[0].id in steps
    assert any(step.stage == 3 for step in steps.values())

    planning.edit_step(assessment.id, own[0].id, "每半年发布满意度报告")
    planning.remove_step(assessment.id, first.id)
    steps = {step.id: step for step in planning.roadmap(assessment.id).steps()}
    assert steps[own[0].id].text == "每半年发布满意度报告" and first.id not in steps


@pytest.mark.parametrize("call", [
    lambda p, i: p.edit_step(i, "services.9.driver", "x"),
    lambda p, i: p.remove_step(i, "nothing"),
    lambda p, i: p.add_step(i, "services", "later", "x"),
    lambda p, i: p.add_step(i, "services", "near", "   "),
    lambda p, i: p.add_step(i, "services", "near", "长" * 501),
])
def test_bad_step_edits_are_refused(planning, store, call):
    assessment = stored_assessment(store, {"services": (1, 2)})
    with pytest.raises(BadInput):
        call(planning, assessment.id)
    assert planning.plans.edits(assessment.id).model_dump() == {"edited": {}, "removed": [], "added": []}


def test_edits_and_targets_survive_a_restart(planning, store, framework, settings):
    from assistant.assessment.store import AssessmentStore

    assessment = stored_assessment(store, {"services": (1, 2)})
    planning.add_step(assessment.id, "services", "near", "成立城市服务平台工作专班")
    planning.set_targets(assessment.id, {"services": 3})
    reopened = AssessmentStore(store.url)
    try:
        again = PlanningService(AssessmentService(framework, reopened, planning.assessments.data_dir, FixedJudge(framework)),
                                settings.paths.corpus_file)
        roadmap = again.roadmap(assessment.id)
        assert roadmap.domains[0].target == 3
        assert [step.text for step in roadmap.steps() if step.origin == "official"] == ["成立城市服务平台工作专班"]
    finally:
        reopened.close()
