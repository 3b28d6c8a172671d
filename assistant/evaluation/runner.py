"""Run the evaluation: retrieval for every retriever, answers for every engine, against the baseline, and the cost.

`run_evaluation` returns an `EvalReport`; `assistant.evaluation.report` writes it out. Follow-ups are asked
with their history, so retrieval sees the standalone question the chain would search with; the baseline is
given the same standalone question, so that the comparison is one of retrieval and answering alone.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tqdm import tqdm

from assistant.evaluation.goldset import GoldQuestion, load_gold
from assistant.evaluation.journal import AnswerJournal
from assistant.evaluation.metrics import (
    HeuristicJudge,
    Judge,
    LLMJudge,
    correctness,
    evidence_hit,
    fact_stated,
    mean,
    ndcg_at_k,
    percentile,
    reciprocal_rank,
    refusal_rates,
    score_answer,
    span_found,
)
from assistant.evaluation.report import (
    BASELINE,
    SAME_QUESTIONS,
    AnswerOutcome,
    AnswerSummary,
    Calibration,
    EvalReport,
    OperatingPoint,
    QuestionRecord,
    RetrievalOutcome,
    RetrievalScores,
    RetrieverResult,
)
from assistant.schemas import Answer, ChatTurn, RetrievedChunk
from assistant.answer.gate import ScopeGate
from assistant.answer.question import QuestionAnalysis
from assistant.evaluation.splits import STAGE_SPLITS
from assistant.evaluation.splits import gold_path as split_gold_path
from assistant.settings import Settings

RETRIEVERS = ("hybrid", "bm25", "dense")


# -- retrieval --------------------------------------------------------------------------------------------
def history_of(question: GoldQuestion) -> list[ChatTurn]:
    """The gold question's earlier turns as chat history."""
    return [ChatTurn(question=turn.question) for turn in question.history]


def retrieval_outcome(question: GoldQuestion, hits: list[RetrievedChunk]) -> RetrievalOutcome:
    """How one ranking fares against the question's gold spans."""
    texts = [hit.chunk.text for hit in hits]
    outcome = RetrievalOutcome(evidence=max((hit.dense_score or 0.0 for hit in hits), default=0.0))
    if question.in_scope:
        outcome.hit_at_5 = evidence_hit(question.evidence, texts, 5)
        rr = reciprocal_rank(question.evidence, texts)
        outcome.first_relevant_rank = round(1 / rr) if rr else None
        outcome.missing_spans = [span for span in question.evidence if not any(span_found(span, t) for t in texts[:5])]
    return outcome


def retrieval_scores(pairs: list[tuple[GoldQuestion, list[str], int]]) -> RetrievalScores:
    """Hit@1/3/5, MRR and nDCG@5 over (question, ranked texts, relevant chunks that exist) of in-scope questions."""
    pairs = [pair for pair in pairs if pair[0].in_scope]
    if not pairs:
        return RetrievalScores()
    return RetrievalScores(
        questions=len(pairs),
        hit_at_1=mean([evidence_hit(q.evidence, texts, 1) for q, texts, _ in pairs]),
        hit_at_3=mean([evidence_hit(q.evidence, texts, 3) for q, texts, _ in pairs]),
        hit_at_5=mean([evidence_hit(q.evidence, texts, 5) for q, texts, _ in pairs]),
        hit_at_5_any=mean([evidence_hit(q.evidence, texts, 5, "any") for q, texts, _ in pairs]),
        mrr=mean([reciprocal_rank(q.evidence, texts) for q, texts, _ in pairs]),
        ndcg_at_5=mean([ndcg_at_k(q.evidence, texts, 5, relevant) for q, texts, relevant in pairs]),
    )


