"""Ranking, filtering and picking questions answered from the tables' rows: the step alone, the extractive
chain and a chain over a chat model that is never called."""

from __future__ import annotations

import re

import pytest

from assistant.answer.pipeline import AnswerState, build_chain
from assistant.answer.rows import RowsReader
from assistant.llm.fake import ReplayChatModel

WRONG_REPLY = "模型的回答：排名第一的是基础设施。"


@pytest.fixture(scope="module")
def reader(index):
    return RowsReader(index.tables, index.chunks, index.glossary)


@pytest.fixture(scope="module")
def model():
    return ReplayChatModel([WRONG_REPLY])


@pytest.fixture(scope="module")
def with_model(settings, index, model):
    return build_chain(settings, index=index, chat_model=model)


def rows_answer(reader, analyser, question):
    analysis = analyser.analyse(question)
    return reader.read(analysis, analyser.analyse)


def lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.startswith("- ")]


# (question, words every answer holds, words no answer holds, number of rows)
FAMILIES = {
    "top three challenges": [
        ("调研里挑战度最高的前三个挑战分别是什么？", ["需要可持续的创新和商业模式", "需要足够的资金和资源投入", "需要实现数字包容"], ["公私合作"], 3),
        ("受访者认为排名前三的转型挑战有哪些？", ["需要可持续的创新和商业模式", "需要实现数字包容"], ["公私合作"], 3),
        ("What are the top three challenges in the survey?", ["需要可持续的创新和商业模式", "3.93", "需要实现数字包容"], ["公私合作"], 3),
    ],
    "lowest challenge": [
        ("被评为挑战度最低的是哪一项挑战？", ["需要民众的支持与反馈", "2.75"], ["商业模式"], 1),
        ("哪项挑战排在末位？分数是多少？", ["需要民众的支持与反馈", "2.75"], ["商业模式"], 1),
        ("Which challenge came last, with the lowest score?", ["需要民众的支持与反馈", "2.75"], ["商业模式"], 1),
    ],
    "hardest challenge in other words": [
        ("受访者眼里最难的挑战是哪一项？", ["需要可持续的创新和商业模式"], ["数字包容"], 1),
        ("Which challenge did the interviewees consider the toughest?", ["需要可持续的创新和商业模式", "3.93"], ["数字包容"], 1),
        ("Among Chinese stakeholders, which challenge was rated hardest, and what was its mean score?",
         ["需要可持续的创新和商业模式", "3.93"], ["数字包容"], 1),
    ],
    "both ends of the domains' ranking": [
        ("七个领域中关注度最高的和最低的各是哪个？", ["民生与服务", "环境与低碳"], ["基础设施"], 2),
        ("哪个领域最受关注，哪个最少被关注？", ["民生与服务", "环境与低碳"], ["基础设施"], 2),
        ("Which domain drew the most attention in the survey, and which drew the least?", ["民生与服务", "环境与低碳"],
         ["基础设施"], 2),
    ],
    "challenge at a rank": [
        ("挑战度位列第二的是哪项挑战？", ["需要足够的资金和资源投入", "3.8"], ["数字包容"], 1),
        ("排在第5名的挑战是哪一个？", ["需要因地制宜的规划设计理念与思想"], ["数字包容"], 1),
        ("Which challenge is ranked fourth?", ["需要公私合作分工的框架"], ["数字包容"], 1),
    ],
    "domain at a rank": [
        ("调研关注度排第三的是哪个领域？", ["政府效能"], ["环境与低碳"], 1),
        ("关注度第六名的领域是什么？", ["发展保障"], ["民生与服务"], 1),
        ("In the survey's ranking of attention, which domain came second?", ["产业与经济"], ["环境与低碳"], 1),
    ],
    "rank of a named domain": [
        ("基础设施领域在调研关注度里排第几？", ["第5名", "基础设施"], ["民生与服务"], 1),
        ("产业与经济的关注度名次是第几？", ["第2名", "产业与经济"], ["基础设施"], 1),
        ("What rank did the government efficiency domain get in the survey's attention ranking?", ["No. 3", "政府效能"], ["基础设施"], 1),
    ],
    "a domain's top items": [
        ("治理与运行方面，大家最看重的三项内容有哪些？", ["智慧化城市运行管理", "数字乡村治理", "智慧城市应急"], ["智慧医疗"], 3),
        ("民生领域里大家最看重的是哪些内容？", ["智慧公共服务", "智慧医疗", "智慧社区"], ["数字乡村"], 3),
        ("What are the top concerns in the infrastructure domain?", ["市政基础设施智能化", "城市网络安全设施", "智慧交通设施"], ["智慧医疗"], 4),
    ],
    "cases at a stage": [
        ("哪个案例做到了阶段三？", ["平湖"], ["宿州", "彭水"], 1),
        ("报告里有哪些案例已经到了第三阶段？", ["平湖", "阶段一至阶段三"], ["宿州"], 1),
        ("Which cases reached stage 3?", ["Pinghu", "平湖"], ["宿州"], 1),
    ],
    "cases still at stage one": [
        ("哪些城市的案例仍停留在阶段一？", ["彭水", "会津若松"], ["平湖", "宿州"], 2),
        ("哪几个案例只处于第一阶段？", ["彭水", "会津若松"], ["平湖"], 2),
        ("Which case studies are only at stage 1?", ["彭水", "会津若松"], ["平湖"], 2),
    ],
    "cases of a domain": [
        ("产业与经济领域有哪些案例？", ["彭水", "莘县", "宝应"], ["平湖", "福冈"], 3),
        ("产业领域举了哪几个城市的例子？", ["彭水", "莘县", "宝应"], ["平湖"], 3),
        ("Which cases belong to the industry and economy domain?", ["Pengshui", "Baoying", "莘县"], ["平湖"], 3),
    ],
    "countries of the cases": [
        ("报告的实践案例来自哪些国家？", ["中国", "日本", "福冈"], ["巴西"], 2),
        ("第三章的城市案例分属哪几个国家？", ["中国", "日本"], ["巴西"], 2),
        ("Which countries do the case studies come from?", ["China", "Japan"], ["Brazil"], 2),
    ],
}
CASES = [(kind, *case) for kind, cases in FAMILIES.items() for case in cases]


