"""What the report leaves out is said to be left out, each as a class with its own paraphrases: a title it never
writes, the outcome of what it states only as a plan, a figure for a group
or span bounded otherwise than its own, what became of something after the report, and the procedures of an
application or a tender. What the report does give stays answered."""

from __future__ import annotations

import pytest

from assistant.answer.pipeline import build_chain
from assistant.answer.plans import PlanCheck
from assistant.answer.status import StatusCheck
from assistant.llm.fake import ReplayChatModel


FIGURE_NOT_GIVEN = ("报告没有给出", "The report does not give")


def _assert_not_given(answer, openings: tuple[str, ...]) -> None:
    """The answer is counted as refused and opens by saying what the report does not give."""
    assert answer.refused
    assert answer.answer.startswith(openings)


def _assert_named_not_given(answer, notes: tuple[str, ...]) -> None:
    """The answer is counted as refused and names the part or side the report does not give."""
    assert answer.refused
    assert any(note in answer.answer for note in notes)


@pytest.fixture(scope="module")
def status(index) -> StatusCheck:
    return StatusCheck(index.chunks, index.glossary)


@pytest.fixture(scope="module")
def plans(index) -> PlanCheck:
    return PlanCheck(index.chunks, index.glossary)


# -- a title the report never writes ----------------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "宝应县是不是全国数字乡村示范县？",
    "开封有没有被评为国家智慧城市试点？",
    "平湖是否入选过全国百强县？",
    "Was Pinghu designated a 'National Digital Economy Pioneer Zone'?",
])
def test_a_title_the_report_never_writes_is_refused(status, analyser, extractive, question):
    assert status.unreported(analyser.analyse(question))
    assert extractive.ask(question).refused


@pytest.mark.parametrize("question", [
    "宝应县是国家级出口食品农产品质量安全示范区吗？",
    "莘县是否申请成为山东省四星级新型智慧城市的预试点？",
    "开封是不是中国八大古都之一？",
    "福冈是不是处于民生与服务的阶段二？",  # no title asked
])
def test_a_title_the_report_writes_stays_answerable(status, analyser, question):
    assert status.unreported(analyser.analyse(question)) is None


# -- the outcome of what the report states only as a plan --------------------------------------------------------
@pytest.mark.parametrize("question", [
    "开封未来城市二期建好以后效果怎么样？",
    "开封的未来城市二期取得了哪些成果？",
    "莘县靠农业增值服务收入来反哺数字化投入，成效如何？",
    "What has phase two of Kaifeng's Future City delivered?",
    "Has the second phase of Kaifeng's Future City been completed yet?",
])
def test_the_outcome_of_a_plan_is_not_given(extractive, question):
    _assert_not_given(extractive.ask(question), ("报告只写了这项计划", "The report describes this only as a plan"))


@pytest.mark.parametrize("question", [
    "开封未来城市二期完工了吗？进行到哪一步了？",
    "开封的未来城市二期做到哪一步了，建成了没有？",
    "Kaifeng's Future City phase two: has it been finished, and how far along is it?",
])
def test_the_outcome_of_a_plan_asked_with_its_progress_is_not_given(extractive, question):
    assert extractive.ask(question).refused


@pytest.mark.parametrize("question", [
    "宿州的口罩预约取得了什么成效？",
    "福冈的综合健康信息平台带来了哪些效果？",
    "What results did Suzhou's mask reservation service achieve?",
])
def test_outcomes_the_report_gives_stay_answered(extractive, question):
    assert not extractive.ask(question).refused


def test_a_word_of_the_question_is_no_marker_of_the_future(plans, analyser):
    # 未来 inside the project's name does not make a sentence about its first phase a plan
    analysis = analyser.analyse("未来城市一期取得了什么成效？")
    assert plans.planned_only(analysis, ["开封未来城市一期已建成投用，提升了治理效率。"]) is None


