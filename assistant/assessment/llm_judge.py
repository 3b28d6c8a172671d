"""The stage judge's second opinion: a chat model reads the description against the domain's stage sheet.

Its answer is checked (a JSON object with a stage 1-3 and the report's characteristics it matched); an unusable
answer falls back to the local judge.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field, ValidationError

from assistant.assessment.judgement import StageJudgement
from assistant.errors import AssistantError
from assistant.knowledge.framework import STAGE_LABELS, Domain
from assistant.schemas import Stage
from assistant.text import squash

if TYPE_CHECKING:
    from assistant.assessment.judge import StageJudge


class _LLMAnswer(BaseModel):
    """The reply a chat model is asked for."""

    stage: Stage
    confidence: float = Field(0.5, ge=0.0, le=1.0)
    matched: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)



def judge_with_llm(judge: StageJudge, domain: str, description: str, chat_model: BaseChatModel) -> StageJudgement:
    """Ask the chat model (prompt prompts/stage_judge.zh.txt); fall back to `judge` if its reply is unusable."""
    from assistant.prompts import load_prompt

    target, text = judge._prepare(domain, description)
    messages = load_prompt(judge.prompts_dir, "stage_judge", "zh").render(
        domain=target.zh, stages=_stage_sheet(target), description=text
    )
    answer = _ask(chat_model, messages)
    if answer is None:
        fallback = judge.judge(target.key, text)
        fallback.reasons.insert(0, "语言模型的回答无法解析，改用本地（向量+特征词）判断。")
        return fallback
    known = {squash(item.quote): item.quote for spec in target.stages.values() for item in spec.characteristics()}
    known.update({squash(item.text): item.quote for spec in target.stages.values() for item in spec.characteristics()})
    matched = []
    for claim in answer.matched:
        key = squash(claim.strip("“”\"'「」"))
        quote = known.get(key) or next((q for k, q in known.items() if key and key in k), None)
        if quote and f"“{quote}”" not in matched:
            matched.append(f"“{quote}”")
    return StageJudgement(
        domain=target.key,
        stage=answer.stage,
        confidence=answer.confidence,
        matched=matched,
        reasons=[reason for reason in answer.reasons if reason.strip()],
        engine="llm",
    )


def _stage_sheet(domain: Domain) -> str:
    """The stage characteristics of a domain as the prompt shows them."""
    names = {"driver": "推动主体", "content": "数字化内容", "integration": "系统连接与数据共享",
             "participation": "市民和企业参与", "effect": "效果"}
    lines = []
    for number, spec in domain.stages.items():
        lines.append(f"{STAGE_LABELS[number]}（stage {number}）：{spec.summary}")
        for name, item in spec.dimensions.items():
            lines.append(f"  - {names[name]}：{item.text}")
        for item in spec.other:
            lines.append(f"  - 其他：{item.text}")
    return "\n".join(lines)


def _ask(chat_model: BaseChatModel, messages) -> _LLMAnswer | None:
    """The model's answer as _LLMAnswer: structured output where the model supports it, else parsed JSON."""
    try:
        structured = chat_model.with_structured_output(_LLMAnswer)
    except (NotImplementedError, AttributeError, TypeError, ValueError):
        structured = None
    if structured is not None:
        try:
            result = structured.invoke(messages)
            if isinstance(result, _LLMAnswer):
                return result
            if isinstance(result, dict):
                return _LLMAnswer.model_validate(result)
        except (ValidationError, ValueError, NotImplementedError, AssistantError):
            pass
    try:
        reply = chat_model.invoke(messages)
    except (NotImplementedError, ValueError, AssistantError):
        return None
    return _parse_answer(getattr(reply, "content", reply))


def _parse_answer(content) -> _LLMAnswer | None:
    """The first JSON object in the reply, validated; None when there is none or it is invalid."""
    if not isinstance(content, str):
        return None
    text = re.sub(r"```(?:json)?", "", content)
    start = text.find("{")
    while start != -1:
        try:
            data, _ = json.JSONDecoder().raw_decode(text[start:])
        except json.JSONDecodeError:
            start = text.find("{", start + 1)
            continue
        try:
            return _LLMAnswer.model_validate(data)
        except ValidationError:
            return None
    return None
