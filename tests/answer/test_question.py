"""The question analysis: names in any spelling, comparisons, parts, what is asked, follow-ups, unknown places.

Each behaviour is checked on a family of paraphrases written for it (ordinal variants, synonyms, word order,
English), never on gold-set questions.
"""

from __future__ import annotations

import pytest

from assistant.schemas import ChatTurn


def _turn(question: str) -> list[ChatTurn]:
    return [ChatTurn(question=question, answer="……")]


@pytest.mark.parametrize("question", [
    "治理与运行领域阶段二有哪些特点？",
    "治理与运行的第二阶段有哪些特点？",
    "治理与运行处在二阶段时是什么样子？",
    "治理与运行第2阶段的特征",
    "治理与运行领域阶段2要做到什么？",
])
def test_a_stage_in_any_chinese_ordinal_form_is_the_same_stage(analyser, question):
    analysis = analyser.analyse(question)
    assert analysis.stages == ["阶段二"]
    assert analysis.one_domain_and_stage == ("治理与运行", "阶段二")
    assert analysis.stage_numbers == [2]


@pytest.mark.parametrize("question", [
    "What does the second stage of city governance look like?",
    "What marks stage 2 of urban governance?",
    "Describe phase two in governance and operation.",
    "How is stage two of city governance defined?",
])
def test_a_stage_in_any_english_form_is_the_same_stage(analyser, question):
    analysis = analyser.analyse(question)
    assert analysis.stages == ["阶段二"]
    assert analysis.domains == ["治理与运行"]
    assert analysis.language == "en"


@pytest.mark.parametrize(("question", "sides"), [
    ("开封和平湖的平台各自解决了什么？", ["开封的平台解决了什么？", "平湖的平台解决了什么？"]),
    ("彭水与宝应分别是怎样卖农产品的？", ["彭水是怎样卖农产品的？", "宝应是怎样卖农产品的？"]),
    ("How do Kaifeng and Pinghu each use their platforms?",
     ["How do Kaifeng use their platforms?", "How do Pinghu use their platforms?"]),
    ("开封、平湖的平台有什么区别？", ["开封的平台有什么特点？", "平湖的平台有什么特点？"]),
])
def test_names_side_by_side_give_one_question_per_side_in_order(analyser, question, sides):
    assert analyser.analyse(question).sides == sides


@pytest.mark.parametrize("question", [
    "哪些案例达到了阶段三？又有哪些停在阶段一？",  # two stages, apart
    "开封的平台解决了什么？",  # one name
])
def test_names_apart_or_alone_give_no_sides(analyser, question):
    assert analyser.analyse(question).sides == []


@pytest.mark.parametrize(("question", "sides"), [
    ("How does Kaifeng's platform compare to Pinghu's?",
     ["How does Kaifeng's platform compare?", "How does Pinghu's platform compare?"]),
    ("How does the population of Fukuoka (福冈) compare with that of Kaifeng?",
     ["How does the population of Fukuoka (福冈) compare?", "How does the population of Kaifeng compare?"]),
    ("Is Fukuoka's population larger than Kaifeng's?",
     ["Is Fukuoka's population larger?", "Is Kaifeng's population larger?"]),
    ("开封的游客比彭水的游客多多少？", ["开封的游客多多少？", "彭水的游客多多少？"]),
    ("平湖的面积比宝应大吗？", ["平湖的面积大吗？", "宝应的面积大吗？"]),
])
def test_a_phrase_set_against_another_gives_one_question_per_phrase(analyser, question, sides):
    """With compare, than or 比 between them; a second phrase that is only a name is of the first phrase's thing."""
    assert analyser.analyse(question).sides == sides


@pytest.mark.parametrize("question", [
    "平湖的城市大脑比例是多少？开封呢？",  # 比例 is no comparison
    "What is larger in Fukuoka than elsewhere?",  # one name
])
def test_words_like_a_comparison_give_no_sides(analyser, question):
    assert analyser.analyse(question).sides == []


