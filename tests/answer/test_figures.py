"""A question asking for a figure gets that figure, or is told the report does not give it (with what the
report does say), never the nearest number as if it were the answer."""

from __future__ import annotations

import pytest

from assistant.answer.figures import AskedFigure, FigureCheck
from assistant.answer.question import Asked, QuestionAnalysis
from assistant.knowledge.lexicon import load_lexicon


@pytest.fixture(scope="module")
def check() -> FigureCheck:
    return FigureCheck()


def analysis(question: str, places: list[str] | None = None, years: list[str] | None = None,
             when: bool = False) -> QuestionAnalysis:
    return QuestionAnalysis(text=question, language="zh", standalone=question, places=places or [],
                            asked=Asked(quantity=True, years=years or [], when=when))


def english(question: str) -> QuestionAnalysis:
    return QuestionAnalysis(text=question, language="en", standalone=question, asked=Asked(quantity=True))


def english_as_read(question: str) -> QuestionAnalysis:
    """An English question asking for a figure only where the lexicon's cues say it does."""
    asks = load_lexicon().pattern("question.asks_quantity")
    return QuestionAnalysis(text=question, language="en", standalone=question,
                            asked=Asked(quantity=bool(asks.search(question))))


@pytest.mark.parametrize(("question", "places", "measured", "unit"), [
    # what is measured before the cue, fillers and places left out
    ("某市的总人口是多少？", ["某市"], "总人口", ""),
    ("这个县的户籍人口一共有多少？", [], "籍人口", ""),
    ("平台让老人就业率提高了多少？", [], "就业率", ""),
    ("园区的年产值大约是多少？", [], "年产值", ""),
    # the thing counted after a measure word
    ("全市一共建成多少个5G基站？", [], "5G基站", "个"),
    ("一共投入了多少资金？", [], "资金", ""),
    ("那里有多少人口？", [], "人口", ""),
    # only a unit: the figure must be written in it
    ("这座城市住着多少人？", [], "住着", "人"),
    ("景区每年接待多少万人次？", [], "年接待", "人次"),
    # the point compared with is not what is measured
    ("网店的订单量是以前的几倍？", [], "订单量", "倍"),
    ("改造后园区的用电量比原来少了多少？", [], "用电量", ""),
    ("线上渠道的客流为去年的几倍？", [], "客流", "倍"),
])
def test_what_a_question_measures_is_read_beside_its_cue(check, question, places, measured, unit):
    asked = check.asked(analysis(question, places))
    assert asked is not None
    assert asked.measured.endswith(measured) or measured.endswith(asked.measured)
    assert asked.unit == unit


@pytest.mark.parametrize("question", [
    "参保率上升了多少个百分点？",
    "老年人占比是多少？",
    "参保人数占全市的百分之几？",
    "覆盖率提升了多少？",
])
def test_a_share_or_a_change_of_a_rate_asks_for_percent(check, question):
    assert check.asked(analysis(question)).percent


@pytest.mark.parametrize("question", [
    "这项挑战的得分是多少？",          # a table's score: its rows answer it
    "它在表1中排名第几？",
    "推进了哪几项重点任务？",          # a list, not a figure
    "它是什么时候上线的？",              # when, but of nothing named
])
def test_questions_that_are_not_about_a_figure_are_left_alone(check, question):
    plain = analysis(question, when="什么时候" in question)
    assert check.asked(plain) is None


@pytest.mark.parametrize(("asked", "sentences", "given"), [
    # the measured words and a number in one clause
    (AskedFigure(measured="人口"), ["该市位于某省，占地383平方公里，人口11.9万人。"], True),
    (AskedFigure(measured="人口"), ["该市位于某省，占地383平方公里，是重要的农业县。"], False),
    (AskedFigure(measured="总人口"), ["全市常住总人口约为42万。"], True),
    # a number in another clause does not give it
    (AskedFigure(measured="就业率", percent=True), ["每年减少4亿日元的费用，并提高了老年人的就业率。"], False),
    (AskedFigure(measured="就业率", percent=True), ["老年人的就业率提高了3个百分点。"], True),
    (AskedFigure(measured="用水"), ["农业生产节省人工30%以上、节水60%以上。"], True),
    # the unit asked
    (AskedFigure(measured="住着", unit="人"), ["该市居住人口约为42万人。"], True),
    (AskedFigure(measured="住着", unit="人"), ["景区接待游客3028万人次。"], False),
    # a date is not a figure
    (AskedFigure(measured="产值"), ["2021年6月，园区产值稳步上升。"], False),
])
def test_an_answer_gives_the_figure_only_where_a_clause_states_it(check, asked, sentences, given):
    assert check.verdict(asked, sentences).given is given


