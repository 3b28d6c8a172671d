"""Team assessment (two respondents, a disagreement the lead resolves), re-assessment, and peers."""

from __future__ import annotations

import pytest

from assistant.assessment.planning import PlanningService
from assistant.assessment.plan_render import changes_text, peers_text, team_text
from assistant.assessment.service import AssessmentService
from assistant.assessment.texts import questions
from assistant.errors import BadInput, UnknownSession
from tests.assessment.conftest import FixedJudge
from tests.assessment.plan_fixtures import stored_assessment


@pytest.fixture()
def planning(framework, store, tmp_path, settings) -> PlanningService:
    service = AssessmentService(framework, store, tmp_path / "data", FixedJudge(framework, stage=2))
    return PlanningService(service, settings.paths.corpus_file)


def _answer_domain(planning: PlanningService, response_id: str, domain: str, current: str, target: str) -> None:
    """A respondent answers every question of the domain with its first option, confirms `current`, aims at `target`."""
    for question in questions("zh", domain):
        planning.assessments.answer(response_id, question.options[0])
    planning.assessments.answer(response_id, current)
    planning.assessments.answer(response_id, target)


def test_two_respondents_disagree_and_the_lead_decides(planning, store, framework):
    lead = stored_assessment(store, {"services": (1, 2)}, city="宿州")
    codes = {item.domain: item.code for item in planning.invite(lead.id, ["政府效能", "industry"])}
    assert set(codes) == {"government", "industry"} and len(set(codes.values())) == 2
    assert planning.invite(lead.id, ["government"])[0].code == codes["government"]  # the same code when asked again

    first = planning.join(codes["government"].lower(), "王科长")
    second = planning.join("-".join([codes["government"][:4], codes["government"][4:]]), "李主任")
    third = planning.join(codes["industry"], "赵局长")
    view = planning.assessments.view(first)
    assert view.turn.state == "question" and view.turn.domain == "government" and "问题1/" in view.turn.message
    assert planning.store.load(first).city.name == "宿州"

    _answer_domain(planning, first, "government", "阶段二", "阶段三")
    _answer_domain(planning, second, "government", "阶段一", "阶段二")
    _answer_domain(planning, third, "industry", "阶段二", "阶段二")
    status = {item.domain: item for item in planning.team_status(lead.id).domains}
    assert status["government"].disagreement and status["government"].agreed is None
    assert [(r.respondent, r.current) for r in status["government"].responses] == [("王科长", 2), ("李主任", 1)]
    assert status["industry"].agreed == 2 and not status["industry"].disagreement
    shown = team_text(framework, planning.team_status(lead.id), "zh")
    assert "答案不一致，请决定" in shown and "王科长：当前阶段二，目标阶段三" in shown and "李主任：当前阶段一，目标阶段二" in shown

    assert planning.merge(lead.id) == ["industry"]  # the disagreement waits for the lead
    assert "government" not in store.load(lead.id).records

    planning.decide(lead.id, "government", response_id=second)
    assert planning.merge(lead.id) == ["industry", "government"]
    merged = store.load(lead.id)
    record = merged.records["government"]
    assert (record.current, record.target, record.status) == (1, 2, "done") and "government" in merged.domains
    assert any(answer.text.startswith("王科长: ") for answer in record.answers)  # who answered what is kept
    assert any(answer.text.startswith("李主任: ") for answer in record.answers)
    assert "已决定：阶段一" in team_text(framework, planning.team_status(lead.id), "zh")
    planning.decide(lead.id, "government", stage=3)
    planning.merge(lead.id)
    assert store.load(lead.id).records["government"].current == 3


@pytest.mark.parametrize(("code", "name", "error"), [
    ("ABCDEFGH", "王科长", UnknownSession), ("short", "王科长", BadInput), ("", "王科长", BadInput), ("ABCDEFGH", "  ", BadInput),
])
def test_bad_codes_and_names_are_refused(planning, code, name, error):
    with pytest.raises(error):
        planning.join(code, name)


def test_a_reassessment_changes_two_domains_and_shows_both(planning, store, framework):
    last = stored_assessment(store, {"services": (1, 2), "government": (1, 2), "industry": (2, 3)}, city="莘县",
                             said={"services": "各部门各自提供APP"})
    new_id = planning.reassess("莘县")  # the newest assessment of the city
    assert new_id != last.id
    copied = store.load(new_id)
    assert copied.records["services"].answers[0].text == "各部门各自提供APP" and copied.city.name == "莘县"
    assert planning.changes(new_id).pending() == ["services", "government", "industry"]

    reassessment = planning.reassessment
    reassessment.change(new_id, "民生与服务", "建成了统一的城市服务平台，聚合了公共服务和部分企业服务")  # judged: stage 2
    reassessment.change(new_id, "government", "跨部门协同平台已经上线，部门间共享基础数据", stage=3)
    view = reassessment.confirm(new_id, "industry")
    rows = {item.domain: item for item in view.domains}
    assert (rows["services"].then, rows["services"].now, rows["services"].review) == (1, 2, "changed")
    assert (rows["government"].then, rows["government"].now, rows["government"].moved) == (1, 3, 2)
    assert (rows["industry"].then, rows["industry"].now, rows["industry"].review) == (2, 2, "confirmed")
    assert rows["services"].matched  # the characteristics the evidence matched
    text = changes_text(view, "zh")
    assert "民生与服务：上次阶段一，本次阶段二（已更改）" in text and "依据：建成了统一的城市服务平台" in text
    assert "政府效能：上次阶段一，本次阶段三（已更改）" in text and "产业与经济：上次阶段二，本次阶段二（确认不变）" in text
    assert store.load(last.id).records["services"].current == 1  # the last assessment is untouched
    assert store.load(new_id).records["government"].target == 3  # a target below the new stage is raised to it
    english = changes_text(view, "en")
    assert "Livelihood and Services: last time stage 1, now stage 2 (changed)" in english


def test_bad_reassessments_are_refused(planning, store):
    assessment = stored_assessment(store, {"services": (1, 2)})
    with pytest.raises(UnknownSession):
        planning.reassess("没有评估过的城市")
    with pytest.raises(UnknownSession):
        planning.reassessment.confirm(assessment.id, "services")  # not a re-assessment
    new_id = planning.reassess(assessment.id)
    with pytest.raises(BadInput):
        planning.reassessment.change(new_id, "services", "   ")
    with pytest.raises(BadInput):
        planning.reassessment.confirm(new_id, "environment")  # not assessed last time


@pytest.mark.parametrize(("current", "nearest", "why"), [(1, "莘县", "same_start"), (2, "莘县", "same_end"), (3, "莘县", "closest")])
def test_peers_put_the_profile_beside_the_case_cities(planning, store, framework, current, nearest, why):
    assessment = stored_assessment(store, {"industry": (current, current)})
    row = planning.peers(assessment.id).domains[0]
    assert {case.city for case in row.cases} == {case.city for case in framework.domains["industry"].cases}
    assert (row.nearest.city, row.why) == (nearest, why)
    text = peers_text(framework, planning.peers(assessment.id), "zh")
    assert "宝应 (中国) 《“智慧荷藕”建设方案》: 阶段一 → 阶段二" in text and f"{nearest} " in text
