"""End to end over HTTP: the app served on loopback, driven by gradio_client."""

from __future__ import annotations

import pytest

gradio_client = pytest.importorskip("gradio_client")


def _text(message: dict) -> str:
    content = message["content"]
    return content if isinstance(content, str) else "".join(part.get("text", "") for part in content)


def _ask(client, question: str, messages: list, language: str = "zh") -> list[tuple]:
    job = client.submit(question, messages, language, api_name="/ask")
    job.result(timeout=300)
    return job.outputs()


def test_streamed_answer_with_citation_marker_and_sources(app_url):
    client = gradio_client.Client(app_url, verbose=False)
    outputs = _ask(client, "宿州市民通过讯宿办可以办理什么业务？", [])
    assert len(outputs) >= 3
    first_messages, first_box = outputs[0]
    assert first_box == ""  # the question box is emptied at once
    assert "smc-pending" in _text(first_messages[-1])
    assert any("smc-pending" in _text(messages[-1]) and "讯宿办" in _text(messages[-1]) for messages, _ in outputs[1:-1])
    messages, _ = outputs[-1]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    answer = _text(messages[-1])
    assert '<a class="smc-cite" href="#' in answer and "[1]</a>" in answer
    assert '<details class="smc-sources"' in answer and "第16页" in answer and "<mark>" in answer


def test_each_session_keeps_its_own_history(app_url):
    first = gradio_client.Client(app_url, verbose=False)
    second = gradio_client.Client(app_url, verbose=False)
    messages, _ = _ask(first, "宿州市民通过讯宿办可以办理什么业务？", [])[-1]
    _ask(second, "报告说的数字化成熟度有哪三个阶段？", [])
    follow_up, _ = _ask(first, "那平湖呢？", messages)[-1]
    assert len(follow_up) == 4
    assert "按此问题检索：" in _text(follow_up[-1]) and "平湖" in _text(follow_up[-1])
    # A new session has no history: the same words are not a follow-up there.
    fresh, _ = _ask(gradio_client.Client(app_url, verbose=False), "那平湖呢？", [])[-1]
    assert "按此问题检索：" not in _text(fresh[-1])