@pytest.mark.parametrize(("question", "n_parts", "topic"), [
    ("平湖的感智汇平台是什么？取得了什么成效？", 2, "平湖"),
    ("开封做了什么？效果怎么样？", 2, "开封"),
    ("宝应的农业数字化由谁推动？什么时候开始的？覆盖多大规模？", 3, "宝应"),
    ("Who built Pinghu's platform, and what did it achieve?", 2, "Pinghu"),
])
def test_a_multi_part_question_splits_into_parts_that_keep_the_topic(analyser, question, n_parts, topic):
    parts = analyser.analyse(question).parts
    assert len(parts) == n_parts
    assert all(topic in part for part in parts)


@pytest.mark.parametrize(("question", "subject"), [
    ("平湖的城市大脑是什么？建设花了多少钱？", "平湖的城市大脑"),
    ("会津若松的智慧城市项目由谁推动？它覆盖了多少人？", "会津若松的智慧城市项目"),
    ("宿州的民生服务平台是什么时候上线的？取得了什么成效？", "宿州的民生服务平台"),
    ("请问报告中提到的柏之叶项目是谁主导的？其运营费用从哪里来？", "柏之叶项目"),
    ("What is Pinghu's city brain, and how much did it cost?", "Pinghu's city brain"),
])
def test_a_later_part_without_a_subject_of_its_own_is_asked_of_the_first_parts(analyser, question, subject):
    first, *later = analyser.analyse(question).parts
    assert later and all(subject in part for part in later)
    assert not any(part.startswith(("它", "其")) for part in later)


@pytest.mark.parametrize(("question", "part"), [
    ("What was Kaifeng's population in 2019, and what was it in 2021?", "what was Kaifeng's population in 2021?"),
    ("What is Pinghu's platform, and what was its budget in 2022?", "what was Pinghu's platform's budget in 2022?"),
    ("开封2019年的常住人口是多少？2021年的是多少？", "开封的常住人口2021年的是多少？"),
])
def test_a_later_part_naming_its_own_year_asks_the_first_parts_subject_for_it(analyser, question, part):
    """The pronoun is the first part's subject, without the first part's year."""
    assert analyser.analyse(question).parts[-1] == part


@pytest.mark.parametrize(("question", "part"), [
    ("开封的平台解决了什么？游客评分有几个维度？", "开封游客评分有几个维度？"),
    ("彭水的直播带货是怎么做的？游戏宣传有什么效果？", "彭水游戏宣传有什么效果？"),
])
def test_a_later_part_with_a_subject_of_its_own_keeps_it(analyser, question, part):
    assert analyser.analyse(question).parts[1] == part


@pytest.mark.parametrize("question", ["开封的平台解决了什么问题？", "What did Kaifeng build?", "阶段三是什么"])
def test_a_single_question_has_no_parts(analyser, question):
    assert analyser.analyse(question).parts == []


@pytest.mark.parametrize(("question", "order", "top_n", "rank"), [
    ("调研里排名前三的挑战是什么？", "high", 3, None),
    ("哪项挑战得分最高？", "high", None, None),
    ("What are the top three challenges?", "high", 3, None),
    ("Which challenge scored lowest?", "low", None, None),
    ("得分最低的是哪个领域？", "low", None, None),
    ("排第二的挑战是哪一项？", None, None, 2),
    ("Which challenge is ranked second?", None, None, 2),
    # how many, said after the superlative
    ("挑战度最高的三项是什么？", "high", 3, None),
    ("关注度最低的两个领域是哪些？", "low", 2, None),
    ("Which are the three highest-scoring challenges?", "high", 3, None),
    ("Name the two lowest domains in the survey.", "low", 2, None),
])
def test_ranking_questions_say_which_end_and_how_many(analyser, question, order, top_n, rank):
    asked = analyser.analyse(question).asked
    assert (asked.order, asked.top_n, asked.rank) == (order, top_n, rank)
    assert asked.kind == "top"


