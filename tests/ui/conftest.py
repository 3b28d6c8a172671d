"""UI fixtures: answer chains over the session index, and the app served on a free loopback port."""

from __future__ import annotations

import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from assistant.answer.pipeline import AnswerChain, build_chain

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# The admin page's login in the served app (the app itself has none).
ADMIN_LOGIN = ("admin", "admin-secret-for-tests")

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
    served = settings.model_copy(update={
        "app": settings.app.model_copy(update={"host": "127.0.0.1", "port": port}),
        "admin": settings.admin.model_copy(update={"username": ADMIN_LOGIN[0], "password": SecretStr(ADMIN_LOGIN[1])}),
    })
    demo = build_app(served, extractive_chain)
    demo.launch(**launch_options(served), prevent_thread_lock=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


@pytest.fixture()
def browser():
    """A real headless Chromium (Debian's chromium and chromium-driver)."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.exists()]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not found: run `make system-deps` (installs chromium and chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="smc-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1400,1500", "--lang=zh-CN", f"--user-data-dir={profile}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
