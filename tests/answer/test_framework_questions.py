"""Questions about the framework's stages are answered from the report's own description of the stage, in
whatever form the stage and the domain are spelled, never from a case's project phase or another domain."""

from __future__ import annotations

import pytest

from assistant.answer.pipeline import build_chain


def fake_chain(settings, index, replies):
    return build_chain(settings, index=index, engine="fake", replies=replies)


# (question, section, the start of the stage's own paragraph)
DOMAIN_STAGE = [
    ("城市治理与运行处在阶段二时是什么状态？", "3.5", "阶段二的城市数字化治理主体"),
    ("治理领域发展到第2阶段会是什么样？", "3.5", "阶段二的城市数字化治理主体"),
    ("二阶段的治理与运行领域，主体和方式有什么变化？", "3.5", "阶段二的城市数字化治理主体"),
    ("How is city governance run in phase two?", "3.5", "阶段二的城市数字化治理主体"),
    ("第三阶段时民生领域的服务是怎么提供的？", "3.3", "阶段三，政府、企业、社会组织、市民"),
    ("民生与服务走到第3阶段，会出现哪些变化？", "3.3", "阶段三，政府、企业、社会组织、市民"),
    ("In the third stage of livelihood and services, who provides the services?", "3.3", "阶段三，政府、企业、社会组织、市民"),
    ("环境领域在第一阶段一般是什么情况？", "3.6", "阶段一，环境与低碳领域的数字化转型"),
    ("低碳领域阶段1的数字化主要做什么？", "3.6", "阶段一，环境与低碳领域的数字化转型"),
    # a one-word English domain name is a name where a stage is asked about, or before "domain"
    ("What is infrastructure like at stage one?", "3.8", "阶段一，传统设施数字化"),
    ("In the infrastructure domain, what marks the first stage?", "3.8", "阶段一，传统设施数字化"),
    ("What does governance look like in phase 3?", "3.5", "阶段三的城市治理数字化主体"),
    ("Describe the first stage for the economy.", "3.4", "阶段一的数字化以当地领军企业自发开展"),
]


@pytest.mark.parametrize(("question", "section", "opening"), DOMAIN_STAGE)
def test_a_domain_and_stage_are_answered_from_that_stage_paragraph_alone(extractive, question, section, opening):
    answer = extractive.ask(question)
    assert not answer.refused
    assert {citation.section for citation in answer.citations} == {section}
    assert opening in answer.answer
    other_stages = {"阶段一", "阶段二", "阶段三"} - {opening[:3]}
    assert not any(answer.answer.count(stage) for stage in other_stages)


@pytest.mark.parametrize(("question", "stage"), [
    ("数字化转型的第一阶段有什么特征？", "阶段一"),
    ("一阶段的城市数字化是什么特点？", "阶段一"),
    ("What marks the first stage of a city's digital transformation?", "阶段一"),
    ("第三阶段总体上有什么特点？", "阶段三"),
    ("Describe phase three of the maturity model.", "阶段三"),
])
def test_a_stage_alone_is_answered_from_the_general_description_not_a_case_phase(extractive, question, stage):
    answer = extractive.ask(question)
    assert not answer.refused
    assert {citation.section for citation in answer.citations} == {"3.2"}
    assert f"{stage}：其特征是" in answer.answer
    assert "柏之叶" not in answer.answer and "第一阶段的建设" not in answer.answer


@pytest.mark.parametrize(("question", "section", "openings"), [
    ("低碳领域里，一阶段跟三阶段差在哪里？", "3.6", ["阶段一，环境与低碳领域的数字化转型", "阶段三，环境与低碳领域数字化转型"]),
    ("基础设施从第一阶段到第二阶段有什么变化？", "3.8", ["阶段一，传统设施数字化", "阶段二，传统设施数字化转型"]),
    ("How does the government efficiency domain change from stage 2 to stage 3?", "3.7",
     ["阶段二，政府在内部协同方面", "阶段三，政府在协同方面"]),
    ("Contrast phase one and phase two of governance.", "3.5", ["阶段一的城市数字化治理主体", "阶段二的城市数字化治理主体"]),
])
def test_stages_of_a_domain_compared_are_answered_from_both_stage_paragraphs(extractive, question, section, openings):
    answer = extractive.ask(question)
    assert not answer.refused
    assert {citation.section for citation in answer.citations} == {section}
    for opening in openings:
        assert opening in answer.answer, opening


def test_a_question_about_a_case_city_and_a_stage_is_answered_from_the_case(extractive):
    answer = extractive.ask("柏之叶智慧城市完成了哪个阶段的建设？")
    assert not answer.refused
    assert "3.6" in {citation.section for citation in answer.citations}
    assert "柏之叶" in answer.answer


def test_the_model_is_shown_only_the_stage_paragraph(settings, index):
    chain = fake_chain(settings, index, ["阶段二的城市数字化治理主体在政府跨部门、跨区域、跨系统协同的基础上，建立城市居民、企业共同参与治理的机制。"])
    answer = chain.ask("治理领域进入第二阶段会怎样？")
    shown = chain.chat_model.prompts[0][-1].content
    assert "阶段二的城市数字化治理主体" in shown
    assert "阶段一" not in shown and "阶段三" not in shown
    assert not answer.refused and answer.citations[0].section == "3.5"


@pytest.mark.parametrize(("question", "openings"), [
    ("治理与运行的阶段一和阶段二差在哪里？", ["阶段一的城市数字化治理主体", "阶段二的城市数字化治理主体"]),
    ("Contrast phase one and phase two of governance.", ["阶段一的城市数字化治理主体", "阶段二的城市数字化治理主体"]),
    ("政府效能第二阶段跟第三阶段差在哪？", ["阶段二，政府在内部协同方面", "阶段三，政府在协同方面"]),
])
def test_stages_compared_are_answered_by_their_paragraphs_with_a_model_too(settings, index, question, openings):
    chain = fake_chain(settings, index, ["两个阶段差不多。"])
    answer = chain.ask(question)
    assert not chain.chat_model.prompts
    assert not answer.refused and "两个阶段差不多" not in answer.answer
    for opening in openings:
        assert opening in answer.answer, opening
