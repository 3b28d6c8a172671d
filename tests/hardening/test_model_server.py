"""The `openai` engine against a real OpenAI-compatible model server: llama.cpp's server (from xllamacpp) serving
the bundled model on loopback, in a process of its own, as a deployment's model server would.

An official's conversation goes through the interface's own `ask`: a streamed answer with citations, a server
that answers too slowly, and a server that dies in the middle of an answer, each ending in what the official sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from assistant.answer.pipeline import build_chain
from assistant.settings import Settings
from assistant.ui import handlers
from tests.servers.model_server import ModelServer, start_model_server

pytestmark = [pytest.mark.server, pytest.mark.llm]

API_KEY = "sk-model-server-test-5f2e"
# One fact of the report asked three ways: how 宝应's lotus-root growers use sensors.
LOTUS = [
    "宝应县的荷藕产业是怎样用物联网的？",
    "宝应县怎么用物联网技术管理荷藕的种植？",
    "宝应是如何借助物联网发展荷藕种植的？",
]
ERROR = re.compile(r'<div class="smc-answer smc-error"><strong>[^<]*</strong>([^<]*)</div>')


@pytest.fixture(scope="module")
def model_file():
    """The bundled model, assembled where SMC_LLM__MODEL_CACHE_DIR (or data/models) says."""
    from assistant.llm.model_file import ensure_local_model, local_model_available
    from assistant.settings import load_settings

    local = load_settings(llm={"engine": "local"})
    if not local_model_available(local):
        pytest.skip("the local model is not installed (make install)")
    return ensure_local_model(local)


@pytest.fixture(scope="module")
def model_server(model_file, tmp_path_factory) -> Iterator[ModelServer]:
    server = start_model_server(model_file, tmp_path_factory.mktemp("model-server"), api_key=API_KEY)
    yield server
    server.stop()


def _settings(settings: Settings, server: ModelServer, **llm) -> Settings:
    """The session's settings answering through the server, with short answers over few passages."""
    values = {"engine": "openai", "openai_base_url": server.base_url, "openai_model": server.alias,
              "openai_api_key": API_KEY, "max_tokens": 48, "context_budget_tokens": 300, "timeout_s": 60} | llm
    return settings.model_copy(update={"llm": settings.llm.model_copy(update=values)})


def _error_line(message: dict) -> str:
    """The text of an error shown in place of an answer; fails when the message is not one."""
    found = ERROR.fullmatch(message["content"])
    assert found, f"not an error message: {message['content'][:300]}"
    return found.group(1)


@pytest.mark.parametrize("question", LOTUS)
def test_a_streamed_answer_with_citations(settings, index, model_server, question):
    chain = build_chain(_settings(settings, model_server), index=index)
    assert chain.engine == "openai"
    events = list(chain.stream(question, []))
    tokens = [event.text for event in events if event.kind == "token"]
    answer = events[-1].answer
    assert events[-1].kind == "answer" and answer is not None
    assert len(tokens) > 3, tokens  # the answer arrived in pieces, as the server generated it
    assert not answer.refused and answer.engine == "openai", answer.answer
    assert answer.citations, answer.answer
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert cited and cited <= {citation.n for citation in answer.citations}, answer.answer
    assert any("宝应" in citation.text or "荷藕" in citation.text for citation in answer.citations)
    assert "Traceback" not in model_server.output()


def test_a_server_slower_than_the_timeout_is_one_line(settings, index, model_server):
    chain = build_chain(_settings(settings, model_server, timeout_s=0.2), index=index)
    *_, (messages, history) = handlers.ask(chain, LOTUS[0], [], [], "zh")
    line = _error_line(messages[-1])
    assert f"the OpenAI-compatible server at {model_server.base_url} did not answer within 0.2 s" in line
    assert "\n" not in line and "SMC_LLM__TIMEOUT_S" in line and API_KEY not in line
    assert history == [] and messages[0]["role"] == "user"


# Last in this module: it kills the module's server.
def test_a_server_killed_during_an_answer_leaves_one_line_and_the_conversation(settings, index, model_server):
    server = model_server
    chain = build_chain(_settings(settings, server), index=index)
    *_, (before, history) = handlers.ask(chain, LOTUS[0], [], [], "zh")
    assert len(history) == 1 and "smc-error" not in before[-1]["content"]

    shown = []
    for number, (messages, turns) in enumerate(handlers.ask(chain, LOTUS[1], before, history, "zh")):
        shown.append(messages[-1]["content"])
        # yields: the pending answer, the passages found, then one per piece of the answer
        if number == 3:
            server.kill()
    assert len(shown) > 4, "the answer ended before the server could be killed"
    line = _error_line(messages[-1])
    assert f"the connection to the OpenAI-compatible server at {server.base_url} broke during the answer" in line
    assert "\n" not in line and "Traceback" not in line
    # the conversation so far is kept as it was; the failed question is shown, its half answer is not kept
    assert messages[:2] == before and messages[2]["role"] == "user" and turns == history

    *_, (after, kept) = handlers.ask(chain, LOTUS[2], messages, turns, "zh")
    assert f"cannot reach the OpenAI-compatible server at {server.base_url}" in _error_line(after[-1])
    assert after[:4] == messages and kept == history
