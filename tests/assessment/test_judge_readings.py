"""How the stage judge reads an official's words: what a denial says, the main mode, pilots and plans, "no longer",
what was once believed. Each class is a family of paraphrases; none is a gold description."""

from __future__ import annotations

import pytest

from assistant.assessment.cues import denied_stage, find_cues, is_denial, split_clauses, time_weights
from assistant.assessment.scopes import clause_weights


def cues(text: str, domain: str) -> list[tuple[str, int, bool]]:
    """(label, stage counted for, negated) of every cue in the text."""
    clauses = split_clauses(text)
    return [(hit.label, hit.counts_for, hit.negated) for hit in find_cues(clauses, time_weights(clauses), domain)]


# -- a denied stage-N trait says stage N-1 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "text", "label"),
    [
        ("infrastructure", "目前还没有数字孪生", "数字孪生"),
        ("enablers", "首席数据官尚未设立", "首席数据官"),
        ("services", "还做不到个性化的服务", "个性化"),
        ("infrastructure", "We do not have a digital twin yet", "digital twin"),
    ],
)
def test_a_denied_stage_three_trait_counts_for_stage_two(domain, text, label):
    assert (label, 2, True) in cues(text, domain)


@pytest.mark.parametrize(
    ("domain", "text"),
    [
        ("infrastructure", "没有数字孪生，也没有统一的云平台"),
        ("government", "数据还没有向社会开放，跨部门的数据共享也不足"),
        ("enablers", "We have no chief data officer and no citywide plan yet"),
    ],
)
def test_denied_traits_of_two_stages_count_for_stage_one(domain, text):
    negated = [stage for _, stage, denied in cues(text, domain) if denied]
    assert len(negated) >= 2 and set(negated) == {1}


def test_a_cue_inside_a_longer_cue_is_not_counted_apart():
    labels = [label for label, _, _ in cues("建成了城市级操作系统", "infrastructure")]
    assert labels == ["城市级操作系统"]


@pytest.mark.parametrize(
    ("domain", "text"),
    [
        ("infrastructure", "各部门业务都迁到了全市统一的政务云上，不过还没有数字孪生，也谈不上城市级操作系统。"),
        ("enablers", "市长牵头成立了领导小组，出台了全市数字化规划，只是还没有设立首席数据官。"),
        ("services", "社保、医保、公积金都能在同一个APP里办，市民办完可以打分，只是还做不到主动推送和个性化服务。"),
        ("infrastructure", "All departments now run on one citywide government cloud, "
                           "but we do not have a digital twin yet."),
    ],
)
def test_a_stage_two_city_lacking_stage_three_traits_is_stage_two(judge, domain, text):
    assert judge.judge(domain, text).stage == 2


# -- "还是以…为主" names the main mode, which is the old way only when what follows is ----------------------------


@pytest.mark.parametrize(
    "clause",
    [
        "全市层面还是以多部门共建的监测平台为主",
        "办事仍是以统一的一网通办入口为主",
        "目前依然以全市统一的政务云为主",
        "The citywide platform is still the main channel",
    ],
)
def test_naming_a_newer_main_mode_is_not_the_old_way(clause):
    assert not is_denial(clause)


@pytest.mark.parametrize(
    "clause",
    ["群众办事还是以线下窗口为主", "数据统计还是靠人工填报", "审批仍然要跑好几个窗口", "Most requests are still handled in person"],
)
def test_an_old_main_mode_is_still_the_old_way(clause):
    assert is_denial(clause)


# -- a pilot or a plan counts less, within its sentence up to a contrast word ---------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年在一个片区做了数字孪生试点，效果不错。全市层面以统一平台为主", [0.3, 0.3, 1.0]),
        ("我们在老城区试运行了人流预测模型，但日常调度靠统一平台派单", [0.3, 1.0]),
        ("计划明年建成城市级操作系统，接入全部部门的数据。各部门已经用上了统一的政务云", [0.3, 0.3, 1.0]),
        ("We piloted a digital twin in one district, but citywide we run one unified platform.", [0.3, 1.0]),
        ("We plan to appoint a chief data officer. A steering group led by the mayor is in place.", [0.3, 1.0]),
    ],
)
def test_a_pilot_or_plan_lowers_the_weight_of_its_own_sentence_only(text, expected):
    assert clause_weights(text)[1] == expected


@pytest.mark.parametrize("text", ["系统可以模拟推演暴雨的影响", "在虚拟空间里推演后再操作", "规则已经拟定并执行"])
def test_words_that_only_contain_a_plan_word_are_not_plans(text):
    assert clause_weights(text)[1] == [1.0] * len(split_clauses(text))
    assert not any(denied for _, _, denied in cues(text, "infrastructure"))


