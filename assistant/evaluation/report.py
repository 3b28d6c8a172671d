"""The evaluation report: its data (`EvalReport`), its JSON and Markdown forms under eval/reports/, a RAGAS export.

The Markdown opens with the definition of every metric, then puts ours and the baseline side by side with
their ratio, then the cost, the refusal calibration, the stage judge's confusion matrix, and the
per-question table with failures first.

RAGAS export (`export_ragas`): one JSON object per line per question, with the field names of RAGAS's
`SingleTurnSample`, so `EvaluationDataset.from_jsonl(path)` reads it:
- `user_input`: the question as asked (a follow-up's standalone rewrite when it has history);
- `retrieved_contexts`: the texts of the passages retrieved for the answer, best first;
- `response`: the answer text with its [n] markers (the refusal text for a refusal);
- `reference`: the gold evidence spans joined with "；" (empty for out-of-scope questions).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

BASELINE = "baseline"
SAME_QUESTIONS = "-on-baseline-sample"  # suffix of our summary over the questions the baseline answered


# -- the report --------------------------------------------------------------------------------------
class RetrievalScores(BaseModel):
    """Retrieval measures over a set of in-scope questions."""

    questions: int = 0
    hit_at_1: float | None = None
    hit_at_3: float | None = None
    hit_at_5: float | None = None
    hit_at_5_any: float | None = None
    mrr: float | None = None
    ndcg_at_5: float | None = None


class RetrieverResult(BaseModel):
    """One retriever's measures by language, its warm latency and the questions it misses."""

    name: str
    scores: dict[str, RetrievalScores] = Field(description="By language: zh, en and all.")
    latency_ms_p50: float | None = None
    latency_ms_p95: float | None = None
    misses_at_5: list[str] = Field(default_factory=list, description="In-scope questions not all of whose spans are in the top 5.")


class RetrievalOutcome(BaseModel):
    """One question against one retriever."""

    hit_at_5: bool | None = None
    first_relevant_rank: int | None = None
    missing_spans: list[str] = Field(default_factory=list)
    evidence: float = Field(0.0, description="Best dense similarity of the hits (the scope gate's evidence).")


class AnswerOutcome(BaseModel):
    """One question answered by one system."""

    system: str
    answer: str
    refused: bool
    wrong_refusal: bool = False
    missed_refusal: bool = False
    correctness: float | None = None
    missing_facts: list[str] = Field(default_factory=list)
    faithfulness: float | None = None
    citation_recall: float | None = None
    citation_precision: float | None = None
    supported_share: float | None = None
    unsupported: list[str] = Field(default_factory=list)
    numbers_missing: list[str] = Field(default_factory=list)
    contexts: list[str] = Field(default_factory=list)
    first_token_ms: float | None = None
    total_ms: float = 0.0


class QuestionRecord(BaseModel):
    """One gold question with its outcome for every retriever and every answering system."""

    id: str
    question: str
    language: str
    type: str
    standalone: str
    reference: str = ""
    retrieval: dict[str, RetrievalOutcome] = Field(default_factory=dict)
    answers: dict[str, AnswerOutcome] = Field(default_factory=dict)

    def failures(self, system: str | None = None) -> list[str]:
        """What went wrong for this question: missed evidence, missing facts, unsupported text, refusals."""
        found = []
        hybrid = self.retrieval.get("hybrid")
        if hybrid is not None and hybrid.hit_at_5 is False:
            found.append("missed evidence")
        outcome = self.answers.get(system) if system else None
        if outcome is not None:
            if outcome.missing_facts:
                found.append("missing key facts")
            if outcome.unsupported:
                found.append("unsupported sentences")
            if outcome.numbers_missing:
                found.append("numbers not in cited passages")
            if outcome.wrong_refusal:
                found.append("wrongly refused")
            if outcome.missed_refusal:
                found.append("answered out of scope")
        return found


class AnswerSummary(BaseModel):
    """One answering system's measures over the gold set."""

    system: str
    engine: str
    questions: int = 0
    coverage: float | None = None
    faithfulness: float | None = None
    citation_recall: float | None = None
    citation_precision: float | None = None
    supported_share: float | None = None
    numbers_not_in_cited: int = 0
    out_of_scope_refused: float | None = None
    in_scope_refused: float | None = None
    first_token_ms_p50: float | None = None
    first_token_ms_p95: float | None = None
    total_ms_p50: float | None = None
    total_ms_p95: float | None = None
    notice: str | None = None


