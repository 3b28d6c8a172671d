"""The planning panel of the assessment tab through gradio_client, in a small gr.Blocks holding only the tab."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import gradio as gr
import pytest
from gradio_client import Client

from assistant.assessment.texts import questions
from tests.assessment.conftest import HAPPY_PATH
from tests.assessment.test_tab import _free_port, _text


@pytest.fixture(scope="module")
def plan_settings(settings, tmp_path_factory):
    data = tmp_path_factory.mktemp("plan-tab-data")
    return settings.model_copy(update={"paths": settings.paths.model_copy(update={"data_dir": data})})


@pytest.fixture(scope="module")
def plan_url(plan_settings) -> Iterator[str]:
    from assistant.ui.assessment_tab import build_tab

    port = _free_port()
    with gr.Blocks(analytics_enabled=False) as demo:
        with gr.Tab("自评估"):
            build_tab(plan_settings)
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        demo.close()


def test_targets_roadmap_peers_and_exports_in_the_tab(plan_url):
    client = Client(plan_url, verbose=False)
    with pytest.raises(Exception, match="请先开始或打开一次评估"):
        client.predict(api_name="/plan_roadmap")
    client.predict("zh", api_name="/assessment_start")
    for text in HAPPY_PATH:
        assessment_id, chat, _, _ = client.predict(text, api_name="/assessment_reply")

    roadmap, *_ = client.predict(api_name="/plan_accept_targets")
    assert "民生与服务：当前阶段一，建议目标阶段二" in roadmap and "## 转型路线图" in roadmap
    assert re.search(r"3\.3节《民生与服务领域转型模式及实践》第16页：“[^”]+”", roadmap)
    roadmap, *_ = client.predict("services", 3, api_name="/plan_set_target")
    assert "### 民生与服务：阶段一 → 阶段三" in roadmap
    roadmap = client.predict("services", "mid", "开通市民需求和满意度反馈渠道", api_name="/plan_add_step")
    assert "开通市民需求和满意度反馈渠道 *(本市自拟)*" in roadmap
    step = re.search(r"`(services\.2\.driver)`", roadmap).group(1)
    roadmap = client.predict(step, "由大数据中心牵头搭建统一的城市服务平台", api_name="/plan_edit_step")
    assert "由大数据中心牵头搭建统一的城市服务平台 *(据报告修改)*" in roadmap
    assert f"`{step}`" not in client.predict(step, api_name="/plan_remove_step")
    with pytest.raises(Exception, match="has no step"):
        client.predict("services.9.driver", api_name="/plan_remove_step")
    assert "宿州 (中国)" in client.predict(api_name="/plan_peers")

    for fmt in ("pdf", "xlsx"):
        exported = client.predict(api_name=f"/assessment_export_{fmt}")
        assert Path(exported).suffix == f".{fmt}" and Path(exported).stat().st_size > 1000


def test_a_team_member_joins_in_the_tab_and_the_lead_decides(plan_url):
    lead = Client(plan_url, verbose=False)
    lead.predict("zh", api_name="/assessment_start")
    for text in HAPPY_PATH:
        lead_id, *_ = lead.predict(text, api_name="/assessment_reply")
    codes = dict(re.findall(r"- (\S+)：邀请码 ([A-Z0-9]{8})", lead.predict(api_name="/plan_invite")))
    assert set(codes) == {"民生与服务", "政府效能"}

    for name, stage in (("王科长", "阶段一"), ("李主任", "阶段二")):
        member = Client(plan_url, verbose=False)
        response_id, chat, _, _ = member.predict(codes["民生与服务"], name, api_name="/plan_join")
        assert response_id != lead_id and "问题1/" in _text(chat[-1])
        for text in [question.options[0] for question in questions("zh", "services")] + [stage, "阶段三"]:
            member.predict(text, api_name="/assessment_reply")
    team = lead.predict(api_name="/plan_team")
    assert "### 民生与服务" in team and "答案不一致，请决定" in team and "王科长：当前阶段一" in team
    assert "已决定：阶段二" in lead.predict("services", 2, api_name="/plan_decide")
    team, *_ = lead.predict(api_name="/plan_merge")
    assert "已决定：阶段二" in team
    with pytest.raises(Exception, match="invalid invitation code"):
        Client(plan_url, verbose=False).predict("nope", "赵", api_name="/plan_join")


def test_a_reassessment_in_the_tab(plan_url):
    client = Client(plan_url, verbose=False)
    client.predict("zh", api_name="/assessment_start")
    for text in HAPPY_PATH:
        first_id, *_ = client.predict(text, api_name="/assessment_reply")
    changes, new_id, *_ = client.predict(api_name="/plan_reassess")
    assert new_id != first_id and "民生与服务：上次阶段一，本次阶段一（待确认）" in changes
    changes = client.predict("services", "现在建成了统一的城市服务平台，一站式办理，聚合公共服务和企业服务", api_name="/plan_change")
    assert "民生与服务：上次阶段一，本次阶段二（已更改）" in changes
    changes = client.predict("government", api_name="/plan_keep")
    assert "政府效能：上次阶段二，本次阶段二（确认不变）" in changes
