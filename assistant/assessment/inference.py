"""The stage of a domain from the official's answers: the StageJudge over the answers aggregated, plus two rules.

- When every answer is a picked quick reply and they all paraphrase the same stage, that stage stands (the
  official chose the report's own description); the judge's reading is kept in the reasons.
- A later correction that on its own reads as a higher stage raises the domain to it (stages build on each
  other: a city that has built the unified platform is past stage 1 whatever it said before); one that denies
  something ("还没有……") and reads as a lower stage lowers it.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

from assistant.assessment.cues import is_denial, split_clauses
from assistant.assessment.models import Answer, DomainAssessment
from assistant.errors import AssistantError
from assistant.knowledge.framework import Framework
from assistant.assessment.judge import StageJudge, StageJudgement



class Inference:
    """A judgement of one domain, or None with a reason, and whether quick-reply picks decided it."""

    def __init__(self, judgement: StageJudgement | None, overridden_from: int | None = None, error: str | None = None):
        self.judgement = judgement
        self.overridden_from = overridden_from
        self.error = error


class DomainInference:
    """Applies the StageJudge (or its LLM variant) to a domain's answers."""

    def __init__(self, framework: Framework, judge: StageJudge, chat_model: BaseChatModel | None = None):
        self.framework = framework
        self.judge = judge
        self.chat_model = chat_model

    def _judge(self, domain: str, text: str) -> StageJudgement:
        if self.chat_model is not None:
            return self.judge.judge_with_llm(domain, text, self.chat_model)
        return self.judge.judge(domain, text)

    def infer(self, record: DomainAssessment) -> Inference:
        """The stage the domain's answers point to, with the characteristics that matched."""
        described = record.described()
        if not described:
            return Inference(None)
        text = "；".join(answer.text for answer in described)
        try:
            judgement = self._judge(record.domain, text)
            corrections = [answer for answer in described if answer.kind == "correction"]
            if corrections:
                judgement = self._apply_correction(record.domain, judgement, corrections[-1])
        except AssistantError as error:
            return Inference(None, error=error.message)
        picks = {answer.stage_hint for answer in described}
        if len(picks) == 1 and None not in picks and judgement.stage not in picks:
            stage = picks.pop()
            overridden = judgement.stage
            judgement = StageJudgement(
                domain=record.domain, stage=stage, confidence=1.0, matched=self.picked_quotes(described),
                reasons=[*judgement.reasons, f"all picked descriptions are of stage {stage}"], engine=judgement.engine,
            )
            return Inference(judgement, overridden_from=overridden)
        return Inference(judgement)

    def _apply_correction(self, domain: str, combined: StageJudgement, correction: Answer) -> StageJudgement:
        """The latest correction raises the stage when it reads higher, and lowers it when it denies and reads lower."""
        alone = self._judge(domain, correction.text)
        if alone.stage > combined.stage or (alone.stage < combined.stage and any(is_denial(clause) for clause in split_clauses(correction.text))):
            return alone.model_copy(update={"reasons": [*alone.reasons, "the latest correction decides"]})
        return combined

    def picked_quotes(self, answers: list[Answer]) -> list[str]:
        """The report's words for the dimensions whose quick replies were picked."""
        quotes = []
        for answer in answers:
            if answer.stage_hint is None:
                continue
            domain_key, _, dimension = answer.question.partition(".")
            spec = self.framework.domains[domain_key].stage(answer.stage_hint)
            item = spec.dimensions.get(dimension) or (spec.other[0] if dimension == "other" and spec.other else None)
            if item is not None and f"“{item.quote}”" not in quotes:
                quotes.append(f"“{item.quote}”")
        return quotes
