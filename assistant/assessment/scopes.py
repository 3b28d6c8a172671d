"""How much each clause of a description counts: the past, pilots and plans, and what was once believed.

A pilot or a plan (试点, 示范, 计划, pilot, plan to) speaks for the sentence it stands in, up to a contrast word
(不过, 但是, but) that turns to the rest of the city: its clauses count, but less than what the city has done. What
someone once believed (以为……, 其实……) counts for nothing: the clauses from 以为 up to 其实 are weighed 0.
The words come from the `assessment` section of corpus/lexicon.yaml.
"""

from __future__ import annotations

import re

from assistant.assessment.cues import span_weights, split_clauses, time_weights
from assistant.knowledge.lexicon import Lexicon, load_lexicon

TENTATIVE_WEIGHT = 0.3
_SENTENCE_END = re.compile(r"[；;。！？!?\n]+|(?<=[A-Za-z])\.\s+")


def clause_weights(text: str, lexicon: Lexicon | None = None) -> tuple[list[str], list[float]]:
    """The clauses of the description and the weight of each: time, pilots and plans, and beliefs, multiplied."""
    lexicon = lexicon or load_lexicon()
    clauses = split_clauses(text)
    weights = time_weights(clauses, lexicon)
    segments = contrast_segments(text, lexicon)
    if len(segments) != len(clauses):
        return clauses, weights
    weights = [weight * factor for weight, factor in zip(weights, tentative_factors(clauses, segments, lexicon))]
    weights = [weight * factor for weight, factor in zip(weights, belief_factors(clauses, lexicon))]
    return clauses, weights


def contrast_segments(text: str, lexicon: Lexicon) -> list[int]:
    """Per clause, the number of its segment: a sentence, cut again where a clause opens with a contrast word."""
    contrast = lexicon.pattern("assessment.contrast")
    segments, number = [], -1
    for sentence in _SENTENCE_END.split(text):
        for index, clause in enumerate(split_clauses(sentence)):
            if index == 0 or contrast.match(clause):
                number += 1
            segments.append(number)
    return segments


def tentative_factors(clauses: list[str], segments: list[int], lexicon: Lexicon) -> list[float]:
    """TENTATIVE_WEIGHT for every clause in a segment that speaks of a pilot or a plan, 1.0 for the others."""
    tentative = lexicon.pattern("assessment.tentative")
    marked = {segment for clause, segment in zip(clauses, segments) if tentative.search(clause)}
    return [TENTATIVE_WEIGHT if segment in marked else 1.0 for segment in segments]


def belief_factors(clauses: list[str], lexicon: Lexicon) -> list[float]:
    """0.0 for the clauses from one saying what was believed (以为) up to the one that sets it right (其实)."""
    return span_weights(clauses, lexicon.pattern("assessment.believed"), lexicon.pattern("assessment.actually"), 0.0)
