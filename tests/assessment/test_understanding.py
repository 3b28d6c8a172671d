"""Scripted officials whose replies are not plain answers: denials, a free first reply, corrections of the profile,
questions back, requests outside the assessment, vague replies, remarks after a confirmation, remarks that bear on
a confirmed domain. Each asserts the stored state and the text the official sees.

The places are made up (青岚县, 云溪市, Maple Falls); none of the report's cities or the gold descriptions appear.
"""

from __future__ import annotations

import pytest

from assistant.answer.pipeline import build_chain
from assistant.assessment.conversation import AssessmentConversation
from assistant.assessment.detours import confirmation_note, detour
from assistant.assessment.profile import read_correction, read_profile

# -- the profile from a free first reply ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply, name, region, population, industries",
    [
        ("青岚县，湖北省的一个县，常住人口大约40万，以农业和茶叶为主", "青岚县", "湖北省", 400_000, ["农业", "茶叶"]),
        ("我们是云溪市，位于浙江，人口35万，主导产业是装备制造、文旅", "云溪市", "浙江", 350_000, ["装备制造", "文旅"]),
        ("溪口镇，人口8万，茶叶是我们的支柱产业", "溪口镇", None, 80_000, ["茶叶"]),
        ("Qinglan County, Hubei province, central China, about 400,000 residents; our main industry is tea",
         "Qinglan County", "Hubei province", 400_000, ["tea"]),
        ("this is Maple Falls City in Ontario, population 120,000, known for forestry", "Maple Falls City", "Ontario",
         120_000, ["forestry"]),
        ("青岚县", "青岚县", None, None, []),
    ],
)
def test_a_free_first_reply_gives_every_item_it_holds(reply, name, region, population, industries):
    facts = read_profile(reply)
    assert (facts.name, facts.region, facts.population, facts.industries) == (name, region, population, industries)


@pytest.mark.parametrize(
    "reply, correction",
    [
        ("城市名称改为：青岚县", ("name", "青岚县")),
        ("更正：县名是青岚县", ("name", "青岚县")),
        ("县名应为青岚县", ("name", "青岚县")),
        ("人口改为35万", ("population", 350_000)),
        ("更正：常住人口是三十五万", ("population", 350_000)),
        ("the region is Hubei", ("region", "Hubei")),
        ("the city name should be Maple Falls", ("name", "Maple Falls")),
        ("主要产业是茶叶和文旅", ("industries", ["茶叶", "文旅"])),
        ("我们已经建了统一平台", None),
        ("平台名称是一网通", None),
        ("人口老龄化比较严重", None),
    ],
)
def test_a_correction_of_the_profile_in_plain_words(reply, correction):
    assert read_correction(reply) == correction


def test_only_what_the_first_reply_left_out_is_asked_and_a_correction_is_taken_at_any_step(converse):
    conversation, turns = converse(["青岚县，湖北省的一个县，常住人口大约40万，以茶叶为主", "更正：县名是青岚山县",
                                    "人口改为35万", "民生与服务"])
    city = conversation.assessment.city
    assert turns[1].state == "domains" and "名称 青岚县" in turns[1].message and "地区 湖北省" in turns[1].message
    assert "已更正名称：青岚县 → 青岚山县" in turns[2].message and turns[2].state == "domains"
    assert "已更正人口：400,000 → 350,000" in turns[3].message
    assert (city.name, city.region, city.population, city.industries) == ("青岚山县", "湖北省", 350_000, ["茶叶"])
    assert turns[4].state == "question" and "青岚县，湖北省" not in turns[4].message


def test_an_english_official_gives_the_profile_in_one_reply_and_corrects_the_region(converse):
    conversation, turns = converse(["Maple Falls, a county of about 200,000 people", "the region is Hubei", "services"],
                                   language="en")
    city = conversation.assessment.city
    assert turns[1].state == "region" and turns[2].state == "domains"
    assert "Corrected the region" in turns[2].message and "Hubei" in turns[2].message
    assert (city.name, city.population, city.region) == ("Maple Falls", 200_000, "Hubei")


