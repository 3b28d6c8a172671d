"""Replies that step aside from the assessment: questions back (answered from the report), requests outside it,
and the official's yes or no to a proposed change of a confirmed stage."""

from __future__ import annotations

from collections.abc import Callable

from assistant.assessment import interpret
from assistant.assessment.detours import confirmation_note, detour, is_decline
from assistant.assessment.models import Assessment, StageChange
from assistant.assessment.phrases import phrase
from assistant.assessment.render import answer_text, name_of
from assistant.assessment.texts import stage_label
from assistant.errors import AssistantError
from assistant.knowledge.framework import Framework
from assistant.schemas import Answer as ReportAnswer


class DetourSteps:
    """Questions back, off-topic requests and proposals of AssessmentConversation."""

    assessment: Assessment
    framework: Framework
    answerer: Callable[[str], ReportAnswer] | None
    _full_summary: bool

    def _detour(self, text: str) -> list[str] | None:
        """A question back is answered from the report (then the step is asked again); a request outside the
        assessment gets one line on what the assistant does. None when the reply is meant as an answer."""
        kind = detour(text)
        language = self.assessment.language
        if kind == "off_topic":
            return [phrase(language, "off_topic")]
        if kind != "question" or self.answerer is None:
            return None
        try:
            answer = self.answerer(text)
        except AssistantError as error:
            return [error.message, phrase(language, "back_to_step")]
        if answer.refused or not answer.answer.strip():
            return [phrase(language, "question_back_none"), phrase(language, "back_to_step")]
        return [answer_text(answer, language), phrase(language, "back_to_step")]

    def _on_proposal(self, text: str) -> list[str] | None:
        """The official's yes or no to a proposed change of a confirmed stage; None when the reply is neither."""
        assessment = self.assessment
        proposal = assessment.proposal
        language = assessment.language
        record = assessment.record(proposal.domain)
        name = name_of(self.framework, proposal.domain, language)
        old = record.current
        assessment.proposal = None
        if is_decline(text):
            record.notes.append(proposal.remark)
            return [phrase(language, "proposal_declined", domain=name, old=stage_label(language, old))]
        if interpret.is_affirmative(text) or confirmation_note(text) is not None or interpret.fold(text) in ("是", "yes"):
            record.current = proposal.stage
            if record.target is not None and record.target < proposal.stage:
                record.target = proposal.stage
            record.changes.append(StageChange(inferred_from=old, inferred_to=proposal.stage, current_from=old,
                                              current_to=proposal.stage, text=proposal.remark))
            self._full_summary = assessment.step == "summary"
            return [phrase(language, "proposal_accepted", domain=name, new=stage_label(language, proposal.stage))]
        record.notes.append(proposal.remark)
        return None
