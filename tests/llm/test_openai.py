"""The OpenAI-compatible engine against a real HTTP server on loopback that speaks /v1/chat/completions."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.errors import EngineUnavailable
from assistant.llm import build_chat_model, describe_engine
from assistant.llm.openai import OpenAICompatibleChatModel
from assistant.settings import Settings

API_KEY = "sk-test-0123456789abcdef"
PIECES = ["宿州", "位于", "安徽省", "。"]


class StubServer(ThreadingHTTPServer):
    """Answers chat completions with PIECES (or fails with ``status``) and records each request."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), StubHandler)
        self.requests: list[dict] = []
        self.status = 200
        self.error_message = "model crashed"
        self.break_stream = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class StubHandler(BaseHTTPRequestHandler):
    server: StubServer

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "headers": {name.lower(): value for name, value in self.headers.items()}, "body": body})
        if self.path != "/v1/chat/completions":
            return self._json(404, {"error": {"message": f"no route {self.path}"}})
        if self.server.status != 200:
            return self._json(self.server.status, {"error": {"message": self.server.error_message}})
        if body.get("stream"):
            return self._stream(body)
        self._json(200, {
            "id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": body["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(PIECES)}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 12, "completion_tokens": 4, "total_tokens": 16},
        })

    def _json(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, body: dict) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        if self.server.break_stream:  # promise more than is sent, then hang up after the first piece
            self.send_header("Content-Length", "100000")
        self.end_headers()
        deltas = [{"role": "assistant", "content": ""}] + [{"content": piece} for piece in PIECES] + [{}]
        for n, delta in enumerate(deltas):
            if self.server.break_stream and n == 2:
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            chunk = {
                "id": "chatcmpl-2", "object": "chat.completion.chunk", "created": 0, "model": body["model"],
                "choices": [{"index": 0, "delta": delta, "finish_reason": "stop" if n == len(deltas) - 1 else None}],
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True


@pytest.fixture
def stub() -> Iterator[StubServer]:
    server = StubServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def settings_for(url: str) -> Settings:
    return Settings(
        llm={
            "engine": "openai",
            "openai_base_url": url,
            "openai_model": "stub-model",
            "openai_api_key": API_KEY,
            "timeout_s": 5,
        }
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_registry_builds_the_openai_engine_from_settings(stub):
    model, engine, notice = build_chat_model(settings_for(stub.url))

    assert isinstance(model, OpenAICompatibleChatModel)
    assert (engine, notice) == ("openai", None)
    assert model.model_name == "stub-model" and model.max_retries == 1
    assert describe_engine("openai", settings_for(stub.url)) == f"OpenAI-compatible server stub-model at {stub.url}"


def test_invoke_returns_the_answer_and_sends_the_key_as_bearer(stub):
    model, _, _ = build_chat_model(settings_for(stub.url))

    answer = model.invoke("宿州在哪个省？")

    assert answer.content == "宿州位于安徽省。"
    (request,) = stub.requests
    assert request["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert request["body"]["model"] == "stub-model"
    assert request["body"]["messages"] == [{"role": "user", "content": "宿州在哪个省？"}]


def test_stream_yields_the_answer_in_pieces(stub):
    model, _, _ = build_chat_model(settings_for(stub.url))

    pieces = [chunk.content for chunk in model.stream("宿州在哪个省？")]

    assert [piece for piece in pieces if piece] == PIECES
    assert stub.requests[0]["body"]["stream"] is True


@pytest.mark.parametrize("call", ["invoke", "stream"])
def test_an_unreachable_server_is_reported_in_one_line_naming_the_url(call):
    url = f"http://127.0.0.1:{free_port()}/v1"
    model, _, _ = build_chat_model(settings_for(url))

    with pytest.raises(EngineUnavailable) as raised:
        model.invoke("问题") if call == "invoke" else list(model.stream("问题"))

    message = str(raised.value)
    assert message == (
        f"cannot reach the OpenAI-compatible server at {url}: connection refused; "
        "start it or set SMC_LLM__OPENAI_BASE_URL"
    )
    assert API_KEY not in message


@pytest.mark.parametrize("call", ["invoke", "stream"])
def test_a_server_error_is_reported_with_its_status(stub, call):
    stub.status = 500
    model, _, _ = build_chat_model(settings_for(stub.url))

    with pytest.raises(EngineUnavailable) as raised:
        model.invoke("问题") if call == "invoke" else list(model.stream("问题"))

    assert str(raised.value) == (
        f"the OpenAI-compatible server at {stub.url} answered HTTP 500 (model crashed); the server failed; see its log"
    )


def test_a_rejected_key_is_never_echoed(stub):
    stub.status = 401
    stub.error_message = f"Incorrect API key provided: {API_KEY}"
    model, _, _ = build_chat_model(settings_for(stub.url))

    with pytest.raises(EngineUnavailable) as raised:
        model.invoke("问题")

    message = str(raised.value)
    assert "HTTP 401" in message and "SMC_LLM__OPENAI_API_KEY" in message
    assert API_KEY not in message and "***" in message


def test_a_wrong_base_url_points_at_the_setting(stub):
    model, _, _ = build_chat_model(settings_for(stub.url.removesuffix("/v1")))

    with pytest.raises(EngineUnavailable, match="HTTP 404.*SMC_LLM__OPENAI_BASE_URL"):
        model.invoke("问题")


def test_a_server_that_does_not_answer_in_time_is_reported(stub):
    never = socket.socket()
    never.bind(("127.0.0.1", 0))
    never.listen()  # accepts connections but never replies
    url = f"http://127.0.0.1:{never.getsockname()[1]}/v1"
    settings = settings_for(url)
    settings.llm.timeout_s = 0.3
    model, _, _ = build_chat_model(settings)
    try:
        with pytest.raises(EngineUnavailable) as raised:
            model.invoke("问题")
    finally:
        never.close()

    assert str(raised.value).startswith(f"the OpenAI-compatible server at {url} did not answer within 0.3 s")


def test_a_connection_lost_during_the_answer_is_reported(stub):
    stub.break_stream = True
    model, _, _ = build_chat_model(settings_for(stub.url))
    received = []

    with pytest.raises(EngineUnavailable) as raised:
        for chunk in model.stream("问题"):
            received.append(chunk.content)

    assert "".join(received) == PIECES[0]
    assert str(raised.value).startswith(f"the connection to the OpenAI-compatible server at {stub.url} broke during the answer")


def test_credentials_in_the_base_url_are_not_shown():
    port = free_port()
    model, _, _ = build_chat_model(settings_for(f"http://admin:hunter2@127.0.0.1:{port}/v1"))

    with pytest.raises(EngineUnavailable) as raised:
        model.invoke("问题")

    assert f"at http://127.0.0.1:{port}/v1:" in str(raised.value) and "hunter2" not in str(raised.value)
