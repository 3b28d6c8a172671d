"""The assessment tab through gradio_client, in a small gr.Blocks holding only the tab, on loopback."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import pytest
from gradio_client import Client

from tests.assessment.conftest import HAPPY_PATH


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def tab_settings(settings, tmp_path_factory):
    data = tmp_path_factory.mktemp("tab-data")
    return settings.model_copy(update={"paths": settings.paths.model_copy(update={"data_dir": data})})


@pytest.fixture(scope="module")
def tab_url(tab_settings) -> Iterator[str]:
    from assistant.ui.assessment_tab import build_tab

    port = _free_port()
    with gr.Blocks(analytics_enabled=False) as demo:
        with gr.Tab("自评估"):
            build_tab(tab_settings)
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


def _text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return content


def _plain(message: dict) -> str:
    """The message as the official reads it: without the markup around it, entities shown as characters."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", _text(message)))


def test_a_conversation_in_the_tab(tab_url, tab_settings):
    client = Client(tab_url, verbose=False)
    assessment_id, chat, reply_box, chart, exported = client.predict("zh", api_name="/assessment_start")
    assert len(assessment_id) == 12 and chart is None and reply_box == "" and exported is None
    assert [message["role"] for message in chat] == ["assistant"] and "请问贵市（县）的名称是" in _text(chat[0])

    for text in HAPPY_PATH[:9]:
        assessment_id, chat, reply_box, chart = client.predict(text, api_name="/assessment_reply")
    assert _plain(chat[-2]) == HAPPY_PATH[8] and "已记录民生与服务：当前阶段一，目标阶段二" in _text(chat[-1]) and reply_box == ""
    assert chart is not None and Path(chart).read_bytes().startswith(b"\x89PNG")  # the live radar after a confirmed stage

    for text in HAPPY_PATH[9:]:
        assessment_id, chat, _, chart = client.predict(text, api_name="/assessment_reply")
    assert "评估小结：宿州市" in _text(chat[-1]) and len(chat) == 2 * len(HAPPY_PATH) + 1

    for fmt in ("md", "json", "html", "png"):
        exported = client.predict(api_name=f"/assessment_export_{fmt}")
        assert Path(exported).suffix == f".{fmt}" and Path(exported).stat().st_size > 0
    assert len(list((tab_settings.paths.data_dir / "exports").glob(f"assessment-{assessment_id}-*"))) == 4

    # A new browser session resumes the same assessment by id, with its whole transcript.
    other = Client(tab_url, verbose=False)
    resumed_id, resumed_chat, _, resumed_chart, _ = other.predict(assessment_id, api_name="/assessment_resume")
    assert resumed_id == assessment_id and [_text(m) for m in resumed_chat] == [_text(m) for m in chat]
    assert resumed_chart is not None


def test_replies_before_starting_begin_an_assessment(tab_url):
    client = Client(tab_url, verbose=False)
    assessment_id, chat, _, _ = client.predict("随便说点什么", api_name="/assessment_reply")
    assert len(assessment_id) == 12 and len(chat) == 1


@pytest.mark.parametrize("typed", ["000000000000", "abc", "<b>x</b>"])
def test_resume_with_an_unknown_id_leaves_every_panel_as_it_was(tab_url, typed):
    client = Client(tab_url, verbose=False)
    client.predict("zh", api_name="/assessment_start")
    shown = client.predict(typed, api_name="/assessment_resume")
    assert all(value == {"__type__": "update"} for value in shown)  # nothing is replaced, nothing marked as failed


@pytest.mark.parametrize(
    "typed, language, expected",
    [
        ("abc", "zh", "没有编号为“abc”的评估"),
        ("000000000000", "zh", "没有编号为“000000000000”的评估"),
        ("abc", "en", "There is no assessment with the id “abc”"),
    ],
)
def test_an_unknown_id_is_one_line_in_the_interface_language_without_command_line_hints(tab_settings, typed, language,
                                                                                          expected):
    from assistant.assessment.phrases import error_text
    from assistant.assessment.service import build_assessment_service
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError) as raised:
        build_assessment_service(tab_settings).view(typed)
    shown = error_text(raised.value, language)
    assert shown.startswith(expected) and "assistant assess" not in shown and "\n" not in shown


@pytest.mark.parametrize("reply", ["<img src=x onerror=alert(1)>", "<b>15万</b>", "<script>alert(1)</script>青岚县"])
def test_the_officials_html_is_shown_as_text(tab_url, reply):
    client = Client(tab_url, verbose=False)
    client.predict("zh", api_name="/assessment_start")
    _, chat, *_ = client.predict(reply, api_name="/assessment_reply")
    shown = _text(chat[-2])
    assert "<img" not in shown and "<b>" not in shown and "<script" not in shown
    assert _plain(chat[-2]) == reply


def test_a_reply_over_the_limit_is_refused_with_the_limit_stated(tab_url):
    from assistant.text import MAX_QUESTION_CHARS

    client = Client(tab_url, verbose=False)
    client.predict("zh", api_name="/assessment_start")
    _, chat, *_ = client.predict("青" * (MAX_QUESTION_CHARS + 1), api_name="/assessment_reply")
    assert f"超过了{MAX_QUESTION_CHARS}个字符的上限" in _text(chat[-1])
    _, chat, *_ = client.predict("青岚县", api_name="/assessment_reply")
    assert "青岚县的城区常住人口大约是多少" in _text(chat[-1])


def test_a_new_assessment_clears_the_previous_export(tab_url):
    client = Client(tab_url, verbose=False)
    client.predict("zh", api_name="/assessment_start")
    for text in HAPPY_PATH[:9]:
        client.predict(text, api_name="/assessment_reply")
    assert client.predict(api_name="/assessment_export_md")
    *_, exported = client.predict("zh", api_name="/assessment_start")
    assert exported is None
