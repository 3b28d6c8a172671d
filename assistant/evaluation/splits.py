"""The gold set's two halves side by side: dev (read, debugged and tuned on) and held-out (only scored).

A held-out score well below dev means the system was fitted to the dev questions: every measure where
held-out is worse than dev by more than `MAX_GAP` is marked.
"""

from __future__ import annotations

from pathlib import Path
from statistics import mean

from assistant.evaluation.report import EvalReport, _table

SPLITS = ("dev", "heldout")
STAGE_SPLITS = {"dev": "stages.dev.jsonl", "heldout": "stages.heldout.jsonl"}
MAX_GAP = 0.05
# Measures where lower is better: a held-out value above dev by more than MAX_GAP is the defect.
_LOWER_IS_BETTER = ("in-scope refused", "numbers not in cited passages")


def gold_path(eval_dir: Path, split: str) -> Path:
    """The gold questions of one half."""
    return eval_dir / f"{split}.jsonl"


def split_measures(report: EvalReport) -> dict[str, float | None]:
    """The measures compared across halves: retrieval, then each engine's answers, also per kind of question."""
    measures: dict[str, float | None] = {}
    hybrid = report.retriever("hybrid")
    if hybrid:
        for language in ("zh", "en"):
            measures[f"retrieval hit@5 ({language})"] = hybrid.scores[language].hit_at_5
    for summary in report.answers:
        if not summary.system.startswith("ours-"):
            continue
        name = summary.engine
        measures[f"{name}: key-fact coverage"] = summary.coverage
        measures[f"{name}: out-of-scope refused"] = summary.out_of_scope_refused
        measures[f"{name}: in-scope refused"] = summary.in_scope_refused
        measures[f"{name}: numbers not in cited passages"] = summary.numbers_not_in_cited
        measures[f"{name}: first token p50 (ms)"] = summary.first_token_ms_p50
        measures[f"{name}: whole answer p50 (ms)"] = summary.total_ms_p50
        for kind, value in coverage_by_kind(report, summary.system).items():
            measures[f"{name}: coverage, {kind}"] = value
    if report.stages:
        measures["stage judgement accuracy"] = report.stages.get("accuracy")
        for kind, value in (report.stages.get("per_kind") or {}).items():
            measures[f"stage judgement accuracy, {kind}"] = value
    return measures


def coverage_by_kind(report: EvalReport, system: str) -> dict[str, float]:
    """Key-fact coverage of in-scope questions per question type, and of English questions."""
    groups: dict[str, list[float]] = {}
    for record in report.questions:
        outcome = record.answers.get(system)
        if outcome is None or outcome.correctness is None or record.type == "out_of_scope":
            continue
        groups.setdefault(record.type, []).append(outcome.correctness)
        if record.language == "en":
            groups.setdefault("English", []).append(outcome.correctness)
    return {kind: round(mean(values), 3) for kind, values in sorted(groups.items())}


def split_rows(dev: EvalReport, heldout: EvalReport) -> list[list]:
    """Rows of (measure, dev, held-out, held-out minus dev, mark) for the measures both halves have."""
    a, b = split_measures(dev), split_measures(heldout)
    rows = []
    for name in a:
        if name not in b:
            continue
        x, y = a[name], b[name]
        gap = round(y - x, 3) if x is not None and y is not None else None
        worse = gap is not None and "(ms)" not in name and (
            gap > MAX_GAP if any(word in name for word in _LOWER_IS_BETTER) else gap < -MAX_GAP)
        rows.append([name, x, y, gap, "held-out worse" if worse else ""])
    return rows


def split_markdown(dev: EvalReport, heldout: EvalReport) -> str:
    """The dev and held-out measures side by side."""
    header = [f"## Dev ({dev.gold_questions} questions) and held-out ({heldout.gold_questions} questions)", ""]
    return "\n".join(header + _table(["measure", "dev", "held-out", "gap", ""], split_rows(dev, heldout)))
