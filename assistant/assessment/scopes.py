"""How much each clause of a description counts: the past, pilots and plans, and what was once believed.

A pilot or a plan (试点, 示范, 计划, pilot, plan to) speaks for the sentence it stands in, up to a contrast word
(不过, 但是, but) that turns to the rest of the city: its clauses count, but less than what the city has done. What
someone once believed (以为……, 其实……) counts for nothing: the clauses from 以为 up to 其实 are weighed 0. An
exception to the main picture (不过个别部门还保留着自己的机房, 短板是……, our weak spot is …) counts half.
The words come from the `assessment` section of corpus/lexicon.yaml.
"""

from __future__ import annotations

import re

from assistant.assessment.cues import span_weights, split_clauses, time_weights
from assistant.knowledge.lexicon import Lexicon, load_lexicon

TENTATIVE_WEIGHT = 0.3
EXCEPTION_WEIGHT = 0.5
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
    weights = [weight * factor for weight, factor in zip(weights, exception_factors(clauses, segments, lexicon))]
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


def exception_factors(clauses: list[str], segments: list[int], lexicon: Lexicon) -> list[float]:
    """EXCEPTION_WEIGHT for every clause of a segment that names an exception to the main picture, 1.0 for the others.

    A segment is an exception when it opens with a shortcoming (短板是, our weak spot is), or with a contrast word or
    a few (不过, 个别, one or two) and says something remains as it was (还, 仍, still); never when it speaks of a
    majority (大部分, most), and never when every segment would be one (there is no main picture to except from).
    """
    contrast, limiting = lexicon.pattern("assessment.contrast"), lexicon.pattern("assessment.limiting")
    shortcoming, still = lexicon.pattern("assessment.shortcoming"), lexicon.pattern("assessment.still")
    majority = lexicon.pattern("assessment.majority")
    texts: dict[int, list[str]] = {}
    for clause, segment in zip(clauses, segments):
        texts.setdefault(segment, []).append(clause)
    exceptions = set()
    for segment, parts in texts.items():
        whole = "，".join(parts)
        if majority.search(whole):
            continue
        opening = parts[0]
        if shortcoming.search(opening) or ((contrast.match(opening) or limiting.match(opening)) and still.search(whole)):
            exceptions.add(segment)
    if len(exceptions) == len(texts):
        return [1.0] * len(clauses)
    return [EXCEPTION_WEIGHT if segment in exceptions else 1.0 for segment in segments]
