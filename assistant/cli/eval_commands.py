"""`assistant eval`: the evaluation suite against the gold set, with the baseline in the same run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.cli import app
from assistant.errors import BadInput
from assistant.settings import load_settings

ENGINES = ("local", "openai", "extractive")
JUDGES = ("heuristic", "llm")


def default_engines(settings) -> list[str]:
    """The local engine when its model is installed, else the extractive one."""
    from assistant.llm.model_file import local_model_available

    return ["local"] if local_model_available(settings) else ["extractive"]


@app.command(name="eval")
def evaluate(
    retrieval: Annotated[bool, typer.Option("--retrieval", help="Only the retrieval benchmark.")] = False,
    engine: Annotated[Optional[list[str]], typer.Option("--engine", metavar="ENGINE", help="local, openai or extractive; repeatable.")] = None,
    judge: Annotated[str, typer.Option("--judge", metavar="JUDGE", help="heuristic (no model) or llm (the configured chat model).")] = "heuristic",
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, metavar="N", help="Evaluate at most N questions (all kinds).")] = None,
    no_baseline: Annotated[bool, typer.Option("--no-baseline", help="Leave out the LangChain baseline.")] = False,
    baseline_limit: Annotated[Optional[int], typer.Option("--baseline-limit", min=1, metavar="N", help="The baseline answers at most N of the questions (its stuff prompt is slow with a local model).")] = None,
    calibrate: Annotated[bool, typer.Option("--calibrate", help="Calibrate the refusal threshold on the gold set.")] = False,
    ragas: Annotated[Optional[Path], typer.Option("--ragas", metavar="PATH", help="Also write a RAGAS JSONL dataset to this path.")] = None,
    split: Annotated[str, typer.Option("--split", metavar="SPLIT", help="dev, heldout or both (side by side).")] = "both",
    gold: Annotated[Optional[Path], typer.Option("--gold", metavar="PATH", help="Another gold set (instead of the dev and held-out halves).")] = None,
    journal: Annotated[Optional[Path], typer.Option("--journal", metavar="PATH", help="Keep each answer in this JSONL file as it is evaluated and reuse the ones it holds, so a long run can stop and go on (one half per journal).")] = None,
) -> None:
    """Measure retrieval, answers, citations, refusals and cost against the gold set and the baseline."""
    from assistant.evaluation.runner import run_evaluation
    from assistant.evaluation.splits import SPLITS, split_markdown

    unknown = [name for name in engine or [] if name not in ENGINES]
    if unknown:
        raise BadInput(f"unknown engine {unknown[0]!r}; choose one of: {', '.join(ENGINES)}")
    if judge not in JUDGES:
        raise BadInput(f"unknown judge {judge!r}; choose one of: {', '.join(JUDGES)}")
    if gold is not None and not gold.is_file():
        raise BadInput(f"gold set not found: {gold}")
    if split not in (*SPLITS, "both"):
        raise BadInput(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}, both")
    settings = load_settings()
    engines = list(dict.fromkeys(engine)) if engine else default_engines(settings)
    halves = [None] if gold is not None else (list(SPLITS) if split == "both" else [split])
    if journal is not None and len(halves) > 1:
        raise BadInput("--journal keeps the answers of one half: give --split dev or --split heldout")
    reports = {}
    for half in halves:
        if half:
            typer.echo(f"# {half}", err=True)
        reports[half] = report = run_evaluation(
            settings, engines=engines, judge=judge, retrieval_only=retrieval, limit=limit,
            include_baseline=not no_baseline, gold_path=gold, calibrate=calibrate, baseline_limit=baseline_limit,
            progress=True, split=half or "heldout", journal=journal)
        _print_report(report, settings, ragas)
    if len(reports) == 2:
        typer.echo(split_markdown(reports["dev"], reports["heldout"]))


def _print_report(report, settings, ragas: Optional[Path]) -> None:
    """The summary of one report, its calibration and notes, and where it was written."""
    from assistant.evaluation.report import export_ragas, summary_markdown, write_report

    json_path, md_path = write_report(report, settings.paths.eval_dir / "reports")
    typer.echo(f"\n# {Path(report.gold_path).name}\n")
    typer.echo(summary_markdown(report))
    for language, calibration in report.calibration.items():
        for point in calibration.points:
            typer.echo(f"refusal threshold {language} ({point.label}): {point.threshold:.4f}: out-of-scope refused "
                       f"{point.out_of_scope_refused:.3f}, in-scope refused {point.in_scope_refused:.3f}; with the "
                       f"gate's other rules {point.with_rules_out_of_scope_refused:.3f} and "
                       f"{point.with_rules_in_scope_refused:.3f}")
    for summary in report.answers:
        if summary.notice:
            typer.echo(f"({summary.system}: {summary.notice})", err=True)
    for note in report.notes:
        typer.echo(f"note: {note}", err=True)
    if ragas is not None:
        count = export_ragas(report, ragas)
        typer.echo(f"RAGAS dataset: {ragas} ({count} samples)")
    typer.echo(f"report: {json_path}\nreport: {md_path}")
