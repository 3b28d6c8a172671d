"""A who-question naming a role (the mayor, the project's head, the designer, the firm that built it) is answered
only by a sentence naming who holds that role, about the place asked; otherwise the official is told the report
does not say, with what it does say below."""

from __future__ import annotations

import pytest

from assistant.answer.roles import RoleCheck


@pytest.fixture(scope="module")
def roles(index, analyser) -> RoleCheck:
    return RoleCheck(finder=analyser.finder, glossary=index.glossary)


@pytest.mark.parametrize(("question", "role"), [
    ("某市现任市长是谁？", "mayor"),
    ("那个县的县长叫什么名字？", "mayor"),
    ("Who is the mayor of that city?", "mayor"),
    ("这个平台项目的负责人是谁？", "head"),
    ("Who heads the data bureau there?", "head"),
    ("Who is in charge of the data office?", "head"),
    ("这套系统的总设计师是谁？", "designer"),
    ("Who was the chief architect of the platform?", "designer"),
    ("Which minister launched the strategy?", "minister"),
    ("那个小程序是哪家公司开发的？", "company"),
    ("Which firm built the traceability platform?", "company"),
    ("帮他们做直播的平台公司具体是哪一家？", "company"),
    ("这个中心是哪家企业承建的？", "vendor"),
    ("这个中心日常由哪个机构负责运营？", "operator"),
    ("那个小程序的运营方是谁？", "operator"),
    ("Who operates the city's data platform?", "operator"),
    # a firm asked for with its kind
    ("那个小程序是哪家科技公司开发的？", "company"),
    ("平台背后是哪一家互联网企业？", "company"),
    ("Which technology company developed the mini-program?", "company"),
    ("Which software firm built the city's data platform?", "company"),
])
def test_the_role_a_who_question_names_is_read(analyser, question, role):
    assert analyser.analyse(question).asked.role == role


@pytest.mark.parametrize("question", [
    "这份材料是谁写的？",  # who, but no role
    "市长在数字化转型组织里起什么作用？",  # a role, but no who
    "Who took part in the survey?",
    "哪些企业参与了这次调研？",  # kinds of firm may answer a list of firms
])
def test_a_question_without_both_a_who_and_a_role_names_none(analyser, question):
    assert analyser.analyse(question).asked.role is None


@pytest.mark.parametrize(("question", "sentence", "given"), [
    # the report's word for the role, about the place asked
    ("谁是平湖政务数据办的负责人？", "主任，平湖市政务数据办，中国", True),
    ("会津若松智慧城市的发起人是谁？", "会津若松市政府、会津大学联合当地企业共同启动了这个项目", True),
    # the place asked, but no word of the role
    ("福冈的市长是谁？", "福冈市是日本九州的一个主要城市，拥有约156万人口", False),
    # the role's word, but about no place asked (the framework's 市长)
    ("福冈的市长是谁？", "由城市最高政府管理人员（国际上统称“市长”）领导", False),
    # a firm's role: an organisation the question does not name
    ("福冈的健康平台是跟哪家企业合作搭起来的？", "2015年起，福岡市携手日立制作所开始建设地区综合健康信息平台", True),
    ("彭水合作的互联网公司是哪一家？", "政府积极与互联网企业联合，拓展彭水的合作内容", False),
    # a public body is no firm: a data bureau named beside "the firm that builds it" does not name the firm
    ("给莘县做项目运营的是哪家企业？", "莘县大数据中心主任提到，由负责建设的企业提供三年的运营服务", False),
    ("Which company runs the county's projects after they are built?",
     "莘县大数据中心主任提到，由负责建设的企业提供三年的运营服务", False),
])
def test_a_sentence_names_who_holds_the_role_only_in_the_report_s_words_for_it(roles, analyser, question, sentence,
                                                                               given):
    analysis = analyser.analyse(question)
    assert roles.gives(analysis.asked.role, [sentence], analysis) is given


@pytest.mark.parametrize("question", ["福冈市的市长是谁？", "Who is the mayor of Kaifeng?", "开封城市运行中心是哪位设计师设计的？",
                                      "宿州的数据中台由谁运营？", "讯宿办小程序的运营方是谁？"])
def test_a_role_the_report_never_names_is_said_to_be_missing(extractive, question):
    answer = extractive.ask(question)
    assert answer.refused
    assert answer.answer.startswith(("报告没有说明担任这一角色的是谁", "The report does not say who holds this role"))


@pytest.mark.parametrize("question", ["平湖市政务数据办的主任是谁？", "会津若松的数据平台是跟哪家公司一起打造的？"])
def test_a_role_the_report_names_is_answered(extractive, question):
    answer = extractive.ask(question)
    assert not answer.refused, answer.answer
