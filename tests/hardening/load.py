"""A load harness for the app: simulated officials, each in its own Gradio session, asking questions with
follow-ups and walking through assessments at the same time.

Every official carries a marker word of its own: in its first question (which the follow-up must carry into
its standalone question, from that session's history) and in its city's name (which the assessment repeats).
Seeing another official's marker, or losing one's own, is a leak between sessions. A language model that
condenses the follow-up may drop the marker; with `strict_followups=False` the standalone question need only
keep the first question's topic (officials then ask different questions at any one time, so it is still theirs).

    report = run_load("http://127.0.0.1:7860/", officials=10, seconds=60)
    print(report.summary())

Run as a script against a running app: `python -m tests.hardening.load URL [OFFICIALS] [SECONDS]` (with
SMC_APP__USERNAME / SMC_APP__PASSWORD when the app asks for a login); it exits 1 on errors or leaks.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

# (first question, follow-up, a word of the first question that its standalone form keeps)
QUESTIONS: list[tuple[str, str, str]] = [
    ("宿州的口罩预约运行了多少天？", "那平湖呢？", "口罩"),
    ("平湖建“感智汇”要应对的难题是什么？", "那宿州呢？", "感智汇"),
    ("莘县是怎样发展数字农业的？", "那宝应呢？", "农业"),
    ("开封在城市治理方面做了哪些工作？", "那宿州呢？", "治理"),
    ("福冈的健康信息平台如何运转？", "那会津若松呢？", "健康"),
]
# Replies to the assessment's first turns: city name, population, region, which domains, then descriptions.
ASSESSMENT_REPLIES = ["{city}", "30万", "中国华东", "全部七个领域", "跳过",
                      "我们已经建了统一的政务服务平台，市民可以在线办理大部分事项", "2", "不知道"]
_STANDALONE = re.compile(r'smc-standalone">([^<]*)<')


@dataclass
class Official:
    """One simulated official: a Gradio session, a marker word and what happened to it."""

    number: int
    marker: str
    asked: int = 0
    assessed: int = 0
    seen_own_in_assessment: bool = False


@dataclass
class LoadReport:
    """Latencies by kind of request, errors, and leaks between sessions."""

    officials: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    completed: dict[int, tuple[int, int]] = field(default_factory=dict)  # official -> (Q&A pairs, assessments)

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def percentile(self, q: float, kind: str | None = None) -> float:
        """The q-th percentile (0-100) of the latencies in seconds, of one kind or of all requests."""
        values = sorted(self.latencies.get(kind, []) if kind else [v for vs in self.latencies.values() for v in vs])
        if not values:
            return float("nan")
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=100, method="inclusive")[max(0, min(98, round(q) - 1))]

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p95(self) -> float:
        return self.percentile(95)

    def summary(self) -> str:
        """A few lines for a terminal or a test log."""
        lines = [f"{self.officials} officials, {self.seconds:.0f} s: {self.requests} requests "
                 f"({self.requests / max(self.seconds, 1e-9):.1f}/s), p50 {self.p50:.2f} s, p95 {self.p95:.2f} s, "
                 f"{len(self.errors)} errors, {len(self.leaks)} leaks"]
        for kind in sorted(self.latencies):
            lines.append(f"  {kind:17} n={len(self.latencies[kind]):4}  p50 {self.percentile(50, kind):6.2f} s  "
                         f"p95 {self.percentile(95, kind):6.2f} s")
        lines += [f"  error: {error}" for error in self.errors[:10]]
        lines += [f"  leak: {leak}" for leak in self.leaks[:10]]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"officials": self.officials, "seconds": self.seconds, "requests": self.requests,
                "p50_s": self.p50, "p95_s": self.p95, "errors": self.errors, "leaks": self.leaks,
                "by_kind": {kind: {"n": len(values), "p50_s": self.percentile(50, kind), "p95_s": self.percentile(95, kind)}
                            for kind, values in self.latencies.items()},
                "completed": {str(k): {"qa_pairs": v[0], "assessments": v[1]} for k, v in self.completed.items()}}


class _Session:
    """One official's gradio_client session; every call is timed and checked for other officials' markers."""

    def __init__(self, url: str, official: Official, markers: list[str], report: LoadReport, lock: threading.Lock,
                 auth: tuple[str, str] | None, strict_followups: bool = True, timeout: float = 300):
        from gradio_client import Client

        self.official = official
        self.strict_followups = strict_followups
        self.others = [marker for marker in markers if marker != official.marker]
        self.report = report
        self.lock = lock
        self.client = Client(url, auth=auth, verbose=False, download_files=False, analytics_enabled=False,
                             httpx_kwargs={"timeout": timeout})

    def call(self, kind: str, *args, api_name: str):
        started = time.perf_counter()
        result = self.client.predict(*args, api_name=api_name)
        elapsed = time.perf_counter() - started
        text = str(result)
        seen = [marker for marker in self.others if marker in text]
        with self.lock:
            self.report.latencies.setdefault(kind, []).append(elapsed)
            if seen:
                self.report.leaks.append(f"official {self.official.number} ({kind}) saw {', '.join(seen)}")
        return result

    def problem(self, message: str, leak: bool = False) -> None:
        with self.lock:
            (self.report.leaks if leak else self.report.errors).append(f"official {self.official.number}: {message}")

    def question_pair(self, pair: tuple[str, str, str]) -> None:
        question, followup, topic = pair
        marker = self.official.marker
        messages, _ = self.call("ask", f"{question}（{marker}）", [], "zh", api_name="/ask")
        if "smc-error" in str(messages[-1]):
            self.problem(f"error answering {question!r}: {str(messages[-1])[:200]}")
            return
        messages, _ = self.call("ask_followup", followup, messages, "zh", api_name="/ask")
        reply = str(messages[-1])
        if "smc-error" in reply:
            self.problem(f"error answering the follow-up {followup!r}: {reply[:200]}")
            return
        standalone = _STANDALONE.findall(reply)
        kept = marker if self.strict_followups else topic
        if not standalone or (kept not in standalone[0] and marker not in standalone[0]):
            self.problem(f"the follow-up lost this session's history (standalone: {standalone})", leak=True)
        self.official.asked += 1

    def assessment(self, replies: int) -> None:
        marker = self.official.marker
        city = f"暗号{_in_chinese(marker)}市"  # a city's name is Chinese; the marker rides along, spelled in Chinese
        assessment_id, chat, *_ = self.call("assessment_start", "zh", api_name="/assessment_start")
        if not re.fullmatch(r"[0-9a-f]{12}", str(assessment_id or "")):
            self.problem(f"the assessment did not start: {str(chat)[:200]}")
            return
        for template in ASSESSMENT_REPLIES[:replies]:
            now_id, chat, *_ = self.call("assessment_reply", template.format(city=city), api_name="/assessment_reply")
            if now_id != assessment_id:
                self.problem(f"the assessment changed from {assessment_id} to {now_id}", leak=True)
                return
            if chat and city in str(chat[-1]):
                self.official.seen_own_in_assessment = True
        self.official.assessed += 1


_MARKER_CHARACTERS = dict(zip("0123456789ABCDEFZ", "零壹贰叁肆伍陆柒捌玖甲乙丙丁戊己庚"))


def _in_chinese(marker: str) -> str:
    """The marker spelled with one Chinese character per letter or digit (different markers stay different)."""
    return "".join(_MARKER_CHARACTERS[char] for char in marker)


def run_load(url: str, officials: int = 10, seconds: float = 60, *, auth: tuple[str, str] | None = None,
             assessment_replies: int = 6, think_time: tuple[float, float] = (0.0, 0.3), seed: int = 0,
             min_rounds: int = 0, strict_followups: bool = True, request_timeout: float = 300,
             on_progress: Callable[[str], None] | None = None) -> LoadReport:
    """Drive the app at url with `officials` concurrent sessions for `seconds`, alternating Q&A and assessments.

    No round starts after the deadline (those under way finish) unless an official has done fewer than
    `min_rounds`. Returns latencies (p50/p95), errors and leaks.
    """
    if not strict_followups and officials > len(QUESTIONS):
        raise ValueError(f"without strict follow-ups at most {len(QUESTIONS)} officials can be told apart")
    markers = [f"Z{uuid.uuid4().hex[:6].upper()}" for _ in range(officials)]
    people = [Official(number, marker) for number, marker in enumerate(markers)]
    report = LoadReport(officials=officials, seconds=seconds)
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + seconds

    def work(official: Official) -> None:
        rng = random.Random(seed * 1000 + official.number)
        try:
            session = _Session(url, official, markers, report, lock, auth, strict_followups, request_timeout)
        except Exception as error:  # noqa: BLE001  a session that cannot even connect is an error of the run
            with lock:
                report.errors.append(f"official {official.number}: cannot connect ({type(error).__name__}: {error})")
            return
        turn = official.number  # officials start at different points of the cycle
        rounds = 0
        while time.monotonic() < deadline or rounds < min_rounds:
            try:
                if turn % 2 == 0:
                    rotated = (turn // 2 + official.number) % len(QUESTIONS)
                    session.question_pair(QUESTIONS[rotated if strict_followups else official.number])
                else:
                    session.assessment(assessment_replies)
            except Exception as error:  # noqa: BLE001  any failed request is counted, the official carries on
                session.problem(f"{type(error).__name__}: {str(error)[:300]}")
            turn += 1
            rounds += 1
            time.sleep(rng.uniform(*think_time))
        if official.assessed and not official.seen_own_in_assessment:
            session.problem("the assessment never showed this official's city", leak=True)
        if on_progress:
            on_progress(f"official {official.number} done: {official.asked} Q&A pairs, {official.assessed} assessments")

    threads = [threading.Thread(target=work, args=(official,), name=f"official-{official.number}") for official in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report.seconds = time.monotonic() - started
    report.completed = {official.number: (official.asked, official.assessed) for official in people}
    return report


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:7860/"
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    duration = float(sys.argv[3]) if len(sys.argv) > 3 else 60
    user = os.environ.get("SMC_APP__USERNAME")
    login = (user, os.environ.get("SMC_APP__PASSWORD", "")) if user else None
    report = run_load(target, count, duration, auth=login, on_progress=print)
    print(report.summary())
    sys.exit(1 if report.errors or report.leaks else 0)
