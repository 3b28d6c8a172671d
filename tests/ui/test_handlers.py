"""The interface's handlers as plain functions over real answer chains."""

from __future__ import annotations

import copy

import pytest

from assistant.errors import BadInput, EngineUnavailable, IndexUnavailable
from assistant.schemas import ChatTurn
from assistant.ui import handlers
from assistant.ui.framework_view import framework_browser
from tests.ui.conftest import SUZHOU_REPLY

SUZHOU = "宿州市民通过讯宿办可以办理什么业务？"


def _last(messages: list[dict]) -> str:
    return messages[-1]["content"]


def test_streaming_yields_growing_text_then_the_answer_with_sources(fake_chain):
    updates = list(handlers.ask(fake_chain, SUZHOU, [], [], "zh"))
    assert len(updates) > 5
    first_messages, first_history = updates[0]
    assert [m["role"] for m in first_messages] == ["user", "assistant"]
    assert "正在检索报告" in _last(first_messages) and first_history == []
    # The text pieces arrive one by one: each streamed update shows more of the reply than the one before.
    pieces = [_last(messages) for messages, _ in updates[2:-1]]
    assert all("smc-pending" in piece for piece in pieces)
    assert all(len(a) < len(b) for a, b in zip(pieces, pieces[1:]))
    assert "查询公积金" in pieces[-1]
    final_messages, final_history = updates[-1]
    final = _last(final_messages)
    assert "smc-pending" not in final
    assert 'class="smc-cite"' in final and '<details class="smc-sources"' in final
    assert "第16页" in final and "<mark>" in final
    assert len(final_messages) == 2
    assert final_history == [ChatTurn(question=SUZHOU, answer=final_history[0].answer)]
    assert final_history[0].answer.startswith(SUZHOU_REPLY.rstrip("。")[:10])


def test_extractive_answer_and_follow_up_keep_the_history(extractive_chain):
    *_, (messages, history) = handlers.ask(extractive_chain, SUZHOU, [], [], "zh")
    *_, (messages, history) = handlers.ask(extractive_chain, "那平湖呢？", messages, history, "zh")
    assert [turn.question for turn in history] == [SUZHOU, "那平湖呢？"]
    assert history[1].standalone_question and "平湖" in history[1].standalone_question
    assert len(messages) == 4
    assert "按此问题检索：" in _last(messages)


def test_two_sessions_never_mix(extractive_chain):
    first = handlers.ask(extractive_chain, SUZHOU, [], [], "zh")
    second = handlers.ask(extractive_chain, "报告说的数字化成熟度有哪三个阶段？", [], [], "zh")
    # Interleave the two streams as two browser sessions would.
    a_messages = a_history = b_messages = b_history = None
    for a, b in zip(first, second):
        a_messages, a_history = a
        b_messages, b_history = b
    for rest in first:
        a_messages, a_history = rest
    for rest in second:
        b_messages, b_history = rest
    assert [turn.question for turn in a_history] == [SUZHOU]
    assert [turn.question for turn in b_history] == ["报告说的数字化成熟度有哪三个阶段？"]
    assert "讯宿办" in a_messages[0]["content"] and "讯宿办" not in b_messages[0]["content"]


def test_history_given_is_not_modified(extractive_chain):
    history = [ChatTurn(question="报告说的数字化成熟度有哪三个阶段？", answer="……")]
    before = copy.deepcopy(history)
    messages: list[dict] = []
    *_, (_, new_history) = handlers.ask(extractive_chain, SUZHOU, messages, history, "zh")
    assert history == before and messages == []
    assert len(new_history) == 2


def test_refusal_is_shown_as_a_refusal(extractive_chain):
    *_, (messages, history) = handlers.ask(extractive_chain, "巴黎的地铁怎么样？", [], [], "zh")
    assert "smc-refusal" in _last(messages) and "巴黎" in _last(messages)
    assert len(history) == 1


def test_english_question_gets_english_labels_and_english_lead(extractive_chain):
    question = "What problem does the Ganzhihui platform in Pinghu solve?"
    *_, (messages, _) = handlers.ask(extractive_chain, question, [], [], "en")
    assert "Sources (" in _last(messages) and "Pinghu (平湖)" in _last(messages)