class OperatingPoint(BaseModel):
    """Refusal error rates at one evidence threshold, alone and with the scope gate's other rules."""

    label: str
    threshold: float
    out_of_scope_refused: float
    in_scope_refused: float
    with_rules_out_of_scope_refused: float | None = None
    with_rules_in_scope_refused: float | None = None


class Calibration(BaseModel):
    """The threshold that best separates in-scope from out-of-scope questions, with both error rates there,
    and other operating points (a cautious one, the current one) for comparison."""

    threshold: float
    out_of_scope_refused: float
    in_scope_refused: float
    points: list[OperatingPoint] = Field(default_factory=list)


class Cost(BaseModel):
    """Memory and build times of the run."""

    peak_memory_mb: float = 0.0
    index_build_seconds: float | None = None
    baseline_build_seconds: float | None = None
    # Reading the prompt beginnings before the local engine's questions (warmup.py): saved now / saved before.
    warm_up_seconds: float | None = None
    warm_up_saved: int | None = None
    warm_up_present: int | None = None


class EvalReport(BaseModel):
    """Everything one evaluation run measured."""

    created_at: str
    gold_path: str
    gold_questions: int
    judge: str
    engines: list[str] = Field(default_factory=list)
    retrieval_only: bool = False
    retrievers: list[RetrieverResult] = Field(default_factory=list)
    answers: list[AnswerSummary] = Field(default_factory=list)
    questions: list[QuestionRecord] = Field(default_factory=list)
    cost: Cost = Field(default_factory=Cost)
    stages: dict | None = None
    calibration: dict[str, Calibration] = Field(default_factory=dict, description="By question language.")
    notes: list[str] = Field(default_factory=list)

    def retriever(self, name: str) -> RetrieverResult | None:
        """The result of one retriever by name."""
        return next((result for result in self.retrievers if result.name == name), None)

    def answer_summary(self, system: str) -> AnswerSummary | None:
        """The answer summary of one system by name."""
        return next((summary for summary in self.answers if summary.system == system), None)



DEFINITIONS = [
    ("evidence hit@k (all)", "share of in-scope questions all of whose gold evidence spans occur (whitespace ignored) in the top-k passages"),
    ("evidence hit@5 (any)", "share of in-scope questions with at least one gold span in the top 5 passages"),
    ("MRR", "mean of 1 / rank of the first passage containing any gold span (0 when none of the top 5 does)"),
    ("nDCG@5", "binary relevance (a passage is relevant when it contains a gold span); DCG over ranks 1-5 divided by the ideal DCG of the relevant passages that exist"),
    ("coverage (correctness)", "mean over in-scope questions of the share of key facts the answer states (any alternative in the whitespace-free, lower-cased answer); a refusal states none"),
    ("faithfulness (RAGAS)", "mean over answers of supported claims / claims; a claim is checked against the passages its sentence cites (all the answer's passages when it cites none)"),
    ("citation recall (ALCE)", "mean over answers of the share of sentences whose cited passages, joined, support them; an uncited sentence counts as unsupported"),
    ("citation precision (ALCE)", "mean over answers of the share of citations that are needed: a citation is irrelevant when it alone does not support its sentence and the other citations still do; an answer that cites nothing scores 0"),
    ("supported share", "mean over answers of the share of sentences supported by at least one passage the answer lists, cited or not"),
    ("numbers not in cited passages", "count of numbers in answer sentences that none of the sentence's cited passages contains (unit conversions accepted)"),
    ("out-of-scope refused", "share of out-of-scope questions the system refused (higher is better)"),
    ("in-scope refused", "share of in-scope questions the system refused (lower is better)"),
    ("latency", "retrieval: warm (second pass) time of one search; answers: time to the first token and to the full answer, p50 and p95 in ms"),
    ("heuristic judge", "a claim is an answer sentence without markers, supported when its lexical support against the passages reaches 0.45 (or its embedding similarity is high) and every number in it is in them"),
    ("llm judge", "the chat model splits each sentence into claims (prompts/eval_claims) and verifies each against the cited passages (prompts/eval_verify)"),
]

ANSWER_METRICS = [
    ("coverage", "coverage"), ("faithfulness", "faithfulness"), ("citation recall", "citation_recall"),
    ("citation precision", "citation_precision"), ("supported share", "supported_share"),
    ("numbers not in cited passages", "numbers_not_in_cited"), ("out-of-scope refused", "out_of_scope_refused"),
    ("in-scope refused", "in_scope_refused"), ("first token p50 (ms)", "first_token_ms_p50"),
    ("first token p95 (ms)", "first_token_ms_p95"), ("total p50 (ms)", "total_ms_p50"), ("total p95 (ms)", "total_ms_p95"),
]


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"
    return str(value)