@pytest.mark.parametrize(("asked", "sentences", "given"), [
    # a unit of the question's own: only a number in it, not a count of something else beside the words
    (AskedFigure(measured="待游客", unit="人次"), ["平台展示景区的游客评分，分5个维度。"], False),
    (AskedFigure(measured="游客", unit="人次"), ["景区评分覆盖4A景区和游客满意度等7项指标。"], False),
    (AskedFigure(measured="游客", unit="人次"), ["全年接待游客3028万人次。"], True),
    (AskedFigure(measured="配送", unit="人次"), ["运行27天即配送35万多人次。"], True),
    (AskedFigure(measured="建城史", unit="年"), ["迄今已有4100多年的建城史。"], True),
    (AskedFigure(measured="区域住", unit="人"), ["每年可节省约72万人民币的成本。"], False),
    # a loose measure word: the thing counted decides (多少个基站 answered in 座)
    (AskedFigure(measured="5G基站", unit="个"), ["全市建成5G基站1200座。"], True),
    # the report's other word for the measure (居民 for 居住人口), and a single character only before a figure
    (AskedFigure(measured="居民"), ["该市居住人口约为42万人。"], True),
    (AskedFigure(measured="居民"), ["通过峰值削减每年可节省约72万人民币的成本。"], False),
    (AskedFigure(measured="占地"), ["全市总面积约115平方千米。"], True),
    # views, sales and visitors under the report's other words, with a magnitude told approximately
    (AskedFigure(measured="曝光量"), ["节目每天带来上亿次的沉浸式宣传。"], True),
    (AskedFigure(measured="浏览"), ["首场活动吸引超5000万人观看。"], True),
    (AskedFigure(measured="营业额"), ["线上店铺的成交额达到1200万元。"], True),
    (AskedFigure(measured="客流"), ["全年接待游客2100万人次。"], True),
    (AskedFigure(measured="曝光量"), ["节目吸引了上百家企业参加。"], False),
    (AskedFigure(measured="营业额"), ["线上店铺的成交额稳步增长。"], False),
])
def test_a_unit_or_a_word_of_the_question_is_matched_as_the_report_writes_it(check, asked, sentences, given):
    assert check.verdict(asked, sentences).given is given


@pytest.fixture(scope="module")
def placed(analyser) -> FigureCheck:
    return FigureCheck(finder=analyser.finder)


@pytest.mark.parametrize(("places", "sentences", "given"), [
    # a figure of the city the district lies in is not the district's
    (("柏之叶",), ["柏市位于千葉县西北部，总面积约115平方千米，居住人口约为42万人。"], False),
    (("柏之叶",), ["“柏之叶”区域的居住人口约为2.6万人。"], True),
    (("柏市",), ["柏市位于千葉县西北部，居住人口约为42万人。"], True),
    # a sentence naming no place may be about the one asked
    (("柏市",), ["居住人口约为42万人。"], True),
    # another case's figure is not this one's
    (("开封",), ["福冈市人口约160万人。"], False),
])
def test_a_figure_of_another_place_does_not_give_the_place_asked(placed, places, sentences, given):
    asked = AskedFigure(measured="人口", places=places)
    assert placed.verdict(asked, sentences).given is given


def test_a_figure_for_another_year_is_not_the_year_asked(check):
    asked = AskedFigure(measured="游客", year="2021")
    verdict = check.verdict(asked, ["2019年，景区接待游客3028万人次；客流稳定。"])
    assert not verdict.given
    assert (verdict.year, verdict.other_year) == ("2021", "2019")
    assert check.verdict(AskedFigure(measured="游客", year="2019"), ["2019年，景区接待游客3028万人次。"]).given


@pytest.mark.parametrize("question", [
    "福冈市的总面积是多少平方公里？",
    "福冈市的面积一共有多少？",
    "福冈市占地多少平方公里？",
])
def test_a_figure_the_report_does_not_give_is_said_to_be_missing(extractive, question):
    answer = extractive.ask(question)
    assert answer.refused
    assert answer.answer.startswith("报告没有给出")
    assert answer.citations, "what the report does say is quoted with its source"
    assert "福冈" in answer.answer


@pytest.mark.parametrize("question", [
    "会津若松市的人口有多少？",
    "会津若松市大约有多少人口？",
    "柏市住着多少人？",
    "莘县农业生产节水多少？",
])
def test_a_figure_the_report_gives_is_answered(extractive, question):
    answer = extractive.ask(question)
    assert not answer.refused
    assert not answer.answer.startswith("报告没有给出")


@pytest.mark.parametrize(("question", "sentences", "given"), [
    ("这个项目需要多少钱？", ["项目分三期建设，覆盖全市12个街道。"], False),
    ("平台一共投入了多少资金？", ["平台接入了200多个部门的数据。"], False),
    ("建设的预算是多少？", ["建设的总投资为3.5亿元。"], True),
    ("每年能节省多少费用？", ["每年可减少4亿日元的医疗费用负担。"], True),
])
def test_money_asked_is_answered_only_by_an_amount_in_a_currency(check, question, sentences, given):
    asked = check.asked(analysis(question))
    assert asked.money
    assert check.verdict(asked, sentences).given is given