@pytest.mark.parametrize(("question", "years"), [
    ("2021年平湖投入了多少资金？", ["2021"]),
    ("How much did Pinghu invest in 2021?", ["2021"]),
    ("平湖在2020年和2021年分别投入多少？", ["2020", "2021"]),
])
def test_a_figure_question_carries_its_years(analyser, question, years):
    asked = analyser.analyse(question).asked
    assert asked.quantity and asked.years == years


@pytest.mark.parametrize("question", [
    "What is the average house price in the district?",
    "What was the county's tourism revenue last year?",
    "What is the city's annual budget for digital projects?",
    "How long are the new cycle lanes?",
    "How far is the town from the provincial capital?",
])
def test_an_english_question_naming_a_measure_asks_for_a_figure(analyser, question):
    assert analyser.analyse(question).asked.quantity


@pytest.mark.parametrize(("question", "kind"), [
    ("数字孪生是什么？", "definition"),
    ("What is a chief data officer?", "definition"),
    ("谁牵头建设了这个平台？", "who"),
    ("Who led the platform?", "who"),
])
def test_what_is_asked(analyser, question, kind):
    assert analyser.analyse(question).asked.kind == kind


@pytest.mark.parametrize(("previous", "question"), [
    ("开封的平台解决了什么？", "平湖的数字化转型效果如何？"),  # ends with 如何, but names its own topic
    ("开封的平台解决了什么？", "民生与服务到了阶段三会是什么样子呢？"),  # ends with 呢, names its own topic
    ("开封的平台解决了什么？", "What role do public-private partnerships play in the report's framework?"),  # language switch
    ("What did Kaifeng build?", "平湖的感智汇平台是怎么建设的？"),  # the other way round
    ("What did Kaifeng build?", "Is there a plan for Pinghu's data sharing?"),  # "there" is not a pronoun here
])
def test_a_question_that_names_its_own_topic_is_never_glued_to_the_previous_one(analyser, previous, question):
    analysis = analyser.analyse(question, _turn(previous))
    assert not analysis.followup
    assert analysis.standalone == question


@pytest.mark.parametrize(("previous", "question", "expected"), [
    ("开封的平台解决了什么？", "那平湖呢？", "平湖的平台解决了什么？"),
    ("开封的平台解决了什么？", "平湖怎么样？", "平湖的平台解决了什么？"),
    ("What did Kaifeng's platform solve?", "And Pinghu?", "What did Pinghu's platform solve?"),
    ("治理与运行在阶段二时看重什么？", "那阶段三呢？", "治理与运行在阶段三时看重什么？"),
])
def test_a_follow_up_that_only_names_another_thing_swaps_it_in(analyser, previous, question, expected):
    analysis = analyser.analyse(question, _turn(previous))
    assert analysis.followup and analysis.standalone == expected


@pytest.mark.parametrize(("previous", "question"), [
    ("政府效能领域要达到阶段二需要什么条件？", "那要花多少钱？"),
    ("What does stage 2 of government efficiency require?", "And the budget?"),
    ("开封的平台解决了什么？", "它是谁建的？"),
])
def test_a_short_follow_up_takes_the_previous_question_along(analyser, previous, question):
    analysis = analyser.analyse(question, _turn(previous))
    assert analysis.followup
    assert analysis.standalone.startswith(previous)


@pytest.mark.parametrize(("question", "place"), [
    ("杭州的城市大脑在报告里怎么评价？", "杭州"),
    ("What does the report say about Suzhou Industrial Park in Jiangsu?", "Suzhou (Jiangsu)"),
    ("How did Nairobi digitise its services?", "Nairobi"),
])
def test_a_place_the_report_never_mentions_is_found(analyser, question, place):
    assert analyser.analyse(question).unknown_place == place


