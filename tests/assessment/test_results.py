"""Results of a known profile: gaps, entry points, next stages, matching cases, stakeholders, challenges."""

from __future__ import annotations

from assistant.assessment.models import Assessment, DomainAssessment
from assistant.assessment.results import build_report, matching_cases


def _assessment(stages: dict[str, tuple[int | None, int | None]], urgent=(), selection="chosen", language="zh") -> Assessment:
    records = {key: DomainAssessment(domain=key, status="done", current=current, target=target)
               for key, (current, target) in stages.items()}
    return Assessment(language=language, domains=list(stages), urgent=list(urgent), selection=selection, records=records,
                      step="summary")


def test_services_one_to_two_recommends_suzhou_and_fukuoka(framework):
    report = build_report(framework, _assessment({"services": (1, 2)}, urgent=["services"]))
    services = report.results[0]
    assert (services.domain, services.current, services.target, services.gap) == ("services", 1, 2, 1)
    assert [case.city for case in services.cases] == ["宿州", "福冈"]
    assert all(case.section == "3.3" and case.stage_from == 1 and case.stage_to == 2 for case in services.cases)
    assert services.next_stage == 2 and "统一的城市服务平台" in services.next_stage_summary
    assert services.next_stage_traits and all(item.section == "3.3" for item in services.next_stage_traits)
    assert [item.text for item in services.concerns] == ["智慧公共服务", "智慧医疗", "智慧社区"]


def test_cases_cover_the_step(framework):
    infrastructure = framework.domains["infrastructure"]
    assert [case.city for case in matching_cases(infrastructure, 1)] == ["平湖"]  # 会津若松 stays at stage 1
    assert [case.city for case in matching_cases(infrastructure, 2)] == ["平湖"]  # 1 -> 3 covers 2 -> 3
    assert matching_cases(framework.domains["services"], 2) == []
    assert matching_cases(framework.domains["services"], 3) == []
    assert len(matching_cases(framework.domains["services"], None)) == 2


def test_stakeholders_core_and_partial(framework):
    report = build_report(framework, _assessment({"services": (1, 2), "enablers": (1, 3)}))
    roles = {result.domain: {holder.key: holder.role for holder in result.stakeholders} for result in report.results[:2]}
    assert roles["services"] == {"government": "core", "citizens": "core", "enterprises": "core", "research": "partial"}
    assert roles["enablers"] == {"government": "core", "citizens": "partial", "enterprises": "partial", "research": "core"}
    services = report.results[0]
    citizens = next(holder for holder in services.stakeholders if holder.key == "citizens")
    assert "民生服务" in citizens.actions[0].text and citizens.actions[0].section == "4"


def test_entry_points_weigh_urgency_gap_and_survey_attention(framework):
    stages = {"environment": (1, 3), "services": (1, 2), "government": (2, 2), "industry": (3, 3)}
    report = build_report(framework, _assessment(stages, urgent=["services"], selection="all"))
    assert [item.domain for item in report.recommendations] == ["services", "environment"]
    first = report.recommendations[0]
    assert [reason.section for reason in first.reasons] == ["2.4", "3.3", "3.1"]
    assert "最迫切" in first.reasons[0].text and "排第1" in first.reasons[2].text
    # Without stated urgency the larger gap comes first; domains with nothing to gain are never entry points.
    report = build_report(framework, _assessment(stages))
    assert [item.domain for item in report.recommendations] == ["environment", "services"]


def test_not_assessed_domains_are_listed_without_stages(framework):
    report = build_report(framework, _assessment({"services": (1, 2)}))
    assert len(report.results) == 7
    rest = report.results[1:]
    assert all(result.status == "pending" and result.current is None and not result.cases for result in rest)


def test_challenges_and_advice(framework):
    report = build_report(framework, _assessment({"services": (1, 2)}))
    assert [item.text.split("（")[0] for item in report.challenges] == [
        "需要可持续的创新和商业模式", "需要足够的资金和资源投入", "需要实现数字包容", "需要公私合作分工的框架", "需要因地制宜的规划设计理念与思想",
    ]
    assert all(item.section == "1.4" for item in report.challenges)
    assert report.advice.section == "2.4" and "1-2个需求迫切的领域" in report.advice.text


def test_english_results(framework):
    report = build_report(framework, _assessment({"services": (1, 2)}, urgent=["services"], language="en"))
    assert report.recommendations[0].reasons[-1].text == "ranked 1 of 7 domains for attention in the survey"
    assert report.challenges[0].text.startswith("需要可持续的创新和商业模式 (mean score 3.93")