def _ratio(ours, theirs) -> str:
    if ours is None or theirs is None:
        return "-"
    if theirs == 0:
        return "-" if ours == 0 else "inf"
    return f"{ours / theirs:.2f}x"


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(_fmt(cell).replace("|", "\\|").replace("\n", " ") for cell in row) + " |")
    return lines


def comparison_rows(report: EvalReport) -> list[list]:
    """Rows of (metric, ours, baseline, ratio): hybrid retrieval against the baseline's, then each engine's answers."""
    rows: list[list] = []
    ours, theirs = report.retriever("hybrid"), report.retriever(BASELINE)
    if ours and theirs:
        for language in ("zh", "en", "all"):
            for label, key in (("hit@5", "hit_at_5"), ("MRR", "mrr")):
                a = getattr(ours.scores[language], key)
                b = getattr(theirs.scores[language], key)
                rows.append([f"retrieval {label} ({language})", a, b, _ratio(a, b)])
        rows.append(["retrieval p50 (ms)", ours.latency_ms_p50, theirs.latency_ms_p50,
                     _ratio(ours.latency_ms_p50, theirs.latency_ms_p50)])
    for engine in report.engines:
        mine: AnswerSummary | None = report.answer_summary(f"ours-{engine}")
        base = report.answer_summary(f"{BASELINE}-{engine}")
        if mine is None:
            continue
        for label, key in ANSWER_METRICS:
            a = getattr(mine, key)
            b = getattr(base, key) if base else None
            rows.append([f"{engine}: {label}", a, b, _ratio(a, b)])
        same = report.answer_summary(f"ours-{engine}{SAME_QUESTIONS}")
        if same is not None and base is not None:
            # The baseline answered a sample only: compare like with like on that sample as well.
            for label, key in ANSWER_METRICS:
                a, b = getattr(same, key), getattr(base, key)
                rows.append([f"{engine}: {label} (the baseline's {base.questions} questions)", a, b, _ratio(a, b)])
    return rows


def summary_markdown(report: EvalReport) -> str:
    """The side-by-side table of ours against the baseline, and the retrieval table."""
    lines = ["## Ours vs baseline", ""]
    lines += _table(["metric", "ours", "baseline", "ratio"], comparison_rows(report))
    lines += ["", "## Retrieval (in-scope questions)", ""]
    rows = []
    for result in report.retrievers:
        for language in ("zh", "en", "all"):
            s = result.scores[language]
            rows.append([result.name, language, s.questions, s.hit_at_1, s.hit_at_3, s.hit_at_5, s.hit_at_5_any, s.mrr,
                         s.ndcg_at_5, result.latency_ms_p50 if language == "all" else None,
                         result.latency_ms_p95 if language == "all" else None])
    lines += _table(["retriever", "lang", "n", "hit@1", "hit@3", "hit@5", "hit@5 any", "MRR", "nDCG@5", "p50 ms", "p95 ms"], rows)
    return "\n".join(lines)


def _system_for_questions(report: EvalReport) -> str | None:
    return next((summary.system for summary in report.answers if summary.system.startswith("ours-")), None)


def ordered_questions(report: EvalReport) -> list[QuestionRecord]:
    """The questions with failures first (most failures first), then the rest in gold-set order."""
    system = _system_for_questions(report)
    position = {record.id: n for n, record in enumerate(report.questions)}
    return sorted(report.questions, key=lambda r: (-len(r.failures(system)), position[r.id]))


def question_rows(report: EvalReport) -> list[list]:
    """One row per question: failures, hybrid rank, and the first engine's answer measures."""
    system = _system_for_questions(report)
    rows = []
    for record in ordered_questions(report):
        hybrid = record.retrieval.get("hybrid")
        outcome = record.answers.get(system) if system else None
        details = []
        if hybrid and hybrid.missing_spans:
            details.append("spans not retrieved: " + " / ".join(hybrid.missing_spans))
        if outcome and outcome.missing_facts:
            details.append("missing: " + " ".join(f"[{fact}]" for fact in outcome.missing_facts))
        if outcome and outcome.unsupported:
            details.append("unsupported: " + " / ".join(s[:60] for s in outcome.unsupported))
        if outcome and outcome.numbers_missing:
            details.append("numbers: " + ", ".join(outcome.numbers_missing))
        rows.append([
            record.id, record.type, record.language, ", ".join(record.failures(system)) or "ok",
            hybrid.first_relevant_rank if hybrid else None,
            outcome.correctness if outcome else None, outcome.faithfulness if outcome else None,
            outcome.citation_recall if outcome else None, outcome.refused if outcome else None,
            record.question[:60], "; ".join(details)[:300],
        ])
    return rows