@pytest.mark.parametrize(
    ("domain", "text"),
    [
        ("environment", "环保、水务几个部门的数据接到了一个平台上。新城片区试点了碳普惠和碳积分，楼宇接入智能电网。"),
        ("infrastructure", "全市统一的政务云已经用起来了。新区做了数字孪生示范项目，城市信息模型能远程控制闸门。"),
        ("enablers", "市里出台了数字化规划。我们计划设立首席数据官，拟成立专门的数据局，建立标准体系。"),
        ("infrastructure", "Departments share one government cloud. As a pilot, one district has a digital twin "
                           "that can simulate floods and control pumps remotely."),
    ],
)
def test_a_stage_two_city_with_a_stage_three_pilot_or_plan_is_stage_two(judge, domain, text):
    assert judge.judge(domain, text).stage == 2


# -- what was once believed (以为……其实……) weighs nothing -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("很多人以为我们还是各部门各建各的，其实早就统一到一个平台上了", [0.0, 1.0]),
        ("原以为只能靠人工巡查，后来发现，实际上传感器已经能自动派单", [0.0, 0.0, 1.0]),
        ("外人本以为这只是个展示大屏，事实上它能直接控制泵站", [0.0, 1.0]),
        ("People assume our platform is just a dashboard; in fact it controls the pumps directly.", [0.0, 1.0]),
    ],
)
def test_what_was_once_believed_weighs_nothing(text, expected):
    assert clause_weights(text)[1] == expected


@pytest.mark.parametrize(
    ("domain", "text"),
    [
        ("services", "很多人以为我们还是各部门各建各的APP，其实社保、医保、公积金早就都在同一个APP里办了，办完还能打分。"),
        ("government", "外面以为我们还在用U盘拷数据，实际上各局的数据已经通过共享交换平台跨部门调用了。"),
        ("services", "People assume our offices each run their own app; in fact every service is in one city app "
                     "now and residents rate each one."),
    ],
)
def test_a_belief_set_right_is_judged_by_what_is_true(judge, domain, text):
    assert judge.judge(domain, text).stage == 2


# -- "no longer", "not just": the old way is past, a higher trait is not denied --------------------------------


@pytest.mark.parametrize(
    ("domain", "text"),
    [
        ("infrastructure", "安全方面已经不是一个部门单打独斗"),
        ("government", "部门之间早就不是各管各的了"),
        ("services", "办事不再是各部门分别提供"),
        ("enablers", "Departments are no longer going it alone"),
    ],
)
def test_a_stage_one_trait_said_to_be_past_is_no_evidence(domain, text):
    assert [label for label, stage, _ in cues(text, domain) if stage == 1] == []
    assert not is_denial(text)


@pytest.mark.parametrize(
    ("domain", "text", "label"),
    [
        ("services", "现在不只是统一的服务平台，市民也参与共同设计", "统一的服务平台"),
        ("government", "我们已经不仅仅是跨部门共享，数据还向社会开放", "跨部门"),
        ("services", "It is not just a unified portal any more, residents co-design the services", "unified"),
        ("government", "We do not only share data across departments; it is open data now", "open data"),
    ],
)
def test_a_higher_trait_after_not_just_is_not_denied(domain, text, label):
    found = cues(text, domain)
    assert any(hit == label and not denied for hit, _, denied in found), found


@pytest.mark.parametrize(
    ("domain", "text"),
    [
        ("infrastructure", "我们已经不是各部门各建各的机房了，全市统一的政务云承载所有业务，安全由一个中心统一运营。"),
        ("government", "部门之间不再用U盘拷数据，协同办公平台上可以跨部门调用数据，有共享交换机制。"),
        ("infrastructure", "Departments no longer run their own server rooms: every system now runs on one citywide "
                           "government cloud with a single security operations centre."),
    ],
)
def test_a_city_past_the_old_way_is_judged_by_what_replaced_it(judge, domain, text):
    assert judge.judge(domain, text).stage == 2


# -- a twin by any name is stage 3; having to file a written request is the old way --------------------------


@pytest.mark.parametrize(
    "text",
    ["管网的孪生模型已经上线", "城市孪生平台能推演暴雨", "桥梁在虚拟空间里有实时镜像", "The twin model of the city runs every day"],
)
def test_a_twin_by_any_name_is_a_stage_three_cue(text):
    assert any(stage == 3 and not denied for _, stage, denied in cues(text, "infrastructure"))