@pytest.mark.parametrize(("question", "sentences", "given"), [
    ("数字化项目的投资回报率是多少？", ["项目总投资为1.2亿元。"], False),
    ("这笔投入的年收益率是多少？", ["该市累计投入资金8000万元。"], False),
    ("平台的投资回报率提高了几个百分点？", ["平台上线后投资回报率提高了3个百分点。"], True),
])
def test_a_rate_of_money_asks_for_the_rate_not_an_amount(check, question, sentences, given):
    asked = check.asked(analysis(question))
    assert asked.percent and not asked.money
    assert check.verdict(asked, sentences).given is given


@pytest.mark.parametrize("question", [
    "中小城市数字化转型的平均投资收益率是多少？",
    "中小城市数字化项目的平均回收期是几年？",
    "中小城市的智慧城市项目平均失败率是多少？",
])
def test_rows_of_a_table_the_question_is_not_about_do_not_give_its_figure(extractive, question):
    answer = extractive.ask(question)
    assert answer.refused, answer.answer


@pytest.mark.parametrize(("question", "measured", "money"), [
    ("What is the population of the city?", "人口", False),
    ("How many residents does the district have?", "人口", False),
    ("How many people live there?", "人口", False),
    ("By how much did the employment rate rise?", "就业", False),
    ("How much money did the county spend on the platform?", "", True),
    ("How many hospitals are there in the county?", "医院", False),
    ("How many subway lines does the city run?", "地铁", False),
    ("How many staff work at the data bureau?", "员工", False),
])
def test_an_english_question_names_its_measure_in_the_report_s_words(check, question, measured, money):
    asked = check.asked(english(question))
    assert (asked.measured, asked.money) == (measured, money)


@pytest.mark.parametrize(("question", "sentences", "given"), [
    ("How many staff does the office have?", ["该中心共有工作人员35名。"], True),
    ("How many staff does the office have?", ["该中心接入了35个部门的数据。"], False),
    ("How many hospitals does the city have?", ["全市共有医院12家。"], True),
    ("How many hospitals does the city have?", ["平台服务了12万名老年人。"], False),
])
def test_a_measure_the_report_never_counts_is_given_only_by_its_own_figure(check, question, sentences, given):
    assert check.verdict(check.asked(english(question)), sentences).given is given


def test_an_english_question_counting_what_the_lexicon_does_not_name_is_given_by_a_count(check):
    asked = check.asked(english("How many steps does the method have?"))
    assert asked.count and not asked.measured
    assert check.verdict(asked, ["数字化转型可以分为3个阶段："]).given


@pytest.mark.parametrize("question", [
    "How many steps did the method have in 2021?",
    "In 2021, how many times was the service used?",
    "How many orders did the mini-program take in 2021?",
])
def test_a_count_asked_for_a_year_is_not_given_by_another_years(check, question):
    analysed = english(question).model_copy(update={"asked": Asked(quantity=True, years=["2021"])})
    asked = check.asked(analysed)
    assert asked.count and asked.year == "2021"
    assert not check.verdict(asked, ["2020年2月，该服务接入了20个部门的数据。"]).given
    assert check.verdict(asked, ["2021年，该服务接入了30个部门的数据。"]).given


@pytest.fixture(scope="module")
def with_glossary(index) -> FigureCheck:
    return FigureCheck(glossary=index.glossary)


@pytest.mark.parametrize(("question", "measured"), [
    ("How many sensing devices does the platform connect?", "感知设备"),
    ("What is the number of sensors installed across the city?", "感知设备"),
    ("How many mini programs did the city launch?", "小程序"),
    ("How much did peak shaving save each year?", "峰值削减"),
])
def test_an_english_question_counting_a_glossary_term_is_checked_for_it(with_glossary, question, measured):
    asked = with_glossary.asked(english(question))
    assert asked.measured == measured
    assert asked.in_sentence


@pytest.mark.parametrize("question", [
    "How much power can the system supply during an emergency?",
    "How much time did the reform save in the real estate registration process?",
    "How much of it is handled for the smart community?",
])
def test_a_glossary_term_far_after_the_cue_is_the_setting_not_what_is_counted(with_glossary, question):
    assert with_glossary.asked(english(question)) is None


def test_a_counted_term_may_be_named_in_another_clause_of_the_sentence(with_glossary):
    asked = AskedFigure(measured="直播", in_sentence=True)
    assert with_glossary.verdict(asked, ["合作企业提供线上直播等销售模式，吸引超5000万人观看。"]).given
    assert not with_glossary.verdict(asked, ["合作企业提供线上直播等销售模式，拓展了销路。"]).given


