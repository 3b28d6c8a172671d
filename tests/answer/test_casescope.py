"""A question about one case city is not answered with what the report tells only of another city: a named
thing of another city's case (its mini-program, its energy system) or a stage in a domain the case catalogue
does not rate the city in. The official is told what the report does cover of the city instead."""

from __future__ import annotations

import pytest

from assistant.answer.casescope import CaseScope
from assistant.knowledge.framework import load_framework
from assistant.schemas import ChatTurn


@pytest.fixture(scope="module")
def cases(index, analyser, settings) -> CaseScope:
    return CaseScope(index.chunks, load_framework(settings.paths.framework_file), analyser.finder, index.glossary)


@pytest.mark.parametrize(("question", "term", "other"), [
    ("平湖的“讯宿办”小程序有多少用户？", "讯宿办", "宿州"),
    ("宝应县也上线了“讯宿办”吗？都能办什么？", "讯宿办", "宿州"),
    ("彭水的AEMS能源管理系统是谁建的？", "AEMS", "柏之叶"),
    ("福冈的口罩预约功能用了多久上线？", "口罩预约", "宿州"),
    ("How does Kaifeng's mask reservation service work?", "口罩预约", "宿州"),
])
def test_a_name_of_another_citys_case_is_beyond_the_city_asked(cases, analyser, question, term, other):
    out = cases.beyond(analyser.analyse(question))
    assert out is not None and out.term == term and other in out.others


@pytest.mark.parametrize(("question", "rated"), [
    ("宿州在环境与低碳领域处于哪个阶段？", "民生与服务"),
    ("宿州的基础设施数字化到了第几阶段？", "民生与服务"),
    ("What maturity stage has Fukuoka reached in infrastructure?", "民生与服务"),
    ("彭水在治理与运行方面处于什么阶段？", "产业与经济"),
])
def test_a_stage_in_a_domain_the_catalogue_does_not_rate_is_beyond_the_city(cases, analyser, question, rated):
    out = cases.beyond(analyser.analyse(question))
    assert out is not None and out.term is None and rated in out.rated


@pytest.mark.parametrize(("question", "domain"), [
    ("福冈在环境与低碳领域做了哪些工作？", "环境与低碳"),
    ("彭水在基础设施方面有什么建设？", "基础设施"),
    ("Which projects did Fukuoka run in the domain of industry and economy?", "产业与经济"),
    ("柏之叶在政务领域有哪些举措？", "政府效能"),
])
def test_work_in_a_domain_the_report_never_presents_for_the_city_is_beyond_it(cases, analyser, question, domain):
    out = cases.beyond(analyser.analyse(question))
    assert out is not None and out.domain == domain


@pytest.mark.parametrize("question", [
    "宿州在民生与服务领域做了哪些工作？",  # the domain the catalogue rates it in
    "平湖在城市治理领域做了什么？",  # a domain its own case names
    "How does Pengshui's work in industry and economy help farmers?",
])
def test_work_in_a_domain_the_city_is_presented_in_stays_answerable(cases, analyser, question):
    assert cases.beyond(analyser.analyse(question)) is None


@pytest.mark.parametrize("question", [
    "宿州的“讯宿办”能办哪些事？",  # the city's own name of a thing
    "宿州在民生与服务领域处于哪个阶段？",  # a domain the catalogue rates it in
    "What stage has Fukuoka reached in livelihood and services?",
    "平湖和宿州的数据平台有什么不同？",  # two cities compared
    "开封的智慧文旅平台有什么功能？",  # a general term the report also uses beyond the cases
    "讯宿办是哪个城市的？",  # no city named
])
def test_what_the_report_says_of_the_city_stays_answerable(cases, analyser, question):
    assert cases.beyond(analyser.analyse(question)) is None


@pytest.mark.parametrize(("question", "says"), [
    ("开封的“讯宿办”能查公积金吗？", "宿州"),
    ("宿州在环境与低碳领域处于哪个阶段？", "民生与服务"),
    ("Which stage is Fukuoka at in infrastructure?", "Livelihood"),
])
def test_the_refusal_says_what_the_report_covers_of_the_city(extractive, question, says):
    answer = extractive.ask(question)
    assert answer.refused and says in answer.answer and not answer.citations


@pytest.mark.parametrize(("before", "followup"), [
    ("宿州“讯宿办”能办哪些事？", "那平湖呢？"),
    ("What does Baoying's smart lotus root platform do?", "And Pinghu?"),
    ("柏之叶的AEMS是怎么运作的？", "会津若松呢？"),
])
def test_a_followup_naming_another_city_asks_for_its_counterpart(cases, analyser, before, followup):
    history = [ChatTurn(question=before, answer="……")]
    assert cases.beyond(analyser.analyse(followup, history)) is None


@pytest.mark.parametrize("question", [
    "How did Pengshui sell its farm products online?",  # farm products are a kind of thing, not one city's name
    "彭水的农产品是怎么卖到网上的？",
    "宝应的数据平台是怎么建的？",
])
def test_a_kind_of_thing_other_cities_have_is_no_name_of_their_case(cases, analyser, question):
    assert cases.beyond(analyser.analyse(question)) is None
