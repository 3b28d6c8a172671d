"""Placing a city in stage 1, 2 or 3 of a domain from an official's own description of it.

`StageJudge.judge` needs no language model. It cuts the description into sentences, compares each with the
report's characteristics of each stage (embeddings) and adds the cue phrases of corpus/lexicon.yaml. A sentence
that denies a stage-N trait counts for stage N-1 (one that says the city still works the old way for stage 1),
never for the stage whose trait it names, and is never shown as matching. Each of the report's three dimensions
(who drives it, what is digitised, the effect) is read alone, with the official's phrase beside the report's; the
overall stage says when the description lies close to the next stage. `judge_with_llm` asks a chat model for a
second opinion.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from assistant.assessment.cues import CueHit, actor_cues, denial_ceiling, denied_stage, find_cues, is_denial, is_negated
from assistant.assessment.scopes import clause_weights, contrast_segments
from assistant.assessment.judgement import JUDGED_DIMENSIONS, DimensionReading, Evidence, StageJudgement
from assistant.errors import BadInput
from assistant.knowledge.framework import STAGE_LABELS, Domain, Framework, resolve_domain
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.settings import PathSettings, Settings
from assistant.text import clean_input

_EVIDENCE_MARGIN = 0.03  # sentences this close to the best match are shown as evidence too
_LEANING = 0.3  # an adjacent stage at least this probable is named: "接近阶段三"
_DIMENSION_VOTE = 0.5  # weight of each dimension's own reading in the overall stage
_DIMENSION_MARGIN = 0.01  # a dimension closer to another stage by less than this is read at the overall stage
MAX_DESCRIPTION_CHARS = 4000  # every sentence is embedded: a pasted document would hold a worker for minutes


@dataclass
class _Unit:
    """A sentence-sized piece of the description: its text, its time weight and whether it denies."""

    text: str
    weight: float
    denied: bool
    negated: bool = False  # denies outright (not merely the old way): never shown as evidence of any stage
    ceiling: int = 1  # the stage a denying unit stands for: one below the stage whose trait it denies


@dataclass
class _References:
    """The report's characteristics of one domain, with their stage, dimension, quote and embedding."""

    stages: np.ndarray
    dimensions: list[str]
    quotes: list[str]
    vectors: np.ndarray


