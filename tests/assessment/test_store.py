"""The store: every answer committed as given, resume after a crash, concurrent writers, listing and comparing.

Each test that takes `database_url` runs twice: on a SQLite file and on a real PostgreSQL server (tests/conftest.py).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.assessment.conversation import AssessmentConversation
from assistant.assessment.store import AssessmentStore, ConcurrentUpdate
from assistant.errors import UnknownSession
from tests.assessment.conftest import HAPPY_PATH, FixedJudge

PROJECT = Path(__file__).resolve().parents[2]


def _spawn(*arguments: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.assessment.writer", *arguments], cwd=PROJECT,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)


@pytest.fixture()
def store(database_url) -> AssessmentStore:
    """The store of these tests, on each kind of database."""
    store = AssessmentStore(database_url)
    yield store
    store.close()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = AssessmentStore(f"sqlite:///{tmp_path / 'assessments.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    store.close()


def test_every_turn_is_an_event_and_the_snapshot_follows(converse, store):
    conversation, turns = converse(HAPPY_PATH[:6])
    events = store.events(conversation.assessment.id)
    assert [event.seq for event in events] == list(range(7))
    assert [event.user_text for event in events] == [None, *HAPPY_PATH[:6]]
    assert [event.message for event in events] == [turn.message for turn in turns]
    assert store.load(conversation.assessment.id) == conversation.assessment


def test_resume_continues_exactly_where_the_conversation_stopped(converse, store, framework, judge):
    interrupted, _ = converse(HAPPY_PATH[:9])
    saved = store.resume(interrupted.assessment.id)
    assert saved.assessment == interrupted.assessment and saved.turn == interrupted.turn
    assert [line.role for line in saved.transcript[:3]] == ["assistant", "user", "assistant"]
    resumed = AssessmentConversation.restore(framework, judge, saved.assessment, saved.turn, recorder=store)
    for text in HAPPY_PATH[9:]:
        resumed.reply(text)
    whole, _ = converse(HAPPY_PATH)
    for key in ("services", "government"):
        a, b = resumed.assessment.records[key], whole.assessment.records[key]
        assert (a.current, a.target, a.inferred.stage, a.inferred.matched) == (b.current, b.target, b.inferred.stage, b.inferred.matched)
    assert resumed.turn.message.replace(resumed.assessment.id, "ID") == whole.turn.message.replace(whole.assessment.id, "ID")


def test_resume_after_the_process_is_killed(database_url, framework, judge):
    url = database_url
    process = _spawn(url, "interactive")
    try:
        started = process.stdout.readline().split()
        assert started[0] == "STARTED", started
        assessment_id = started[1]
        acknowledged = []
        for text in HAPPY_PATH[:10]:  # through the confirmed stage and target of 民生与服务, into 政府效能
            process.stdin.write(text + "\n")
            process.stdin.flush()
            acknowledged.append(process.stdout.readline().split())
        # One more reply, killed while it is being handled: it may or may not have been committed.
        process.stdin.write(HAPPY_PATH[10] + "\n")
        process.stdin.flush()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL
    assert [line[1] for line in acknowledged] == [str(n) for n in range(1, 11)]

    store = AssessmentStore(url)
    saved = store.resume(assessment_id)
    services = saved.assessment.records["services"]
    assert (services.current, services.target, services.status) == (1, 2, "done")
    assert [answer.text for answer in services.answers][1] == HAPPY_PATH[5]
    government = saved.assessment.records["government"]
    assert government.answers[0].text == HAPPY_PATH[9]
    events = store.events(assessment_id)
    assert len(events) in (11, 12) and [event.seq for event in events] == list(range(len(events)))
    assert saved.turn.message == events[-1].message
    resumed = AssessmentConversation.restore(framework, judge, saved.assessment, saved.turn, recorder=store)
    for text in HAPPY_PATH[len(events) - 1:]:
        resumed.reply(text)
    assert resumed.turn.state == "summary" and resumed.assessment.records["government"].current == 2
    store.close()


def test_two_writer_threads_on_one_database_lose_nothing(database_url, framework):
    url = database_url
    results: dict[str, str] = {}

    def write(name: str) -> None:
        store = AssessmentStore(url)
        conversation = AssessmentConversation(framework, FixedJudge(framework), recorder=store)
        conversation.start("zh")
        for _ in range(25):
            conversation.reply("asdfgh")
        conversation.reply(name)
        results[name] = conversation.assessment.id
        store.close()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("宿州", "福冈")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store = AssessmentStore(url)
    assert store.count() == (2, 2 * 27)
    for name, assessment_id in results.items():
        assert store.load(assessment_id).city.name == name and len(store.events(assessment_id)) == 27
    store.close()


def test_two_writer_processes_on_one_database_lose_nothing(database_url):
    url = database_url  # new and empty: both processes create the tables at the same moment
    processes = [_spawn(url, "burst", "30", name) for name in ("平湖", "开封")]
    ids = []
    for process in processes:
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0
        ids.append(output.split()[1])
    store = AssessmentStore(url)
    assert store.count() == (2, 2 * 32)
    assert sorted(store.load(assessment_id).city.name for assessment_id in ids) == ["平湖", "开封"]
    store.close()


def test_a_second_writer_on_the_same_assessment_is_refused(store, framework):
    first = AssessmentConversation(framework, FixedJudge(framework), recorder=store)
    first.start("zh")
    saved = store.resume(first.assessment.id)
    second = AssessmentConversation.restore(framework, FixedJudge(framework), saved.assessment, saved.turn, recorder=store)
    first.reply("宿州")
    with pytest.raises(ConcurrentUpdate):
        second.reply("开封")
    assert store.load(first.assessment.id).city.name == "宿州" and len(store.events(first.assessment.id)) == 2


@pytest.mark.parametrize("bad", ["000000000000", "nope", "../../etc/passwd", ""])
def test_unknown_ids(store, bad):
    with pytest.raises(UnknownSession):
        store.resume(bad)
    with pytest.raises(UnknownSession):
        store.events(bad)


def test_list_and_compare(converse, store):
    first, _ = converse(HAPPY_PATH)
    later, _ = converse([*HAPPY_PATH[:7], "阶段二", "阶段三", *HAPPY_PATH[9:12], "阶段三", "阶段三"])
    converse(["开封市"])
    listed = store.list_assessments("宿州")
    assert {item.id for item in listed} == {first.assessment.id, later.assessment.id}
    assert listed[0].id == later.assessment.id
    assert len(store.list_assessments(None)) == 3 and store.list_assessments("福冈") == []
    comparison = store.compare(first.assessment.id, later.assessment.id)
    moves = {move.domain: move for move in comparison.moves}
    assert (moves["services"].current_a, moves["services"].current_b, moves["services"].moved) == (1, 2, 1)
    assert (moves["government"].current_a, moves["government"].current_b, moves["government"].moved) == (2, 3, 1)
    assert moves["services"].target_b == 3


def test_stores_opened_at_the_same_moment_on_a_new_database_all_open(database_url):
    # replicas starting together on a fresh database: each finds the tables missing and creates them
    barrier = threading.Barrier(6)
    failures: list[BaseException] = []

    def open_store() -> None:
        barrier.wait()
        try:
            AssessmentStore(database_url).close()
        except BaseException as error:  # noqa: BLE001  collected and shown below
            failures.append(error)

    threads = [threading.Thread(target=open_store) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    store = AssessmentStore(database_url)
    assert store.count() == (0, 0)
    store.close()
