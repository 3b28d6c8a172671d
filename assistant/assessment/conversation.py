"""The guided self-assessment as a state machine, independent of any user interface.

city profile (name, population band, region) -> domains (all, or the urgent ones) -> per domain: two or three
diagnostic questions -> the inferred stage with the characteristics that matched, to confirm or correct ->
target stage -> next domain -> summary. Replies that cannot be used are asked again with an example; a later
correction ("其实我们已经建了统一平台") is routed to the domain it concerns, which is judged again, and a confirmed
stage changes only when the official says yes. A question back is answered from the report and the step asked
again (DetourSteps); the profile is read from free replies and corrected at any time (ProfileSteps).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from langchain_core.language_models import BaseChatModel

from assistant.text import MAX_QUESTION_CHARS
from assistant.assessment import interpret
from assistant.assessment.inference import DomainInference
from assistant.assessment.detour_steps import DetourSteps
from assistant.assessment.detours import confirmation_note, detour
from assistant.assessment.models import (
    Proposal,
    Answer,
    Assessment,
    AssessmentReport,
    DomainAssessment,
    StageChange,
    Turn,
    now,
)
from assistant.assessment.phrases import phrase
from assistant.assessment.profile_steps import ProfileSteps
from assistant.assessment.render import (
    domain_options,
    entries_text,
    example_for,
    name_of,
    prompt_for,
    stage_options,
    summary_text,
)
from assistant.assessment.results import build_report, vocabulary_for
from assistant.assessment.texts import questions, say, stage_label
from assistant.errors import BadInput
from assistant.knowledge.framework import Framework
from assistant.knowledge.lexicon import load_lexicon
from assistant.schemas import Answer as ReportAnswer
from assistant.schemas import Language
from assistant.assessment.judge import StageJudge
from assistant.text import clean_input

_LATE_STEPS = ("question", "confirm", "target", "summary")


class Recorder(Protocol):
    """Where every turn is committed as it happens (the assessment store)."""

    def create(self, assessment: Assessment, turn: Turn) -> None: ...

    def record(self, assessment: Assessment, text: str, turn: Turn) -> None: ...


class AssessmentConversation(ProfileSteps, DetourSteps):
    """One official's assessment: `start(language)`, then `reply(text)` for each message; each returns a Turn."""

    def __init__(
        self,
        framework: Framework,
        judge: StageJudge,
        *,
        recorder: Recorder | None = None,
        chat_model: BaseChatModel | None = None,
        answerer: Callable[[str], ReportAnswer] | None = None,
    ):
        self.framework = framework
        self.answerer = answerer
        self.judge = judge
        self.recorder = recorder
        self.chat_model = chat_model
        self.vocabulary = vocabulary_for(framework)
        self.inference = DomainInference(framework, judge, chat_model)
        self.assessment: Assessment | None = None
        self.turn: Turn | None = None
        self._full_summary = False

    @classmethod
    def restore(
        cls, framework: Framework, judge: StageJudge, assessment: Assessment, turn: Turn, **options
    ) -> AssessmentConversation:
        """A conversation continuing exactly where a stored one stopped."""
        conversation = cls(framework, judge, **options)
        conversation.assessment = assessment
        conversation.turn = turn
        return conversation

    # -- public API ------------------------------------------------------------------------------------

    def start(self, language: Language = "zh") -> Turn:
        """Begin a new assessment: the welcome and the first question."""
        if language not in ("zh", "en"):
            raise BadInput(f"unknown language {language!r}; use zh or en")
        self.assessment = Assessment(language=language)
        turn = self._turn([say(language, "welcome")])
        if self.recorder is not None:
            self.recorder.create(self.assessment, turn)
        self.turn = turn
        return turn

    def reply(self, text: str) -> Turn:
        """Take the official's reply to the last turn and say what comes next; every reply is committed first."""
        if self.assessment is None or self.turn is None:
            raise BadInput("the assessment has not started: call start() first")
        raw = text if isinstance(text, str) else ""
        cleaned = clean_input(raw)
        picked = interpret.pick_number(cleaned, self.turn.quick_replies)
        if len(cleaned) > MAX_QUESTION_CHARS:
            lead = [phrase(self.assessment.language, "too_long", length=len(cleaned), limit=MAX_QUESTION_CHARS)]
        else:
            lead = self._handle(picked or cleaned, picked is not None)
        turn = self._turn(lead)
        self.assessment.version += 1
        if self.recorder is not None:
            self.recorder.record(self.assessment, raw, turn)
        self.turn = turn
        return turn

    def report(self) -> AssessmentReport:
        """The results of the assessment so far."""
        if self.assessment is None:
            raise BadInput("the assessment has not started: call start() first")
        return build_report(self.framework, self.assessment)

    # -- dispatch --------------------------------------------------------------------------------------

    def _handle(self, text: str, picked: bool) -> list[str]:
        assessment = self.assessment
        self._full_summary = False
        if interpret.is_injection(text):
            text = interpret.strip_injection(text)
            if not interpret.is_substantive(text, minimum_cjk=2, minimum_words=1):
                return [self._again("injection")]
        if not picked and (corrected := self._correct_profile(text)) is not None:
            return corrected
        if assessment.proposal is not None:
            handled = self._on_proposal(text)
            if handled is not None:
                return handled
        if not picked and assessment.step not in ("name", "population", "region"):
            handled = self._detour(text)
            if handled is not None:
                return handled
        if assessment.step in _LATE_STEPS and not picked:
            handled = self._maybe_correction(text)
            if handled is not None:
                return handled
        return getattr(self, f"_on_{assessment.step}")(text)

    def _turn(self, lead: list[str]) -> Turn:
        assessment = self.assessment
        summary = None
        if assessment.step == "summary":
            report = build_report(self.framework, assessment)
            summary = summary_text(report) if (self._full_summary or not lead) else None
        prompt, options = prompt_for(self.framework, assessment, summary)
        if assessment.proposal is not None:
            prompt, options = "", []
        assessment.updated_at = now()
        message = "\n\n".join(part for part in [*lead, prompt] if part)
        return Turn(message=message, quick_replies=options, state=assessment.step, domain=assessment.cursor_domain,
                    assessment_id=assessment.id)

    def _again(self, kind: str = "nonsense") -> str:
        hint, example = example_for(self.framework, self.assessment)
        return say(self.assessment.language, kind, hint=hint, example=example)

    # -- choosing domains ------------------------------------------------------------------------------

    def _on_domains(self, text: str) -> list[str]:
        assessment = self.assessment
        options = domain_options(self.framework, assessment.language)
        picked = interpret.pick_numbers(text, options)
        if picked:
            text = "、".join(picked)
        named = interpret.mentioned_domains(self.framework, text)
        if interpret.matching_option(text, options[:1]) == 0 or (interpret.wants_all(text) and not named):
            assessment.selection = "all"
            assessment.domains = list(self.framework.domains)
            assessment.step = "urgent"
            return []
        if not named:
            return [self._again()]
        assessment.selection = "chosen"
        assessment.domains = named
        assessment.urgent = list(named)
        return [self._chosen_text(), *self._next_domain()]

    def _on_urgent(self, text: str) -> list[str]:
        assessment = self.assessment
        options = [name_of(self.framework, key, assessment.language) for key in self.framework.domains]
        picked = interpret.pick_numbers(text, options + [say(assessment.language, "qr_skip")])
        if picked:
            text = "、".join(picked)
        if not interpret.is_skip(text):
            urgent = interpret.mentioned_domains(self.framework, text)
            if not urgent:
                return [self._again()]
            assessment.urgent = urgent
            assessment.domains = urgent + [key for key in self.framework.domains if key not in urgent]
        return [self._chosen_text(), *self._next_domain()]

    def _chosen_text(self) -> str:
        language = self.assessment.language
        names = say(language, "list_separator").join(name_of(self.framework, key, language) for key in self.assessment.domains)
        return say(language, "domains_chosen", domains=names)

    def _next_domain(self) -> list[str]:
        """Move to the next domain not yet assessed, or to the summary."""
        assessment = self.assessment
        for key in assessment.domains:
            record = assessment.record(key)
            if record.status == "pending":
                record.status = "answering"
                assessment.step, assessment.cursor_domain, assessment.cursor_question = "question", key, 0
                return []
        assessment.step, assessment.cursor_domain, assessment.cursor_question = "summary", None, 0
        self._full_summary = True
        return []

    # -- one domain ------------------------------------------------------------------------------------

    def _record(self) -> DomainAssessment:
        return self.assessment.record(self.assessment.cursor_domain)

    def _on_question(self, text: str) -> list[str]:
        assessment = self.assessment
        language = assessment.language
        record = self._record()
        question = questions(language, record.domain)[assessment.cursor_question]
        key = f"{record.domain}.{question.dimension}"
        if detour(text) == "vague" and assessment.probed != f"{key}.{assessment.cursor_question}":
            assessment.probed = f"{key}.{assessment.cursor_question}"
            traits = say(language, "list_separator").join(question.options)
            return [phrase(language, "vague", domain=name_of(self.framework, record.domain, language), traits=traits)]
        if interpret.is_domain_skip(text):
            record.status = "skipped"
            skipped = say(language, "domain_skipped", domain=name_of(self.framework, record.domain, language))
            return [skipped, *self._next_domain()]
        lead = []
        if interpret.is_skip(text):
            record.answers.append(Answer(question=key, kind="unknown"))
            lead.append(say(language, "recorded_unknown"))
        elif (index := interpret.matching_option(text, list(question.options))) is not None:
            record.answers.append(Answer(question=key, text=question.options[index], stage_hint=index + 1))
        elif interpret.is_substantive(text) and self.vocabulary.is_relevant(text):
            record.answers.append(Answer(question=key, text=text))
        else:
            return [self._again()]
        assessment.cursor_question += 1
        if assessment.cursor_question >= len(questions(language, record.domain)):
            lead += self._infer(record)
            record.status = "confirming"
            assessment.step = "confirm"
        return lead

    def _on_confirm(self, text: str) -> list[str]:
        record = self._record()
        note = confirmation_note(text)
        if note is not None and (record.inferred is not None or interpret.parse_stage_in(text) is not None):
            record.current = interpret.parse_stage_in(text) or record.inferred.stage
            record.notes.append(note)
            record.status = "targeting"
            self.assessment.step = "target"
            language = self.assessment.language
            return [phrase(language, "confirm_remark", stage=stage_label(language, record.current), note=note)]
        if interpret.is_skip(text):
            record.current = None
        else:
            stage = self._stage_reply(text)
            if stage is None and interpret.is_affirmative(text) and record.inferred is not None:
                stage = record.inferred.stage
            if stage is None:
                if interpret.is_substantive(text) and self.vocabulary.is_relevant(text):
                    return self._correct(record.domain, text)
                return [self._again()]
            record.current = stage
        record.status = "targeting"
        self.assessment.step = "target"
        return []

    def _on_target(self, text: str) -> list[str]:
        record = self._record()
        language = self.assessment.language
        if interpret.is_skip(text):
            record.target = None
        else:
            stage = self._stage_reply(text)
            if stage is None and load_lexicon().pattern("assessment.keep_stage").search(text) and record.current is not None:
                stage = record.current
            if stage is None:
                return [self._again()]
            if record.current is not None and stage < record.current:
                return [say(language, "target_below", current=stage_label(language, record.current))]
            record.target = stage
        record.status = "done"
        name = name_of(self.framework, record.domain, language)
        done = say(language, "domain_done", domain=name, current=stage_label(language, record.current),
                   target=stage_label(language, record.target))
        return [done, *self._next_domain()]

    def _stage_reply(self, text: str) -> int | None:
        options = stage_options(self.framework, self.assessment.cursor_domain, self.assessment.language)
        index = interpret.matching_option(text, options)
        return index + 1 if index is not None and index < 3 else interpret.parse_stage(text)

    # -- summary and corrections -----------------------------------------------------------------------

    def _on_summary(self, text: str) -> list[str]:
        language = self.assessment.language
        if interpret.matching_option(text, [say(language, "qr_entries")]) == 0:
            return [entries_text(build_report(self.framework, self.assessment))]
        finish = interpret.matching_option(text, [say(language, "qr_finish")]) == 0
        if finish or load_lexicon().pattern("assessment.finish").match(text) or interpret.is_skip(text):
            return [say(language, "finished", id=self.assessment.id)]
        return [self._again()]

    def _maybe_correction(self, text: str) -> list[str] | None:
        """Handle a remark about another domain (or, at the summary, any domain); None when it is not one."""
        assessment = self.assessment
        if self.turn is not None and interpret.matching_option(text, self.turn.quick_replies) is not None:
            return None  # a quick reply of the step ("Show entry points") is never a remark about a domain
        edit = interpret.parse_stage_edit(self.framework, text)
        if edit and edit[0] in assessment.records and assessment.records[edit[0]].status in ("done", "skipped"):
            return self._set_stage(*edit)
        if assessment.step != "summary" and not interpret.has_correction_marker(text):
            return None
        if not interpret.is_substantive(text):
            return None
        domain = self.vocabulary.detect(text)
        if domain is None or (domain == assessment.cursor_domain and assessment.step in ("question", "confirm")):
            return None
        return self._correct(domain, text)

    def _correct(self, domain: str, text: str) -> list[str]:
        """Add a remark to a domain, judge it again and say what changed."""
        assessment = self.assessment
        language = assessment.language
        name = name_of(self.framework, domain, language)
        record = assessment.record(domain)
        record.answers.append(Answer(question="correction", text=text, kind="correction"))
        if domain not in assessment.domains:
            assessment.domains.append(domain)
            lead = [say(language, "correction_added", domain=name)]
            if assessment.step == "summary":
                lead += self._next_domain()
            return lead
        if record.status in ("pending", "answering"):
            return [say(language, "correction_pending", domain=name)]
        old = record.inferred.stage if record.inferred else None
        notes = self._infer(record, announce=False)
        if record.inferred is None:
            return notes
        new = record.inferred.stage
        key = "correction_changed" if old is not None and new != old else "correction_same"
        lines = [*notes, say(language, key, domain=name, old=stage_label(language, old), new=stage_label(language, new))]
        current_before = record.current
        if record.status in ("targeting", "done") and record.current is not None and record.current != new and new != old:
            assessment.proposal = Proposal(domain=domain, stage=new, remark=text)
            lines.append(phrase(language, "propose_change", remark=text, domain=name,
                                old=stage_label(language, record.current), new=stage_label(language, new)))
            return ["\n".join(lines)]
        record.changes.append(StageChange(inferred_from=old, inferred_to=new, current_from=current_before,
                                          current_to=record.current, text=text))
        self._full_summary = True
        return ["\n".join(lines)]

    def _set_stage(self, domain: str, stage: int) -> list[str]:
        """The official sets the current stage of a domain already assessed ("民生与服务改为阶段二")."""
        assessment = self.assessment
        language = assessment.language
        if domain not in assessment.domains:
            return [self._again()]
        record = assessment.record(domain)
        record.current = stage
        if record.status == "skipped":
            record.status = "done"
        if record.target is not None and record.target < stage:
            record.target = stage
        self._full_summary = True
        name = name_of(self.framework, domain, language)
        return [say(language, "stage_set", domain=name, new=stage_label(language, stage))]

    # -- inference -------------------------------------------------------------------------------------

    def _infer(self, record: DomainAssessment, announce: bool = True) -> list[str]:
        """Judge the domain over all its answers; say so when the picked descriptions decided instead."""
        inference = self.inference.infer(record)
        record.inferred = inference.judgement
        language = self.assessment.language
        if inference.error:
            return [inference.error]
        if announce and inference.overridden_from is not None:
            return [say(language, "infer_pick_override", stage=stage_label(language, inference.judgement.stage),
                        judged=stage_label(language, inference.overridden_from))]
        return []
