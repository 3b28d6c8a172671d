"""`assistant stage`: the JSON contract, batch files, the Chinese paragraph and one-line errors with exit code 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app

SINGLE_KEYS = {"domain", "stage", "confidence", "matched", "reasons", "engine", "evidence", "dimensions", "leaning"}
BATCH_KEYS = {"id", "domain", "stage", "confidence", "matched"}
VALID_NAMES = (
    "valid names: services (民生与服务), industry (产业与经济), governance (治理与运行), environment (环境与低碳), "
    "government (政府效能), infrastructure (基础设施), enablers (发展保障（领导力/政策）)"
)
STAGE_TWO = "全市的政务服务和生活缴费都放进了一个统一的服务平台，一站式办理，办完可以评价。"


@pytest.fixture()
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    return invoke


def _one_line_error(result, *fragments: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def _write(path, lines: list[str]):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_single_description_as_json(run):
    result = run("stage", "--domain", "services", STAGE_TWO, "--json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert set(record) == SINGLE_KEYS
    assert record["domain"] == "services"
    assert record["stage"] == 2
    assert 0 <= record["confidence"] <= 1
    assert record["engine"] == "local"
    assert record["matched"] and all(quote.startswith("“") for quote in record["matched"])
    assert len(record["dimensions"]) == 3


def test_single_description_as_a_chinese_paragraph(run):
    result = run("stage", "--domain", "民生与服务", STAGE_TWO)
    assert result.exit_code == 0, result.stderr
    text = result.stdout.strip()
    assert len(text.splitlines()) == 1
    assert text.startswith("在“民生与服务”领域，按报告的 7*3 矩阵，这段描述最接近阶段二（场景引领、系统发展），置信度 ")
    assert "相符的报告特征：“" in text
    assert "依据：" in text and text.endswith("综合判断为阶段二。")


@pytest.mark.parametrize("name", ["发展保障", "发展保障（领导力/政策）", "发展保障(领导力/政策)", "ENABLERS"])
def test_every_spelling_of_a_domain(run, name):
    result = run("stage", "--domain", name, "市长牵头成立了数字化转型领导小组，出台了全市数字化规划。", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["domain"] == "enablers"


def test_unknown_domain(run):
    line = _one_line_error(run("stage", "--domain", "transport", STAGE_TWO), "unknown domain 'transport'")
    assert line.endswith(VALID_NAMES)


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_description(run, text):
    _one_line_error(run("stage", "--domain", "services", text), "the description is empty")


def test_description_without_domain(run):
    _one_line_error(run("stage", STAGE_TWO), "--domain is required", VALID_NAMES)


def test_neither_description_nor_batch(run):
    _one_line_error(run("stage", "--domain", "services"), "give a question, or --batch FILE --json")


def test_batch(run, tmp_path):
    batch = _write(
        tmp_path / "batch.jsonl",
        [
            json.dumps({"id": "a", "domain": "services", "description": STAGE_TWO}, ensure_ascii=False),
            "",
            json.dumps({"id": 7, "domain": "基础设施", "description": "我们建成了数字孪生平台和城市级操作系统。"}, ensure_ascii=False),
            json.dumps({"id": "c", "domain": "政府效能", "description": "尚未建立数据共享机制，部门间点对点交换。"}, ensure_ascii=False),
        ],
    )
    result = run("stage", "--batch", str(batch), "--json")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(record) for record in records] == [BATCH_KEYS] * 3
    assert [(r["id"], r["domain"], r["stage"]) for r in records] == [
        ("a", "services", 2), (7, "infrastructure", 3), ("c", "government", 1)
    ]


def test_batch_with_a_malformed_line(run, tmp_path):
    batch = _write(tmp_path / "bad.jsonl", [json.dumps({"id": "a", "domain": "services", "description": "x"}), "{oops"])
    _one_line_error(run("stage", "--batch", str(batch), "--json"), f"{batch}:2: not valid JSON")


def test_batch_with_a_missing_field(run, tmp_path):
    batch = _write(tmp_path / "bad.jsonl", [json.dumps({"id": "a", "description": "各部门自建系统"})])
    _one_line_error(run("stage", "--batch", str(batch), "--json"), f"{batch}:1: missing field(s) domain")


def test_batch_that_is_not_utf8(run, tmp_path):
    batch = tmp_path / "gbk.jsonl"
    batch.write_bytes(json.dumps({"id": "a", "domain": "services", "description": "café"}, ensure_ascii=False).encode("latin-1"))
    _one_line_error(run("stage", "--batch", str(batch), "--json"), f"{batch} is not UTF-8")


def test_batch_with_an_unknown_domain_writes_nothing(run, tmp_path):
    batch = _write(
        tmp_path / "batch.jsonl",
        [
            json.dumps({"id": "a", "domain": "services", "description": STAGE_TWO}, ensure_ascii=False),
            json.dumps({"id": "b", "domain": "transport", "description": "各部门自建系统"}, ensure_ascii=False),
        ],
    )
    line = _one_line_error(run("stage", "--batch", str(batch), "--json"), "unknown domain 'transport'")
    assert line.endswith(VALID_NAMES)


def test_batch_with_an_empty_description(run, tmp_path):
    batch = _write(tmp_path / "batch.jsonl", [json.dumps({"id": "a", "domain": "services", "description": "  "})])
    _one_line_error(run("stage", "--batch", str(batch), "--json"), f"{batch}:1: field description is empty")


def test_batch_needs_json_and_excludes_a_description(run, tmp_path):
    batch = _write(tmp_path / "batch.jsonl", [json.dumps({"id": "a", "domain": "services", "description": "x"})])
    _one_line_error(run("stage", "--batch", str(batch)), "--batch writes JSON lines: add --json")
    _one_line_error(run("stage", "描述", "--batch", str(batch), "--json"), "not both")
    _one_line_error(run("stage", "--batch", str(tmp_path / "missing.jsonl"), "--json"), "batch file not found")
