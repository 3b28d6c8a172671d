"""`assistant assess ACTION ...` through CliRunner: targets, roadmap, steps, peers, team, re-assessment, PDF/Excel export."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from assistant.assessment.texts import questions
from assistant.cli import app
from tests.assessment.conftest import HAPPY_PATH

SAVED = re.compile(r"评估已保存，编号 ([0-9a-f]{12})")


@pytest.fixture()
def runner(monkeypatch, tmp_path) -> CliRunner:
    monkeypatch.setenv("SMC_PATHS__DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SMC_STORE__URL", raising=False)
    return CliRunner()


@pytest.fixture()
def assessed(runner) -> str:
    result = runner.invoke(app, ["assess"], input="\n".join(HAPPY_PATH) + "\n")
    assert result.exit_code == 0, result.output
    return SAVED.findall(result.stdout)[-1]


def _ok(runner, *args, input=None) -> str:
    result = runner.invoke(app, ["assess", *args], input=input)
    assert result.exit_code == 0, (result.output, result.stderr)
    return result.stdout


def test_targets_roadmap_steps_and_peers(runner, assessed):
    assert "民生与服务：当前阶段一，建议目标阶段二" in _ok(runner, "targets", assessed)
    assert "目标阶段没有变化" in _ok(runner, "targets", assessed, "accept")  # the conversation already set them
    assert "已设定目标阶段：民生与服务" in _ok(runner, "targets", assessed, "services=3")
    roadmap = _ok(runner, "roadmap", assessed)
    assert "## 转型路线图" in roadmap and "### 民生与服务：阶段一 → 阶段三" in roadmap
    assert "报告出处: 3.3节《民生与服务领域转型模式及实践》第16页：“" in roadmap and "**近期（一年内）**" in roadmap
    step = re.search(r"`(services\.2\.[a-z]+)`", roadmap).group(1)
    assert "本市自拟" in _ok(runner, "step", assessed, "add", "民生与服务", "mid", "建立市民满意度季度报告")
    assert f"`{step}`" not in _ok(runner, "step", assessed, "remove", step)
    assert "宿州 (中国) 《统筹集约规划建设全市服务平台》: 阶段一 → 阶段二 ★" in _ok(runner, "peers", assessed)


@pytest.mark.parametrize(("args", "message"), [
    (["roadmap"], "error: usage: assistant assess roadmap ID\n"),
    (["plan", "000000000000"], "unknown action 'plan'"),
    (["targets", "000000000000"], "no assessment with id '000000000000'"),
    (["decide"], "usage"),
    (["join", "ABCDEFGH"], "error: usage: assistant assess join CODE NAME\n"),
])
def test_bad_actions_are_one_line_and_exit_code_2(runner, args, message):
    result = runner.invoke(app, ["assess", *args])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and message in result.stderr, result.stderr


def test_bad_steps_and_targets_leave_the_roadmap_as_it_was(runner, assessed):
    before = _ok(runner, "roadmap", assessed)
    for args in (["step", assessed, "remove", "services.9.driver"], ["targets", assessed, "services=0"],
                 ["targets", assessed, "government=1"], ["step", assessed, "add", "services", "soon", "x"]):
        result = runner.invoke(app, ["assess", *args])
        assert result.exit_code == 2 and result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert _ok(runner, "roadmap", assessed) == before


def test_team_in_the_terminal(runner, assessed):
    codes = dict(re.findall(r"- (\S+)：邀请码 ([A-Z0-9]{8})", _ok(runner, "invite", assessed, "环境与低碳")))
    code = codes["环境与低碳"]
    replies = [question.options[0] for question in questions("zh", "environment")]
    first = _ok(runner, "join", code, "王", "科长", input="\n".join(replies + ["阶段一", "阶段二"]) + "\n")
    assert "王 科长，您已加入宿州市的团队评估，请回答环境与低碳的问题" in first
    _ok(runner, "join", code, "李主任", input="\n".join(replies + ["阶段二", "阶段三"]) + "\n")
    team = _ok(runner, "team", assessed)
    assert "环境与低碳 [" in team and "答案不一致，请决定" in team and "王 科长：当前阶段一" in team
    assert "还没有可写入的结果" in _ok(runner, "merge", assessed)
    assert "已决定：阶段二" in _ok(runner, "decide", assessed, "环境与低碳", "2")
    assert "已把环境与低碳的结果写入本次评估" in _ok(runner, "merge", assessed)


def test_reassessment_in_the_terminal_and_the_exports(runner, assessed, tmp_path):
    output = _ok(runner, "again", "宿州", input="建成了统一的城市服务平台，聚合了所有公共服务和部分企业的商业服务，一站式办理\n\n")
    new_id = re.search(r"建立新的评估 ([0-9a-f]{12})", output).group(1)
    assert "民生与服务：上次阶段一，本次阶段二（已更改）" in output and "政府效能：上次阶段二，本次阶段二（确认不变）" in output
    assert "依据：建成了统一的城市服务平台" in _ok(runner, "changes", new_id)
    for fmt in ("xlsx", "pdf"):
        written = _ok(runner, "--export", new_id, "--format", fmt)
        assert written.strip().endswith(f".{fmt}")
    result = runner.invoke(app, ["assess", "--export", new_id, "--format", "docx"])
    assert result.exit_code == 2 and "pdf, xlsx" in result.stderr
