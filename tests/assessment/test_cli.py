"""`assistant assess` through CliRunner: answers fed with input=, exact exit codes and messages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from tests.assessment.conftest import HAPPY_PATH

SAVED = re.compile(r"评估已保存，编号 ([0-9a-f]{12})。继续：assistant assess --resume \1")


@pytest.fixture()
def runner(monkeypatch, tmp_path) -> CliRunner:
    monkeypatch.setenv("SMC_PATHS__DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SMC_STORE__URL", raising=False)
    return CliRunner()


def _saved_id(output: str) -> str:
    match = SAVED.search(output)
    assert match, output[-500:]
    return match.group(1)


def test_a_whole_assessment_in_the_terminal(runner):
    result = runner.invoke(app, ["assess"], input="\n".join(HAPPY_PATH) + "\n")
    assert result.exit_code == 0, result.output
    output = result.stdout
    assert "  [1] 中型城市（50万-100万）" in output and "  [1] 全部七个领域" in output
    assert "- 民生与服务：当前阶段一，目标阶段二（差距1个阶段）" in output
    assert output.rstrip().splitlines()[-1].startswith("评估已保存，编号 ")
    _saved_id(output)


def test_numbers_pick_options_and_eof_leaves_it_resumable(runner, tmp_path):
    first = runner.invoke(app, ["assess"], input="宿州市\n2\n安徽\n2\n1\n")
    assert first.exit_code == 0
    assessment_id = _saved_id(first.stdout)
    assert "问题2/3" in first.stdout  # '2' picked I型小城市, '2' picked 民生与服务, '1' answered the first question
    second = runner.invoke(app, ["assess", "--resume", assessment_id], input="1\n1\n阶段一\n阶段二\n")
    assert second.exit_code == 0, second.output
    assert second.stdout.startswith(f"继续评估 {assessment_id}（宿州市）。\n问题2/3")
    assert "- 民生与服务：当前阶段一，目标阶段二（差距1个阶段）" in second.stdout
    assert _saved_id(second.stdout) == assessment_id


def test_unknown_session_is_one_line_and_exit_code_2(runner):
    result = runner.invoke(app, ["assess", "--resume", "000000000000"])
    assert result.exit_code == 2
    assert result.stderr == "error: no assessment with id '000000000000' (see `assistant assess --list CITY`)\n"
    result = runner.invoke(app, ["assess", "--export", "../etc/passwd", "--format", "md"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "12 hex digits" in result.stderr


@pytest.mark.parametrize("arguments, message", [
    (["--lang", "fr"], "error: unknown language 'fr'; use zh or en\n"),
    (["--format", "md"], "error: --format goes with --export ID\n"),
    (["--export", "0123456789ab", "--format", "docx"], "error: unknown export format 'docx'; choose one of: md, json, html, png, pdf, xlsx\n"),
    (["--resume", "0123456789ab", "--list", "宿州"], "error: give only one of --resume, --list\n"),
])
def test_bad_options(runner, arguments, message):
    result = runner.invoke(app, ["assess", *arguments])
    assert result.exit_code == 2 and result.stderr == message


def test_export_list_and_compare(runner, tmp_path):
    first = _saved_id(runner.invoke(app, ["assess"], input="\n".join(HAPPY_PATH) + "\n").stdout)
    later_path = [*HAPPY_PATH[:7], "阶段二", "阶段三", *HAPPY_PATH[9:12], "阶段三", "阶段三"]
    later = _saved_id(runner.invoke(app, ["assess"], input="\n".join(later_path) + "\n").stdout)

    for fmt in ("md", "json", "html", "png"):
        result = runner.invoke(app, ["assess", "--export", first, "--format", fmt])
        assert result.exit_code == 0, result.output
        path = Path(result.stdout.strip().removeprefix("已导出："))
        assert path.parent == tmp_path / "data" / "exports" and path.suffix == f".{fmt}" and path.stat().st_size > 0
    exported = next((tmp_path / "data" / "exports").glob("*.json")).read_text(encoding="utf-8")
    assert json.loads(exported)["assessment"]["id"] == first

    listed = runner.invoke(app, ["assess", "--list", "宿州"])
    assert listed.exit_code == 0
    lines = listed.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == [later, first]
    assert lines[0].split()[1:4] == ["宿州市", "summary", "services,government"]
    assert runner.invoke(app, ["assess", "--list", "开封"]).stdout == "没有找到评估记录。\n"

    compared = runner.invoke(app, ["assess", "--compare", first, later])
    assert compared.exit_code == 0
    assert "民生与服务: 阶段一 -> 阶段二 (+1); 阶段二 -> 阶段三" in compared.stdout
    assert "政府效能: 阶段二 -> 阶段三 (+1); 阶段三 -> 阶段三" in compared.stdout
