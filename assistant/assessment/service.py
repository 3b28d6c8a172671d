"""The assessment as the CLI and the UI use it: start, resume, report, export, list and compare, over one store."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, Field

from assistant.assessment.conversation import AssessmentConversation
from assistant.assessment.export import export_report, radar_png
from assistant.assessment.models import AssessmentReport, AssessmentSummary, Comparison, TranscriptLine, Turn
from assistant.assessment.results import build_report
from assistant.assessment.store import AssessmentStore, build_store
from assistant.knowledge.framework import Framework, load_framework
from assistant.schemas import Language
from assistant.schemas import Answer as ReportAnswer
from assistant.settings import Settings
from assistant.assessment.judge import StageJudge


class AssessmentView(BaseModel):
    """What a user interface shows of an assessment: the last turn, the transcript, whether a chart can be drawn."""

    assessment_id: str
    language: Language
    turn: Turn
    transcript: list[TranscriptLine]
    has_profile: bool = Field(description="At least one domain has a confirmed or target stage.")


class AssessmentService:
    """Conversations over one framework, stage judge and store; each call commits what it changes."""

    def __init__(
        self,
        framework: Framework,
        store: AssessmentStore,
        data_dir: Path,
        judge: StageJudge | Callable[[], StageJudge],
        chat_model: BaseChatModel | None = None,
        answerer: Callable[[str], ReportAnswer] | None = None,
    ):
        self.framework = framework
        self.answerer = answerer
        self.store = store
        self.data_dir = Path(data_dir)
        self.chat_model = chat_model
        self._judge = judge

    @property
    def judge(self) -> StageJudge:
        """The stage judge, built on first use (listing, comparing and exporting need no embedder)."""
        if not isinstance(self._judge, StageJudge):
            self._judge = self._judge()
        return self._judge

    def start(self, language: Language = "zh") -> tuple[AssessmentConversation, Turn]:
        """A new stored conversation and its first turn."""
        conversation = AssessmentConversation(self.framework, self.judge, recorder=self.store, chat_model=self.chat_model,
                                              answerer=self.answerer)
        return conversation, conversation.start(language)

    def resume(self, assessment_id: str) -> tuple[AssessmentConversation, list[TranscriptLine]]:
        """The stored conversation, continuing exactly where it stopped, and its transcript so far."""
        saved = self.store.resume(assessment_id)
        conversation = AssessmentConversation.restore(self.framework, self.judge, saved.assessment, saved.turn,
                                                      recorder=self.store, chat_model=self.chat_model,
                                                      answerer=self.answerer)
        return conversation, saved.transcript

    def begin(self, language: Language = "zh") -> AssessmentView:
        """Start a stored assessment and return what to show."""
        conversation, _ = self.start(language)
        return self.view(conversation.assessment.id)

    def answer(self, assessment_id: str, text: str) -> AssessmentView:
        """Resume a stored assessment, take one reply (committed) and return what to show."""
        conversation, _ = self.resume(assessment_id)
        conversation.reply(text)
        return self.view(assessment_id)

    def view(self, assessment_id: str) -> AssessmentView:
        """What to show of a stored assessment."""
        saved = self.store.resume(assessment_id)
        assessment = saved.assessment
        has_profile = any(record.current is not None or record.target is not None for record in assessment.records.values())
        return AssessmentView(assessment_id=assessment.id, language=assessment.language, turn=saved.turn,
                              transcript=saved.transcript, has_profile=has_profile)

    def report(self, assessment_id: str) -> AssessmentReport:
        """The results of a stored assessment."""
        return build_report(self.framework, self.store.load(assessment_id))

    def export(self, assessment_id: str, fmt: str) -> Path:
        """Write the report of a stored assessment under <data_dir>/exports/ and return the file."""
        return export_report(self.report(assessment_id), fmt, self.data_dir)

    def chart(self, assessment_id: str) -> bytes:
        """The radar chart of a stored assessment as PNG."""
        return radar_png(self.report(assessment_id))

    def list(self, city: str | None = None) -> list[AssessmentSummary]:
        """Stored assessments, newest first, optionally of one city."""
        return self.store.list_assessments(city)

    def compare(self, id_a: str, id_b: str) -> Comparison:
        """What moved per domain from assessment a to b."""
        return self.store.compare(id_a, id_b)


_judges: dict[str, StageJudge] = {}
_judges_lock = threading.Lock()


def shared_stage_judge(settings: Settings) -> StageJudge:
    """The stage judge for these settings, built once per process (it keeps the framework's vectors)."""
    from assistant.assessment.judge import build_stage_judge

    key = "|".join([str(settings.paths.framework_file), str(settings.paths.prompts_dir), settings.embedder.model_dump_json()])
    with _judges_lock:
        if key not in _judges:
            _judges[key] = build_stage_judge(settings)
        return _judges[key]


def build_assessment_service(settings: Settings, *, judge: StageJudge | None = None,
                             chat_model: BaseChatModel | None = None,
                             answerer: Callable[[str], ReportAnswer] | None = None) -> AssessmentService:
    """The service over the configured framework, store and (built when first needed) stage judge.

    Questions the official asks during the assessment go to `answerer` (the app passes its answer chain's `ask`);
    without one, the answer chain of these settings is built at the first question.
    """
    framework = judge.framework if judge is not None else load_framework(settings.paths.framework_file)
    return AssessmentService(framework, build_store(settings), settings.paths.data_dir,
                             judge if judge is not None else (lambda: shared_stage_judge(settings)), chat_model,
                             answerer or _LazyAnswerer(settings))


class _LazyAnswerer:
    """The answer chain of the settings, built on the first question (an assessment without questions needs no index)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._chain = None

    def __call__(self, question: str) -> ReportAnswer:
        if self._chain is None:
            from assistant.answer.pipeline import build_chain

            self._chain = build_chain(self.settings)
        return self._chain.ask(question)