@pytest.mark.parametrize(("first", "followup", "opening"), [
    ("政府效能领域要达到阶段二需要什么条件？", "那需要多少钱？", "报告没有给出"),
    ("民生与服务在阶段三是什么样的？", "那要投入多少资金？", "报告没有给出"),
    ("What does the report say about public-private partnership?", "And the budget?", "The report does not give"),
])
def test_a_follow_up_asking_for_money_the_report_never_states_is_told_so(extractive, first, followup, opening):
    from assistant.schemas import ChatTurn

    previous = extractive.ask(first)
    answer = extractive.ask(followup, [ChatTurn(question=first, answer=previous.answer)])
    assert answer.refused
    assert answer.answer.startswith(opening)


@pytest.mark.parametrize(("asked", "sentence"), [
    (AskedFigure(measured="销售额"), "当地产品的销售额占全国市场的三分之一。"),
    (AskedFigure(measured="用户", percent=True), "平台用户已过半数。"),
    (AskedFigure(measured="产量"), "茶叶产量翻了一番。"),
    (AskedFigure(measured="客流"), "景区客流恢复到往年的七成。"),
])
def test_a_figure_written_in_words_is_a_figure(check, asked, sentence):
    assert check.verdict(asked, [sentence]).given


@pytest.mark.parametrize("question", ["各方面分别有多大效果？", "起到了多大作用？", "在多大程度上提高了效率？"])
def test_how_great_an_effect_is_not_a_figure(check, question):
    assert check.asked(analysis(question)) is None


@pytest.mark.parametrize(("words", "sentences", "given"), [
    # what a question asks beyond a table's labels, stated with a figure in the report's prose
    (["访谈", "对象"], ["根据对8个城市的政府部门和3个研究机构的访谈，结果如下。"], True),
    (["样本量"], ["这次调研的样本量为120份问卷。"], True),
    # named without a figure, or a figure in another clause: not given
    (["人才"], ["与会者认为，缺乏人才是中小城市的痛点。"], False),
    (["标准差"], ["第19届会议于去年召开，讨论了标准差的用法。"], False),
    (["权重"], [], False),
    # a row of figures sharing only part of the word
    (["数字人才"], ["数字素养教育 3.07 3 14"], False),
])
def test_the_prose_gives_what_a_table_lacks_only_with_a_figure_beside_it(check, words, sentences, given):
    assert check.gives_any(words, sentences) is given


@pytest.mark.parametrize(("question", "sentences", "given"), [
    # a compound names its kind last: a 研究院 is no 研究员, a 人口 is any 常住人口
    ("研究中心有多少名研究员？", ["该研究院共发布了8份报告。"], False),
    ("研究中心有多少名研究员？", ["中心现有研究员40名。"], True),
    ("全县的常住人口是多少？", ["全县人口约42万。"], True),
    # a loose measure word with the thing counted: a count of something else does not give it
    ("全县有多少个乡镇？", ["县里的转型包括4个方面。"], False),
    ("全县有多少个乡镇？", ["全县下辖20个乡镇。"], True),
    ("园区引进了几家企业？", ["园区建成3个平台。"], False),
    # a measure ending in a word that names no kind is named by the words before it
    ("景区的游客数量有多少？", ["景区全年接待游客3028万人次。"], True),
    ("老年人比例是多少？", ["65岁及以上老年人的比例已达21%。"], True),
    ("老年人比例是多少？", ["平台用户中女性比例为60%。"], False),
    ("景区全年游客接待量大约多少？", ["2020年全县接待游客2815万人次。"], True),
    ("茶叶的年产量有多少？", ["全县茶园面积10万亩，总产5000吨。"], True),
    ("茶叶的年产量有多少？", ["全县茶园面积10万亩。"], False),
    # the verb that ends the question is not what is counted
    ("这套平台是由几个子系统构成的？", ["平台通过4个子系统汇集数据。"], True),
    ("这套平台是由几个子系统构成的？", ["平台已在4个街道构成试点。"], False),
    # a threshold or a range of a measure is named by the measure
    ("中型城市的人口标准是多少？", ["城区常住人口50万-100万的城市为中型城市。"], True),
    ("小城市的人口规模上限是多少？", ["城区常住人口50万以下的城市为小型城市。"], True),
    ("中型城市的人口标准是多少？", ["中型城市占全国城市的40%。"], False),
])
def test_what_is_counted_is_named_by_the_clause_that_gives_it(check, question, sentences, given):
    assert check.verdict(check.asked(analysis(question)), sentences).given is given


@pytest.mark.parametrize(("measured", "sentence", "given"), [
    ("人口", "其中口罩近176万只已发放。", False),
    ("用水", "农业生产节水约60%。", True),
    ("用电", "各街区用电达30%的削减。", True),
    ("就业", "园区入驻企业67家。", False),
    ("产业", "当地有农业300万亩。", False),
])
def test_a_single_character_names_a_measure_only_right_before_its_figure(check, measured, sentence, given):
    assert check.verdict(AskedFigure(measured=measured), [sentence]).given is given