# -- a figure bounded otherwise: another age group, an opening span --------------------------------------------
@pytest.mark.parametrize("question", [
    "福冈80岁及以上的老年人比例是多少？",
    "What share of Fukuoka's population is aged 75 or over?",
    "宿州口罩预约上线头一周配送了多少人次？",
    "How many masks did Suzhou deliver in the first week of its mask booking?",
])
def test_a_figure_for_another_group_or_span_is_not_given(extractive, question):
    _assert_not_given(extractive.ask(question), FIGURE_NOT_GIVEN)


@pytest.mark.parametrize("question", [
    "莘县园区入驻的67家企业中，做直播带货的有多少家？",
    "Of the 67 companies in Shenxian's park, how many work in online freight?",
    "福冈每年省下的4亿日元，占它医疗总开支的百分之多少？",
])
def test_the_number_a_question_states_itself_is_not_its_answer(extractive, question):
    _assert_not_given(extractive.ask(question), FIGURE_NOT_GIVEN)


@pytest.mark.parametrize("question", [
    "福冈65岁以上老人的比例是多少？",
    "宿州的口罩预约27天之内共配送多少人次？",
    "How many people did Suzhou's mask booking serve in 27 days?",
])
def test_a_figure_with_the_bounds_the_report_gives_is_answered(extractive, question):
    assert not extractive.ask(question).refused


# -- what became of something after the report, and procedures --------------------------------------------------
@pytest.mark.parametrize("question", [
    "柏之叶那套能源管理系统如今还在运行吗？",
    "会津若松的智慧城市项目后来推广到哪些地方了？",
    "莘县的四星级智慧城市预试点最终批下来了没有？",
    "Is Kashiwanoha's energy management system still running?",
    "Did Aizuwakamatsu's smart city project eventually spread to other cities?",
    "我们县想申报智慧城市试点，申报流程是怎样的？",
    "城市数据平台的招标文件应该怎么写？",
    "What is the procurement process for choosing a smart city vendor?",
    "How should our county apply for national funding for a data platform?",
])
def test_later_events_and_procedures_are_refused(extractive, question):
    assert extractive.ask(question).refused


@pytest.mark.parametrize("question", [
    "现在宿州办一次不动产登记要花几天？",  # the report's present
    "How did Suzhou change the registration process for real estate?",
    "按挑战度算，最后一位是哪项挑战？",
])
def test_the_reports_own_present_and_processes_stay_answered(extractive, question):
    assert not extractive.ask(question).refused


# -- a part of a multi-part question asking a figure the report never gives ---------------------------------------
@pytest.mark.parametrize("question", [
    "平湖的城市大脑是什么？建设花了多少钱？",
    "彭水的智慧旅游平台是哪年上线的？一共投资了多少钱？",
    "开封的数字孪生项目由谁承建？总预算是多少？",
])
def test_a_part_asking_a_figure_the_report_never_gives_is_named(extractive, question):
    answer = extractive.ask(question)
    _assert_named_not_given(answer, ("报告没有给出这一问的数字",))
    assert answer.citations  # the parts the report does answer keep their sentences


@pytest.mark.parametrize(("question", "figure"), [
    ("宿州的口罩预约服务是什么？配送了多少人次？", "35万"),
    ("彭水的直播带货是什么？销量是过去的几倍？", "3倍"),
    ("彭水的电商直播有什么效果？吸引了多少人观看？", "5000万"),
    ("What is Suzhou's mask reservation service, and how many people did it serve?", "35"),
])
def test_a_part_asking_a_figure_the_report_gives_is_answered(extractive, question, figure):
    answer = extractive.ask(question)
    assert not answer.refused
    assert figure in answer.answer
    assert FIGURE_NOT_GIVEN[0] not in answer.answer and FIGURE_NOT_GIVEN[1] not in answer.answer


