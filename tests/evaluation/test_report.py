"""The report writer: valid JSON, a Markdown report with the definitions first and failures first, RAGAS lines."""

from __future__ import annotations

import json

import pytest

from assistant.evaluation.report import (
    AnswerOutcome,
    AnswerSummary,
    Calibration,
    EvalReport,
    OperatingPoint,
    QuestionRecord,
    RetrievalOutcome,
    RetrievalScores,
    RetrieverResult,
    export_ragas,
    render_markdown,
    write_report,
)


def scores(hit: float) -> dict[str, RetrievalScores]:
    return {lang: RetrievalScores(questions=2, hit_at_1=hit, hit_at_3=hit, hit_at_5=hit, hit_at_5_any=hit, mrr=hit,
                                  ndcg_at_5=hit) for lang in ("zh", "en", "all")}


@pytest.fixture()
def report() -> EvalReport:
    good = QuestionRecord(
        id="zh-001", question="G20全球智慧城市联盟由世界经济论坛在哪年牵头成立？", language="zh", type="single",
        standalone="G20全球智慧城市联盟由世界经济论坛在哪年牵头成立？", reference="世界经济论坛于2019年G20峰会……",
        retrieval={"hybrid": RetrievalOutcome(hit_at_5=True, first_relevant_rank=1, evidence=0.91)},
        answers={"ours-extractive": AnswerOutcome(system="ours-extractive", answer="世界经济论坛于2019年……[1]。",
                                                  refused=False, correctness=1.0, faithfulness=1.0,
                                                  citation_recall=1.0, contexts=["世界经济论坛于2019年G20峰会……"])},
    )
    bad = QuestionRecord(
        id="fu-009", question="排第二的是哪项？", language="zh", type="followup", standalone="数字化转型的挑战排名 排第二的是哪项？",
        reference="资金和资源不足",
        retrieval={"hybrid": RetrievalOutcome(hit_at_5=False, missing_spans=["资金和资源不足"], evidence=0.85)},
        answers={"ours-extractive": AnswerOutcome(system="ours-extractive", answer="抱歉……", refused=True,
                                                  wrong_refusal=True, correctness=0.0, missing_facts=["资金"],
                                                  contexts=["无关段落"])},
    )
    return EvalReport(
        created_at="2026-01-02T03:04:05", gold_path="eval/qa.jsonl", gold_questions=2, judge="heuristic",
        engines=["extractive"],
        retrievers=[RetrieverResult(name="hybrid", scores=scores(0.5), latency_ms_p50=20.0, latency_ms_p95=40.0,
                                    misses_at_5=["fu-009"]),
                    RetrieverResult(name="baseline", scores=scores(0.25), latency_ms_p50=10.0, latency_ms_p95=12.0)],
        answers=[AnswerSummary(system="ours-extractive", engine="extractive", questions=2, coverage=0.5),
                 AnswerSummary(system="baseline-extractive", engine="extractive", questions=2, coverage=0.25)],
        questions=[good, bad],
        calibration={"zh": Calibration(threshold=0.86, out_of_scope_refused=1.0, in_scope_refused=0.1, points=[
            OperatingPoint(label="calibrated", threshold=0.86, out_of_scope_refused=1.0, in_scope_refused=0.1,
                           with_rules_out_of_scope_refused=1.0, with_rules_in_scope_refused=0.12)])},
        stages={"accuracy": 0.9, "total": 10, "baseline_accuracy": 0.7, "confusion": [[3, 1, 0], [0, 3, 0], [0, 0, 3]]},
    )


def test_write_report_gives_valid_json_that_reads_back(report, tmp_path):
    json_path, md_path = write_report(report, tmp_path / "reports")
    assert json_path.name == "20260102-030405.json" and md_path.name == "20260102-030405.md"
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert EvalReport.model_validate(data) == report


def test_markdown_opens_with_definitions_and_compares_with_the_baseline(report):
    text = render_markdown(report)
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections[0] == "## Definitions"
    for name in ("evidence hit@k (all)", "MRR", "nDCG@5", "faithfulness (RAGAS)", "citation recall (ALCE)",
                 "citation precision (ALCE)", "out-of-scope refused", "in-scope refused"):
        assert f"- **{name}**:" in text
    assert "| retrieval hit@5 (all) | 0.500 | 0.250 | 2.00x |" in text
    assert "| extractive: coverage | 0.500 | 0.250 | 2.00x |" in text


def test_markdown_lists_failures_first(report):
    text = render_markdown(report)
    table = text[text.index("## Per question (failures first)"):]
    assert table.index("| fu-009 |") < table.index("| zh-001 |")
    row = next(line for line in table.splitlines() if line.startswith("| fu-009 |"))
    assert "missed evidence, missing key facts, wrongly refused" in row
    assert "spans not retrieved: 资金和资源不足" in row


def test_markdown_shows_the_refusal_calibration(report):
    assert "| zh | calibrated | 0.8600 | 1.000 | 0.100 | 1.000 | 0.120 |" in render_markdown(report)


def test_markdown_shows_the_stage_confusion_matrix(report):
    text = render_markdown(report)
    assert "## Stage judge" in text
    assert "| 1 | 3 | 1 | 0 |" in text


def test_ragas_export_has_the_four_fields_per_question(report, tmp_path):
    path = tmp_path / "ragas.jsonl"
    assert export_ragas(report, path) == 2
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [set(line) for line in lines] == [{"user_input", "retrieved_contexts", "response", "reference"}] * 2
    assert lines[1]["user_input"] == "数字化转型的挑战排名 排第二的是哪项？"
    assert lines[0]["retrieved_contexts"] == ["世界经济论坛于2019年G20峰会……"]
    assert isinstance(lines[0]["response"], str) and isinstance(lines[0]["reference"], str)