# -- denials -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "description",
    [
        "医保、社保、公积金还是各用各的系统，很多事项还得跑现场办理",
        "我们没有统一的服务平台，办事入口分散在各个部门",
        "统一的城市服务平台还没有建起来，群众主要靠线下窗口办事",
        "There is no unified portal yet; residents still go in person to each office.",
    ],
)
def test_a_denied_trait_counts_against_its_stage_and_is_never_shown_as_matching(judge, description):
    judgement = judge.judge("services", description)
    assert judgement.stage == 1
    stage_two = {item.quote for item in judge.framework.domains["services"].stage(2).characteristics()}
    assert not any(quote.strip("“”") in stage_two for quote in judgement.matched)
    assert all(item.denied for item in judgement.evidence if item.stage > 1)


@pytest.mark.parametrize(
    "description",
    [
        "路灯、管网这些市政设施还没有智能化，各部门的机房各管各的",
        "市政设施的智能化尚未起步，摄像头和机房都是各部门自己建的",
        "Street lights and pipes are not smart yet; each department keeps its own server room.",
    ],
)
def test_a_denied_higher_trait_of_infrastructure_is_listed_as_denied(judge, description):
    judgement = judge.judge("infrastructure", description)
    assert judgement.stage == 1
    assert any(item.denied and item.stage > 1 for item in judgement.evidence)
    assert not any(item.stage > 1 and not item.denied for item in judgement.evidence)


def test_the_three_dimensions_are_shown_with_the_officials_phrase_beside_the_reports(converse):
    conversation, turns = converse(["青岚县", "40万", "湖北省", "民生与服务",
                                    "各个委办局各自开发自己的办事APP",
                                    "医保、社保、公积金还是各用各的系统，很多事项还得跑现场",
                                    "我们主要统计各个APP的下载量和使用人数"])
    message = turns[-1].message
    assert turns[-1].state == "confirm"
    for dimension in ("推动主体", "数字化内容", "数字化效果"):
        assert f"- {dimension}：您说“" in message
    assert "您说“医保、社保、公积金还是各用各的系统，很多事项还得跑现场”，不计为报告阶段二" in message
    readings = conversation.assessment.records["services"].inferred.dimensions
    assert [reading.dimension for reading in readings] == ["driver", "content", "effect"]


# -- detours -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, kind",
    [
        ("首席数据官具体是干什么的？", "question"),
        ("什么是一网通办", "question"),
        ("What does the report mean by a city operating system?", "question"),
        ("帮我写一份汇报稿的提纲", "off_topic"),
        ("翻译一下这段话", "off_topic"),
        ("write me a speech for the mayor", "off_topic"),
        ("这个嘛…不好说", "vague"),
        ("还行吧", "vague"),
        ("hard to say", "vague"),
        ("各部门的系统各自独立，没有统一平台", None),
        ("Each department runs its own app", None),
    ],
)
def test_detours_are_told_apart_from_answers(text, kind):
    assert detour(text) == kind


@pytest.mark.parametrize(
    "text, note",
    [
        ("阶段二没错，不过我们的反馈渠道还很弱", "不过我们的反馈渠道还很弱"),
        ("对，但是部分事项还要跑现场", "但是部分事项还要跑现场"),
        ("yes, but feedback is still collected on paper", "but feedback is still collected on paper"),
        ("对", None),
        ("阶段二", None),
    ],
)
def test_a_confirmation_with_a_remark(text, note):
    assert confirmation_note(text) == note


@pytest.fixture(scope="module")
def report_chain(settings, index):
    return build_chain(settings, index=index, engine="extractive")