@pytest.mark.parametrize(("question", "sentences", "given"), [
    # the kind of money asked: a budget or an investment is not given by a cost saved
    ("平台的建设预算是多少？", ["每年可减少4亿日元的医疗费用负担。"], False),
    ("平台的建设预算是多少？", ["市财政为平台投入资金1.2亿元。"], True),
    ("项目总投资是多少？", ["通过峰值削减每年节省约72万日元的电费。"], False),
    ("项目总投资是多少？", ["项目总投资为3.5亿元。"], True),
    ("景区的旅游收入是多少钱？", ["景区投入了2000万元建设智慧平台。"], False),
    ("景区的旅游收入是多少钱？", ["全年旅游综合收入150亿元。"], True),
    # money asked without a kind: any amount in a currency
    ("这个项目花了多少钱？", ["项目共耗资8000万元。"], True),
])
def test_money_of_another_kind_does_not_give_the_kind_asked(check, question, sentences, given):
    asked = check.asked(analysis(question))
    assert asked.money
    assert check.verdict(asked, sentences).given is given


@pytest.mark.parametrize(("question", "sentences", "given"), [
    ("How much did the city spend on its platform?", ["每年可减少4亿日元的医疗费用负担。"], False),
    ("How much did the city spend on its platform?", ["市政府投入资金1.2亿元建设平台。"], True),
    ("What was the budget for the project?", ["项目每年节省电费72万日元。"], False),
    ("How much does the system cost to run each year?", ["系统每年的运维费用约300万元。"], True),
    ("How much money does the system save each year?", ["通过峰值削减每年可节省约72万人民币的成本。"], True),
    ("How much money does the system save each year?", ["项目投入资金72万元。"], False),
    ("How much medical spending does the city save a year?", ["每年可减少4亿日元的医疗费用负担。"], True),
])
def test_an_english_question_asking_for_money_names_its_kind(check, question, sentences, given):
    assert check.verdict(check.asked(english(question)), sentences).given is given


@pytest.mark.parametrize(("question", "sentences", "given"), [
    ("How much electricity does the energy system save?", ["系统达到了平均11%的节电效果。"], True),
    ("How much electricity can the grid supply in an emergency?", ["可在72小时内提供所需电量的60%。"], True),
    ("How much electricity does the energy system save?", ["每年可节省约72万日元的成本。"], False),
])
def test_an_english_question_about_electricity_is_given_by_the_report_s_words_for_it(check, question, sentences, given):
    assert check.verdict(check.asked(english(question)), sentences).given is given


@pytest.mark.parametrize(("question", "unit"), [
    ("How many tonnes of CO2 did the district cut?", "吨"),
    ("How many tons of vegetables does the county ship?", "吨"),
    ("How many mu of farmland use the sensors?", "亩"),
    ("How many yen did the city save?", "日元"),
])
def test_an_english_question_counting_in_a_unit_is_given_only_by_a_number_in_it(check, question, unit):
    asked = check.asked(english(question))
    assert asked is not None and asked.unit == unit
    assert not check.verdict(asked, ["各街区实现平均11%的节电效果，共计2000户。"]).given
    assert check.verdict(asked, [f"全年共计12.5万{unit}。"]).given


@pytest.mark.parametrize("question", [
    "What is the typical house price in Kashiwa-no-ha?",
    "How long are the expressways that run through Pengshui?",
    "How many tonnes of carbon has the Kashiwa-no-ha district cut?",
    "How much did Fukuoka spend building its health information platform?",
])
def test_an_english_question_for_a_figure_the_report_lacks_is_told_so(extractive, question):
    answer = extractive.ask(question)
    assert answer.refused, answer.answer
    assert answer.answer.startswith("The report does not give"), answer.answer


@pytest.mark.parametrize(("question", "sentences", "given"), [
    # a date is given by a sentence naming what happened with a year
    ("某市的数据中台是哪一年建成的？", ["2021年6月，某市基于已上线的数据中台形成了数据管理体系。"], True),
    ("某市的数据中台是哪一年建成的？", ["某市的数据中台支持各部门共享数据。"], False),
    ("某市的城市大脑是什么时候上线的？", ["2021年，某市建成了城市运行平台。"], False),
    ("某县的电商平台从什么时候开始运营？", ["自2020年起，某县的电商平台开展直播销售。"], True),
    # when something ended is not given by the year it began
    ("某市的智慧城市项目什么时候结束？", ["2011年8月，某市启动了智慧城市项目。"], False),
    ("某县的电商平台是哪一年关闭的？", ["自2020年起，某县的电商平台开展直播销售。"], False),
    ("某市的小程序哪一年停止运营？", ["2019年10月，某市上线了小程序。"], False),
    ("某市的智慧城市项目什么时候结束？", ["某市的智慧城市项目已于2020年3月结束。"], True),
    # a name the question quotes is what happened
    ("“某市云茶馆”是什么时候在古城落地的？", ["目前，“某市云茶馆”落地古城。"], False),
    ("“某市云茶馆”是哪一年开业的？", ["2020年，“某市云茶馆”在古城开业。"], True),
    ("《某市数据条例》是什么时候出台的？", ["某市出台了《某市数据条例》。"], False),
])
def test_a_date_is_given_by_a_sentence_naming_what_happened_with_a_year(check, question, sentences, given):
    asked = check.asked(analysis(question, ["某市"] if "某市" in question else ["某县"], when=True))
    assert asked is not None and asked.date
    assert check.verdict(asked, sentences).given is given


