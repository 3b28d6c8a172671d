"""Descriptions with mixed traits, as officials give them: the main picture and an exception to it, the old way no
longer needed, many kinds of actor taking part. Each class is a family of paraphrases; none is a gold description."""

from __future__ import annotations

import pytest

from assistant.assessment.cues import actor_cues, find_cues, is_denial, split_clauses, time_weights
from assistant.assessment.judge import build_stage_judge
from assistant.assessment.scopes import clause_weights, contrast_segments
from assistant.knowledge.lexicon import load_lexicon
from assistant.settings import load_settings


@pytest.fixture(scope="module")
def judge():
    return build_stage_judge(load_settings())


def cues(text: str, domain: str) -> list[tuple[str, int, bool]]:
    """(label, stage counted for, negated) of every cue phrase in the text."""
    clauses = split_clauses(text)
    return [(hit.label, hit.counts_for, hit.negated) for hit in find_cues(clauses, time_weights(clauses), domain)]


def actors(text: str) -> list[str]:
    """The labels of the many-actors cues of the text."""
    clauses, weights = clause_weights(text)
    return [hit.label for hit in actor_cues(clauses, weights, contrast_segments(text, load_lexicon()))]


# -- an exception to the main picture weighs half -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市统一的政务云已经用起来了，不过个别部门还保留着自己的机房。", [1.0, 0.5]),
        ("市民在一个APP里就能办事。短板是偏远乡镇的网络还不稳定。", [1.0, 0.5]),
        ("说实话，教育局还在用自己的系统。其他部门都在统一平台上。", [0.5, 0.5, 1.0]),
        ("We run one citywide platform. Our weak spot is that two townships still file paper forms.", [1.0, 0.5]),
        ("Everything runs on the city cloud. What is left is one old system at the hospital.", [1.0, 0.5]),
        ("All bureaus share one cloud, though one or two still keep their own cameras.", [1.0, 0.5]),
    ],
)
def test_an_exception_to_the_main_picture_weighs_half(text, expected):
    assert clause_weights(text)[1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a majority is the main picture itself
        ("我们有统一的APP，但大部分事项还得跑窗口。", [1.0, 1.0]),
        ("There is one portal, but most services are still handled at the counters.", [1.0, 1.0]),
        # a turn from the past to the present is no exception
        ("以前各部门各管各的，但现在数据都汇到一张图上。", [0.3, 1.0]),
        # with nothing else said, there is no main picture to except from
        ("不过个别部门还在用纸质表格。", [1.0]),
    ],
)
def test_a_majority_a_turn_to_the_present_or_a_lone_remark_is_no_exception(text, expected):
    assert clause_weights(text)[1] == expected


@pytest.mark.parametrize(
    ("domain", "stage", "text"),
    [
        ("infrastructure", 2, "各部门的业务都迁到了全市统一的政务云上，安全由市里的安全运营中心统一监测。不过个别单位出于习惯，"
                              "还留着自己的小机房和几个摄像头。"),
        ("environment", 2, "环保、水务和电力公司的监测数据已经汇到一张图上，实时掌握全市的空气、水和用电。但各单位的考核仍然是各管一摊。"),
        ("infrastructure", 2, "Every bureau now builds on one city cloud and a shared data platform, and a city security "
                              "operations centre watches the network. One or two offices still keep their own server rooms."),
        ("governance", 3, "城市运行平台能自己学习、提前预测积水和拥堵，企业、志愿者和居民都参与处置。要说不足，跨省的协同还只是通报信息。"),
    ],
)
def test_a_city_with_a_named_exception_keeps_its_stage(judge, domain, stage, text):
    assert judge.judge(domain, text).stage == stage


# -- no need for the old way any more -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "clause",
    ["应用都搭在云上，不用各自建机房", "办文无需层层转送纸质件", "省去了跑窗口的麻烦",
     "apps are built on the shared cloud instead of in separate server rooms",
     "security has moved from each bureau's own firewall to one centre"],
)
def test_no_need_for_the_old_way_is_no_stage_one_trait(clause):
    assert not is_denial(clause)
    assert [label for label, stage, _ in cues(clause, "infrastructure") if stage == 1] == []


# -- many kinds of actor taking part: who drives stage 3 ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["供水公司、志愿者队伍和居民都参与了城市治理。", "企业、社会组织和村民一起出主意，改进服务。",
     "Firms, NGOs and residents co-design the services with us.", "Universities, companies and citizens take part in the data lab."],
)
def test_three_kinds_of_actor_taking_part_is_a_stage_three_cue(text):
    assert len(actors(text)) == 1


@pytest.mark.parametrize(
    "text",
    ["市民和企业都能在APP上办事。",  # two kinds only
     "居民、商户和志愿者都在用这个小程序。",  # three kinds that only use something
     "企业、协会和市民都还没有参与进来。"],  # denied
)
def test_users_few_kinds_or_a_denial_are_no_many_actors(text):
    assert actors(text) == []


@pytest.mark.parametrize(
    "text",
    ["参与治理的不只是政府", "这件事不光是政府在做", "services aren't designed by government alone any more"],
)
def test_not_the_government_alone_is_a_stage_three_cue(text):
    assert any(stage == 3 and not negated for _, stage, negated in cues(text, "services"))


# -- more of the report's stage-3 traits in officials' words --------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "text"),
    [
        ("infrastructure", "泵站和闸门在系统里都有精细的数字映射"),
        ("infrastructure", "调度中心可以远程调节闸门"),
        ("infrastructure", "方案先模拟再执行"),
        ("infrastructure", "网络安全和周边城市联动预警"),
        ("government", "政务数据按目录向企业和研究机构开放"),
        ("government", "we publish 200 datasets to the public"),
        ("services", "老人家里用水异常，网格员会主动上门"),
        ("services", "新生儿家庭自动收到办事清单"),
        ("services", "services reach families before they ask"),
    ],
)
def test_stage_three_traits_in_officials_words(domain, text):
    assert any(stage == 3 and not negated for _, stage, negated in cues(text, domain))


@pytest.mark.parametrize(
    "text",
    ["县长亲自挂帅成立了工作专班", "我们编了县域数字化发展规划", "所有信息化项目统一审批、统一建设"],
)
def test_a_county_head_a_county_plan_or_one_review_is_stage_two_of_enablers(text):
    assert any(stage == 2 for _, stage, _ in cues(text, "enablers"))


def test_a_few_is_counted_once_and_every_few_weeks_not_at_all():
    assert [label for label, stage, _ in cues("we issued a few standards", "enablers") if stage == 1] == ["a few"]
    assert [label for label, stage, _ in cues("we update it every few weeks", "enablers") if stage == 1] == []