# -- a comparison of amounts the report gives for one side or none ---------------------------------------------
@pytest.mark.parametrize("question", [
    "彭水和莘县，哪个县的常住人口更多？",
    "会津若松与柏之叶哪个的占地面积更大？",
    "宝应和彭水在数字化上的财政投入哪个更高？",
    "彭水还是莘县，哪个县的常住人口更多？",
    "Which cost more to set up, Suzhou's data platform or Pinghu's sensing platform?",
    "Did Baoying or Shenxian have more farmers using the platform?",
    "彭水的常住人口比莘县多多少？",
    "How does Pengshui's resident population compare with Shenxian's?",
    "Is Baoying's population larger than Shenxian's?",
])
def test_a_comparison_of_an_amount_the_report_does_not_give_is_refused(extractive, question):
    _assert_named_not_given(extractive.ask(question), ("无法据报告比较", "comparison cannot be made"))


@pytest.mark.parametrize("question", [
    "柏市和福冈，哪个城市的居住人口更多？",
    "宿州和开封哪个的数字化阶段更高？",  # compared in stages, not amounts
    "Which has more residents, Kashiwa or Fukuoka?",
    "福冈的人口比柏市的人口多多少？",
    "How does Fukuoka's population compare with Kashiwa's?",
])
def test_a_comparison_the_report_can_make_stays_answered(extractive, question):
    assert not extractive.ask(question).refused


# -- a part asking who holds a role the report never names ---------------------------------------------------------
@pytest.mark.parametrize("question", [
    "莘县的溯源系统是什么？承建的公司是哪家？",
    "宝应的智慧荷藕平台有什么功能？由哪个部门负责运营？",
    "What does Pinghu's sensing platform do, and which company built it?",
])
def test_a_part_asking_a_holder_the_report_never_names_is_named(extractive, question):
    _assert_named_not_given(extractive.ask(question), ("报告没有写明这一问所问的人或机构", "does not name who this part asks about"))


# -- a model's answer tying a figure of the report to what the report does not tie it to ---------------------------
@pytest.mark.parametrize(("question", "reply"), [
    ("莘县的常住人口有多少？", "莘县的常住人口是500万[1]。"),  # 500万吨 of vegetables
    ("彭水的人口是多少？", "彭水的人口为3028万[1]。"),  # visitors of a year
    ("How many residents does Shenxian have?", "Shenxian has 5 million residents [1]."),
])
def test_a_models_figure_is_read_in_the_sentence_of_the_report_that_states_it(settings, index, question, reply):
    """The model's sentence names the measure asked, but the report's sentence stating its number names another."""
    chain = build_chain(settings, index=index, chat_model=ReplayChatModel([reply]))
    answer = chain.ask(question)
    assert answer.refused, answer.answer


def test_a_models_figure_the_report_states_of_what_was_asked_stays_answered(settings, index):
    chain = build_chain(settings, index=index, chat_model=ReplayChatModel(["福冈有大约156万人口[1]。"]))
    answer = chain.ask("福冈有多少人口？")
    assert not answer.refused and "156万" in answer.answer


# -- whether a place did what the report never writes of it ------------------------------------------------------
@pytest.mark.parametrize("question", [
    "会津若松是否设立了首席数据官？",
    "宝应有没有用区块链技术？",
    "彭水是不是用了区块链？",
    "Did Pengshui use blockchain to trace its products?",
    "Does Fukuoka have a chief data officer?",
])
def test_whether_a_place_has_what_its_passages_never_mention_is_refused(extractive, question):
    assert extractive.ask(question).refused


@pytest.mark.parametrize("question", [
    "莘县是否用了区块链溯源？",
    "Did Shenxian use blockchain?",
    "福冈有没有建设区域医疗信息平台？",
])
def test_whether_a_place_has_what_its_passages_mention_stays_answered(extractive, question):
    assert not extractive.ask(question).refused


def test_whether_of_no_place_is_left_to_the_other_checks(extractive, index):
    analysis = extractive.analyse("是否每个中小城市都需要设立首席数据官？")
    assert analysis.asked.yes_no and not analysis.places
    assert extractive.gate.unmentioned_concepts(analysis, []) == []