@pytest.mark.parametrize("question", [
    "福冈是从哪年起搭建平台的？",       # nothing named before the cue but the place
    "这篇文章是什么时候发表的？",       # the words say where to look
])
def test_a_when_question_naming_nothing_that_happened_is_not_checked(check, question):
    assert check.asked(analysis(question, ["福冈"], when=True)) is None


@pytest.mark.parametrize("question", [
    "开封的地铁是哪一年开通的？",
    "平湖的城市大脑什么时候投入使用？",
    "会津若松的无人驾驶公交是哪年上路的？",
])
def test_a_date_the_report_does_not_give_is_said_to_be_missing(extractive, question):
    answer = extractive.ask(question)
    assert answer.refused, answer.answer
    assert answer.answer.startswith(("报告没有给出这个时间", "抱歉")), answer.answer


@pytest.mark.parametrize(("question", "sentences", "given"), [
    # an amount in a currency gives a measure of money only where its clause names that measure
    ("某县的地区生产总值是多少亿元？", ["全县旅游综合收入104.6亿元。"], False),
    ("某县的地区生产总值是多少亿元？", ["全县GDP222亿元，接待游客3028万人次。"], True),
    ("这座城市的财政收入有多少亿元？", ["平台投资额为1038.4亿元人民币。"], False),
    ("这座城市的财政收入有多少亿元？", ["全市财政收入达到56亿元。"], True),
    ("园区的年产值是多少万元？", ["每年可节省约72万元的成本。"], False),
    # a unit that is no money is specific enough on its own
    ("全县瓜菜年产量是多少吨？", ["全县瓜菜面积100万亩，总产500万吨。"], True),
])
def test_an_amount_of_money_gives_only_the_measure_its_clause_names(check, question, sentences, given):
    assert check.verdict(check.asked(analysis(question)), sentences).given is given


@pytest.mark.parametrize(("asked", "sentence", "given"), [
    # a name written with digits is no figure
    (AskedFigure(measured="景区"), "游客可以对当地5A、4A景区进行评分。", False),
    (AskedFigure(measured="联盟"), "该报告由G20全球智慧城市联盟发布。", False),
    (AskedFigure(measured="基站"), "全市已开通5G基站。", False),
    (AskedFigure(measured="基站"), "全市已开通5G基站1200个。", True),
    # a figure counting another thing is no figure of the measure
    (AskedFigure(measured="面积"), "获得种植面积、产量、出口量3项全国第一。", False),
    (AskedFigure(measured="景区", unit="个"), "景区评分包括景色、服务等5个维度。", False),
    (AskedFigure(measured="景区", unit="个"), "全市拥有国家级旅游景区8处。", True),
    (AskedFigure(measured="第一", unit="项"), "获得种植面积、产量、出口量3项全国第一。", True),
    (AskedFigure(measured="企业", unit="家"), "园区入驻企业67家，涉及多种业态。", True),
    # a count asked is answered by a count of that thing, not by another number beside its name
    (AskedFigure(measured="中小城市", unit="个"), "共有4点，其中后2点是中小城市的特有动力：", False),
    (AskedFigure(measured="中小城市", unit="个"), "城区常住人口50万-100万的城市为中型城市。", False),
    (AskedFigure(measured="中小城市", unit="个"), "调研覆盖了全国12个中小城市。", True),
    (AskedFigure(measured="子系统", unit="个"), "平台由三个子系统构成。", True),
])
def test_only_a_figure_of_the_thing_measured_gives_it(check, asked, sentence, given):
    assert check.verdict(asked, [sentence]).given is given


@pytest.mark.parametrize("question", [
    "What did the city's data platform cost?",
    "What does the energy system cost to run?",
    "How expensive was the flood warning platform?",
])
def test_an_english_question_about_a_cost_asks_for_money(check, question):
    asked = check.asked(english_as_read(question))
    assert asked is not None and asked.money


@pytest.mark.parametrize("question", [
    "How much priority do smaller cities give to public services?",
    "How much attention does the report pay to low-carbon work?",
    "How much emphasis is put on data sharing between departments?",
])
def test_how_much_weight_a_topic_gets_is_not_a_figure(check, question):
    assert check.asked(english_as_read(question)) is None



