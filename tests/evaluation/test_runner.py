"""The runner's parts: refusal calibration, sampling, per-answer evaluation, and the LangChain baseline."""

from __future__ import annotations

import pytest

from assistant.evaluation.baseline import EXTRACT_CHARS, BaselineRAG, says_dont_know
from assistant.evaluation.goldset import GoldQuestion
from assistant.evaluation.metrics import HeuristicJudge
from assistant.evaluation.runner import calibrate_refusal, evaluate_answer, retrieval_outcome, sample
from assistant.schemas import Answer, Chunk, Citation, RetrievedChunk


def gold(qid: str, type_: str = "single", language: str = "zh", evidence=("报告中的一句话",)) -> GoldQuestion:
    in_scope = type_ != "out_of_scope"
    return GoldQuestion(id=qid, question="问题？", language=language, type=type_, sections=["1"] if in_scope else [],
                        evidence=list(evidence) if in_scope else [], key_facts=[["一句话"]] if in_scope else [],
                        history=[{"question": "上一问"}] if type_ == "followup" else [])


def test_calibration_separates_in_scope_from_out_of_scope():
    evidence = [(True, 0.90), (True, 0.88), (True, 0.84), (False, 0.80), (False, 0.83), (True, 0.79)]
    result = calibrate_refusal(evidence, current=0.80)
    assert 0.83 < result.threshold < 0.84
    assert (result.out_of_scope_refused, result.in_scope_refused) == (1.0, 0.25)
    points = {point.label: point for point in result.points}
    assert points["calibrated"].threshold == result.threshold
    assert (points["current"].out_of_scope_refused, points["current"].in_scope_refused) == (0.0, 0.25)
    # Refusing no in-scope question at all means answering both out-of-scope ones.
    assert points["cautious"].threshold < 0.79 and points["cautious"].out_of_scope_refused == 0.0


def test_calibration_reports_the_rates_with_the_gates_other_rules():
    evidence = [(True, 0.90), (True, 0.88), (False, 0.89), (False, 0.70)]
    result = calibrate_refusal(evidence, current=0.85, other_rules=[False, True, True, False])
    current = next(point for point in result.points if point.label == "current")
    assert (current.out_of_scope_refused, current.in_scope_refused) == (0.5, 0.0)
    assert (current.with_rules_out_of_scope_refused, current.with_rules_in_scope_refused) == (1.0, 0.5)


def test_sample_takes_every_kind_of_question_in_turn():
    questions = [gold(f"zh-{n}") for n in range(10)] + [gold("en-1", language="en"), gold("oos-1", "out_of_scope"),
                                                        gold("fu-1", "followup")]
    chosen = sample(questions, 4)
    assert [q.id for q in chosen] == ["zh-0", "en-1", "oos-1", "fu-1"]
    assert sample(questions, None) == questions


def test_a_refused_in_scope_question_is_a_wrong_refusal_with_no_facts():
    question = gold("zh-1")
    answer = Answer(question="问题？", answer="抱歉，这份报告没有涉及这个问题。", refused=True, engine="extractive")
    outcome = evaluate_answer(question, answer, HeuristicJudge(), "ours-extractive")
    assert outcome.wrong_refusal and not outcome.missed_refusal
    assert outcome.correctness == 0.0 and outcome.missing_facts == ["一句话"]
    assert outcome.faithfulness is None


def test_an_answered_out_of_scope_question_is_a_missed_refusal():
    passage = "宿州是安徽省辖地级市。"
    answer = Answer(question="问题？", answer="宿州是安徽省辖地级市[1]。", engine="extractive",
                    citations=[Citation(n=1, section="3.3", title="t", page=1, text=passage)])
    outcome = evaluate_answer(gold("oos-1", "out_of_scope"), answer, HeuristicJudge(), "ours-extractive")
    assert outcome.missed_refusal and outcome.correctness is None
    assert outcome.faithfulness == 1.0 and outcome.contexts == [passage]


def test_retrieval_outcome_reports_rank_and_missing_spans():
    chunks = [Chunk(id=str(n), text=text, section="1", title="t") for n, text in enumerate(["无关", "这是报告中的一句话。"])]
    hits = [RetrievedChunk(chunk=c, rank=n + 1, score=1.0, dense_score=0.8 + n / 100) for n, c in enumerate(chunks)]
    outcome = retrieval_outcome(gold("zh-1", evidence=("报告中的一句话", "不存在的句子")), hits)
    assert outcome.hit_at_5 is False and outcome.first_relevant_rank == 2
    assert outcome.missing_spans == ["不存在的句子"] and outcome.evidence == pytest.approx(0.81)


@pytest.mark.parametrize(("text", "declines"), [
    ("I don't know.", True), ("报告中没有提到这一点。", True), ("", True),
    ("宿州建立了民生服务平台。", False), ("The platform was launched in 2019.", False),
])
def test_baseline_reads_a_declining_answer_as_a_refusal(text, declines):
    assert says_dont_know(text) is declines


def test_baseline_retrieves_five_raw_chunks_and_quotes_the_first(settings):
    with BaselineRAG(settings) as baseline:
        assert baseline.build_seconds > 0
        assert all(len(chunk.text) <= 1000 for chunk in baseline.chunks)
        hits = baseline.search("G20全球智慧城市联盟是世界经济论坛哪一年牵头建立的？")
        answer = baseline.ask("G20全球智慧城市联盟是世界经济论坛哪一年牵头建立的？")
    assert [hit.rank for hit in hits] == [1, 2, 3, 4, 5]
    assert [citation.n for citation in answer.citations] == [1, 2, 3, 4, 5]
    assert answer.answer == hits[0].chunk.text[:EXTRACT_CHARS]
    assert answer.engine == "baseline-extractive" and not answer.refused


def test_a_whole_run_compares_ours_with_a_baseline_that_answered_a_sample(settings, index, tmp_path):
    import json

    from assistant.evaluation.report import comparison_rows
    from assistant.evaluation.runner import run_evaluation

    lines = (settings.paths.eval_dir / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    picked = [line for line in lines if json.loads(line)["id"] in {"zh-001", "zh-003", "en-003", "oos-001"}]
    gold_path = tmp_path / "qa.jsonl"
    gold_path.write_text("\n".join(picked) + "\n", encoding="utf-8")
    report = run_evaluation(settings, engines=["extractive"], gold_path=gold_path, baseline_limit=2,
                            measure_build=False, stages=False)
    assert {r.name for r in report.retrievers} == {"hybrid", "bm25", "dense", "hybrid-rrf", "baseline"}
    ours, baseline = report.answer_summary("ours-extractive"), report.answer_summary("baseline-extractive")
    same = report.answer_summary("ours-extractive-on-baseline-sample")
    assert (ours.questions, baseline.questions, same.questions) == (4, 2, 2)
    labels = [row[0] for row in comparison_rows(report)]
    assert "extractive: coverage" in labels and "extractive: coverage (the baseline's 2 questions)" in labels
