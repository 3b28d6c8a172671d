"""Helpers for the hardening tests: running the real console script, serving the app, a shortened report.

The command-line cases run `assistant` as a subprocess, as a user would: only then do the exit code, every
line written to stderr (including what libraries log) and the absence of a traceback mean something.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.settings import Settings
from assistant.text import squash
from tests.servers.processes import free_port, stop, wait_for_http  # noqa: F401  (used by the hardening tests)

BIN = Path(sys.executable).parent
ASSISTANT = BIN / "assistant"
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "PYTHONUNBUFFERED": "1",
}


def base_env(settings: Settings | None = None, **variables: str) -> dict[str, str]:
    """The environment of a subprocess: this one without SMC_* variables, offline, plus the settings' paths."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SMC_")}
    env |= OFFLINE_ENV
    if settings is not None:
        env |= {
            "SMC_PATHS__INDEX_DIR": str(settings.paths.index_dir),
            "SMC_PATHS__DATA_DIR": str(settings.paths.data_dir),
            "SMC_PATHS__CORPUS_FILE": str(settings.paths.corpus_file),
            "SMC_PATHS__GLOSSARY_FILE": str(settings.paths.glossary_file),
            "SMC_LLM__ENGINE": settings.llm.engine,
        }
    return env | variables


def run_cli(*args: str, env: dict[str, str], timeout: float = 240, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the `assistant` console script and capture its output as text."""
    return subprocess.run(
        [str(ASSISTANT), *args], env=env, capture_output=True, text=True, timeout=timeout, input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


def assert_user_error(result: subprocess.CompletedProcess, *fragments: str) -> str:
    """Exit code 2, exactly one line on stderr, no traceback; returns that line."""
    lines = result.stderr.splitlines()
    assert result.returncode == 2, f"exit code {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{result.stderr}"
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    return lines[0]


def read_only(directory: Path, command: list[str]) -> list[str]:
    """command run with directory read-only: a read-only bind mount for root (who ignores modes), else chmod."""
    if os.geteuid() == 0:
        script = f'mount --bind "{directory}" "{directory}" && mount -o remount,bind,ro "{directory}" && exec "$@"'
        return ["unshare", "-m", "sh", "-c", script, "sh", *command]
    directory.chmod(0o555)
    return command


def mini_report(source: str) -> str:
    """The report without its long paragraphs: still a valid report, a seventh of the text to embed."""
    head, body = source.split("\n免责声明\n", 1)
    kept = [paragraph for paragraph in body.split("\n\n") if len(squash(paragraph)) <= 40 or "\t" in paragraph]
    return head + "\n免责声明\n" + "\n\n".join(kept)


@dataclass(frozen=True)
class Sources:
    """A shortened copy of the report and a frozen copy of the glossary."""

    corpus: Path
    glossary: Path

    def settings(self, directory: Path, **sections) -> Settings:
        """Settings whose index and data live in directory, over these sources, extractive engine."""
        from assistant.settings import load_settings

        paths = {"index_dir": directory / "index", "data_dir": directory / "data", "corpus_file": self.corpus,
                 "glossary_file": self.glossary}
        sections.setdefault("llm", {"engine": "extractive"})
        return load_settings(paths=paths, **sections)


@pytest.fixture(scope="session")
def mini_sources(tmp_path_factory, settings) -> Sources:
    """The shortened report: tests that must build an index of their own build it in seconds."""
    directory = tmp_path_factory.mktemp("hardening-sources")
    corpus = directory / "report.txt"
    corpus.write_text(mini_report(settings.paths.corpus_file.read_text(encoding="utf-8")), encoding="utf-8")
    glossary = directory / "glossary.yaml"
    shutil.copy(settings.paths.glossary_file, glossary)
    return Sources(corpus, glossary)


@dataclass
class AppProcess:
    """`assistant serve` running on 127.0.0.1:port, with its combined output in log."""

    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""


def launch(env: dict[str, str], directory: Path, *args: str) -> AppProcess:
    """Start `assistant serve` on a free loopback port (extra args appended), without waiting for it."""
    port = free_port()
    log = directory / f"serve-{port}.log"
    with open(log, "w") as out:
        process = subprocess.Popen([str(ASSISTANT), "serve", "--port", str(port), *args], env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    return AppProcess(port, process, log)


def wait_until_answering(app: AppProcess, patience: float = 300) -> None:
    """Wait until the app answers HTTP; fail with its output when it exits or time runs out."""
    deadline = time.monotonic() + patience
    while not _answers(app.url):
        if app.process.poll() is not None:
            pytest.fail(f"the app exited with {app.process.returncode}:\n{app.output()[-3000:]}")
        if time.monotonic() > deadline:
            pytest.fail(f"the app did not answer within {patience:.0f} s:\n{app.output()[-3000:]}")
        time.sleep(0.5)


@contextmanager
def serving(env: dict[str, str], directory: Path, *args: str, patience: float = 300) -> Iterator[AppProcess]:
    """Start `assistant serve` (extra args appended) and wait until it answers; stop it afterwards."""
    app = launch(env, directory, *args)
    try:
        wait_until_answering(app, patience)
        yield app
    finally:
        stop(app.process)


def _answers(url: str) -> bool:
    """Whether an HTTP server answers at url at all (a 401 of a login-protected app counts)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        opener.open(url, timeout=2).close()
        return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


@dataclass
class ChromaServer:
    """`chroma run` started by a test, with its log and (when strace exists) a trace of its connect() calls."""

    port: int
    process: subprocess.Popen
    log: Path
    trace: Path | None

    def stop(self) -> None:
        stop(self.process)


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory) -> Iterator[ChromaServer]:
    """`chroma run` on a free loopback port with telemetry off; its connect() calls traced when strace exists."""
    directory = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    command = [str(BIN / "chroma"), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(directory / "db")]
    trace = None
    if shutil.which("strace"):
        trace = directory / "connect.trace"
        command = ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(trace), *command]
    log = directory / "server.log"
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                   env=base_env(ANONYMIZED_TELEMETRY="False"), start_new_session=True)
    server = ChromaServer(port, process, log, trace)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", 60, process, log)
        yield server
    finally:
        server.stop()