class StageJudge:
    """Judges the stage of a described situation against the framework; embeddings plus cue phrases."""

    def __init__(
        self,
        framework: Framework,
        embedder: Embeddings,
        *,
        prompts_dir: Path | None = None,
        lexicon: Lexicon | None = None,
        cue_weight: float = 1.2,
        similarity_scale: float = 0.01,
    ):
        self.framework = framework
        self.embedder = embedder
        self.prompts_dir = prompts_dir or PathSettings().prompts_dir
        self.lexicon = lexicon or load_lexicon()
        self.cue_weight = cue_weight
        self.similarity_scale = similarity_scale
        self._references: dict[str, _References] = {}

    # -- the local judge -------------------------------------------------------------------------------

    def judge(self, domain: str, description: str) -> StageJudgement:
        """The stage (1-3) the description corresponds to in `domain`, each dimension's reading and the evidence."""
        target, text = self._prepare(domain, description)
        clauses, weights = clause_weights(text, self.lexicon)
        hits = find_cues(clauses, weights, target.key, self.lexicon)
        segments = contrast_segments(text, self.lexicon)
        if len(segments) == len(clauses):
            hits += actor_cues(clauses, weights, segments, self.lexicon)
        ceiling = denial_ceiling(hits)
        units = _units([self._clause_unit(clause, weight, target.key, ceiling)
                        for clause, weight in zip(clauses, weights)])
        refs = self._reference_set(target)
        vectors = np.asarray([self.embedder.embed_query(unit.text) for unit in units], dtype=np.float32)
        sims = vectors @ refs.vectors.T
        per_stage = _per_stage(sims, refs.stages, units)
        unit_weights = [unit.weight for unit in units]
        similarity = np.average(per_stage, axis=0, weights=unit_weights if sum(unit_weights) > 0 else None)
        readings = _dimension_readings(sims, refs, units)
        votes = np.zeros(3)
        for reading in readings:
            if reading.stage is not None:
                votes[reading.stage - 1] += 1
        totals = similarity / self.similarity_scale + self.cue_weight * _cue_scores(hits) + _DIMENSION_VOTE * votes
        stage = int(np.argmax(totals)) + 1
        probabilities = np.exp(totals - totals.max())
        probabilities /= probabilities.sum()
        leaning = _leaning(stage, probabilities)
        readings = _dimension_readings(sims, refs, units, overall=stage)
        evidence = _evidence(stage, sims, refs, units)
        return StageJudgement(
            domain=target.key,
            stage=stage,
            confidence=round(float(probabilities[stage - 1]), 3),
            matched=list(dict.fromkeys(f"“{item.report}”" for item in evidence if not item.denied)),
            reasons=_reasons(stage, leaning, hits, similarity, readings),
            evidence=evidence,
            dimensions=readings,
            leaning=leaning,
        )

    def judge_with_llm(self, domain: str, description: str, chat_model: BaseChatModel) -> StageJudgement:
        """Ask the chat model (prompt prompts/stage_judge.zh.txt); fall back to `judge` if its reply is unusable."""
        from assistant.assessment.llm_judge import judge_with_llm

        return judge_with_llm(self, domain, description, chat_model)

    def _clause_unit(self, clause: str, weight: float, domain_key: str, ceiling: int) -> _Unit:
        """One clause with its time weight, whether it denies, and the stage a denial stands for."""
        denied = is_denial(clause, self.lexicon)
        ceiling = denied_stage(clause, domain_key, ceiling, self.lexicon) if denied else 1
        return _Unit(clause, weight, denied, is_negated(clause, self.lexicon), ceiling)

    def _prepare(self, domain: str, description: str) -> tuple[Domain, str]:
        target = resolve_domain(self.framework, domain)
        text = clean_input(description or "")
        if not text:
            raise BadInput("the description is empty: describe the city's current situation in this domain")
        if len(text) > MAX_DESCRIPTION_CHARS:
            raise BadInput(f"the description is too long ({len(text)} characters; at most {MAX_DESCRIPTION_CHARS}): "
                           "describe the situation in a few sentences")
        if not re.search(r"\w", text):
            raise BadInput("the description has no words: describe the city's current situation in this domain")
        return target, text

    def _reference_set(self, domain: Domain) -> _References:
        """Every characteristic of the domain (and each stage's summary), embedded once."""
        if domain.key not in self._references:
            stages, texts, dimensions, quotes = [], [], [], []
            for number, spec in domain.stages.items():
                stages.append(number)
                texts.append(spec.summary)
                dimensions.append("")
                quotes.append("")
                named = [(name, item) for name, item in spec.dimensions.items()] + [("other", item) for item in spec.other]
                for name, item in named:
                    stages.append(number)
                    texts.append(item.text)
                    dimensions.append(name)
                    quotes.append(item.quote)
            # Description and characteristic are compared as peers, so both sides get e5's "query:" form.
            vectors = np.asarray([self.embedder.embed_query(text) for text in texts], dtype=np.float32)
            self._references[domain.key] = _References(np.asarray(stages), dimensions, quotes, vectors)
        return self._references[domain.key]


def build_stage_judge(settings: Settings) -> StageJudge:
    """The stage judge over the configured framework file and embedder."""
    from assistant.knowledge.framework import load_framework
    from assistant.search.embedders import build_embedder

    return StageJudge(
        load_framework(settings.paths.framework_file),
        build_embedder(settings.embedder),
        prompts_dir=settings.paths.prompts_dir,
    )


def _units(clauses: list[_Unit]) -> list[_Unit]:
    """Clauses joined into sentence-sized units (25 characters or more) of equal weight and equal denial."""
    kind = lambda unit: (unit.weight, unit.denied, unit.negated, unit.ceiling)  # noqa: E731
    units: list[_Unit] = []
    for clause in clauses:
        last = units[-1] if units else None
        if last and kind(last) == kind(clause) and len(last.text) < 25:
            last.text += "，" + clause.text
        else:
            units.append(clause)
    # A short tail of the same kind joins the unit before it.
    if len(units) > 1 and len(units[-1].text) < 10 and kind(units[-1]) == kind(units[-2]):
        units[-2].text += "，" + units.pop().text
    return units


def _per_stage(sims: np.ndarray, stages: np.ndarray, units: list[_Unit]) -> np.ndarray:
    """Per unit and stage, the best similarity; a denying unit's closeness to any stage counts for its ceiling only."""
    table = np.stack([sims[:, stages == number].max(axis=1) for number in (1, 2, 3)], axis=1)
    for row, unit in enumerate(units):
        if unit.denied:
            best = table[row].max()
            table[row] = table[row].min()
            table[row, unit.ceiling - 1] = best
    return table


