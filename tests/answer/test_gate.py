"""The scope gate counts the words a question is about, not the words it asks with."""

from __future__ import annotations

import pytest

from assistant.answer.gate import MIN_TERM_COVERAGE, ScopeGate


@pytest.fixture(scope="module")
def gate(settings, index) -> ScopeGate:
    return ScopeGate(settings.paths.corpus_file.read_text(encoding="utf-8"), index.glossary)


@pytest.fixture(scope="module")
def gate_with_parts(settings, index, retriever) -> ScopeGate:
    return ScopeGate(settings.paths.corpus_file.read_text(encoding="utf-8"), index.glossary, parts=retriever.parts)


@pytest.mark.parametrize("question", [
    "平湖市的区位有什么特点？",            # 特点 says how to answer
    "莘县与宝应的做法，相同和不同之处在哪？",
    "报告在哪里举了智慧水务的例子？",
    "宿州的平台一共整合了多少个部门？",
    "福冈的健康平台分别由哪几个部分组成？",
    # hearsay openings and colloquial asks
    "听说宝应有个荷藕项目，产量占多大？",
    "据说平湖有一个感知平台？",
])
def test_asking_words_do_not_count_against_a_question(gate, question):
    coverage, missing = gate.term_coverage(question)
    assert not missing
    assert coverage == 1.0


@pytest.mark.parametrize("question", [
    "推荐几家本地好吃的餐厅。",
    "上届足球世界杯谁夺冠了？",
    "怎样用电子表格软件做透视表？",
])
def test_questions_about_what_the_report_never_mentions_stay_out(gate, question):
    coverage, missing = gate.term_coverage(question)
    assert coverage < MIN_TERM_COVERAGE, missing


@pytest.mark.parametrize("question", [
    "会津若松老年人口比例多高？",      # 人口比例: 人口 and 比例 are the report's words
    "福冈的老龄人口占比多高？",
    "宿州便民小程序用户规模有多大？",
])
def test_a_compound_of_the_report_s_words_is_a_word_of_the_report(gate, question):
    coverage, missing = gate.term_coverage(question)
    assert not missing, missing


@pytest.mark.parametrize(("question", "word"), [
    ("报告对中小城市发展无人驾驶有什么建议？", "无人驾驶"),
    ("关于网约车的监管，报告有什么看法？", "网约车"),
    ("报告对中小城市的房地产去库存给出了什么意见？", "房地产"),
    ("这份报告针对县城的殡葬改革提出了哪些对策？", "殡葬"),
])
def test_the_report_s_view_of_a_topic_it_never_writes_is_refused(gate, analyser, question, word):
    assert word in gate.unwritten_topic(analyser.analyse(question))


@pytest.mark.parametrize("question", [
    "报告对中小城市的数据安全有什么建议？",
    "关于人才短缺，报告有什么看法？",
    "报告对资金不足的小城市提出了哪些建议？",
    "报告怎么看待政企合作？",
    "报告如何评价城市居民的数码素养？",     # how the report judges a thing it names, in the question's own words
    "宿州的民生平台有什么特点？",           # no view of the report asked
])
def test_the_report_s_view_of_a_topic_it_writes_is_asked_freely(gate, analyser, question):
    assert gate.unwritten_topic(analyser.analyse(question)) == []


@pytest.mark.parametrize(("question", "noun"), [
    ("宿州的讯宿办可不可以办理医保报销？", "医保"),
    ("平湖的感智汇有没有卖给别的县市？", "县市"),
    ("宿州的讯宿办是不是能缴纳物业费？", "物业费"),
])
def test_a_yes_no_question_about_a_place_with_a_noun_the_report_never_uses_is_refused(gate, analyser, index,
                                                                                        question, noun):
    analysis = analyser.analyse(question)
    assert noun in gate.unmentioned_concepts(analysis, list(index.chunks.values()))


