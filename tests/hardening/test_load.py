"""Many officials at once: the app under concurrent Q&A and assessments, with no errors and no leaks between
sessions; and the harness itself, shown to catch a leak in an app that shares its state.
"""

from __future__ import annotations

import json
import threading
import time
import uuid

import pytest

from tests.hardening.conftest import base_env, free_port, serving
from tests.hardening.load import LoadReport, run_load
from tests.hardening.offline import SocketRecorder


def _publish(report: LoadReport, name: str, output_dir, capsys) -> None:
    (output_dir / f"{name}.json").write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    with capsys.disabled():
        print(f"\n[{name}] {report.summary()}")


def _assert_clean(report: LoadReport) -> None:
    assert report.errors == [], report.summary()
    assert report.leaks == [], report.summary()
    for official, (pairs, assessments) in report.completed.items():
        assert pairs >= 1 and assessments >= 1, f"official {official} did not get through both tasks: {report.summary()}"


def test_ten_officials_for_a_minute(tmp_path, settings, index, output_dir, capsys):
    recorder = SocketRecorder(tmp_path / "recorder")
    with serving(recorder.env(base_env(settings)), tmp_path, "--engine", "extractive") as app:
        report = run_load(app.url, officials=10, seconds=60)
    _publish(report, "load-extractive", output_dir, capsys)
    _assert_clean(report)
    assert "Traceback" not in app.output(), app.output()[-3000:]
    assert recorder.outbound() == []  # sixty busy seconds, and still nothing but loopback


@pytest.mark.llm
@pytest.mark.timeout(420)  # about three minutes on an idle machine, four when the cores are shared
def test_three_officials_with_the_local_model(tmp_path, settings, index, output_dir, capsys):
    from assistant.llm.model_file import local_model_available

    if not local_model_available(settings):
        pytest.skip("the local model is not installed (make install)")
    # Short answers over few passages keep one answer to seconds on two cores: the shared model queue is the test.
    # Each official does one Q&A round and one assessment round; the model condenses follow-ups in its own words.
    env = base_env(settings, SMC_LLM__ENGINE="local", SMC_LLM__MAX_TOKENS="48", SMC_LLM__CONTEXT_BUDGET_TOKENS="300")
    with serving(env, tmp_path, "--engine", "local") as app:
        report = run_load(app.url, officials=3, seconds=0, min_rounds=2, assessment_replies=4, strict_followups=False)
    _publish(report, "load-local", output_dir, capsys)
    _assert_clean(report)


def _leaky_app():
    """A stand-in with the app's endpoints that keeps one conversation for everybody, as a careless app would."""
    import gradio as gr

    shared = {"questions": [], "assessment": ""}
    lock = threading.Lock()

    def ask(question, messages, lang):
        with lock:
            earlier = shared["questions"][-4:]
            shared["questions"].append(question)
        time.sleep(0.05)  # let sessions interleave
        previous = earlier[-1] if earlier else ""
        standalone = f'<div class="smc-standalone">按此问题检索：{previous}</div>' if question.startswith("那") else ""
        # The one memory shows through the answer: it recalls the latest questions, whoever asked them.
        reply = {"role": "assistant", "content": standalone + "回答（上文：" + "；".join(earlier) + "）"}
        return [*(messages or []), {"role": "user", "content": question}, reply], ""

    def start(lang):
        with lock:
            shared["assessment"] = uuid.uuid4().hex[:12]
            return shared["assessment"], [{"role": "assistant", "content": "名称？"}], "", None

    def reply(text):
        time.sleep(0.02)
        with lock:
            return shared["assessment"], [{"role": "assistant", "content": f"{text}的人口？"}], "", None

    with gr.Blocks(analytics_enabled=False) as demo:
        question, lang, box = gr.Textbox(), gr.Radio(["zh", "en"], value="zh"), gr.Textbox()
        chat, assessment_chat, assessment_id, chart = gr.Chatbot(), gr.Chatbot(), gr.Textbox(), gr.Image()
        question.submit(ask, [question, chat, lang], [chat, box], api_name="ask")
        lang.change(start, [lang], [assessment_id, assessment_chat, box, chart], api_name="assessment_start")
        box.submit(reply, [box], [assessment_id, assessment_chat, box, chart], api_name="assessment_reply")
    demo.queue(default_concurrency_limit=8)
    return demo


@pytest.mark.filterwarnings("ignore::Warning:gradio.queueing")
def test_the_harness_catches_a_leak_between_sessions():
    demo = _leaky_app()
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True, ssr_mode=False)
    try:
        report = run_load(f"http://127.0.0.1:{port}/", officials=3, seconds=4, think_time=(0.0, 0.05))
    finally:
        demo.close()
    assert report.errors == [], report.summary()
    assert any("saw" in leak for leak in report.leaks), report.summary()
    assert any("lost this session's history" in leak or "assessment changed" in leak for leak in report.leaks)