def test_empty_question_changes_nothing(extractive_chain):
    assert list(handlers.ask(extractive_chain, "   ", [], [], "zh")) == []


@pytest.mark.parametrize("language, expected", [("zh", "问题太长（5000 个字符，最多 2000 个）"),
                                                ("en", "The question is too long (5000 characters; at most 2000)")])
def test_user_error_becomes_a_readable_message_in_the_interface_language(extractive_chain, language, expected):
    *_, (messages, history) = handlers.ask(extractive_chain, "问" * 5000, [], [], language)
    assert "smc-error" in _last(messages) and expected in _last(messages)
    assert history == []


@pytest.mark.parametrize("error, language, expected", [
    (BadInput("the question is empty"), "zh", "无法处理这个问题："),
    (EngineUnavailable("cannot reach http://10.0.0.6:8001/v1"), "zh", "回答引擎暂时不可用"),
    (EngineUnavailable("cannot reach http://10.0.0.6:8001/v1"), "en", "The answer engine is unavailable"),
    (IndexUnavailable("no index"), "en", "The report's index is unavailable"),
])
def test_library_errors_are_said_in_the_interface_language(error, language, expected):
    assert handlers.error_text(language, error).startswith(expected)


def test_engine_failure_ends_the_turn_with_a_message(settings, index):
    from assistant.answer.pipeline import build_chain

    chain = build_chain(settings, index=index, engine="fake", replies=[RuntimeError("connection reset")])
    *_, (messages, history) = handlers.ask(chain, SUZHOU, [], [], "en")
    assert "smc-error" in _last(messages) and "Internal error" in _last(messages)
    assert "connection reset" not in _last(messages) and history == []


def test_clear_empties_the_conversation():
    assert handlers.clear() == ([], [], "")


def test_engine_status_names_the_engine_and_the_fallback(settings, extractive_chain):
    assert "抽取式" in handlers.engine_status(extractive_chain, settings, "zh")
    assert "Extractive" in handlers.engine_status(extractive_chain, settings, "en")
    fallback = copy.copy(extractive_chain)
    fallback.notice = "the local model is not installed"
    local_settings = settings.model_copy(update={"llm": settings.llm.model_copy(update={"engine": "local"})})
    assert "本地模型未安装" in handlers.engine_status(fallback, local_settings, "zh")
    assert "not installed" in handlers.engine_status(fallback, local_settings, "en")
    local = copy.copy(extractive_chain)
    local.engine, local.notice = "local", None
    assert "本地模型" in handlers.engine_status(local, local_settings, "zh")
    assert "Local model" in handlers.engine_status(local, local_settings, "en")
    assert "Qwen2.5-Coder-1.5B" in handlers.engine_status(local, local_settings, "en")


def test_framework_browser_has_seven_domains_by_three_stages(settings):
    browser = framework_browser(settings)
    assert len(browser.rows) == 7 and len(browser.domains) == 7
    assert all(len(row.summaries) == 3 and all(row.summaries) for row in browser.rows)
    assert [row.section for row in browser.rows] == [f"3.{n}" for n in range(3, 10)]
    assert all(row.page for row in browser.rows)
    assert sorted(browser.stage_names) == [1, 2, 3]
    services = browser.domains["services"]
    assert [stage.stage for stage in services.stages] == [1, 2, 3]
    assert all(stage.characteristics for stage in services.stages)
    suzhou = next(case for case in services.cases if case.city == "宿州")
    assert suzhou.section == "3.3" and suzhou.page == 16 and suzhou.stage_label == "阶段一至阶段二"


def test_framework_html_in_both_languages(settings):
    browser = framework_browser(settings)
    zh = handlers.matrix_html(browser, "zh")
    assert zh.count("<tr>") == 8 and "阶段一：技术驱动、局部发展" in zh
    assert "Stage 3: innovation" in handlers.matrix_html(browser, "en")
    assert handlers.domain_choices(browser, "en")[0] == ("Livelihood and Services", "services")
    detail = handlers.domain_html(browser, "infrastructure", "zh")
    assert "平湖" in detail and "第3.8节 · 第19页" in detail
    assert handlers.domain_html(browser, None, "zh") == handlers.domain_html(browser, "services", "zh")
