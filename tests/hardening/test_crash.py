"""Crash safety of the terminal assessment: `assistant assess` killed with SIGKILL in the middle of a conversation,
then `assistant assess --resume ID` carries on from the last committed answer.

The store itself (every reply committed, resume after a killed writer, WAL mode, two writer processes on one
SQLite file) is covered in tests/assessment/test_store.py; this adds the same guarantee through the console
script an official actually runs.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import time

import pytest

from tests.assessment.conftest import HAPPY_PATH
from tests.hardening.conftest import ASSISTANT, base_env, run_cli

# The scripted official of the assessment tests, through the stages of 民生与服务; the seventh reply (index 6)
# is in flight when the process is killed.
REPLIES = HAPPY_PATH[:9]
IN_FLIGHT = 6
PROMPT = re.compile(r"(?m)^> ")


class Terminal:
    """The output of an interactive process, read as it comes, counted in prompts."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.text = ""

    def wait_for_prompts(self, count: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        descriptor = self.process.stdout.fileno()
        while len(PROMPT.findall(self.text)) < count:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self.process.poll() is not None:
                pytest.fail(f"no prompt {count} (exit {self.process.poll()}):\n{self.text[-2000:]}")
            ready, _, _ = select.select([descriptor], [], [], remaining)
            if ready:
                chunk = os.read(descriptor, 65536)
                if not chunk:
                    continue
                self.text += chunk.decode("utf-8", errors="replace")

    def send(self, line: str) -> None:
        self.process.stdin.write((line + "\n").encode("utf-8"))
        self.process.stdin.flush()


def test_a_killed_terminal_assessment_resumes_where_it_stopped(tmp_path, settings):
    env = base_env(settings, SMC_PATHS__DATA_DIR=str(tmp_path / "data"))
    process = subprocess.Popen([str(ASSISTANT), "assess"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, start_new_session=True)
    terminal = Terminal(process)
    try:
        terminal.wait_for_prompts(1)
        for number, reply in enumerate(REPLIES[:IN_FLIGHT], start=2):
            terminal.send(reply)
            terminal.wait_for_prompts(number)
        terminal.send(REPLIES[IN_FLIGHT])
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    from assistant.assessment.store import AssessmentStore

    store_url = settings.model_copy(
        update={"paths": settings.paths.model_copy(update={"data_dir": tmp_path / "data"})}).store_url
    store = AssessmentStore(store_url)
    try:
        [summary] = store.list_assessments()
        assessment_id = summary.id
        # one event for the first turn, one per committed reply: the in-flight reply may or may not have made it
        committed = len(store.events(assessment_id)) - 1
    finally:
        store.close()
    assert committed in (IN_FLIGHT, IN_FLIGHT + 1) and summary.city == "宿州市"
    remaining = REPLIES[committed:]

    finished = run_cli("assess", "--resume", assessment_id, env=env, stdin="\n".join(remaining) + "\n")
    assert finished.returncode == 0, finished.stderr
    assert "Traceback" not in finished.stderr and assessment_id in finished.stdout
    store = AssessmentStore(store_url)
    try:
        assessment = store.load(assessment_id)
        services = assessment.records["services"]
        assert assessment.city.name == "宿州市"
        assert [answer.text for answer in services.answers][:3] == REPLIES[4:7]
        assert (services.current, services.target) == (1, 2)
    finally:
        store.close()
