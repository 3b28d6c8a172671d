"""The Gradio app's wiring: events, concurrency, language switch, launch options."""

from __future__ import annotations

import copy

import pytest

from assistant.ui.app import build_app, launch_options


@pytest.fixture(scope="module")
def demo(settings, extractive_chain):
    return build_app(settings, extractive_chain)


def _chat_functions(demo) -> list:
    return [fn for fn in demo.fns.values() if getattr(fn.fn, "__name__", "") == "respond"]


def _element(demo, elem_id: str):
    return next(block for block in demo.blocks.values() if getattr(block, "elem_id", None) == elem_id)


def test_the_three_tabs_and_the_assessment_column_exist(demo):
    ids = {getattr(block, "elem_id", None) for block in demo.blocks.values()}
    assert {"qa-tab", "assessment-tab", "framework-tab", "smc-chat", "smc-question", "smc-matrix"} <= ids
    assert demo.analytics_enabled is False


def test_question_box_send_button_and_examples_all_answer(demo):
    chat = _chat_functions(demo)
    assert len(chat) == 10  # the question box, the send button, five examples and three suggestions
    assert [fn.api_name for fn in chat if fn.api_name == "ask"] == ["ask"]


def test_other_engines_share_the_default_concurrency(demo, settings):
    assert all(fn.concurrency_limit == "default" and fn.concurrency_id != "model" for fn in _chat_functions(demo))
    assert demo._queue.default_concurrency_limit == settings.app.concurrency


def test_a_local_model_answers_one_question_at_a_time(settings, extractive_chain):
    local = copy.copy(extractive_chain)
    local.engine = "local"
    demo = build_app(settings, local)
    chat = _chat_functions(demo)
    assert chat and all(fn.concurrency_limit == 1 and fn.concurrency_id == "model" for fn in chat)
    others = [fn for fn in demo.fns.values() if fn not in chat]
    assert all(fn.concurrency_id != "model" for fn in others)


def test_switching_language_relabels_the_interface(demo):
    language = _element(demo, "smc-language")
    switch = next(fn for fn in demo.fns.values() if getattr(fn.fn, "__name__", "") == "switch_language")
    assert [block._id for block in switch.inputs][0] == language._id
    shown = []
    for update in switch.fn("en", "infrastructure", None):
        shown += [update] if isinstance(update, str) else [getattr(update, "value", None), getattr(update, "label", None)]
    shown = " ".join(str(item) for item in shown if item)
    assert "Digital Transformation Assistant" in shown and "Clear conversation" in shown
    assert "Self-assessment" in shown and "Your question" in shown
    assert "What problem does the Ganzhihui platform in Pinghu solve?" in shown
    assert "Stage 1: technology-driven" in shown and "Infrastructure" in shown
    assert "The report" in shown and "Browse the report by section" in shown and "Send comment" in shown
    assert "Click a citation number" in shown and "Export conversation" in shown
    assert "中小城市数字化转型助手" in switch.fn("zh", "services", None)[0]


def test_launch_options_bind_to_loopback_without_login_by_default(settings):
    options = launch_options(settings)
    assert options["server_name"] == "127.0.0.1" and options["server_port"] == settings.app.port
    assert options["auth"] is None and options["show_error"] is True
    assert "smc-cite" in options["css"] and "smc-cite" in options["head"]


def test_login_needs_both_user_name_and_password(settings):
    def with_app(**values):
        return settings.model_copy(update={"app": settings.app.model_copy(update=values)})

    from pydantic import SecretStr

    assert launch_options(with_app(username="zhang"))["auth"] is None
    assert launch_options(with_app(password=SecretStr("s3cret")))["auth"] is None
    assert launch_options(with_app(username="zhang", password=SecretStr("s3cret")))["auth"] == ("zhang", "s3cret")