@pytest.mark.parametrize("question", [
    "Among Chinese respondents, which challenge ranked first?",
    "Apart from Fukuoka, which Japanese city is a case?",
    "Across Chinese cases, which domain appears most?",
])
def test_a_capitalised_word_opening_a_question_before_a_known_name_is_no_place(analyser, question):
    assert analyser.analyse(question).unknown_place is None


@pytest.mark.parametrize("question", [
    "宿州的口罩预约持续了多久？", "What did Suzhou do during the epidemic?", "福岡的做法是什么？", "May I ask what Kaifeng built?",
])
def test_the_report_s_own_places_are_known(analyser, question):
    assert analyser.analyse(question).unknown_place is None


@pytest.mark.parametrize(("question", "place"), [
    ("宝应的荷藕电商跟寿光比差在哪里？", "寿光"),       # the segmenter takes 寿光 for a person's name
    ("和义乌相比，平湖的物联平台有什么长处？", "义乌"),
    ("莘县比寿光的蔬菜卖得好吗？", "寿光"),
    ("开封的智慧景区与洛阳相比如何？", "洛阳"),
])
def test_a_name_compared_with_that_the_report_never_writes_is_an_unknown_place(analyser, question, place):
    assert analyser.analyse(question).unknown_place == place


@pytest.mark.parametrize("question", [
    "宿州和福冈相比，谁的人口更多？",
    "与曹县相比，莘县的农产品线上销售有什么不同？",   # 曹县 is the report's
    "宝应的荷藕项目跟莘县的数字农业比有什么共同点？",
])
def test_names_compared_that_the_report_writes_are_known(analyser, question):
    assert analyser.analyse(question).unknown_place is None


@pytest.mark.parametrize(("question", "name"), [
    ("《数据出境安全评估办法》对城市数据平台有什么要求？", "数据出境安全评估办法"),
    ("“数字孪生流域”在平湖是怎么建设的？", "数字孪生流域"),
    ("报告怎么评价「一网统管」的做法？", "一网统管"),
])
def test_a_quoted_name_the_report_never_uses_is_unknown(analyser, question, name):
    assert analyser.analyse(question).unknown_place == name


@pytest.mark.parametrize("question", [
    "“感智汇”是怎样预警内涝的？",
    "《关于调整城市规模划分标准的通知》把多大的城市算作中等城市？",
    "“城市即平台”指的是什么？",
])
def test_a_quoted_name_the_report_uses_is_known(analyser, question):
    assert analyser.analyse(question).unknown_place is None


@pytest.mark.parametrize(("question", "name"), [
    ("报告如何评价ChatGPT在基层治理中的用处？", "ChatGPT"),
    ("GDPR对城市数据平台有什么约束？", "GDPR"),
    ("中小城市能不能用GPT4写政务材料？", "GPT4"),
    # in English questions as well
    ("How does the framework line up with ISO 37120 indicators?", "ISO"),
    ("Does the report discuss how cities should comply with GDPR?", "GDPR"),
    ("Could a county office use ChatGPT to draft its digital plan?", "ChatGPT"),
])
def test_a_name_in_latin_letters_the_report_never_writes_is_unknown(analyser, question, name):
    assert analyser.analyse(question).unknown_place == name


@pytest.mark.parametrize("question", [
    "柏之叶的AEMS有哪些功能？",
    "U4SSC是什么倡议？",
    "腾讯的WeCity理念把什么作为价值尺度？",
    "What did Pinghu's 感智汇 platform change about flood warnings?",  # English with a Chinese name
    "What is the AEMS of Kashiwa-no-ha for?",
    "Which SMC challenges score highest in the survey?",
    "What did the U4SSC initiative bring together?",
    # a capital opening a sentence inside the question is no name
    "Our county lacks funds. Beyond public money, how did Shenxian pay for its platform?",
    "We are a small county. Besides the budget, what did Shenxian use to finance its projects?",
])
def test_a_name_in_latin_letters_the_report_writes_is_known(analyser, question):
    assert analyser.analyse(question).unknown_place is None