def evaluate_retriever(
    name: str,
    search: Callable[[str], list[RetrievedChunk]],
    questions: list[tuple[GoldQuestion, str]],
    all_texts: list[str],
    progress: bool = False,
) -> tuple[RetrieverResult, dict[str, RetrievalOutcome]]:
    """Score a search function on (question, standalone) pairs; a second, timed pass measures warm latency."""
    outcomes: dict[str, RetrievalOutcome] = {}
    pairs = []
    for question, standalone in tqdm(questions, desc=f"retrieval {name}", disable=not progress, leave=False):
        hits = search(standalone)
        outcomes[question.id] = retrieval_outcome(question, hits)
        relevant = sum(any(span_found(span, text) for span in question.evidence) for text in all_texts)
        pairs.append((question, [hit.chunk.text for hit in hits], relevant))
    latencies = []
    for _, standalone in questions:
        started = time.perf_counter()
        search(standalone)
        latencies.append((time.perf_counter() - started) * 1000)
    scores = {
        language: retrieval_scores([p for p in pairs if language in ("all", p[0].language)])
        for language in ("zh", "en", "all")
    }
    misses = [q.id for q, _ in questions if q.in_scope and outcomes[q.id].hit_at_5 is False]
    result = RetrieverResult(
        name=name, scores=scores, latency_ms_p50=_round(percentile(latencies, 50)),
        latency_ms_p95=_round(percentile(latencies, 95)), misses_at_5=misses,
    )
    return result, outcomes


