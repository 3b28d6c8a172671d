"""Accuracy of the stage judge on held-out descriptions (eval/stages.dev.jsonl, eval/stages.heldout.jsonl), next to a naive embedding baseline."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, Field, ValidationError

from assistant.errors import BadInput
from assistant.knowledge.framework import Framework, resolve_domain
from assistant.schemas import Stage
from assistant.assessment.judge import StageJudge


class StageEvalItem(BaseModel):
    """A held-out description with the stage it describes."""

    id: str
    domain: str = Field(description="English key of the domain.")
    stage: Stage
    description: str
    kind: Literal["paraphrase", "case"]


class StageMistake(BaseModel):
    id: str
    domain: str
    gold: Stage
    predicted: Stage
    kind: str
    dimensions: dict[str, int | None] = Field(default_factory=dict, description="Each dimension's stage, judged alone.")


class StageEvalResult(BaseModel):
    """Accuracy overall and per kind, the confusion matrix (rows gold 1-3, columns predicted 1-3), the baseline's accuracy."""

    total: int
    correct: int
    accuracy: float
    per_kind: dict[str, float]
    per_kind_counts: dict[str, int]
    confusion: list[list[int]]
    baseline_accuracy: float
    baseline_per_kind: dict[str, float]
    dimension_agreement: dict[str, float] = Field(
        default_factory=dict, description="Per dimension (driver, content, effect), the share judged at the gold stage."
    )
    mistakes: list[StageMistake] = Field(default_factory=list)


def load_stage_items(path: Path) -> list[StageEvalItem]:
    """The items of a stages JSON-lines file; a malformed line is a BadInput naming the line."""
    items = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(StageEvalItem.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as error:
            raise BadInput(f"{path}:{number}: not a stage item ({str(error).splitlines()[0]})") from None
    return items


class NaiveStageBaseline:
    """Picks the stage whose report text (its characteristics, concatenated) is most similar to the description."""

    def __init__(self, framework: Framework, embedder: Embeddings):
        self.framework = framework
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}

    def predict(self, domain: str, description: str) -> int:
        """The stage 1-3 of the most similar stage text."""
        target = resolve_domain(self.framework, domain)
        if target.key not in self._vectors:
            texts = ["".join(item.text for item in spec.characteristics()) for spec in target.stages.values()]
            self._vectors[target.key] = np.asarray(self.embedder.embed_documents(texts))
        query = np.asarray(self.embedder.embed_query(description))
        return int(np.argmax(self._vectors[target.key] @ query)) + 1


def _accuracy(pairs: list[tuple[int, int]]) -> float:
    return round(sum(gold == predicted for gold, predicted in pairs) / len(pairs), 4) if pairs else 0.0


def evaluate_stages(
    judge: StageJudge, items: list[StageEvalItem], baseline: NaiveStageBaseline | None = None
) -> StageEvalResult:
    """Run the judge and the naive baseline on every item and compare both with the gold stages."""
    if not items:
        raise BadInput("no stage items to evaluate")
    baseline = baseline or NaiveStageBaseline(judge.framework, judge.embedder)
    confusion = [[0, 0, 0] for _ in range(3)]
    by_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
    baseline_by_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
    mistakes = []
    agreement: dict[str, list[bool]] = defaultdict(list)
    for item in items:
        judgement = judge.judge(item.domain, item.description)
        predicted = judgement.stage
        readings = {reading.dimension: reading.stage for reading in judgement.dimensions}
        for name, stage in readings.items():
            if stage is not None:
                agreement[name].append(stage == item.stage)
        confusion[item.stage - 1][predicted - 1] += 1
        by_kind[item.kind].append((item.stage, predicted))
        baseline_by_kind[item.kind].append((item.stage, baseline.predict(item.domain, item.description)))
        if predicted != item.stage:
            mistakes.append(
                StageMistake(id=item.id, domain=item.domain, gold=item.stage, predicted=predicted, kind=item.kind,
                             dimensions=readings)
            )
    everything = [pair for pairs in by_kind.values() for pair in pairs]
    baseline_everything = [pair for pairs in baseline_by_kind.values() for pair in pairs]
    return StageEvalResult(
        total=len(items),
        correct=sum(gold == predicted for gold, predicted in everything),
        accuracy=_accuracy(everything),
        per_kind={kind: _accuracy(pairs) for kind, pairs in sorted(by_kind.items())},
        per_kind_counts={kind: len(pairs) for kind, pairs in sorted(by_kind.items())},
        confusion=confusion,
        baseline_accuracy=_accuracy(baseline_everything),
        baseline_per_kind={kind: _accuracy(pairs) for kind, pairs in sorted(baseline_by_kind.items())},
        dimension_agreement={name: round(sum(hits) / len(hits), 4) for name, hits in agreement.items() if hits},
        mistakes=mistakes,
    )


def confusion_markdown(result: StageEvalResult) -> str:
    """The confusion matrix as a Markdown table: rows are the gold stage, columns the predicted stage."""
    lines = ["| gold \\ predicted | 1 | 2 | 3 |", "|---|---|---|---|"]
    for gold, row in enumerate(result.confusion, start=1):
        lines.append(f"| {gold} | " + " | ".join(str(count) for count in row) + " |")
    return "\n".join(lines)


def summary_markdown(result: StageEvalResult) -> str:
    """Accuracy of the judge and the baseline per kind, then the confusion matrix, as Markdown."""
    kinds = sorted(result.per_kind)
    lines = [
        "| | all | " + " | ".join(kinds) + " |",
        "|---|---|" + "---|" * len(kinds),
        f"| stage judge | {result.accuracy:.3f} | " + " | ".join(f"{result.per_kind[k]:.3f}" for k in kinds) + " |",
        f"| naive baseline | {result.baseline_accuracy:.3f} | "
        + " | ".join(f"{result.baseline_per_kind[k]:.3f}" for k in kinds)
        + " |",
        "",
        "Each dimension judged alone agrees with the gold stage: "
        + ", ".join(f"{name} {value:.3f}" for name, value in result.dimension_agreement.items()),
        "",
        confusion_markdown(result),
    ]
    return "\n".join(lines)