@pytest.mark.parametrize(("question", "sentences", "given"), [
    # an English phrase names its head last: the elderly employment rate is a rate of employment
    ("By how much did farmers' selling prices rise?", ["农产品销售价格平均提高20%。"], True),
    ("What share of the city's residents are elderly?", ["其中65岁及以上老年人的比例已达21%。"], True),
    ("What proportion of the city's population is 65 or older?", ["其中65岁及以上老年人的比例已达21%。"], True),
    ("How many farmers use the platform?", ["全县接待游客2066万人次。"], False),
    ("How many farmers use the platform?", ["已有3000多户农民使用该平台。"], True),
    ("By how many points has the seniors' employment rate gone up?", ["其中65岁及以上老年人的比例已达21%。"], False),
    ("By how many points has the seniors' employment rate gone up?", ["老年人就业率提高了3%。"], True),
])
def test_an_english_phrase_naming_two_measures_measures_its_last(check, question, sentences, given):
    assert check.verdict(check.asked(english(question)), sentences).given is given


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # a thing counted in no word the report has is given only by a count of things
    ("How many datasets has the city opened so far?", "平台于2021年6月上线，涵盖数据存储、治理和服务。", False),
    ("How many datasets has the city opened so far?", "平台已开放数据集120个。", True),
    ("How many kiosks did the county install?", "全县口罩近176万只。", True),
    ("How many kiosks did the county install?", "项目于2019年启动，覆盖全县。", False),
])
def test_an_english_count_of_an_unknown_thing_needs_a_count(check, question, sentence, given):
    asked = check.asked(english(question))
    assert asked is not None and asked.count
    assert check.verdict(asked, [sentence]).given is given


@pytest.mark.parametrize(("question", "unit"), [
    ("What was the county's lotus root output in tonnes?", "吨"),
    ("What did the district save in yuan last year?", "元"),
    ("What is the farmland of the county in mu?", "亩"),
])
def test_an_english_question_asking_in_a_unit_counts_in_it(check, question, unit):
    asked = check.asked(english_as_read(question))
    assert asked is not None and asked.unit == unit


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # what a "how many" question counts stands before its verb; a measure after it is the setting
    ("How many dimensions do the tourists rate scenic spots on?", "评分包括景色、服务、交通等5个维度。", True),
    ("How many languages do the visitors' guides come in?", "游客可以用手机查看景区介绍。", False),
    ("How many visitors did the county receive?", "全县接待游客2066万人次。", True),
])
def test_a_how_many_question_counts_what_comes_before_its_verb(check, question, sentence, given):
    assert check.verdict(check.asked(english(question)), [sentence]).given is given


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # how many of a people: a share of them or their age is no number of them
    ("How many residents over 65 use the platform?", "其中65岁及以上老年人的比例已达21%", False),
    ("How many elderly residents signed up for home visits?", "参与上门服务的老年人占比约为30%", False),
    ("How many older people does the county have?", "全县65岁以上老年人约有3.2万人", True),
    # asked for a share, a share gives it
    ("What percentage of residents are elderly?", "其中65岁及以上老年人的比例已达21%", True),
])
def test_an_english_count_of_people_is_not_given_by_their_share(check, question, sentence, given):
    asked = check.asked(english_as_read(question))
    assert check.verdict(asked, [sentence]).given is given


@pytest.mark.parametrize(("question", "sentences", "given"), [
    # a question counting in a currency measures money, whatever term of the glossary sets the scene
    ("How many yen does the data-driven platform knock off the medical bill each year?",
     ["每年可减少4亿日元的医疗费用负担"], True),
    ("Roughly how many yen does the data-driven care service shave off health spending?",
     ["每年可减少4亿日元的医疗费用负担"], True),
    ("How many yen did the data-driven platform cost to build?", ["每年可减少4亿日元的医疗费用负担"], False),
])
def test_an_english_question_counting_in_a_currency_measures_money(with_glossary, question, sentences, given):
    asked = with_glossary.asked(english_as_read(question))
    assert with_glossary.verdict(asked, sentences).given is given