def render_markdown(report: EvalReport) -> str:
    """The whole report as Markdown."""
    lines = [f"# Evaluation report {report.created_at}", "",
             f"Gold set: `{report.gold_path}` ({report.gold_questions} questions); judge: {report.judge}; "
             f"engines: {', '.join(report.engines) or 'none (retrieval only)'}.", "", "## Definitions", ""]
    lines += [f"- **{name}**: {text}." for name, text in DEFINITIONS]
    lines += ["", summary_markdown(report), "", "## Cost", ""]
    cost = report.cost
    lines += _table(["measure", "value"], [["peak memory (MB, ru_maxrss)", cost.peak_memory_mb],
                                           ["index build, fresh (s)", cost.index_build_seconds],
                                           ["baseline build (s)", cost.baseline_build_seconds],
                                           ["prompt beginnings read before the questions (s)", cost.warm_up_seconds],
                                           ["prompt beginnings saved now / before",
                                            None if cost.warm_up_saved is None
                                            else f"{cost.warm_up_saved} / {cost.warm_up_present}"]])
    if report.calibration:
        lines += ["", "## Refusal threshold (dense evidence, per question language)", "",
                  "The calibrated threshold minimises out-of-scope answered + in-scope refused; the cautious one is the "
                  "highest that refuses at most 5% of in-scope questions; the other rules are the scope gate's "
                  "refusals that do not depend on the evidence (unknown places, words the report never uses).", ""]
        lines += _table(["language", "operating point", "threshold", "out-of-scope refused", "in-scope refused",
                         "with the other rules: out-of-scope refused", "with the other rules: in-scope refused"],
                        [[language, p.label, f"{p.threshold:.4f}", p.out_of_scope_refused, p.in_scope_refused,
                          p.with_rules_out_of_scope_refused, p.with_rules_in_scope_refused]
                         for language, calibration in report.calibration.items() for p in calibration.points])
    if report.stages:
        stages = report.stages
        kinds = ", ".join(f"{kind} {_fmt(value)}" for kind, value in stages.get("per_kind", {}).items())
        dimensions = ", ".join(f"{name} {_fmt(value)}" for name, value in stages.get("dimension_agreement", {}).items())
        lines += ["", "## Stage judge", "", f"Accuracy {_fmt(stages['accuracy'])} on {stages['total']} descriptions of "
                  f"{stages.get('file', 'stages.jsonl')} ({kinds}; naive baseline {_fmt(stages.get('baseline_accuracy'))}). "
                  f"Each of the report's three dimensions judged alone agrees with the gold stage: {dimensions}.", ""]
        lines += _table(["gold \\ predicted", "1", "2", "3"],
                        [[gold, *row] for gold, row in enumerate(stages["confusion"], start=1)])
    if report.notes:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in report.notes]
    lines += ["", "## Per question (failures first)", ""]
    lines += _table(["id", "type", "lang", "failures", "hybrid rank", "correct", "faithful", "cit. recall", "refused",
                     "question", "details"], question_rows(report))
    return "\n".join(lines) + "\n"


def write_report(report: EvalReport, directory: Path) -> tuple[Path, Path]:
    """Write <timestamp>.json and <timestamp>.md into the directory; returns both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = report.created_at.replace("-", "").replace(":", "").replace("T", "-")
    json_path, md_path = directory / f"{stamp}.json", directory / f"{stamp}.md"
    json_path.write_text(report.model_dump_json(indent=1), encoding="utf-8")
    md_path.write_text(render_markdown(report), encoding="utf-8")
    return json_path, md_path


def export_ragas(report: EvalReport, path: Path, system: str | None = None) -> int:
    """Write one RAGAS sample per question (user_input, retrieved_contexts, response, reference); returns the count."""
    system = system or _system_for_questions(report)
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in report.questions:
            outcome = record.answers.get(system) if system else None
            if outcome is None:
                continue
            sample = {"user_input": record.standalone, "retrieved_contexts": outcome.contexts,
                      "response": outcome.answer, "reference": record.reference}
            handle.write(json.dumps(sample, ensure_ascii=False) + "\n")
            count += 1
    return count