@pytest.mark.parametrize("kind, question, present, absent, count", CASES)
def test_the_step_answers_from_the_rows(reader, analyser, kind, question, present, absent, count):
    attribution = rows_answer(reader, analyser, question)
    assert attribution is not None, kind
    for word in present:
        assert word in attribution.text
    for word in absent:
        assert word not in attribution.text
    assert len(lines(attribution.text)) == count
    assert all(re.search(r"\[\d+\]$", line) for line in lines(attribution.text))
    assert attribution.citations and all(citation.chunk_id for citation in attribution.citations)


@pytest.mark.parametrize("question", [
    "宿州口罩预约一共持续几天？",  # one city's figures
    "为什么环境与低碳领域的关注度排在最后？",  # why, not which
    "平湖的基础设施建设走到了第几阶段？",  # one city's stage: its passages say it
    "转型时城市得准备哪些支持措施？",  # 城市 alone is no question about the cases
    "论坛是第几次研究这一类城市？",  # 第几次 is no rank
    "What does the report recommend governments do about digital inclusion?",
    "治理领域里第一、二两个阶段做法差在哪？",  # two stages, no places in a ranking
])
def test_questions_the_rows_do_not_answer_go_on_to_the_passages(reader, analyser, question):
    assert rows_answer(reader, analyser, question) is None


def test_each_part_of_a_two_part_question_is_answered_from_the_rows(reader, analyser):
    attribution = rows_answer(reader, analyser, "哪个案例达到了阶段三？哪些案例还在阶段一？")
    assert [line.split("（")[0] for line in lines(attribution.text)] == ["- 平湖", "- 彭水", "- 会津若松"]
    follow_on = rows_answer(reader, analyser, "挑战度最低的挑战是哪项？其平均分为多少？")
    assert "2.75" in follow_on.text and len(lines(follow_on.text)) == 1
    assert rows_answer(reader, analyser, "挑战度最低的挑战是哪项？对此政府又该怎么做？") is None


def test_an_english_question_gets_an_english_answer_with_the_chinese_names(reader, analyser):
    text = rows_answer(reader, analyser, "Which domain got the least attention in the survey?").text
    assert text.startswith("From the report's section")
    assert "No. 7: environment and low carbon (环境与低碳)" in text


def test_the_step_sets_the_answer_and_the_passages_it_cites(extractive):
    state = AnswerState(question="关注度排名前两位的领域是哪两个？")
    extractive.understand(state)
    list(extractive.read_rows(state))
    assert state.from_rows
    assert [passage.section for passage in state.passages] == ["3.1"]
    assert "民生与服务" in state.raw and "产业与经济" in state.raw and "政府效能" not in state.raw


@pytest.mark.parametrize("question", [
    "关注度最低的领域是哪个？",
    "调研中大家最不关注的是哪个领域？",
    "Which domain ranked last in the survey's attention ranking?",
])
def test_the_extractive_chain_answers_from_the_rows_and_cites_the_table(extractive, question):
    answer = extractive.ask(question)
    assert not answer.refused
    assert "环境与低碳" in answer.answer and "民生与服务" not in answer.answer
    assert [citation.section for citation in answer.citations] == ["3.1"]
    assert set(answer.timings.steps) == {"understand", "retrieve", "read_rows"}


