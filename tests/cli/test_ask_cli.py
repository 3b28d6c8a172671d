"""`assistant ask` and `assistant chat` through the typer app: the command-line contract and its errors."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()
CONTRACT = {"question", "answer", "refused", "engine", "citations", "timings"}


def test_ask_json_follows_the_contract(cli_env):
    result = runner.invoke(app, ["ask", "宿州的口罩预约一共持续了几天？", "--engine", "extractive", "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert set(record) == CONTRACT
    assert record["engine"] == "extractive" and record["refused"] is False
    assert set(record["timings"]) == {"retrieve_ms", "first_token_ms", "total_ms", "steps"}
    steps = record["timings"]["steps"]
    assert list(steps) == ["understand", "retrieve", "read_rows", "check_scope", "select_context", "extract", "cite", "complete",
                           "check_figure", "check_role", "check_plan"]
    assert all(ms >= 0 for ms in steps.values()) and sum(steps.values()) <= record["timings"]["total_ms"] + 1
    citation = record["citations"][0]
    assert set(citation) == {"n", "section", "title", "page", "text"}
    assert citation["n"] == 1 and "[1]" in record["answer"] and "27天" in record["answer"]


def test_ask_batch_writes_one_line_per_question(cli_env, tmp_path):
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": "a", "question": "平湖搭的“感智汇”是个什么平台？"}\n{"id": 7, "question": "苏州市的预算是多少？"}\n',
                     encoding="utf-8")
    result = runner.invoke(app, ["ask", "--batch", str(batch), "--json", "--engine", "extractive"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", 7]
    assert lines[0]["refused"] is False and lines[1]["refused"] is True
    assert set(lines[0]) == CONTRACT - {"question"} | {"id"}


def test_ask_plain_text_lists_the_sources(cli_env):
    result = runner.invoke(app, ["ask", "福冈靠健康信息平台一年能省下多少医疗费？", "--engine", "extractive"])
    assert result.exit_code == 0
    assert "[1] 3.3 民生与服务领域转型模式及实践 p.16" in result.stdout


def test_ask_errors_exit_2_with_one_line(cli_env, tmp_path):
    cases = [
        ["ask", "   "],
        ["ask", "问题", "--engine", "gpt-99"],
        ["ask", "--batch", str(tmp_path / "missing.jsonl"), "--json"],
    ]
    for args in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: "), result.stderr
        assert "Traceback" not in result.output


def test_chat_keeps_the_conversation_for_follow_ups(cli_env):
    result = runner.invoke(app, ["chat", "--engine", "extractive"], input="宿州的民生服务平台解决了什么问题？\n那福冈呢？\n\n")
    assert result.exit_code == 0, result.output
    first, second = result.stdout.split("> ")[1:3]
    assert "宿州" in first
    assert "福岡" in second or "福冈" in second
