"""Security: exports stay inside the data directory, secrets never reach output or logs, the app binds loopback
by default and refuses callers without the configured login.
"""

from __future__ import annotations

import socket
import subprocess

import pytest

from assistant.errors import AssistantError
from assistant.settings import load_settings
from tests.hardening.conftest import base_env, free_port, run_cli, serving

API_KEY = "sk-secret-123"
PASSWORD = "pw-secret-456"
HOSTILE_CITY = '<script>alert("x")</script>../../../etc/evil'
TRAVERSAL_IDS = ["../../etc/passwd", "/etc/passwd", "..", "0123456789ab/../../x", "..%2f..%2fetc", "0123456789a\x00b"]


@pytest.fixture()
def service(tmp_path, settings):
    pytest.importorskip("assistant.assessment.export")
    from assistant.assessment.service import build_assessment_service

    own = settings.model_copy(update={"paths": settings.paths.model_copy(update={"data_dir": tmp_path / "data"})})
    return build_assessment_service(own)


def _files(root) -> set:
    return {path for path in root.rglob("*") if path.is_file()}


def test_exports_are_written_only_inside_the_data_directory(service, tmp_path):
    view = service.begin("zh")
    service.answer(view.assessment_id, HOSTILE_CITY)
    before = _files(tmp_path)
    for assessment_id in TRAVERSAL_IDS:
        for fmt in ("md", "html"):
            with pytest.raises(AssistantError):
                service.export(assessment_id, fmt)
    for fmt in ("../../md", "md/../../x", "html\x00", "/tmp/x"):
        with pytest.raises(AssistantError):
            service.export(view.assessment_id, fmt)
    assert _files(tmp_path) == before, "a rejected export wrote a file"

    exports = (tmp_path / "data" / "exports").resolve()
    for fmt in ("md", "json", "html"):
        path = service.export(view.assessment_id, fmt).resolve()
        assert path.parent == exports and path.name.startswith(f"assessment-{view.assessment_id}-")
    assert {path.parent for path in _files(tmp_path) - before} == {exports}
    page = next(exports.glob("*.html")).read_text(encoding="utf-8")
    assert "<script>alert" not in page  # the city name an official typed is escaped in the printable report


def test_the_api_key_never_appears_in_output(settings, index):
    port = free_port()
    env = base_env(settings, SMC_LLM__ENGINE="openai", SMC_LLM__OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1",
                   SMC_LLM__OPENAI_API_KEY=API_KEY)
    for extra in ({}, {"SMC_RAISE_ERRORS": "1"}):  # even the full traceback of the debugging switch
        result = run_cli("ask", "宿州的口罩预约运行了多少天？", "--json", env=env | extra)
        assert result.returncode != 0
        assert API_KEY not in result.stdout + result.stderr
    assert API_KEY not in repr(load_settings(llm={"openai_api_key": API_KEY}))


def test_the_app_binds_loopback_by_default(monkeypatch):
    from assistant.ui.app import launch_options

    monkeypatch.delenv("SMC_APP__HOST", raising=False)
    assert load_settings().app.host == "127.0.0.1"
    assert launch_options(load_settings())["server_name"] == "127.0.0.1"


def _outside_address() -> str | None:
    """An address of this machine other than loopback, if it has one."""
    probe = subprocess.run(["hostname", "-I"], capture_output=True, text=True)
    for address in probe.stdout.split():
        if "." in address and not address.startswith("127."):
            return address
    return None


def test_the_app_requires_the_configured_login_and_keeps_secrets(tmp_path, settings, index):
    from gradio_client import Client

    env = base_env(settings, SMC_APP__USERNAME="mayor", SMC_APP__PASSWORD=PASSWORD, SMC_LLM__ENGINE="openai",
                   SMC_LLM__OPENAI_BASE_URL=f"http://127.0.0.1:{free_port()}/v1", SMC_LLM__OPENAI_API_KEY=API_KEY)
    with serving(env, tmp_path) as app:
        with pytest.raises(Exception, match="(?i)credentials|login"):
            Client(app.url, verbose=False)
        with pytest.raises(Exception, match="(?i)login"):
            Client(app.url, auth=("mayor", "wrong"), verbose=False)
        client = Client(app.url, auth=("mayor", PASSWORD), verbose=False)
        messages, _ = client.predict("宿州的口罩预约运行了多少天？", [], "zh", api_name="/ask")
        reply = str(messages[-1])
        assert "SMC_LLM__OPENAI_BASE_URL" in reply  # the engine's error reaches the official, the key does not
        assert API_KEY not in reply and PASSWORD not in reply
        outside = _outside_address()
        if outside:  # not reachable from the network, only from this machine
            with pytest.raises(OSError):
                socket.create_connection((outside, app.port), timeout=3).close()
    log = app.output()
    assert API_KEY not in log and PASSWORD not in log
    assert "Traceback" not in log, log
