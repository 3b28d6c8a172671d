"""How officials phrase a figure question: a change asked may be given in percent, a one-character thing measured,
a second question or a second cue in the same sentence. Each class is a family of paraphrases."""

from __future__ import annotations

import pytest

from assistant.answer.figures import FigureCheck
from assistant.answer.question import Asked, QuestionAnalysis


@pytest.fixture(scope="module")
def check() -> FigureCheck:
    return FigureCheck()


def analysis(question: str, when: bool = False) -> QuestionAnalysis:
    return QuestionAnalysis(text=question, language="zh", standalone=question, asked=Asked(quantity=True, when=when))


@pytest.mark.parametrize(("question", "sentence"), [
    ("这个县的物流成本降低了多少？", "发展智慧物流，降低物流成本12%以上"),
    ("平台让运营费用节省了多少？", "通过集中采购，运营费用节省了约18%"),
    ("改造之后的能耗成本下降了多少？", "改造完成后，能耗成本下降约9%"),
])
def test_a_change_asked_is_given_in_percent_even_of_money(check, question, sentence):
    asked = check.asked(analysis(question))
    assert asked.change and asked.money
    assert check.verdict(asked, [sentence]).given


def test_an_amount_asked_without_a_change_still_needs_a_currency(check):
    asked = check.asked(analysis("这个县的物流成本是多少？"))
    assert not asked.change
    assert not check.verdict(asked, ["发展智慧物流，降低物流成本12%以上"]).given


@pytest.mark.parametrize(("question", "measured", "sentence"), [
    ("那个园区平均能节约多少电？", "电", "系统达到了平均11%的节电效果"),
    ("改造后每年少用多少水？", "水", "改造后每年节水约30万吨"),
    ("这个镇一年能产多少茶？", "茶", "全镇年产茶叶2000吨"),
])
def test_a_one_character_thing_after_the_cue_is_what_is_measured(check, question, measured, sentence):
    asked = check.asked(analysis(question))
    assert asked.measured == measured
    assert check.verdict(asked, [sentence]).given


@pytest.mark.parametrize(("question", "measured"), [
    ("审批从过去要跑几次线下变成了几次？", "线下"),
    ("办一件事从要交多少份材料减少到了多少份？", "材料"),
    ("这个县有多少个行政村接入了平台？", "行政村"),
])
def test_what_is_counted_ends_before_the_verb_that_follows_it(check, question, measured):
    assert check.asked(analysis(question)).measured == measured


@pytest.mark.parametrize(("question", "measured"), [
    ("全县的蔬菜面积和年产量各是多少？", "年产量"),
    ("两个园区的企业数量各有多少？", "企业数量"),
    ("两个县的常住人口各为多少？", "常住人口"),
])
def test_each_of_several_is_no_part_of_what_is_measured(check, question, measured):
    assert check.asked(analysis(question)).measured == measured


@pytest.mark.parametrize(("question", "measured"), [
    ("这个健康平台是跟哪家企业合作、从哪一年开始建设的？", "健康平台"),
    ("城市大脑由谁牵头、哪一年建成的？", "城市大脑"),
    ("数据中台是跟哪个部门一起、在哪一年上线的？", "数据中台"),
])
def test_a_date_asked_after_another_question_dates_the_thing_named_first(check, question, measured):
    asked = check.asked(analysis(question, when=True))
    assert asked.date and asked.measured.endswith(measured)


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # a total over time is not given by a figure per year or per day
    ("平台上线以来累计节省了多少医疗费用？", "平台每年可减少4亿日元的医疗费用负担", False),
    ("这个系统至今一共处理了多少件案件？", "系统日均处理案件120件", False),
    ("平台上线以来累计节省了多少医疗费用？", "平台上线以来累计减少医疗费用12亿日元", True),
    # a figure per year answers a question per year
    ("平台每年能节省多少医疗费用？", "平台每年可减少4亿日元的医疗费用负担", True),
])
def test_a_total_over_time_is_not_given_by_a_figure_per_period(check, question, sentence, given):
    assert check.verdict(check.asked(analysis(question)), [sentence]).given is given


@pytest.mark.parametrize("question", [
    "那套能源系统建设花了多少钱？",
    "这个平台的运维成本是多少？",
    "系统的投资是多少？",
])
def test_a_saving_is_no_cost_or_investment(check, question):
    asked = check.asked(analysis(question))
    assert asked.money
    assert not check.verdict(asked, ["通过峰值削减每年可节省约72万元的成本"]).given


def test_a_saving_asked_is_given_by_a_saving(check):
    asked = check.asked(analysis("削峰以后一年可以省下多少成本？"))
    assert check.verdict(asked, ["通过峰值削减每年可节省约72万元的成本"]).given


@pytest.mark.parametrize(("question", "sentence", "given"), [
    ("上线以来办理了多少件业务？", "实现登记事项2天内办结", False),
    ("上线以来办理了多少件业务？", "累计办理业务3.2万件", True),
    ("一共印发了多少份文件？", "共印发文件45份", True),
])
def test_counting_in_pieces_needs_a_count(check, question, sentence, given):
    assert check.verdict(check.asked(analysis(question)), [sentence]).given is given


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # part of a year, named in the clause or in one before it, is not the whole year
    ("这个县2021年全年的旅游收入是多少？", "2021年1—10月，全县实现旅游综合收入118亿元", False),
    ("这个县2021年整年的游客量是多少？", "2021年上半年，全县接待游客800万人次", False),
    ("这个县2021年全年的旅游收入是多少？", "2021年全县实现旅游综合收入160亿元", True),
    # part of a year asked is given by it
    ("这个县2021年1到10月的旅游收入是多少？", "2021年1—10月，全县实现旅游综合收入118亿元", True),
])
def test_part_of_a_year_does_not_give_the_whole_year(check, question, sentence, given):
    asked = check.asked(QuestionAnalysis(text=question, language="zh", standalone=question,
                                         asked=Asked(quantity=True, years=["2021"])))
    assert check.verdict(asked, [sentence]).given is given


@pytest.mark.parametrize(("question", "measured"), [
    ("What user satisfaction rate does the mini program achieve?", "满意度"),
    ("How high is user satisfaction with the service?", "满意度"),
    ("What is the installed solar power capacity of the district?", "装机容量"),
])
def test_english_measures_the_report_never_counts_are_named(check, question, measured):
    asked = check.asked(QuestionAnalysis(text=question, language="en", standalone=question, asked=Asked(quantity=True)))
    assert asked.measured == measured
