"""`assistant feedback export`: refusals and 👎 answers become gold-set lines a reviewer can complete."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from assistant.cli import app
from assistant.evaluation.goldset import load_gold
from assistant.feedback.review import write_review
from assistant.feedback.store import FeedbackStore
from assistant.feedback.topics import Topics
from tests.feedback.conftest import ANSWERABLE, UNANSWERABLE


def _fill(store, chain):
    """Three answers (one 👍, one 👎 with a comment, one unrated) and three refusals."""
    ids = [store.record(chain.ask(question), Topics()) for question in ANSWERABLE + UNANSWERABLE]
    store.rate(ids[0], "up", "清楚")
    store.rate(ids[1], "down", "漏掉了公积金查询")
    return ids


def test_only_refusals_and_thumbs_down_are_exported_as_valid_gold_lines(feedback_store, feedback_chain, tmp_path):
    _fill(feedback_store, feedback_chain)
    path = tmp_path / "review" / "feedback.jsonl"
    lines = write_review(feedback_store.exchanges(), path)
    assert [line["question"] for line in lines] == [ANSWERABLE[1], *UNANSWERABLE]
    down = lines[0]
    assert down["reason"] == "thumbs_down" and down["comment"] == "漏掉了公积金查询"
    assert down["type"] == "single" and down["language"] == "zh" and down["answer_given"]
    assert {line["reason"] for line in lines[1:]} == {"refused"}
    assert {line["type"] for line in lines[1:]} == {"out_of_scope"}
    assert lines[3]["language"] == "en"
    gold = load_gold(path)  # the gold-set reader accepts every line
    assert [q.question for q in gold] == [line["question"] for line in lines]


def test_the_cli_writes_the_review_file(cli_env, feedback_chain, tmp_path):
    store = FeedbackStore(cli_env.store_url)
    try:
        before = len(write_review(store.exchanges(), None))
        _fill(store, feedback_chain)
    finally:
        store.close()
    out = tmp_path / "review.jsonl"
    result = CliRunner().invoke(app, ["feedback", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == before + 4 and "漏掉了公积金查询" in [line["comment"] for line in lines]
    printed = CliRunner().invoke(app, ["feedback", "export"])
    assert printed.exit_code == 0 and len(printed.stdout.splitlines()) == before + 4


def test_the_cli_refuses_a_directory_as_output(cli_env, tmp_path):
    result = CliRunner().invoke(app, ["feedback", "export", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: --out is a directory: {tmp_path}"]


def test_an_unusable_store_url_is_one_line_and_exit_code_2(cli_env, monkeypatch):
    monkeypatch.setenv("SMC_STORE__URL", "nosuchdb://somewhere/feedback")
    result = CliRunner().invoke(app, ["feedback", "export"])
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert line.startswith("error: ") and "nosuchdb://somewhere/feedback" in line and "SMC_STORE__URL" in line