@pytest.mark.parametrize("clause", ["跨部门要数据只能打报告", "调用别局的数据得打报告", "要数据还得发函", "共享数据需要写报告审批"])
def test_having_to_file_a_written_request_is_the_old_way(clause):
    assert is_denial(clause)
    assert any(stage == 1 for _, stage, _ in cues(clause, "services"))


@pytest.mark.parametrize("clause", ["不用再发函要数据", "市民无需再跑窗口", "各局不必再各自建设机房", "不需要再手工填报"])
def test_no_need_any_more_is_no_longer(clause):
    assert not is_denial(clause)
    assert [label for label, stage, _ in cues(clause, "government") if stage == 1] == []


# -- a quantity word limiting a higher-stage trait is no stage-1 silo -----------------------------------------


@pytest.mark.parametrize(
    ("domain", "text", "higher"),
    [
        ("government", "Data now drives decisions in a few cross-department cases", "cross-department"),
        ("services", "A handful of citywide services can already be booked online", "citywide"),
        ("government", "We use shared data in a couple of cross department projects", "cross department"),
        ("governance", "少数跨部门事件已经能在平台上联动处置", "跨部门"),
    ],
)
def test_a_quantity_word_before_a_higher_trait_is_no_stage_one_cue(domain, text, higher):
    found = cues(text, domain)
    assert (higher, 2, False) in found
    assert not [label for label, stage, _ in found if stage == 1]


@pytest.mark.parametrize(
    ("domain", "text"),
    [
        ("government", "Only a few departments exchange files with each other"),
        ("services", "个别部门有自己的小程序"),
        ("industry", "A few leading firms have their own ERP"),
    ],
)
def test_a_quantity_word_naming_silos_is_still_stage_one(domain, text):
    assert [label for label, stage, _ in cues(text, domain) if stage == 1]


# -- one entry and aggregation named in English ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We launched a single city app for residents",
        "There is now a unified portal where every permit is filed",
        "The new platform brings together bus cards, utility bills and school enrolment",
        "Last spring the city pulled its services into one single platform and aggregates them there",
    ],
)
def test_one_entry_or_aggregation_in_english_is_a_stage_two_cue(text):
    assert [label for label, stage, negated in cues(text, "services") if stage == 2 and not negated]


# -- services shaped by each group's needs and by citizens' proposals: stage 3 of services ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "符合条件的老人不用申请，补贴自动发放到卡上",
        "生育津贴实现免申即享",
        "平台按照孕产妇、残疾人、新市民等不同人群推送不同的服务",
        "市民在平台上提的建议，很快就会变成新功能",
    ],
)
def test_proactive_and_group_shaped_services_are_stage_three_cues(text):
    assert [label for label, stage, negated in cues(text, "services") if stage == 3 and not negated]


# -- a scarcity word after a higher-stage trait denies that trait, it is not the old way -------------------------


@pytest.mark.parametrize(
    ("domain", "text", "label"),
    [
        ("government", "政务数据对社会开放还很少", "对社会开放"),
        ("infrastructure", "数字孪生的应用目前较少", "数字孪生"),
        ("enablers", "首席数据官这样的安排还不多", "首席数据官"),
    ],
)
def test_a_scarce_stage_three_trait_counts_for_stage_two_only(domain, text, label):
    found = cues(text, domain)
    assert (label, 2, True) in found
    assert not [hit for hit in found if hit[1] == 1]
    assert denied_stage(text, domain) == 2


@pytest.mark.parametrize(
    ("domain", "text", "label"),
    [
        ("services", "沉浸式的服务体验还停留在设想", "沉浸式"),
        ("infrastructure", "数字孪生目前只是个概念", "数字孪生"),
        ("enablers", "首席数据官还是个想法", "首席数据官"),
    ],
)
def test_a_trait_that_is_only_an_idea_is_denied(domain, text, label):
    assert (label, 2, True) in cues(text, domain)


# -- several departments working together, green energy: stage 2 of environment -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "水利、农业、环保几个部门联合建了监管平台",
        "四个部门共同搭建了流域水质平台",
        "屋顶光伏和充电桩的数据也接进来了",
    ],
)
def test_departments_together_and_green_energy_are_environment_stage_two_cues(text):
    assert [label for label, stage, negated in cues(text, "environment") if stage == 2 and not negated]


@pytest.mark.parametrize(
    "text",
    ["生态环境局在河道上布了监测点", "生态环境和住建部门各管一摊", "我们重点做生态环境的监测"],
)
def test_the_environment_named_as_such_is_no_ecosystem(text):
    assert not [label for label, stage, _ in cues(text, "environment") if stage == 3]
