"""The CI gate: hybrid retrieval and the extractive chain over the held-out questions must not fall below
today's level.

Thresholds sit a little under what the main branch measures (`assistant eval --split heldout --engine
extractive`), so a change that loses evidence, facts or refusals fails here rather than in front of an
official. The held-out half is only scored: a failure says how many questions failed, never which (read and
debug the dev half instead).
"""

from __future__ import annotations

import pytest

from assistant.evaluation.goldset import load_gold
from assistant.evaluation.metrics import HeuristicJudge, mean
from assistant.evaluation.runner import retrieval_outcome, run_chain, summarize_answers
from assistant.evaluation.splits import gold_path

# Floors a little under what the held-out half measures today (829 questions: 568 in scope in Chinese, 189 in
# English; hit@5 0.972 / 0.899, coverage 0.848, out-of-scope refused 0.806, in-scope refused 0.029). The
# issue's targets for English hit@5 (0.92) and out-of-scope refused (0.92) are above them.
MIN_HIT_AT_5 = {"zh": 0.955, "en": 0.88, "all": 0.935}
MIN_COVERAGE = 0.83
MIN_OUT_OF_SCOPE_REFUSED = 0.78
MAX_IN_SCOPE_REFUSED = 0.035
MAX_UNSUPPORTED_NUMBERS = 0


@pytest.fixture(scope="module")
def gold_run(settings, index):
    """Every gold question through the extractive chain (one hybrid retrieval each), with follow-up history."""
    from assistant.answer.pipeline import build_chain

    chain = build_chain(settings, index=index, engine="extractive")
    questions = load_gold(gold_path(settings.paths.eval_dir, "heldout"))
    return run_chain(chain, questions, HeuristicJudge(), "ours-extractive")


@pytest.mark.parametrize("language", ["zh", "en", "all"])
def test_hybrid_evidence_hit_at_5(gold_run, language):
    hits = [
        retrieval_outcome(question, retrieved).hit_at_5
        for question, _, retrieved, _ in gold_run
        if question.in_scope and language in ("all", question.language)
    ]
    assert mean(hits) >= MIN_HIT_AT_5[language], f"hit@5 {mean(hits):.3f}: {hits.count(False)} of {len(hits)} missed"


@pytest.fixture(scope="module")
def summary(gold_run):
    return summarize_answers("ours-extractive", "extractive", [(question, outcome) for question, outcome, _, _ in gold_run])


def test_extractive_coverage_of_key_facts(summary, gold_run):
    missing = sum(1 for _, outcome, _, _ in gold_run if outcome.missing_facts)
    assert summary.coverage >= MIN_COVERAGE, f"coverage {summary.coverage}; facts missing in {missing} answers"


def test_no_number_outside_the_cited_passages(summary, gold_run):
    assert summary.numbers_not_in_cited <= MAX_UNSUPPORTED_NUMBERS, f"{summary.numbers_not_in_cited} numbers not in the cited passages"


def test_out_of_scope_questions_are_refused(summary, gold_run):
    answered = sum(1 for _, outcome, _, _ in gold_run if outcome.missed_refusal)
    assert summary.out_of_scope_refused >= MIN_OUT_OF_SCOPE_REFUSED, f"{answered} out-of-scope questions answered"


def test_in_scope_questions_are_rarely_refused(summary, gold_run):
    refused = sum(1 for _, outcome, _, _ in gold_run if outcome.wrong_refusal)
    assert summary.in_scope_refused <= MAX_IN_SCOPE_REFUSED, f"{refused} in-scope questions refused"