@pytest.mark.parametrize("question, words", [
    ("首席数据官具体是干什么的？", "首席数据官"),
    ("报告中宿州的城市服务平台是怎么建的？", "宿州"),
    ("What does the report say about a chief data officer?", "[1]"),
])
def test_a_question_back_is_answered_from_the_report_with_citations_then_the_step_is_asked_again(
        framework, judge, store, report_chain, question, words):
    conversation = AssessmentConversation(framework, judge, recorder=store, answerer=report_chain.ask)
    conversation.start("zh")
    for text in ["青岚县，湖北省，40万人", "民生与服务"]:
        asked = conversation.reply(text)
    turn = conversation.reply(question)
    assert "关于您的问题，报告是这样说的：" in turn.message and words in turn.message
    assert "[1] " in turn.message and "回到评估：" in turn.message
    assert turn.message.endswith(asked.message.split("\n\n")[-1])
    record = conversation.assessment.records["services"]
    assert turn.state == "question" and conversation.assessment.cursor_question == 0 and record.answers == []


@pytest.mark.parametrize("request_text", ["帮我写一份汇报稿的提纲", "给我讲个笑话", "帮我起草一篇讲话稿"])
def test_a_request_outside_the_assessment_gets_one_line_and_nothing_is_stored(converse, request_text):
    conversation, turns = converse(["青岚县", "40万", "湖北省", "民生与服务", request_text])
    assert "这超出了自评估的范围" in turns[-1].message and turns[-1].state == "question"
    assert conversation.assessment.records["services"].answers == []


def test_a_vague_reply_gets_one_follow_up_naming_the_traits_then_counts_as_unknown(converse):
    conversation, turns = converse(["青岚县", "40万", "湖北省", "民生与服务", "这个嘛…不好说", "不好说"])
    assert "能再具体一点吗？" in turns[-2].message and "全市统一的城市服务平台" in turns[-2].message
    answers = conversation.assessment.records["services"].answers
    assert len(answers) == 1 and answers[0].kind == "unknown"


# -- a confirmed stage stays confirmed ------------------------------------------------------------------------------

_INDUSTRY_STAGE_ONE = ["青岚县", "40万", "湖北省", "产业与经济、民生与服务",
                       "主要是茶叶龙头企业自己在做数字化", "企业各自用自己的ERP，只打通了企业内部",
                       "主要是提高企业自己的生产效率", "阶段一", "阶段二"]


@pytest.mark.parametrize(
    "remark",
    [
        "我们其实去年建了一个茶叶产业互联网平台，全县茶企和农户都接入，产业链上下游数据共享",
        "顺便说一下，茶叶产业链上下游已经通过一个全县统一的产业平台产供销对接了",
        "其实全县茶企已经接入统一的产业互联网平台，上下游订单和数据都打通了",
    ],
)
def test_a_side_remark_after_a_confirmation_leads_to_a_question_not_a_silent_change(converse, remark):
    conversation, turns = converse([*_INDUSTRY_STAGE_ONE, remark])
    industry = conversation.assessment.records["industry"]
    assert industry.current == 1
    assert "是否把产业与经济调整为阶段二" in turns[-1].message and conversation.assessment.proposal is not None
    yes = conversation.reply("是")
    assert industry.current == 2 and "已把产业与经济调整为阶段二" in yes.message
    assert conversation.assessment.proposal is None and yes.state == "question" and yes.domain == "services"


def test_declining_a_proposed_change_keeps_the_confirmed_stage_and_the_remark_as_a_note(converse):
    remark = "其实全县茶企已经接入统一的产业互联网平台，上下游订单和数据都打通了"
    conversation, turns = converse([*_INDUSTRY_STAGE_ONE, remark, "不用，保持阶段一"])
    industry = conversation.assessment.records["industry"]
    assert industry.current == 1 and industry.notes == [remark]
    assert "产业与经济保持阶段一" in turns[-1].message


def test_a_confirmation_with_a_remark_confirms_and_keeps_the_note(converse):
    conversation, turns = converse(["青岚县", "40万", "湖北省", "民生与服务", "1", "1", "1",
                                    "阶段一没错，不过我们正在规划统一入口"])
    services = conversation.assessment.records["services"]
    assert services.current == 1 and services.notes == ["不过我们正在规划统一入口"]
    assert turns[-1].state == "target" and "已确认阶段一" in turns[-1].message
