"""`assistant index` and `assistant retrieve`: the JSON contract, batch files and one-line errors with exit code 2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tests.search.test_index import mini_report

ASSISTANT = Path(sys.executable).with_name("assistant")
RESULT_KEYS = {"rank", "score", "section", "title", "page", "text"}


@pytest.fixture()
def run(cli_env, index):
    """Invoke the CLI against the session's index (built first by the index fixture)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    return invoke


def _assert_one_line_error(result, *fragments: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def _batch(tmp_path: Path, content: bytes | str) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def test_retrieve_json_schema(run):
    question = "宿州的口罩预约一共运行了几天？"
    result = run("retrieve", question, "--json")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    payload = json.loads(lines[0])
    assert set(payload) == {"question", "results"}
    assert payload["question"] == question
    assert len(payload["results"]) == 5
    for number, item in enumerate(payload["results"], start=1):
        assert set(item) == RESULT_KEYS
        assert item["rank"] == number
        assert isinstance(item["score"], float) and item["score"] > 0
        assert isinstance(item["section"], str) and isinstance(item["title"], str) and item["text"]
        assert item["page"] is None or isinstance(item["page"], int)
    assert any("35万多人次" in item["text"] and item["page"] == 16 for item in payload["results"])
    assert "宿州" in result.stdout  # Chinese is written as is, not \u-escaped


def test_retrieve_k(run):
    result = run("retrieve", "平湖感智汇", "--k", "2", "--json")
    assert result.exit_code == 0, result.stderr
    assert [item["rank"] for item in json.loads(result.stdout)["results"]] == [1, 2]


def test_retrieve_text_output(run):
    result = run("retrieve", "平湖市的“感智汇”平台")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("[1] ")
    assert "p.19" in result.stdout and "感智汇" in result.stdout


def test_batch_writes_one_line_per_question(run, tmp_path):
    path = _batch(
        tmp_path,
        '{"id": "q1", "question": "宿州的口罩预约服务"}\n\n{"id": 2, "question": "表1中挑战度排名第一的挑战"}\n',
    )
    result = run("retrieve", "--batch", str(path), "--json", "--k", "3")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert [record["id"] for record in records] == ["q1", 2]
    for record in records:
        assert set(record) == {"id", "results"}
        assert [item["rank"] for item in record["results"]] == [1, 2, 3]
        assert all(set(item) == RESULT_KEYS for item in record["results"])


def test_batch_accepts_a_byte_order_mark(run, tmp_path):
    path = _batch(tmp_path, '\ufeff{"id": 1, "question": "宿州"}\n'.encode("utf-8"))
    result = run("retrieve", "--batch", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == 1


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question(run, question):
    _assert_one_line_error(run("retrieve", question, "--json"), "empty")


def test_no_question_at_all(run):
    _assert_one_line_error(run("retrieve", "--json"), "give a question")


def test_too_long_question(run):
    _assert_one_line_error(run("retrieve", "宿州" * 1500, "--json"), "too long")


def test_batch_without_json(run, tmp_path):
    path = _batch(tmp_path, '{"id": 1, "question": "宿州"}\n')
    _assert_one_line_error(run("retrieve", "--batch", str(path)), "--json")


def test_question_and_batch_together(run, tmp_path):
    path = _batch(tmp_path, '{"id": 1, "question": "宿州"}\n')
    _assert_one_line_error(run("retrieve", "宿州", "--batch", str(path), "--json"), "not both")


def test_malformed_json_line_is_named(run, tmp_path):
    path = _batch(tmp_path, '{"id": 1, "question": "宿州"}\n{"id": 2, "question": \n')
    _assert_one_line_error(run("retrieve", "--batch", str(path), "--json"), f"{path}:2:", "not valid JSON")


def test_batch_line_without_question(run, tmp_path):
    path = _batch(tmp_path, '{"id": 1, "q": "宿州"}\n')
    _assert_one_line_error(run("retrieve", "--batch", str(path), "--json"), ":1:", "question")


def test_batch_line_that_is_not_an_object(run, tmp_path):
    path = _batch(tmp_path, '["宿州"]\n')
    _assert_one_line_error(run("retrieve", "--batch", str(path), "--json"), ":1:", "JSON object")


def test_batch_with_an_empty_question(run, tmp_path):
    # refused before any line is written, naming the line
    path = _batch(tmp_path, '{"id": 1, "question": "宿州"}\n{"id": 2, "question": " "}\n')
    _assert_one_line_error(run("retrieve", "--batch", str(path), "--json"), f"{path}:2:", "empty")


def test_non_utf8_batch_file(run, tmp_path):
    path = _batch(tmp_path, '{"id": 1, "question": "宿州的口罩预约"}\n'.encode("gbk"))
    _assert_one_line_error(run("retrieve", "--batch", str(path), "--json"), "not UTF-8")


def test_missing_batch_file(run, tmp_path):
    _assert_one_line_error(run("retrieve", "--batch", str(tmp_path / "absent.jsonl"), "--json"), "not found")


def test_empty_batch_file(run, tmp_path):
    _assert_one_line_error(run("retrieve", "--batch", str(_batch(tmp_path, "\n\n")), "--json"), "no records")


def test_index_builds_then_reports_current(tmp_path, monkeypatch, settings):
    corpus = tmp_path / "report.txt"
    corpus.write_text(mini_report(settings.paths.corpus_file.read_text(encoding="utf-8")), encoding="utf-8")
    glossary = tmp_path / "glossary.yaml"
    if settings.paths.glossary_file.exists():
        shutil.copy(settings.paths.glossary_file, glossary)
    monkeypatch.setenv("SMC_PATHS__INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("SMC_PATHS__DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SMC_PATHS__CORPUS_FILE", str(corpus))
    monkeypatch.setenv("SMC_PATHS__GLOSSARY_FILE", str(glossary))
    runner = CliRunner()
    first = runner.invoke(app, ["index"])
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("index built: ")
    second = runner.invoke(app, ["index"])
    assert second.exit_code == 0, second.stderr
    assert second.stdout.startswith("index is current: ")
    chunks = first.stdout.split()[2]
    assert f"{chunks} passages" in second.stdout


def test_a_bad_setting_is_one_line(run, monkeypatch):
    monkeypatch.setenv("SMC_RETRIEVAL__K", "many")
    _assert_one_line_error(run("retrieve", "宿州", "--json"), "retrieval.k", "SMC_RETRIEVAL__K")


# --- the installed console script ------------------------------------------------------------------------------

def _console(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if key != "SMC_RAISE_ERRORS"} | env
    return subprocess.run([str(ASSISTANT), *args], capture_output=True, text=True, env=environment, timeout=300)


@pytest.mark.parametrize(
    ("args", "env", "fragment"),
    [
        (("retrieve", "", "--json"), {}, "the question is empty"),
        (("retrieve", "宿州", "--k", "0", "--json"), {}, "--k"),
        (("retrieve", "宿州", "--json"), {"SMC_EMBEDDER__BACKEND": "word2vec"}, "SMC_EMBEDDER__BACKEND"),
    ],
    ids=["empty-question", "k-out-of-range", "unknown-embedder"],
)
def test_console_script_user_errors(args, env, fragment):
    completed = _console(*args, **env)
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and fragment in lines[0], completed.stderr
    assert completed.stdout == ""
