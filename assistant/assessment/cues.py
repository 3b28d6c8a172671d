"""Reading an official's description clause by clause: cue phrases of each stage, denials, past and present.

The words come from the `assessment` section of corpus/lexicon.yaml; this module is the mechanism. A clause that
denies something ("还没有统一平台", "统一平台尚未建成") or says the city still works the old way ("还得跑现场")
is a denial: the higher-stage traits it names count against their stage, never for it. Lacking a stage-N trait
says the city is below stage N, not that it is at stage 1: a denied stage-N cue counts for stage N-1, or for the
lowest such stage when the description denies traits of several stages (no twin and no unified platform: stage 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.knowledge.framework import STAGE_LABELS
from assistant.knowledge.lexicon import Lexicon, load_lexicon

# Entry name (after "cues_") -> (stage, weight). Decisive phrases place a city by themselves.
_WEIGHTS = {"": 1.0, "_strong": 1.5, "_decisive": 2.0}
_CLAUSE_END = re.compile(r"[，,；;。！？!?：:\n]+|(?<=[A-Za-z])\.\s+")
PAST_WEIGHT = 0.3
_LIMITED_REACH = 4  # characters between a quantity word and the higher-stage trait it limits ("a few cross-...")
DENIED_WEIGHT = 0.5  # lacking a trait (even a decisive one) is weaker evidence for the stage below than having it


@dataclass(frozen=True)
class CueHit:
    """A cue phrase found in the description, and the stage it counts for after negation."""

    label: str
    stage: int
    counts_for: int
    negated: bool
    weight: float
    time_weight: float

    def describe(self) -> str:
        """One line for the reasons of a judgement."""
        if self.negated:
            return f"“{self.label}”前后有否定，不计为{STAGE_LABELS[self.stage]}，计为{STAGE_LABELS[self.counts_for]}"
        return f"“{self.label}”是{STAGE_LABELS[self.stage]}的特征"


def split_clauses(text: str) -> list[str]:
    """The description cut at commas and sentence ends: the scope of a negation."""
    return [part.strip() for part in _CLAUSE_END.split(text) if part.strip()]


def time_weights(clauses: list[str], lexicon: Lexicon | None = None) -> list[float]:
    """1.0 per clause, lower for clauses about the past when the description also speaks of the present."""
    lexicon = lexicon or load_lexicon()
    past, present = lexicon.pattern("assessment.past"), lexicon.pattern("assessment.present")
    text = "".join(clauses)
    if not (past.search(text) and present.search(text)):
        return [1.0] * len(clauses)
    return span_weights(clauses, past, present, PAST_WEIGHT)


def span_weights(clauses: list[str], opens: re.Pattern[str], closes: re.Pattern[str], weight: float) -> list[float]:
    """`weight` for each clause from one that `opens` a span (in the past, what was believed) up to the one that
    `closes` it (now, in fact); 1.0 for the others."""
    weights, inside = [], False
    for clause in clauses:
        if closes.search(clause):
            inside = False
        elif opens.search(clause):
            inside = True
        weights.append(weight if inside else 1.0)
    return weights


def is_negated(clause: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a clause says the city lacks something or has it only planned ("还没有……", "正在规划……")."""
    lexicon = lexicon or load_lexicon()
    if lexicon.pattern("assessment.no_longer").search(clause):
        return False
    return bool(lexicon.pattern("assessment.negation_before").search(clause)
                or lexicon.pattern("assessment.negation_after").search(clause))


