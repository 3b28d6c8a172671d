"""Dev and held-out side by side: the measures compared, and a held-out score well below dev marked."""

from __future__ import annotations

from assistant.evaluation.report import AnswerSummary, AnswerOutcome, EvalReport, QuestionRecord, RetrievalScores, RetrieverResult
from assistant.evaluation.splits import MAX_GAP, split_markdown, split_rows


def _report(hit_zh: float, coverage: float, in_scope_refused: float, per_type: dict[str, float]) -> EvalReport:
    questions = [
        QuestionRecord(id=f"q{n}", question="…", language="zh", type=kind, standalone="…",
                       answers={"ours-extractive": AnswerOutcome(system="ours-extractive", answer="…", refused=False,
                                                                  correctness=value)})
        for n, (kind, value) in enumerate(per_type.items())
    ]
    return EvalReport(
        created_at="2026-01-02T03:04:05", gold_path="eval/x.jsonl", gold_questions=len(questions), judge="heuristic",
        engines=["extractive"],
        retrievers=[RetrieverResult(name="hybrid", scores={
            "zh": RetrievalScores(questions=10, hit_at_5=hit_zh), "en": RetrievalScores(questions=5, hit_at_5=0.9),
            "all": RetrievalScores(questions=15, hit_at_5=hit_zh)})],
        answers=[AnswerSummary(system="ours-extractive", engine="extractive", questions=len(questions), coverage=coverage,
                               out_of_scope_refused=0.9, in_scope_refused=in_scope_refused, total_ms_p50=40.0)],
        questions=questions,
    )


def test_each_measure_is_shown_for_both_halves_with_the_gap():
    rows = {row[0]: row[1:] for row in split_rows(_report(0.98, 0.85, 0.01, {"single": 0.9, "table": 0.8}),
                                                  _report(0.95, 0.84, 0.02, {"single": 0.88, "table": 0.75}))}
    assert rows["retrieval hit@5 (zh)"] == [0.98, 0.95, -0.03, ""]
    assert rows["extractive: key-fact coverage"][:3] == [0.85, 0.84, -0.01]
    assert rows["extractive: coverage, table"][:2] == [0.8, 0.75]


def test_a_held_out_score_more_than_the_allowed_gap_below_dev_is_marked():
    dev = _report(0.98, 0.90, 0.01, {"single": 0.9})
    heldout = _report(0.98, 0.90 - MAX_GAP - 0.02, 0.01 + MAX_GAP + 0.02, {"single": 0.9})
    marks = {row[0]: row[4] for row in split_rows(dev, heldout)}
    assert marks["extractive: key-fact coverage"] == "held-out worse"
    assert marks["extractive: in-scope refused"] == "held-out worse"  # lower is better here
    assert marks["retrieval hit@5 (zh)"] == ""
    assert marks["extractive: whole answer p50 (ms)"] == ""  # timings are not judged by the gap


def test_the_markdown_names_both_halves_and_their_sizes():
    text = split_markdown(_report(0.98, 0.85, 0.01, {"single": 0.9}), _report(0.97, 0.84, 0.01, {"single": 0.9, "multi": 0.8}))
    assert "Dev (1 questions)" in text and "held-out (2 questions)" in text
    assert "| extractive: key-fact coverage | 0.850 | 0.840 | -0.010 |  |" in text