@pytest.mark.parametrize(("question", "sentence", "given"), [
    ("What were the county's tourist arrivals and tourism revenue in 2018?", "2019年全县接待游客3028万人次", False),
    ("What was the contract value between the city and its data platform vendor?", "共同打造了标准化的城市基础数据平台", False),
    ("How large are the county's vegetable acreage and total output?", "全县瓜菜面积100万亩，总产500万吨", True),
    ("What is the total output of the county's vegetable farms?", "全县瓜菜面积100万亩，总产500万吨", True),
])
def test_english_figure_questions_in_other_words(check, question, sentence, given):
    asked = check.asked(english_as_read(question))
    assert asked is not None and check.verdict(asked, [sentence]).given is given


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # the kind of city asked about: another kind's figure does not give it
    ("一线城市的智慧城市投资额占比是多少？", "2020年中国三至五线城市的投资额为1038.4亿元，占整体投资额比例的58.5%", False),
    ("特大城市的人口门槛是多少？", "城区常住人口50万-100万的城市为中型城市，50万以下的城市为小型城市", False),
    ("二线城市在数字政府上投了多少钱？", "三至五线城市在智慧城市方向的投资额为1038.4亿元人民币", False),
    # the kind asked, or a sentence naming no kind
    ("三至五线城市的智慧城市投资额占比是多少？", "2020年中国三至五线城市的投资额为1038.4亿元，占整体投资额比例的58.5%", True),
    ("中型城市的城区人口标准是多少？", "城区常住人口50万-100万的城市为中型城市，50万以下的城市为小型城市", True),
])
def test_a_figure_of_another_kind_of_city_does_not_give_the_kind_asked(check, question, sentence, given):
    asked = check.asked(analysis(question))
    assert asked is not None and check.verdict(asked, [sentence]).given is given


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # "how many" of a thing the glossary names only as a setting (flood control, sensing): a count gives it, a length
    # or a level does not
    ("How many sensing devices watch the streets for flooding?", "平湖市依托感知设备，平均海拔3.5米。", False),
    ("How many sensing devices watch the streets for flooding?", "全市已接入感知设备1.2万个。", True),
    ("How many mini programs serve the residents?", "小程序上线后用户满意度达到98%。", False),
    ("How many mini programs serve the residents?", "全市共上线小程序12款。", True),
])
def test_an_english_count_of_a_glossary_term_needs_a_count_of_things(with_glossary, question, sentence, given):
    asked = with_glossary.asked(english(question))
    assert asked is not None and asked.in_sentence and asked.number
    assert with_glossary.verdict(asked, [sentence]).given is given


@pytest.mark.parametrize(("question", "unit"), [
    ("How many person-times did the booking service reach?", "人次"),
    ("How many person-times of visitors came in the first month?", "人次"),
    ("Roughly how many person times used the app?", "人次"),
])
def test_person_times_are_a_unit_of_their_own(check, question, unit):
    assert check.asked(english_as_read(question)).unit == unit


@pytest.mark.parametrize(("asked", "sentence", "given"), [
    # 一个 before a noun is an article, no count; none at all is one
    (AskedFigure(measured="城市", unit="个"), "某市是该省西部的一个主要城市。", False),
    (AskedFigure(measured="城市", unit="个"), "项目覆盖了省内三个城市。", True),
    (AskedFigure(measured="传感器", unit=""), "在系统建设中没有新建一个监控、布设一个传感器。", True),
    (AskedFigure(measured="基站", unit=""), "全县并无一座新基站。", True),
    (AskedFigure(measured="基站", unit=""), "基站建设是一个重点工作。", False),
    # a count counts the word right after it, not a later one in its clause
    (AskedFigure(measured="城市", unit="个"), "上述3个目标要求城市对经济进行良好的治理。", False),
    (AskedFigure(measured="城市", unit="个"), "根据对中国12个城市的政府部门的调研。", True),
])
def test_a_count_is_of_the_thing_it_counts(check, asked, sentence, given):
    assert check.verdict(asked, [sentence]).given is given


@pytest.mark.parametrize(("question", "measured"), [
    ("How many towns have joined the programme?", "城市"),
    ("How many cities were surveyed for the report?", "城市"),
    ("By what percentage did online sales raise the county's vegetable prices?", "价格"),
    ("How much did the price of lotus root go up?", "价格"),
])
def test_english_questions_counting_cities_or_asking_prices_name_their_measure(check, question, measured):
    assert check.asked(english_as_read(question)).measured == measured


@pytest.mark.parametrize(("asked", "sentence", "given"), [
    # the number of an item in a list is no figure
    (AskedFigure(measured="溯源", in_sentence=True, number=True), "(1) 搭建溯源系统、检测系统等公用支撑系统。", False),
    (AskedFigure(measured="平台", unit="个"), "2) 建设统一平台，汇聚各部门数据。", False),
    (AskedFigure(measured="平台", unit="个"), "2) 全市建成统一平台3个。", True),
    # the report's other word for what is asked (追溯 for 溯源)
    (AskedFigure(measured="区块链溯源", in_sentence=True, number=True), "全县建成农产品区块链追溯基地20处。", True),
])
def test_a_list_number_is_no_figure_and_a_measure_has_the_report_s_other_words(check, asked, sentence, given):
    assert check.verdict(asked, [sentence]).given is given


@pytest.mark.parametrize(("question", "measured"), [
    # what "how many" counts is the measure; a measure named before it is the setting
    ("Enterprises are core participants in how many domains?", "领域"),
    ("Companies take part in how many fields as core participants?", "领域"),
    ("How many domains are enterprises core participants in?", "领域"),
    ("For each domain, how many stages does the framework set out?", "阶段"),
])
def test_what_how_many_counts_is_the_measure_not_the_setting_before_it(check, question, measured):
    assert check.asked(english(question)).measured == measured
