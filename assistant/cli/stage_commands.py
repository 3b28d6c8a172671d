"""`assistant stage`: place a city in stage 1, 2 or 3 of one domain from a description of its situation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from assistant.cli import app
from assistant.cli.io import batch_or_single, emit_json, read_batch
from assistant.errors import BadInput
from assistant.knowledge.framework import STAGE_LABELS, load_framework, resolve_domain
from assistant.settings import load_settings
from assistant.assessment.judge import StageJudgement, build_stage_judge

# The Chinese wording of the human-readable answer, kept together.
_ZH = {
    "verdict": "在“{domain}”领域，按报告的 7*3 矩阵，这段描述最接近{label}（{name}），置信度 {confidence:.2f}。",
    "matched": "相符的报告特征：{quotes}。",
    "reasons": "依据：{reasons}",
    "no_domain": "--domain is required with a description; valid names: {names}",
}


def _paragraph(judgement: StageJudgement, domain_zh: str, stage_name: str) -> str:
    parts = [
        _ZH["verdict"].format(
            domain=domain_zh, label=STAGE_LABELS[judgement.stage], name=stage_name, confidence=judgement.confidence
        )
    ]
    if judgement.matched:
        parts.append(_ZH["matched"].format(quotes="；".join(judgement.matched)))
    if judgement.reasons:
        parts.append(_ZH["reasons"].format(reasons="；".join(reason.rstrip("。") for reason in judgement.reasons) + "。"))
    return "".join(parts)


@app.command()
def stage(
    description: Annotated[Optional[str], typer.Argument(help="The city's situation in the domain, in your words.")] = None,
    domain: Annotated[
        Optional[str], typer.Option("--domain", help="Domain: English key or Chinese name, e.g. services / 民生与服务.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON.")] = False,
    batch: Annotated[Optional[Path], typer.Option("--batch", help="JSON-lines file of {id, domain, description}.")] = None,
) -> None:
    """Judge the maturity stage (1-3) of a city in one domain from a description of its situation."""
    batch_or_single(description, batch, as_json)
    settings = load_settings()
    framework = load_framework(settings.paths.framework_file)
    if batch is not None:
        records = read_batch(batch, ("id", "domain", "description"))
        # Check every domain before judging any line, so a bad line leaves no partial output.
        for record in records:
            resolve_domain(framework, record["domain"])
        judge = build_stage_judge(settings)
        for record in records:
            judgement = judge.judge(record["domain"], record["description"])
            emit_json(
                {
                    "id": record["id"],
                    "domain": judgement.domain,
                    "stage": judgement.stage,
                    "confidence": judgement.confidence,
                    "matched": judgement.matched,
                }
            )
        return
    if domain is None:
        from assistant.knowledge.framework import domain_names

        raise BadInput(_ZH["no_domain"].format(names=domain_names(framework)))
    target = resolve_domain(framework, domain)
    if not description.strip():
        raise BadInput("the description is empty: describe the city's current situation in this domain")
    judgement = build_stage_judge(settings).judge(target.key, description)
    if as_json:
        emit_json(judgement.model_dump())
        return
    stage_name = next(item.name for item in framework.general_stages if item.stage == judgement.stage)
    typer.echo(_paragraph(judgement, target.zh, stage_name))