def _dimension_readings(sims: np.ndarray, refs: _References, units: list[_Unit],
                        overall: int | None = None) -> list[DimensionReading]:
    """Each of the three dimensions judged alone: the stage of its characteristic closest to an affirming sentence.

    A denying sentence close to a dimension says the city lacks what a higher stage describes: the stage below.
    Given the overall stage, a dimension is read apart from it only when its closest characteristic is clearly closer
    (similarities within _DIMENSION_MARGIN of each other are noise for the embedder).
    """
    readings = []
    for dimension in JUDGED_DIMENSIONS:
        columns = [index for index, name in enumerate(refs.dimensions) if name == dimension]
        if not columns:
            readings.append(DimensionReading(dimension=dimension))
            continue
        best: dict[int, tuple[float, str, str]] = {}
        for row, unit in enumerate(units):
            # A denying sentence stands for its ceiling, however close it is to a higher stage's words.
            candidates = [(column, unit.ceiling) for column in columns if refs.stages[column] == unit.ceiling] \
                if unit.denied else \
                [(column, int(refs.stages[column])) for column in columns]
            for column, stage in candidates:
                if sims[row, column] > best.get(stage, (-1.0, "", ""))[0]:
                    best[stage] = (float(sims[row, column]), unit.text, refs.quotes[column])
        if not best:
            readings.append(DimensionReading(dimension=dimension))
            continue
        stage = max(best, key=lambda number: best[number][0])
        if overall in best and best[overall][0] >= best[stage][0] - _DIMENSION_MARGIN:
            stage = overall
        _, official, report = best[stage]
        readings.append(DimensionReading(dimension=dimension, stage=stage, official=official, report=report))
    return readings


def _evidence(stage: int, sims: np.ndarray, refs: _References, units: list[_Unit]) -> list[Evidence]:
    """The official's sentences closest to the stage's characteristics (affirming ones, and old-way ones when the stage
    is no higher than they leave possible), then each denial beside the higher stage's words it denies."""
    columns = [index for index in np.flatnonzero(refs.stages == stage) if refs.quotes[index]]
    found: list[tuple[float, Evidence]] = []
    for row, unit in enumerate(units):
        if unit.negated or (unit.denied and stage > unit.ceiling):
            continue
        column = max(columns, key=lambda c: sims[row, c])
        found.append((float(sims[row, column]), Evidence(official=unit.text, report=refs.quotes[column], stage=stage,
                                                         dimension=refs.dimensions[column])))
    found.sort(key=lambda pair: -pair[0])
    shown = [item for value, item in found if value >= found[0][0] - _EVIDENCE_MARGIN][:3] if found else []
    for row, unit in enumerate(units):
        higher = [index for index in np.flatnonzero(refs.stages > unit.ceiling) if refs.quotes[index]]
        if unit.denied and higher:
            column = max(higher, key=lambda c: sims[row, c])
            shown.append(Evidence(official=unit.text, report=refs.quotes[column], stage=int(refs.stages[column]),
                                  dimension=refs.dimensions[column], denied=True))
    return shown


def _leaning(stage: int, probabilities: np.ndarray) -> int | None:
    """The adjacent stage the description comes close to, when it is nearly as likely."""
    neighbours = [n for n in (stage - 1, stage + 1) if 1 <= n <= 3 and probabilities[n - 1] >= _LEANING]
    return max(neighbours, key=lambda n: probabilities[n - 1]) if neighbours else None


def _cue_scores(hits: list[CueHit]) -> np.ndarray:
    """Per stage, the weight of the distinct cues found, with diminishing returns for many cues."""
    raw = np.zeros(3)
    seen: set[tuple[int, str]] = set()
    for hit in hits:
        if (hit.counts_for, hit.label) in seen:
            continue
        seen.add((hit.counts_for, hit.label))
        raw[hit.counts_for - 1] += hit.weight * hit.time_weight
    return np.asarray([math.sqrt(value) * 1.5 if value > 0 else 0.0 for value in raw])


def _reasons(stage: int, leaning: int | None, hits: list[CueHit], similarity: np.ndarray,
             readings: list[DimensionReading]) -> list[str]:
    from assistant.assessment.judgement import DIMENSION_ZH

    reasons = []
    for reading in readings:
        if reading.stage is not None:
            reasons.append(f"{DIMENSION_ZH[reading.dimension]}：“{reading.official}”最接近报告{STAGE_LABELS[reading.stage]}的"
                           f"“{reading.report}”")
    closest = int(np.argmax(similarity)) + 1
    reasons.append(
        f"整体与报告中{STAGE_LABELS[closest]}的特征最相近（相似度 "
        + "、".join(f"{STAGE_LABELS[n]} {similarity[n - 1]:.3f}" for n in (1, 2, 3))
        + "）"
    )
    shown: set[str] = set()
    for hit in hits:
        line = hit.describe()
        if line not in shown:
            shown.add(line)
            reasons.append(line)
    verdict = f"综合判断为{STAGE_LABELS[stage]}"
    if leaning is not None:
        verdict += f"，接近{STAGE_LABELS[leaning]}"
    reasons.append(verdict + "。")
    return reasons