def calibrate_refusal(evidence: list[tuple[bool, float]], current: float, other_rules: list[bool] | None = None,
                      max_in_scope_refused: float = 0.05) -> Calibration:
    """The dense-evidence threshold that best separates in-scope from out-of-scope questions.

    evidence holds (in_scope, best dense similarity of the hits) per question; other_rules, when given, says
    which questions the scope gate refuses whatever the evidence (an unknown place, say). The chosen
    threshold minimises the sum of the two error rates (out-of-scope answered + in-scope refused), taken in
    the middle of the best thresholds. The cautious point is the highest threshold refusing at most
    max_in_scope_refused of the in-scope questions.
    """
    values = sorted({round(score, 4) for _, score in evidence})
    candidates = [values[0] - 0.001] + [(a + b) / 2 for a, b in zip(values, values[1:])] + [values[-1] + 0.001]

    def rates(threshold: float, rules: list[bool] | None = None) -> tuple[float, float]:
        rules = rules or [False] * len(evidence)
        refused = [(scope, score < threshold or rule) for (scope, score), rule in zip(evidence, rules)]
        out, inside = refusal_rates(refused)
        return round(out or 0.0, 4), round(inside or 0.0, 4)

    def point(label: str, threshold: float) -> OperatingPoint:
        out, inside = rates(threshold)
        with_rules = rates(threshold, other_rules) if other_rules is not None else (None, None)
        return OperatingPoint(label=label, threshold=round(threshold, 4), out_of_scope_refused=out,
                              in_scope_refused=inside, with_rules_out_of_scope_refused=with_rules[0],
                              with_rules_in_scope_refused=with_rules[1])

    costs = [(1 - rates(t)[0]) + rates(t)[1] for t in candidates]
    tied = [t for t, cost in zip(candidates, costs) if abs(cost - min(costs)) < 1e-9]
    chosen = point("calibrated", tied[len(tied) // 2])
    cautious = max((t for t in candidates if rates(t)[1] <= max_in_scope_refused), default=candidates[0])
    return Calibration(threshold=chosen.threshold, out_of_scope_refused=chosen.out_of_scope_refused,
                       in_scope_refused=chosen.in_scope_refused,
                       points=[chosen, point("cautious", cautious), point("current", current)])


# -- answers ----------------------------------------------------------------------------------------------
def evaluate_answer(question: GoldQuestion, answer: Answer, judge: Judge, system: str,
                    contexts: list[str] | None = None) -> AnswerOutcome:
    """Correctness, faithfulness, citation quality and refusal correctness of one answer."""
    outcome = AnswerOutcome(
        system=system, answer=answer.answer, refused=answer.refused,
        wrong_refusal=question.in_scope and answer.refused, missed_refusal=not question.in_scope and not answer.refused,
        contexts=contexts if contexts is not None else [c.text for c in answer.citations],
        first_token_ms=answer.timings.first_token_ms, total_ms=answer.timings.total_ms,
    )
    if question.in_scope:
        text = "" if answer.refused else answer.answer
        outcome.correctness = correctness(question.key_facts, text)
        outcome.missing_facts = [" / ".join(fact) for fact in question.key_facts if not fact_stated(fact, text)]
    if not answer.refused:
        scores = score_answer(answer.answer, answer.citations, judge)
        outcome.faithfulness = scores.faithfulness
        outcome.citation_recall = scores.citation_recall
        outcome.citation_precision = scores.citation_precision
        outcome.supported_share = scores.supported_share
        outcome.unsupported = scores.unsupported
        outcome.numbers_missing = scores.numbers_missing
    return outcome


def summarize_answers(system: str, engine: str, outcomes: list[tuple[GoldQuestion, AnswerOutcome]],
                      notice: str | None = None) -> AnswerSummary:
    """Averages of the per-answer measures (RAGAS and ALCE average per answer)."""
    answered = [outcome for _, outcome in outcomes if not outcome.refused]
    out_refused, in_refused = refusal_rates([(q.in_scope, outcome.refused) for q, outcome in outcomes])
    first = [o.first_token_ms for _, o in outcomes if o.first_token_ms is not None]
    total = [o.total_ms for _, o in outcomes]
    return AnswerSummary(
        system=system, engine=engine, questions=len(outcomes), notice=notice,
        coverage=_round(mean([o.correctness for q, o in outcomes if q.in_scope])),
        faithfulness=_round(mean([o.faithfulness for o in answered])),
        citation_recall=_round(mean([o.citation_recall for o in answered])),
        citation_precision=_round(mean([o.citation_precision for o in answered])),
        supported_share=_round(mean([o.supported_share for o in answered])),
        numbers_not_in_cited=sum(len(o.numbers_missing) for o in answered),
        out_of_scope_refused=_round(out_refused), in_scope_refused=_round(in_refused),
        first_token_ms_p50=_round(percentile(first, 50)), first_token_ms_p95=_round(percentile(first, 95)),
        total_ms_p50=_round(percentile(total, 50)), total_ms_p95=_round(percentile(total, 95)),
    )


def run_chain(chain, questions: list[GoldQuestion], judge: Judge, system: str, progress: bool = False,
              journal: AnswerJournal | None = None) -> list[tuple[GoldQuestion, AnswerOutcome, list[RetrievedChunk], str]]:
    """Ask every question (with its history) and evaluate the answers; also returns the hits and standalone.

    With a journal, a question it already holds for this system is not asked again (its hits are then not
    known: an empty list), and every new outcome is written to it as soon as it is evaluated.
    """
    results = []
    for question in tqdm(questions, desc=f"answers {system}", disable=not progress, leave=False):
        recorded = journal.get(system, question) if journal is not None else None
        if recorded is not None:
            results.append((question, recorded, [], question.question))
            continue
        hits: list[RetrievedChunk] = []
        answer = None
        for event in chain.stream(question.question, history_of(question)):
            if event.kind == "retrieved":
                hits = event.hits
            elif event.kind == "answer":
                answer = event.answer
        outcome = evaluate_answer(question, answer, judge, system, [hit.chunk.text for hit in hits])
        if journal is not None:
            journal.add(system, question, outcome)
        results.append((question, outcome, hits, answer.standalone_question or question.question))
    return results


# -- the whole run ------------------------------------------------------------------------------------------
def sample(questions: list[GoldQuestion], limit: int | None) -> list[GoldQuestion]:
    """At most `limit` questions, taken in turn from each (type, language) group so every kind is represented."""
    if not limit or limit >= len(questions):
        return questions
    groups: dict[tuple[str, str], list[GoldQuestion]] = {}
    for question in questions:
        groups.setdefault((question.type, question.language), []).append(question)
    chosen: list[GoldQuestion] = []
    while len(chosen) < limit:
        for group in groups.values():
            if group and len(chosen) < limit:
                chosen.append(group.pop(0))
    order = {question.id: n for n, question in enumerate(questions)}
    return sorted(chosen, key=lambda question: order[question.id])


def build_judge(name: str, settings: Settings, index) -> Judge:
    """The heuristic judge (with the index's embedder and glossary) or the LLM judge (the configured chat model)."""
    if name == "heuristic":
        return HeuristicJudge(embedder=index.dense.embeddings, glossary=index.glossary)
    if name == "llm":
        from assistant.errors import ConfigurationError
        from assistant.llm import build_chat_model

        chat_model, engine, _ = build_chat_model(settings)
        if chat_model is None:
            raise ConfigurationError(
                f"--judge llm needs a chat model, but the engine {settings.llm.engine!r} gives {engine}: "
                "install the local model (`make install`) or set SMC_LLM__ENGINE=openai"
            )
        return LLMJudge(chat_model, settings.paths.prompts_dir)
    from assistant.errors import BadInput

    raise BadInput(f"unknown judge {name!r}; choose heuristic or llm")


def calibrate_by_language(gate: ScopeGate, index, questions: list[GoldQuestion], records: dict[str, QuestionRecord],
                          analyses: dict[str, QuestionAnalysis]) -> dict[str, Calibration]:
    """The refusal threshold per question language, from the hybrid evidence; the gate's other rules
    (unknown places, words the report never uses) are applied by asking it with the strongest evidence."""
    strongest = [RetrievedChunk(chunk=next(iter(index.chunks.values())), rank=1, score=1.0, dense_score=1.0)]
    calibrations = {}
    for language in ("zh", "en"):
        chosen = [q for q in questions if q.language == language]
        if not any(q.in_scope for q in chosen) or all(q.in_scope for q in chosen):
            continue
        evidence = [(q.in_scope, records[q.id].retrieval["hybrid"].evidence) for q in chosen]
        other_rules = [not gate.decide(analyses[q.id], strongest).answerable for q in chosen]
        calibrations[language] = calibrate_refusal(evidence, gate.thresholds[language], other_rules)
    return calibrations


def measure_index_build(settings: Settings) -> float:
    """Seconds to build a fresh index into a temporary directory."""
    from assistant.search.index import build_index

    workdir = Path(tempfile.mkdtemp(prefix="smc-build-"))
    try:
        fresh = settings.model_copy(update={"paths": settings.paths.model_copy(update={"index_dir": workdir})})
        return build_index(fresh, progress=False)["build_seconds"]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def stage_results(settings: Settings, split: str = "heldout") -> tuple[dict | None, str | None]:
    """Stage accuracy, confusion matrix and the three dimensions' agreement of the stage judge on one half of the
    stage descriptions (eval/stages.dev.jsonl or eval/stages.heldout.jsonl), or a note why not."""
    try:
        from assistant.evaluation.stages_eval import evaluate_stages, load_stage_items
        from assistant.assessment.judge import build_stage_judge
    except ImportError as error:
        return None, f"stage evaluation skipped: {error}"
    path = settings.paths.eval_dir / STAGE_SPLITS[split]
    if not path.exists():
        return None, f"stage evaluation skipped: {path} not found"
    result = evaluate_stages(build_stage_judge(settings), load_stage_items(path))
    return {**result.model_dump(), "file": path.name}, None


def run_evaluation(settings: Settings, *, engines: list[str], judge: str = "heuristic", retrieval_only: bool = False,
                   limit: int | None = None, include_baseline: bool = True, gold_path: Path | None = None,
                   calibrate: bool = False, measure_build: bool = True, stages: bool = True, split: str = "heldout",
                   baseline_limit: int | None = None, progress: bool = False, journal: Path | None = None) -> EvalReport:
    """Retrieval for hybrid (both fusions), bm25, dense and the baseline; answers for each engine and the baseline; cost.

    journal, when given, is an `AnswerJournal` file: our engines' answers it holds are reused and new ones are
    added to it as they come, so a run stopped part-way goes on where it stopped.
    """
    from assistant.answer.pipeline import build_chain
    from assistant.evaluation.baseline import BaselineRAG
    from assistant.search.index import open_index
    from assistant.answer.retrieval import build_retriever
    from assistant.answer.warmup import can_warm_up, warm_up

    gold_path = gold_path or split_gold_path(settings.paths.eval_dir, split)
    questions = sample(load_gold(gold_path), limit)
    answer_journal = AnswerJournal(journal) if journal is not None else None
    index = open_index(settings, progress=progress)
    report = EvalReport(created_at=time.strftime("%Y-%m-%dT%H:%M:%S"), gold_path=str(gold_path),
                        gold_questions=len(questions), judge=judge, retrieval_only=retrieval_only)
    records = {q.id: QuestionRecord(id=q.id, question=q.question, language=q.language, type=q.type, standalone=q.question,
                                    reference="；".join(q.evidence)) for q in questions}

    # Standalone questions as the chain would search them (the heuristic merge: the same for every engine);
    # this chain's scope gate also serves the refusal calibration.
    extractive_chain = build_chain(settings, index=index, engine="extractive")
    analyses = {q.id: extractive_chain.analyse(q.question, history_of(q)) for q in questions}
    pairs = [(q, analyses[q.id].standalone) for q in questions]
    for question, standalone in pairs:
        records[question.id].standalone = standalone
    chunk_texts = [chunk.text for chunk in index.chunks.values()]
    # The hybrid retriever with the other fusion is measured too, so the choice of fusion is visible.
    other_fusion = "rrf" if settings.retrieval.fusion == "score" else "score"
    variants = [(mode, mode, settings.retrieval) for mode in RETRIEVERS]
    variants.append((f"hybrid-{other_fusion}", "hybrid", settings.retrieval.model_copy(update={"fusion": other_fusion})))
    for name, mode, retrieval_settings in variants:
        retriever = build_retriever(index, retrieval_settings, mode)
        result, outcomes = evaluate_retriever(name, lambda q, r=retriever: r.search(q, 5), pairs, chunk_texts, progress)
        report.retrievers.append(result)
        for qid, outcome in outcomes.items():
            records[qid].retrieval[name] = outcome

    baseline = BaselineRAG(settings).build() if include_baseline else None
    try:
        if baseline is not None:
            report.cost.baseline_build_seconds = baseline.build_seconds
            result, outcomes = evaluate_retriever(BASELINE, baseline.search, pairs, [c.text for c in baseline.chunks], progress)
            report.retrievers.append(result)
            for qid, outcome in outcomes.items():
                records[qid].retrieval[BASELINE] = outcome

        if calibrate:
            report.calibration = calibrate_by_language(extractive_chain.gate, index, questions, records, analyses)

        if not retrieval_only:
            evaluator = build_judge(judge, settings, index)
            for engine in engines:
                chain = build_chain(settings, index=index, engine=engine)
                system = f"ours-{chain.engine}"
                if system in {summary.system for summary in report.answers}:
                    continue  # e.g. local fell back to extractive, which was asked for too
                report.engines.append(chain.engine)
                if can_warm_up(chain):
                    # Timed as the app runs: with the states of the prompts' beginnings saved beforehand.
                    warm = warm_up(chain, languages=sorted({q.language for q in questions}), progress=(
                        _progress_bar("prompt beginnings") if progress else None))
                    report.cost.warm_up_seconds = warm.seconds
                    report.cost.warm_up_saved, report.cost.warm_up_present = warm.saved, warm.present
                results = run_chain(chain, questions, evaluator, system, progress, answer_journal)
                for question, outcome, _, _ in results:
                    records[question.id].answers[system] = outcome
                report.answers.append(summarize_answers(system, chain.engine, [(q, o) for q, o, _, _ in results],
                                                        chain.notice))
                if baseline is not None:
                    baseline.chat_model, baseline.engine = chain.chat_model, chain.engine
                    name = f"{BASELINE}-{chain.engine}"
                    # The baseline's stuff prompt is slow with a local model: it may answer a sample only, and
                    # ours is then also summarised over that same sample for the side-by-side comparison.
                    baseline_questions = sample(questions, baseline_limit)
                    outcomes = []
                    for question in tqdm(baseline_questions, desc=f"answers {name}", disable=not progress, leave=False):
                        answer = baseline.ask(records[question.id].standalone)
                        outcome = evaluate_answer(question, answer, evaluator, name)
                        records[question.id].answers[name] = outcome
                        outcomes.append((question, outcome))
                    report.answers.append(summarize_answers(name, chain.engine, outcomes))
                    if len(baseline_questions) < len(questions):
                        report.answers.append(summarize_answers(
                            f"{system}{SAME_QUESTIONS}", chain.engine,
                            [(q, records[q.id].answers[system]) for q in baseline_questions],
                        ))
    finally:
        if baseline is not None:
            baseline.close()

    if measure_build:
        report.cost.index_build_seconds = measure_index_build(settings)
    if stages:
        report.stages, note = stage_results(settings, split)
        if note:
            report.notes.append(note)
    report.questions = list(records.values())
    report.cost.peak_memory_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return report


def _progress_bar(description: str):
    """A progress callback (done, total) drawing a tqdm bar on stderr."""
    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=description, leave=False)
        bar.update(done - bar.n)
        if done == total:
            bar.close()

    return update


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
