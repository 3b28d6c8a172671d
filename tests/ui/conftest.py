"""UI fixtures: answer chains over the session index, and the app served on a free loopback port."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from assistant.answer.pipeline import AnswerChain, build_chain

SUZHOU_REPLY = "“讯宿办”小程序方便群众办理社保、查询公积金、查询公交实时位置、生活缴费等。"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def extractive_chain(settings, index) -> AnswerChain:
    return build_chain(settings, index=index, engine="extractive")


@pytest.fixture()
def fake_chain(settings, index) -> AnswerChain:
    """A chain whose model replays a Chinese answer about 宿州's mini-program, streamed in small pieces."""
    return build_chain(settings, index=index, engine="fake", replies=[SUZHOU_REPLY])


@pytest.fixture(scope="session")
def app_url(settings, extractive_chain) -> Iterator[str]:
    """The app over the extractive engine, launched in a thread on 127.0.0.1 with a free port."""
    from assistant.ui.app import build_app, launch_options

    port = free_port()
    served = settings.model_copy(update={"app": settings.app.model_copy(update={"host": "127.0.0.1", "port": port})})
    demo = build_app(served, extractive_chain)
    demo.launch(**launch_options(served), prevent_thread_lock=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()