def is_denial(clause: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a clause says the city lacks something or still works the old way (it is no evidence of a higher stage)."""
    lexicon = lexicon or load_lexicon()
    if lexicon.pattern("assessment.no_longer").search(clause):
        return False
    return bool(lexicon.pattern("assessment.negation_before").search(clause)
                or lexicon.pattern("assessment.old_way").search(clause))


_TABLES: dict[tuple[int, str], tuple[Lexicon, tuple]] = {}


def _cue_table(lexicon: Lexicon, domain_key: str) -> tuple[tuple[int, re.Pattern, float], ...]:
    """(stage, pattern, weight) of every cue entry that applies to the domain, built once per lexicon."""
    cached = _TABLES.get((id(lexicon), domain_key))
    if cached is not None and cached[0] is lexicon:
        return cached[1]
    table = []
    for name in lexicon.entries:
        section, _, entry = name.partition(".")
        if section != "assessment" or not entry.startswith("cues_"):
            continue
        scope, _, rest = entry[len("cues_"):].rpartition("stage")
        scope = scope.rstrip("_")
        if scope and scope != domain_key:
            continue
        number, suffix = rest[:1], rest[1:]
        table.append((int(number), lexicon.pattern(name), _WEIGHTS[suffix]))
    _TABLES[(id(lexicon), domain_key)] = (lexicon, tuple(table))
    return tuple(table)


def find_cues(clauses: list[str], weights: list[float], domain_key: str, lexicon: Lexicon | None = None) -> list[CueHit]:
    """Every cue phrase in the clauses; a negated cue of stage N counts for stage N-1 (the lowest of them when several
    stages are denied), a negated stage-1 cue for none.

    A clause saying the city still works the old way (还得跑现场, 主要靠线下) is itself a stage-1 cue.
    """
    lexicon = lexicon or load_lexicon()
    before_pattern = lexicon.pattern("assessment.negation_before")
    after_pattern = lexicon.pattern("assessment.negation_after")
    no_longer = lexicon.pattern("assessment.no_longer")
    hits = []
    for clause, time_weight in zip(clauses, weights):
        matches = _matches(clause, domain_key, lexicon)
        limited = _spared_spans(clause, matches, lexicon)
        for stage, match, weight in matches:
            if stage == 1 and _within(match.span(), limited):
                continue
            before, after = clause[: match.start()], clause[match.end():]
            window = before[-40:] if before.isascii() else before[-12:]
            negated = bool(before_pattern.search(window)) and not no_longer.search(window)
            negated = negated or bool(after_pattern.search(after))
            if stage == 1 and no_longer.search(before):
                negated = True
            if negated and stage == 1:
                continue
            hits.append(CueHit(match.group(0), stage, stage - 1 if negated else stage, negated, weight, time_weight))
        if not no_longer.search(clause):
            for match in _old_way_matches(clause, limited, lexicon):
                hits.append(CueHit(match.group(0), 1, 1, False, 1.0, time_weight))
    ceiling = denial_ceiling(hits)
    return [replace(hit, counts_for=ceiling, weight=DENIED_WEIGHT) if hit.negated else hit
            for hit in hits]


def actor_cues(clauses: list[str], weights: list[float], segments: list[int], lexicon: Lexicon | None = None
               ) -> list[CueHit]:
    """A stage-3 cue for each segment (a sentence, cut at contrast words) naming three or more kinds of actor besides
    the government that take part (企业、志愿者和居民一起……, firms, NGOs and residents co-design …):
    the report's many actors driving a domain. A denying segment names actors the city does not have. The cue's
    weight in time is the lowest of its clauses'; its label is the first word of each kind, as the official wrote it.
    """
    lexicon = lexicon or load_lexicon()
    kinds, taking_part = lexicon.forms("assessment.actor_kinds"), lexicon.pattern("assessment.taking_part")
    grouped: dict[int, list[int]] = {}
    for position, segment in enumerate(segments):
        grouped.setdefault(segment, []).append(position)
    hits = []
    for positions in grouped.values():
        text = "，".join(clauses[position] for position in positions)
        lowered = text.lower()
        named = [min((lowered.find(word.lower()), word) for word in words if word.lower() in lowered)
                 for words in kinds.values() if any(word.lower() in lowered for word in words)]
        if len(named) >= 3 and taking_part.search(text) and not any(is_denial(clauses[p], lexicon) for p in positions):
            label = "、".join(text[start:start + len(word)] for start, word in sorted(named))
            hits.append(CueHit(label, 3, 3, False, _WEIGHTS["_strong"], min(weights[p] for p in positions)))
    return hits


def _matches(clause: str, domain_key: str, lexicon: Lexicon) -> list[tuple[int, re.Match, float]]:
    """(stage, match, weight) of every cue in the clause, except a cue inside a longer one (城市级 in 城市级操作系统)."""
    found = [(stage, match, weight) for stage, pattern, weight in _cue_table(lexicon, domain_key)
             for match in pattern.finditer(clause)]
    return [item for item in found if not any(_inside(item[1], other[1]) for other in found)]


def _spared_spans(clause: str, matches: list[tuple[int, re.Match, float]], lexicon: Lexicon) -> set[tuple[int, int]]:
    """Spans of words that measure a higher-stage trait rather than describe the old way: a quantity word just
    before it ("in a few cross-department cases", the report's stage 2 reached in part) and a denial just after it
    ("数据对社会开放还很少", the trait denied, not the city's work said to be thin). Neither is a stage-1 cue.
    `matches` are the clause's cues (`_matches`)."""
    higher = [match for stage, match, _ in matches if stage > 1]
    spans = set()
    for match in lexicon.pattern("assessment.limiting").finditer(clause):
        if any(0 <= trait.start() - match.end() <= _LIMITED_REACH for trait in higher):
            spans.add(match.span())
    after_pattern = lexicon.pattern("assessment.negation_after")
    for trait in higher:
        denial = after_pattern.search(clause[trait.end():])
        if denial:
            spans.add((trait.end() + denial.start(), trait.end() + denial.end()))
    return spans


def _old_way_matches(clause: str, spared: set[tuple[int, int]], lexicon: Lexicon) -> list[re.Match]:
    """The old-way phrases of the clause, except those inside a spared span (see `_spared_spans`)."""
    return [match for match in lexicon.pattern("assessment.old_way").finditer(clause) if not _within(match.span(), spared)]


def _within(span: tuple[int, int], spans: set[tuple[int, int]]) -> bool:
    """Whether a character span lies inside one of `spans` ("few" inside "a few", not "个别部门" inside "个别")."""
    return any(start <= span[0] and span[1] <= end for start, end in spans)


def _inside(short: re.Match, long: re.Match) -> bool:
    """Whether one match lies within a strictly longer one."""
    within = long.start() <= short.start() and short.end() <= long.end()
    return within and short.end() - short.start() < long.end() - long.start()


def denial_ceiling(hits: list[CueHit]) -> int:
    """The highest stage the denials leave possible: one below the lowest stage whose trait is denied (3 if none)."""
    return min((hit.stage - 1 for hit in hits if hit.negated), default=3)


def denied_stage(clause: str, domain_key: str, ceiling: int = 3, lexicon: Lexicon | None = None) -> int:
    """The stage a denying clause stands for: one below the lowest stage whose trait it denies, at most `ceiling`
    (the description's own), and 1 for the old way or a denial naming no trait.

    "还没有数字孪生" denies a stage-3 trait only (stage 2 at most); "还没有统一平台" or "还得跑窗口" says stage 1.
    """
    lexicon = lexicon or load_lexicon()
    no_longer = lexicon.pattern("assessment.no_longer").search(clause)
    spared = _spared_spans(clause, _matches(clause, domain_key, lexicon), lexicon)
    if _old_way_matches(clause, spared, lexicon) and not no_longer:
        return 1
    hits = find_cues([clause], [1.0], domain_key, lexicon)
    return min(denial_ceiling(hits), ceiling) if any(hit.negated for hit in hits) else 1
