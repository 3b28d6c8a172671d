"""The passages a question is about: those naming the places it names, a domain's own stage paragraph, or the
framework's own description of a stage.

Search ranks passages by likeness; these rules read what the question names against where each passage sits
in the report (its city, domain, section and which stage its paragraph describes).
"""

from __future__ import annotations

from assistant.answer.names import NameFinder
from assistant.answer.question import QuestionAnalysis
from assistant.knowledge.corpus import stage_of_paragraph
from assistant.schemas import Chunk


class AboutPassages:
    """Picks, among the report's passages, those about what a question names."""

    def __init__(self, chunks: dict[str, Chunk], finder: NameFinder, general_stage_sections: set[str]):
        self._in_order = sorted(chunks.values(), key=lambda chunk: chunk.order)
        self.finder = finder
        self.general_stage_sections = general_stage_sections

    def named_places(self, analysis: QuestionAnalysis, passages: list[Chunk]) -> list[Chunk]:
        """The passages that mention a place the question names (all of them when it names none)."""
        return self.of_places(analysis.places, passages)

    def of_places(self, places: list[str], passages: list[Chunk]) -> list[Chunk]:
        """The passages that mention one of the places, in any of its Chinese forms (all when none is given)."""
        if not places:
            return passages
        forms = set().union(*(self.finder.chinese_forms(place) for place in places))
        return [
            chunk for chunk in passages
            if any(form in chunk.text or form in " ".join(chunk.heading_path) or form == chunk.city for form in forms)
        ]

    def named_domain(self, analysis: QuestionAnalysis, passages: list[Chunk]) -> list[Chunk]:
        """For a question about one stage of one domain, the passages of that domain without its other stages'
        paragraphs, the stage's own first (all the passages otherwise, or when none is the domain's): shown the
        framework's general description of the stages or another stage's paragraph beside it, a small model
        quotes those instead."""
        domain, stage = analysis.one_domain_and_stage
        own = [chunk for chunk in passages if domain and stage and chunk.domain == domain
               and stage_of_paragraph(chunk.text) in (None, stage)]
        if not own:
            return passages
        return sorted(own, key=lambda chunk: stage_of_paragraph(chunk.text) != stage)

    def framework_passages(self, analysis: QuestionAnalysis) -> list[Chunk]:
        """For a question about stages of the framework (one or more stages named, no place, not about the
        cases): the report's own description of those stages, whether or not the search found it. With one
        domain named, the domain's paragraphs of the stages (sections 3.3-3.9), in the report's order, so that
        two stages compared are set side by side; with none, the passages of the general description of the
        stages (3.2). Never a case's sentence: a case's 第一阶段 is a project's phase. Empty for any other
        question, or when the report has no such passage."""
        stages = analysis.stages
        if not stages or analysis.places or analysis.about_cases or len(analysis.domains) > 1:
            return []
        if analysis.domains:
            return [chunk for chunk in self._in_order if chunk.city is None and chunk.domain == analysis.domains[0]
                    and stage_of_paragraph(chunk.text) in stages]
        return [chunk for chunk in self._in_order if chunk.city is None and chunk.section in self.general_stage_sections
                and any(stage in chunk.text for stage in stages)]