@pytest.mark.parametrize("question", [
    "宿州的讯宿办能不能查公积金？",
    "平湖的北面是不是和上海相接？",       # a verb of its own (相接) is no concept
    "莘县有没有用区块链追溯农产品？",
])
def test_a_yes_no_question_in_the_report_s_nouns_is_asked_freely(gate, analyser, index, question):
    assert gate.unmentioned_concepts(analyser.analyse(question), list(index.chunks.values())) == []


@pytest.mark.parametrize(("word", "used"), [
    ("人口比例", True),
    ("世界杯", False),       # only 世界 is the report's
    ("城市大脑", False),     # 大脑 is not
])
def test_a_compound_is_used_only_when_its_words_cover_it(gate, word, used):
    assert gate._uses(word) is used


@pytest.mark.parametrize("question", [
    "宝应县的地理位置有什么优势？",
    "彭水东边和西边分别挨着哪些地方？",
    "会津若松周边有哪些相邻的城市？",
    "平湖在浙江的什么方位？",
])
def test_words_asking_where_a_place_lies_do_not_count_against_it(gate, question):
    coverage, missing = gate.term_coverage(question)
    assert coverage >= MIN_TERM_COVERAGE, missing


@pytest.mark.parametrize("question", [
    "智慧城市项目立项需要走哪些手续？",
    "如何申报省级数字乡村试点，具体步骤是什么？",
    "申请专项资金需要准备哪些材料？",
    "请帮我写一份数字政府建设的汇报提纲。",
    "How do I apply for a smart city grant?",
    "Write me a press release about our digital plan.",
    "What documents are needed for a data-sharing agreement?",
    "怎么编写智慧社区项目的可行性研究报告？",
    "如何撰写一份数字乡村的实施方案？",
    "How should we draft the tender documents for a city data platform?",
    # a creative text
    "帮我写一首赞美家乡的诗。",
    "给大家讲个笑话吧。",
    "Write a short poem about rainy streets.",
    "Tell me a story about a lighthouse keeper.",
    # the assistant's own opinion
    "你觉得我们县要不要建一个数字博物馆？",
    "依你看，平湖的平台值不值得推广到全省？",
    "Do you think Kaifeng should build a second data centre?",
    "In your opinion, is a smart lotus-root platform worth the money?",
])
def test_requests_for_procedures_or_writing_are_refused(gate, analyser, retriever, question):
    analysis = analyser.analyse(question)
    assert analysis.procedure
    assert not gate.decide(analysis, retriever.search_analysed(analysis)).answerable


@pytest.mark.parametrize("question", [
    "阶段一的时候，居民通常怎样办理各种事项？",
    "阶段一的市民如何申请各项公共服务？",
    "宿州的不动产登记原来需要多少材料？",
    "宿州的不动产登记办理流程有什么变化？",
    "How did citizens apply for services at stage one?",
    "宿州是怎么编写全市服务平台的统一规划的？",
    "What story does the report tell about Pengshui's tourism?",
    "报告里哪一首歌被用来宣传彭水？",
    "报告认为中小城市应该先从哪个领域入手？",  # the report's opinion, not the assistant's
    "What does the report think small cities should start with?",
])
def test_questions_about_how_the_report_describes_services_are_no_procedure_requests(analyser, question):
    assert not analyser.analyse(question).procedure


@pytest.mark.parametrize("question", [
    "What is in the report's appendix?",
    "附录里都有些什么内容？",
    "第2.3节讲了什么？",
    "Summarise section 1.4 for me.",
])
def test_a_question_naming_a_part_of_the_report_is_in_scope(gate_with_parts, analyser, retriever, question):
    analysis = analyser.analyse(question)
    assert gate_with_parts.decide(analysis, retriever.search_analysed(analysis)).answerable


@pytest.mark.parametrize("question", [
    "平湖的北边和南边各挨着什么地方？",
    "Which places border Pinghu to the north and south?",
    "彭水在重庆的哪个方位？",
])
def test_where_a_named_place_lies_is_in_scope_however_little_it_is_like_the_passages(gate, analyser, retriever,
                                                                                      question):
    analysis = analyser.analyse(question)
    assert gate.decide(analysis, retriever.search_analysed(analysis)).answerable