# One word of an organisation's or a term's name of several words; a numeral counting things is no place.
@pytest.mark.parametrize("question", [
    "What role does Aizu play in the smart city project of Aizuwakamatsu?",
    "Which Brazilian body worked with the Forum on the report?",
    "Where is Twin technology used among the cases?",
    "报告说中小城市应该做到的三个自是什么？",
    "IDC统计的三至五线城市投资占多少？",
    "报告里五项自主原则指哪些？",
])
def test_a_word_of_a_known_name_or_a_counted_numeral_is_no_unknown_place(analyser, question):
    assert analyser.analyse(question).unknown_place is None


@pytest.mark.parametrize(("question", "place"), [
    ("How much did Hangzhou spend on its city brain?", "Hangzhou"),
    ("四川的中小城市做了哪些数字化项目？", "四川"),
    ("What has Osaka done for digital services?", "Osaka"),
])
def test_a_place_named_only_within_another_place_s_name_stays_unknown(analyser, question, place):
    assert analyser.analyse(question).unknown_place == place


# Glossary names written with other hyphens, capitals or endings than the glossary's.
@pytest.mark.parametrize("question", [
    "What did the Fourteenth Five Year Plan ask of small cities?",
    "Which goals does the 14th Five-Year-Plan set for data?",
    "How do Five Year Plans shape digital villages?",
    "What Environmental projects did Kashiwa run?",
    "Which Environments does the report's Low-Carbon domain cover?",
    "How are Digital Twins used in Kaifeng?",
])
def test_a_glossary_name_in_another_spelling_is_not_an_unknown_place(analyser, question):
    assert analyser.analyse(question).unknown_place is None


# Romanised (pinyin) names of names the report writes in Chinese characters.
@pytest.mark.parametrize("question", [
    "What can people do with the Xun Su Ban app?",
    "How many users does Xunsuban serve?",
    "What does the Gan Zhi Hui platform in Pinghu sense?",
    "How did Pengshui Xian attract tourists?",
])
def test_a_romanised_name_the_report_writes_in_characters_is_known(analyser, question):
    assert analyser.analyse(question).unknown_place is None


# Places the report never writes, in pinyin too, stay unknown: a homophone of an everyday word (背景) or a part
# of a longer name of the report (杭州湾) is not the place.
@pytest.mark.parametrize(("question", "place"), [
    ("How does Beijing share its government data?", "Beijing"),
    ("What did Hangzhou build for its city brain?", "Hangzhou"),
    ("Did Shenzhen take part in the survey?", "Shenzhen"),
    ("How do Wuhan's districts use digital twins?", "Wuhan"),
])
def test_a_romanised_place_the_report_never_names_stays_unknown(analyser, question, place):
    assert analyser.analyse(question).unknown_place == place


@pytest.mark.parametrize(("question", "bound"), [
    ("宿州明天的天气怎么样？", True),
    ("What is the latest news from Pinghu?", True),
    ("平湖今天有什么新闻？", True),
    ("平湖的平台是哪一年上线的？", False),
    # a year after the report's own, which the report never writes
    ("2024年宝应的荷藕产量有没有继续增长？", True),
    ("开封在2023年以后又新建了哪些数字平台？", True),
    ("By 2026, had Fukuoka opened its health data to private clinics?", True),
    ("Did Suzhou's mini-program gain users in 2027?", True),
    # years the report itself writes, before or after its own
    ("柏之叶面向2030年的下一步有什么计划？", False),
    ("What did Pengshui receive in tourism revenue in 2019?", False),
    # a year the report writes only inside a name (智慧国2025) is after it all the same
    ("By 2025, had the district doubled its solar capacity?", True),
    ("2025年柏之叶的第二阶段完成了吗？", True),
])
def test_questions_about_the_present_are_marked(analyser, question, bound):
    assert analyser.analyse(question).time_bound is bound