@pytest.mark.parametrize("question", [
    "表1中挑战度排名第一的是哪个挑战？",
    "受访者眼里难度第一的是哪项挑战？",
    "Which challenge was rated the most challenging?",
])
def test_a_model_chain_answers_from_the_rows_without_calling_the_model(with_model, model, question):
    before = len(model.prompts)
    answer = with_model.ask(question)
    assert len(model.prompts) == before
    assert "需要可持续的创新和商业模式" in answer.answer and "3.93" in answer.answer
    assert WRONG_REPLY not in answer.answer
    assert answer.citations[0].section == "1.4" and answer.citations[0].page == 8


def test_a_model_chain_still_asks_the_model_what_the_rows_do_not_answer(with_model, model):
    before = len(model.prompts)
    with_model.ask("宿州口罩预约给多少人次送了货？")
    assert len(model.prompts) > before


@pytest.mark.parametrize("question", [
    "调研中哪个领域最受关注，哪个最不受关注？",
    "挑战度排在最后的两项挑战是什么？",
    "Which cases went from the first stage to the second?",
    "报告的案例分别来自哪些国家？",
    "表3里写了哪几类利益相关方的参与角色？",
])
def test_a_rows_answer_states_no_number_its_cited_passages_do_not(extractive, question):
    from assistant.evaluation.metrics import cited_sentences, numbers_not_in_cited

    answer = extractive.ask(question)
    assert answer.citations
    assert [n for sentence in cited_sentences(answer.answer, answer.citations) for n in numbers_not_in_cited(sentence)] == []


# Questions about a table that ask for what its title, column labels and row labels do not hold: the rows are not
# their answer. (class, question)
NEAR_MISSES = [
    # a measure the table has no column for, ranked by
    ("measure", "表1中标准差最大的挑战是哪一项？"),
    ("measure", "权重最高的挑战是什么？"),
    ("measure", "In Table 1, which challenge shows the largest standard deviation?"),
    ("measure", "关注度排名中样本量最多的领域是哪个？"),
    # a row the table does not list, picked by rank
    ("row", "文旅领域关注度最高的解决方案是什么？"),
    ("row", "表1里排名最高的人才类挑战是哪项？"),
    ("row", "Which tourism solution ranked first in the survey?"),
    # other content the table does not hold
    ("other", "表1中跟疫情有关的挑战里排名最高的是哪项？"),
    ("other", "关注度最高的领域投入了多少财政预算？"),
    ("other", "Which challenge ranked first among rural counties in Table 1?"),
]


@pytest.mark.parametrize("kind, question", NEAR_MISSES)
def test_a_question_asking_what_the_table_does_not_hold_is_not_answered_from_its_rows(reader, analyser, kind, question):
    assert rows_answer(reader, analyser, question) is None, kind


def test_a_later_part_asking_what_the_table_does_not_hold_is_not_answered_from_its_rows(reader, analyser):
    assert rows_answer(reader, analyser, "挑战度最低的挑战是哪项？它的标准差是多少？") is None
    assert rows_answer(reader, analyser, "挑战度最低的挑战是哪项？平均分是多少？") is not None


@pytest.mark.parametrize("question", [
    # a measure the table has no column for
    "表1各项挑战的得分标准差是多少？",
    "表1的平均得分满分是几分？",
    "In Table 1, how big is the standard deviation across the challenges?",
    "What is the highest possible score a challenge could get in Table 1?",
    "What weight does each challenge carry in Table 1?",
    # a row the table does not list
    "表1中“缺乏数据治理能力”这项挑战得分多少？",
    "“网络安全风险”在表1挑战度排名第几？",
    "What did a challenge called 'lack of cybersecurity' score in Table 1?",
])
def test_the_chain_says_the_report_does_not_give_what_the_table_lacks(extractive, question):
    answer = extractive.ask(question)
    assert answer.refused
    assert answer.answer.startswith(("报告没有给出这个数字", "The report does not give this figure", "抱歉", "Sorry"))


@pytest.mark.parametrize("question, present", [
    ("表1里得分垫底的三个挑战各是哪几项？", "需要民众的支持与反馈"),
    ("中小城市数字化转型面临的最大挑战是什么？", "需要可持续的创新和商业模式"),
    ("Table 1's top-ranked challenge: what average score did it get?", "3.93"),
    ("低碳领域里大家最关注的解决方案排第几的是智慧能源？", "智慧能源"),
])
def test_the_chain_still_answers_what_the_table_holds(extractive, question, present):
    answer = extractive.ask(question)
    assert not answer.refused
    assert present in answer.answer


@pytest.mark.parametrize(("question", "held"), [
    ("In Table 1, what score did 'need for a public-private cooperation framework' receive?", True),
    ("What rank does Table 1 give to \"the need for public-private partnership frameworks\"?", True),
    ("In Table 1, what score did 'need for quantum computing talent' get?", False),
])
def test_an_english_label_quoted_from_a_table_is_held_by_its_glossary_terms(extractive, question, held):
    answer = extractive.ask(question)
    assert answer.refused is not held
