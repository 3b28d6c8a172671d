"""The answer pipeline: fixed steps over one `AnswerState`, with one exit for refusals.

    understand -> retrieve -> rows? -> gate -> context -> generate | extract -> cite -> complete -> figure -> role -> plan -> answer

A question that ranks, filters or picks rows of one of the report's tables is answered from the rows by code
(`read_rows`), with no model call; the steps after it are then skipped.

Each step is a method that reads and writes declared fields of the state (its docstring says which), can be
called alone in a test, and is timed alone (`Timings.steps`). A step that finds the report cannot answer sets
`state.refusal`; the runner then ends with the refusal. `build_chain(settings)` wires the parts from
configuration; `AnswerChain.stream` yields the retrieved passages, then the text piece by piece, then the
final `Answer` whose [n] markers and citations were attached after generation.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Literal

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.about import AboutPassages
from assistant.answer.casescope import CaseScope
from assistant.answer.citations import Attribution, CitationAttributor, numbers_supported, renumber_markers
from assistant.answer.context import EXTRACTIVE_BUDGET_TOKENS, ContextCompressor, select_context
from assistant.answer.english import EnglishLeads
from assistant.answer.extractive import (about_stages, completing_extracts, compose, leading_sentences,
                                         select_sentences)
from assistant.answer.figures import AskedFigure, FigureCheck, FigureVerdict
from assistant.answer.gate import ScopeGate
from assistant.answer.generate import Generator
from assistant.answer.lists import ListReader
from assistant.answer.plans import PlanCheck
from assistant.answer.question import QuestionAnalyser, QuestionAnalysis
from assistant.answer.retrieval import HybridRetriever
from assistant.answer.roles import RoleCheck
from assistant.answer.rows import RowsReader
from assistant.answer.status import StatusCheck
from assistant.knowledge.framework import load_framework
from assistant.knowledge.lexicon import load_lexicon
from assistant.messages import message
from assistant.schemas import Answer, ChatTurn, Chunk, RetrievedChunk, Timings
from assistant.search.index import Index
from assistant.search.sentences import Extract, score_sentences
from assistant.settings import Settings
from assistant.text import checked_question, quantities_in, split_sentences, squash

# At most this many report sentences are quoted after a model answer that left part of the question out.
MAX_COMPLETING_SENTENCES = 2

# Whether sentences give what a part or side of a question asks (its figure, who holds its role).
Gives = Callable[[list[str]], bool]


class ChainEvent(BaseModel):
    """One step of a streamed answer: the passages found, a piece of text, or the final answer."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: Literal["retrieved", "token", "answer"]
    text: str = ""
    hits: list[RetrievedChunk] = Field(default_factory=list)
    answer: Answer | None = None


class Refusal(BaseModel):
    """Why the report cannot answer: a reason for the logs, and a place it never mentions, if that is why."""

    reason: str
    unknown_place: str | None = None
    nearest: bool = Field(True, description="Point to the sections nearest to the question.")
    text: str | None = Field(None, description="What to tell the official instead of the plain refusal.")


class AnswerState(BaseModel):
    """Everything the steps know about one question, filled in step by step."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    question: str
    history: list[ChatTurn] = Field(default_factory=list)
    started: float = Field(default_factory=time.perf_counter)
    timings: Timings = Field(default_factory=Timings)
    analysis: QuestionAnalysis | None = None
    hits: list[RetrievedChunk] = Field(default_factory=list)
    about: list[Chunk] = Field(default_factory=list, description="Passages about what the question names.")
    whole: list[Chunk] = Field(default_factory=list, description="Those passages whole, within the extractive budget.")
    raw: str = Field("", description="The answer as generated or extracted, with [n] markers.")
    passages: list[Chunk] = Field(default_factory=list, description="The passages the [n] markers of `raw` count.")
    examples: list[str] = Field(default_factory=list, description="The prompt's worked examples (not the report).")
    quoted: bool = Field(False, description="The answer is the report's own sentences.")
    framework: bool = Field(False, description="The passages are the report's own description of a stage.")
    from_rows: bool = Field(False, description="The answer was read from a table's rows; no later step runs.")
    attribution: Attribution | None = None
    notice: str | None = None
    refusal: Refusal | None = None
    figure: FigureVerdict | None = Field(None, description="Set when the answer lacks the figure (or the holder of the "
                                                         "role) the question asks for.")
    parts_not_given: list[tuple[str, str]] = Field(default_factory=list, description="The parts of a multi-part "
                                                   "question asking a figure or who holds a role that no sentence of "
                                                   "the passages gives, each with the message that says so.")
    sides_not_given: list[str] = Field(default_factory=list, description="The sides of a comparison of amounts whose "
                                       "figure no sentence of the passages gives, as the question names them.")
    analyses: dict[str, QuestionAnalysis] = Field(default_factory=dict, description="The analyses of the question's "
                                                  "parts and sides, each read once for every step that checks them.")
    reported: dict[tuple[str, ...], list[str]] = Field(default_factory=dict, description="The answer's sentences as "
                                                       "the report words them, per set of sentences kept, read once "
                                                       "for every part, side and figure checked.")

    def first_token(self) -> None:
        if self.timings.first_token_ms is None:
            self.timings.first_token_ms = _ms_since(self.started)


class AnswerChain:
    """Answers questions about the report with verified citations, or refuses."""

    def __init__(self, settings: Settings, index: Index, retriever: HybridRetriever, chat_model: BaseChatModel | None,
                 engine: str, analyser: QuestionAnalyser, gate: ScopeGate, notice: str | None = None,
                 attributor: CitationAttributor | None = None):
        self.settings = settings
        self.index = index
        self.retriever = retriever
        self.chat_model = chat_model
        self.engine = engine
        self.notice = notice
        self.analyser = analyser
        self.gate = gate
        embeddings = index.dense.embeddings if chat_model is not None else None
        self.attributor = attributor or CitationAttributor(embeddings, glossary=index.glossary)
        self.compressor = ContextCompressor(index.glossary, index.dense.embeddings, index.sentence_vectors)
        self.generator = Generator(settings, chat_model, self.compressor) if chat_model is not None else None
        self.english = EnglishLeads(index.glossary)
        self.rows = RowsReader(index.tables, index.chunks, index.glossary)
        self.lists = ListReader(index.chunks)
        framework = load_framework(settings.paths.framework_file)
        self.about = AboutPassages(index.chunks, analyser.finder, {stage.section for stage in framework.general_stages})
        self._no_answer = load_lexicon().words("answer.no_answer")
        self.figures = FigureCheck(finder=analyser.finder, glossary=index.glossary)
        self.roles = RoleCheck(finder=analyser.finder, glossary=index.glossary)
        self.status = StatusCheck(index.chunks, index.glossary)
        self.plans = PlanCheck(index.chunks, index.glossary)
        self.cases = CaseScope(index.chunks, framework, analyser.finder, index.glossary)
        self._shares: dict[str, float] = {}

    # -- the runner -------------------------------------------------------------------------------------
    def stream(self, question: str, history: list[ChatTurn] | None = None) -> Iterator[ChainEvent]:
        """Answer a question, yielding passages, text pieces and finally the Answer."""
        state = AnswerState(question=checked_question(question), history=history or [])
        steps = [self.understand, self.retrieve, self.read_rows, self.check_scope, self.select_context,
                 self.generate if self.generator is not None else self.extract, self.cite, self.complete,
                 self.check_figure, self.check_role, self.check_plan]
        for step in steps:
            began = time.perf_counter()
            yield from step(state) or ()
            state.timings.steps[step.__name__] = _ms_since(began)
            if state.refusal is not None:
                yield ChainEvent(kind="answer", answer=self._refused(state))
                return
            if state.from_rows:
                break
        yield ChainEvent(kind="answer", answer=self._answered(state))

    def ask(self, question: str, history: list[ChatTurn] | None = None) -> Answer:
        """Answer a question and return the final Answer."""
        for event in self.stream(question, history):
            if event.kind == "answer":
                return event.answer
        raise RuntimeError("the answer chain ended without an answer")

    def analyse(self, question: str, history: list[ChatTurn] | None = None) -> QuestionAnalysis:
        """The question analysis the pipeline answers from (the follow-up rewritten by the model, if any)."""
        rewrite = self.generator.rewrite if self.generator is not None else None
        return self.analyser.analyse(checked_question(question), history or [], rewrite)

    # -- the steps --------------------------------------------------------------------------------------
    def understand(self, state: AnswerState) -> None:
        """question, history -> analysis."""
        state.analysis = self.analyse(state.question, state.history)

    def retrieve(self, state: AnswerState) -> Iterator[ChainEvent]:
        """analysis -> hits (also per side or part of the question)."""
        began = time.perf_counter()
        state.hits = self.retriever.search_analysed(state.analysis)
        state.timings.retrieve_ms = _ms_since(began)
        yield ChainEvent(kind="retrieved", hits=state.hits)

    def read_rows(self, state: AnswerState) -> Iterator[ChainEvent]:
        """analysis -> attribution, from_rows: a question that ranks, filters or picks rows of a table, answered
        from the rows sorted and filtered by code, each row citing its passage."""
        attribution = self.rows.read(state.analysis, lambda part: self._analysed(state, part))
        if attribution is None:
            return
        state.attribution, state.from_rows = attribution, True
        state.passages = [self.index.chunks[citation.chunk_id] for citation in attribution.citations]
        state.raw = attribution.text
        state.first_token()
        yield ChainEvent(kind="token", text=attribution.text)

    def check_scope(self, state: AnswerState) -> None:
        """analysis, hits -> refusal when the report cannot answer (a place it never names, weak evidence, what it
        says only of other case cities, a title it never writes)."""
        decision = self.gate.decide(state.analysis, state.hits)
        if not decision.answerable:
            state.refusal = Refusal(reason=decision.reason, unknown_place=decision.unknown_place,
                                    nearest=decision.unknown_place is None)
        elif beyond := self.cases.beyond(state.analysis):
            state.refusal = Refusal(reason=f"beyond what the report says of {beyond.place}",
                                    text=self.cases.message(beyond, state.analysis.language))
        elif title := self.status.unreported(state.analysis):
            state.refusal = Refusal(reason=f"a title the report never writes: {title}",
                                    text=message(state.analysis.language, "refusal_unreported_title", title=title))

    def select_context(self, state: AnswerState) -> None:
        """analysis, hits -> about, whole: for a question about a stage of the framework, the report's own
        description of it; else the passages about what the question names (of the part of the report it names,
        when it names one: the appendix, section 2.3). Refusal when no passage is about
        what the question names, or none holds a term it asks for or a concept it asks whether of."""
        analysis = state.analysis
        if framework := self.about.framework_passages(analysis):
            state.about = state.whole = framework
            state.framework = True
            return
        state.about = self.about.named_domain(analysis, self.about.named_places(analysis, [h.chunk for h in state.hits]))
        named_part = {chunk_id for chunk_id, _ in self.retriever.parts.ranking(analysis.standalone)}
        state.about = [chunk for chunk in state.about if chunk.id in named_part] or state.about
        order = {chunk.id: number for number, chunk in enumerate(state.about)}
        state.whole = sorted((chunk for chunk in select_context(state.hits, EXTRACTIVE_BUDGET_TOKENS) if chunk.id in order),
                             key=lambda chunk: order[chunk.id])
        if not state.whole:
            state.refusal = Refusal(reason="no passage about what the question names")
        elif absent := self.gate.absent_terms(analysis.standalone, state.whole):
            state.refusal = Refusal(reason=f"the passages never mention {', '.join(absent)}")
        elif unmentioned := self.gate.unmentioned_concepts(analysis, state.whole):
            state.refusal = Refusal(reason=f"asks whether, of what the passages never mention: {', '.join(unmentioned)}")

    def extract(self, state: AnswerState) -> Iterator[ChainEvent]:
        """analysis, whole -> raw, passages, quoted: the report's own sentences that best answer the question."""
        state.passages = state.whole
        if state.framework and state.analysis.domains:
            state.raw = compose(leading_sentences(state.whole))  # the domain's paragraph of the stage, as it reads
        else:
            extracts = self._best_sentences(state)
            state.raw = compose(about_stages(extracts, state.analysis.stages) if state.framework else extracts)
        state.quoted = True
        state.first_token()
        yield ChainEvent(kind="token", text=state.raw)

    def _best_sentences(self, state: AnswerState) -> list[Extract]:
        """The report's sentences that best answer the question, ranked by its terms and by similarity (which
        works across languages); for a question asking for a number of things, the list the report announces
        with that number, with the passages its items run on into."""
        question = state.analysis.with_names
        ranked = self.compressor.ranked(question, state.whole)
        if (count := self.lists.count_asked(state.analysis)) and (listed := self.lists.read(count, ranked, state.whole)):
            extracts, state.whole = listed
            state.passages = state.whole
            return extracts
        return select_sentences(question, state.whole, self.index.glossary, ranked)

    def generate(self, state: AnswerState) -> Iterator[ChainEvent]:
        """analysis, about -> raw, passages, examples: the model's answer, one side at a time for a comparison;
        refusal when the model says the passages do not answer. Stages of a domain compared are answered by the
        framework's paragraphs of those stages, as the extractive engine answers them."""
        analysis = state.analysis
        if state.framework and analysis.domains and len(analysis.stages) > 1:
            # stages of a domain compared: their paragraphs as they read, since a summary of two definitions drops
            # what tells them apart
            yield from self.extract(state)
            return
        state.examples = self.generator.prompt(analysis.language).examples
        sides = analysis.sides or [analysis.standalone]
        answers: list[str] = []
        position: dict[str, int] = {}  # chunk id -> its number among the passages of all sides
        for number, side in enumerate(sides):
            about = state.about
            if analysis.sides:
                about = self.about.of_places(self.analyser.finder.names(side, "places"),
                                           [hit.chunk for hit in self.retriever.search(side, language=analysis.language)])
                if not about:
                    continue
            if number and answers:
                yield ChainEvent(kind="token", text="\n")
            stream = self.generator.stream(side, about, analysis.language)
            while True:
                try:
                    piece = next(stream)
                except StopIteration as done:
                    raw, shown = done.value
                    break
                state.first_token()
                yield ChainEvent(kind="token", text=piece)
            if not raw.strip() or self._says_no_answer(raw):
                continue
            for chunk in shown:
                if chunk.id not in position:
                    position[chunk.id] = len(state.passages) + 1
                    state.passages.append(chunk)
            numbers = {n: position[chunk.id] for n, chunk in enumerate(shown, start=1)}
            answers.append(renumber_markers(raw.strip(), numbers) if analysis.sides else raw.strip())
        state.raw = "\n".join(answers)
        if not state.raw:
            state.refusal = Refusal(reason="the model found no answer in the passages")

    def cite(self, state: AnswerState) -> None:
        """raw, passages -> attribution: [n] markers checked against the passages, unsupported numbers removed;
        when nothing of a model's answer survives, the report's own sentences answer instead."""
        question = "" if state.quoted else state.analysis.standalone
        state.attribution = self.attributor.attribute(state.raw, state.passages, decoys=state.examples, question=question)
        if not state.attribution.citations and not state.quoted:
            raw = compose(self._best_sentences(state))
            state.attribution = self.attributor.attribute(raw, state.whole)
            state.quoted = True
            state.notice = message(state.analysis.language, "unverified_notice")
        if not state.attribution.citations:
            state.refusal = Refusal(reason="no sentence of the answer is supported by the passages")

    def complete(self, state: AnswerState) -> None:
        """attribution -> attribution: a model's answer followed by the report's sentences on what the question
        asks and the answer left out (a specific word of the question the answer never uses marks it)."""
        if state.quoted:
            return
        question = state.analysis.standalone
        kept = [sentence.text for sentence in state.attribution.kept]
        missing = completing_extracts(question, kept, score_sentences(question, state.whole, self.index.glossary),
                                      self._drawn_from, self._passage_share, self.index.glossary,
                                      MAX_COMPLETING_SENTENCES)
        if not missing:
            return
        union, moved = _with_extracts(state, missing)
        text = state.raw.rstrip() + " " + message(state.analysis.language, "also_in_report") + compose(moved)
        state.attribution = self.attributor.attribute(text, union, decoys=state.examples, question=question)

    def check_figure(self, state: AnswerState) -> None:
        """analysis, attribution -> attribution, figure: for a question asking for a figure, whether the answer's
        sentences give it (for the year asked). When they do not but a sentence of the passages about the question
        does, that sentence opens the answer; when none does, the answer says the report does not give it before
        what the report does say, and counts as a refusal. A table's rows carry no words beside their numbers,
        so an answer citing a table is checked against the table's labels instead: when the question asks what
        the table does not hold (a measure it has no column for, a row it does not list) and no clause of the
        answer gives it, the report does not give it. Rows of a table the question is not about are checked as
        any sentence is."""
        cited = {citation.chunk_id for citation in state.attribution.citations}
        kept = self._as_reported(state)
        if (missing := self.rows.missing_from_cited(state.analysis, cited)) and not self.figures.gives_any(missing, kept):
            state.figure = FigureVerdict(False)
            return
        if state.analysis.parts and not state.analysis.followup:
            self._check_figure_parts(state)
            return
        if state.analysis.sides and self._check_figure_sides(state):
            return
        asked = self.figures.asked(state.analysis)
        tables = {chunk for chunk in cited if chunk in self.index.chunks and self.index.chunks[chunk].kind == "table"}
        if asked is None or tables and self.rows.about_cited(state.analysis, tables):
            return
        verdict = self.figures.verdict(asked, kept)
        if not verdict.given and not self._open_with_giving(state, lambda s: self.figures.verdict(asked, [s]).given):
            state.figure = verdict

    def _check_figure_parts(self, state: AnswerState) -> None:
        """For a question of several parts, each part asking a figure on its own: when no sentence of the answer
        gives it but a sentence of the passages does, that sentence follows the answer; when none does, the part
        is named as one the report does not give, and the answer counts as a refusal. A part asking when is left
        to the answer: what it dates is often named only in another part (“这项政策出自哪里？什么时候发布的？”)."""
        def reading(analysis: QuestionAnalysis) -> Gives | None:
            asked = self.figures.asked(analysis)
            return None if asked is None or asked.date else self._giving_figure(asked)

        missing, _ = self._complete_each(state, state.analysis.parts, reading)
        state.parts_not_given += [("part_not_given", part) for part in missing]

    def _check_figure_sides(self, state: AnswerState) -> bool:
        """For a comparison of amounts (哪个城市的常住人口更多, "which has more residents"), each side's figure: when the
        answer leaves it out but a sentence of the passages gives it, that sentence follows the answer; when none
        does, the side is named as one the report gives no figure for, and the answer counts as a refusal, since
        the comparison cannot be made from the report. False when the comparison is of no amount."""
        def reading(analysis: QuestionAnalysis) -> Gives | None:
            asked = self.figures.asked_compared(analysis)
            return None if asked is None else self._giving_figure(asked)

        missing, checked = self._complete_each(state, state.analysis.sides, reading)
        for side in missing:
            named = self.analyser.finder.spans(side, "places")
            state.sides_not_given.append(named[0].surface if named else side)
        return checked

    def _giving_figure(self, asked: AskedFigure) -> Gives:
        return lambda sentences: self.figures.verdict(asked, sentences).given

    def check_role(self, state: AnswerState) -> None:
        """analysis, attribution -> attribution, figure: for a who-question naming a role (市长, 负责人, the
        designer), whether the answer's sentences name who holds it, about the place asked. When they do not but
        a sentence of the passages does, that sentence opens the answer; when none does, the answer says the report
        does not name the person before what the report does say, and counts as a refusal."""
        if state.analysis.parts and not state.analysis.followup and state.figure is None:
            self._check_role_parts(state)
            return
        role = self.roles.asked(state.analysis)
        if role is None or state.figure is not None:
            return
        if self.roles.gives(role, [sentence.text for sentence in state.attribution.kept], state.analysis):
            return
        if not self._open_with_giving(state, lambda s: self.roles.gives(role, [s], state.analysis)):
            state.figure = FigureVerdict(False, person=True)

    def _check_role_parts(self, state: AnswerState) -> None:
        """For a question of several parts, each part asking who holds a role on its own: when no sentence of the
        answer names the holder but a sentence of the passages does, that sentence follows the answer; when none
        does, the part is named as one the report does not answer, and the answer counts as a refusal."""
        def reading(analysis: QuestionAnalysis) -> Gives | None:
            role = analysis.asked.role
            return None if role is None else lambda sentences: self.roles.gives(role, sentences, analysis)

        missing, _ = self._complete_each(state, state.analysis.parts, reading)
        state.parts_not_given += [("part_person_not_given", part) for part in missing]

    def _complete_each(self, state: AnswerState, questions: list[str],
                       reading: Callable[[QuestionAnalysis], Gives | None]) -> tuple[list[str], bool]:
        """For each of several questions (the parts of a question, the sides of a comparison) that `reading` finds
        something to check in: when no sentence of the answer gives what it asks but a sentence of the passages
        does, that sentence follows the answer. Returns the questions no sentence gives, and whether any was
        checked."""
        missing, checked = [], False
        for question in questions:
            analysis = self._analysed(state, question)
            gives = reading(analysis)
            if gives is None:
                continue
            checked = True
            if gives(self._as_reported(state)):
                continue
            if not self._add_giving(state, lambda sentence: gives([sentence]), analysis, last=True):
                missing.append(question)
        return missing, checked

    def _as_reported(self, state: AnswerState) -> list[str]:
        """The answer's sentences as the report words them, for reading what figure they give: a model's sentence
        stating numbers stands for the passages' sentences that state them, since the model may tie a figure to
        what the report does not (500万吨 of vegetables written as a county's population). The report's own
        sentences, and a model's sentence stating no number, stand for themselves."""
        kept = [sentence.text for sentence in state.attribution.kept]
        if state.quoted:
            return kept
        if (known := state.reported.get(tuple(kept))) is not None:
            return known
        reported = [sentence for chunk in {chunk.id: chunk for chunk in state.passages + state.whole}.values()
                    for sentence in split_sentences(chunk.text)]
        readings: list[str] = []
        for sentence in kept:
            stated = len(quantities_in(sentence))
            if not stated or sentence in reported:
                readings.append(sentence)
                continue
            readings += [source for source in reported if len(numbers_supported(sentence, [source])) < stated]
        state.reported[tuple(kept)] = list(dict.fromkeys(readings))
        return state.reported[tuple(kept)]

    def _analysed(self, state: AnswerState, question: str) -> QuestionAnalysis:
        """The analysis of a part or side of the question, read once per answer."""
        if question not in state.analyses:
            state.analyses[question] = self.analyser.analyse(question)
        return state.analyses[question]

    def check_plan(self, state: AnswerState) -> None:
        """analysis, attribution -> attribution, figure: for a question asking what something achieved or whether it
        is done, whether the report gives more than a plan. When every sentence of the passages naming the thing
        states a plan (二期将进一步……), the answer opens with the plan, says the report gives no results, and counts
        as a refusal."""
        if state.figure is not None:
            return
        sentences = [sentence for chunk in state.whole for sentence in split_sentences(chunk.text)]
        plan = self.plans.planned_only(state.analysis, [sentence.text for sentence in state.attribution.kept] + sentences)
        if plan is None:
            return
        self._open_with_giving(state, lambda sentence: sentence == plan)
        state.figure = FigureVerdict(False, plan=True)

    def _open_with_giving(self, state: AnswerState, gives: Callable[[str], bool]) -> bool:
        """Open the answer with the passages' best sentence that `gives` what the question asks (a figure, who
        holds a role); False when no sentence of the passages does."""
        return self._add_giving(state, gives, state.analysis)

    def _add_giving(self, state: AnswerState, gives: Callable[[str], bool], analysis: QuestionAnalysis,
                    last: bool = False) -> bool:
        """Put the passages' sentence that best answers `analysis` and `gives` what it asks before the answer (or,
        with `last`, after it); False when no sentence of the passages does."""
        question = analysis.with_names
        giving = next((extract for extract in score_sentences(question, state.whole, self.index.glossary)
                       if gives(extract.sentence)), None)
        if giving is None:
            return False
        union, moved = _with_extracts(state, [giving])
        text = f"{state.attribution.text} {compose(moved)}" if last else f"{compose(moved)} {state.attribution.text}"
        flagged = state.attribution.flagged  # what was taken out of the answer stays reported
        state.attribution = self.attributor.attribute(text, union, decoys=state.examples,
                                                      question="" if state.quoted else state.analysis.with_names)
        state.attribution.flagged = list(dict.fromkeys(flagged + state.attribution.flagged))
        return True

    # -- the final answer -------------------------------------------------------------------------------
    def _base(self, state: AnswerState) -> dict:
        analysis = state.analysis
        language = analysis.language if analysis else "zh"
        standalone = analysis.standalone if analysis and analysis.standalone != state.question else None
        return dict(question=state.question, engine=self.engine, language=language,
                    notice=state.notice or self.notice, standalone_question=standalone)

    def _answered(self, state: AnswerState) -> Answer:
        text = state.attribution.text
        language = state.analysis.language
        if language == "en":
            text = self._with_english_leads(text, state.quoted)
        if state.figure is not None:
            year, other = state.figure.year, state.figure.other_year
            opening = (message(language, "figure_not_given_year", year=year, other=other) if year and other
                       else message(language, "person_not_given" if state.figure.person
                                    else "plan_only" if state.figure.plan
                                    else "date_not_given" if state.figure.date else "figure_not_given"))
            text = f"{opening}\n{text}"
        for key, part in state.parts_not_given:
            text += "\n" + message(language, key, part=part)
        for side in state.sides_not_given:
            text += "\n" + message(language, "side_not_given", side=side)
        state.timings.total_ms = _ms_since(state.started)
        not_given = state.figure is not None or bool(state.parts_not_given or state.sides_not_given)
        return Answer(answer=text, citations=state.attribution.citations, flagged=state.attribution.flagged,
                      refused=not_given, timings=state.timings,
                      **self._base(state))

    def _with_english_leads(self, text: str, quoted: bool) -> str:
        """An English answer's quotations of the report, each after its English lead: the whole text when the
        answer is quoted, else what follows the model's answer as the report's own sentences."""
        if quoted:
            return self.english.answer(text)
        also = message("en", "also_in_report")
        answer, found, quotations = text.partition(also)
        return answer + found.rstrip() + "\n\n" + self.english.answer(quotations) if found else text

    def _refused(self, state: AnswerState) -> Answer:
        base = self._base(state)
        language, refusal = base["language"], state.refusal
        if refusal.unknown_place:
            text = message(language, "refusal_unknown_place", place=refusal.unknown_place)
        else:
            text = refusal.text or message(language, "refusal")
            sections = self._nearest_sections(state.hits, language)
            if sections:
                text += ("" if language == "zh" else " ") + message(language, "nearest", sections=sections)
        state.timings.total_ms = _ms_since(state.started)
        return Answer(answer=text, refused=True, timings=state.timings, **base)

    def _nearest_sections(self, hits: list[RetrievedChunk], language: str) -> str:
        sections: list[str] = []
        for hit in hits:
            label = f"{hit.chunk.section} {hit.chunk.title}"
            if hit.chunk.page:
                page = message(language, "page", page=str(hit.chunk.page))
                label += f"（{page}）" if language == "zh" else f" ({page})"
            if label not in sections:
                sections.append(label)
            if len(sections) == 3:
                break
        return ("、" if language == "zh" else "; ").join(sections)

    # -- helpers ----------------------------------------------------------------------------------------
    def _says_no_answer(self, text: str) -> bool:
        compact = squash(text).lower()
        return len(compact) < 60 and any(squash(cue).lower() in compact for cue in self._no_answer)

    def _passage_share(self, word: str) -> float:
        """Share of the report's passages that contain the word."""
        if word not in self._shares:
            self._shares[word] = sum(1 for chunk in self.index.chunks.values() if word in chunk.text) / len(self.index.chunks)
        return self._shares[word]

    def _drawn_from(self, sentence: str, source: str) -> bool:
        return self.attributor.score(sentence, source, None) >= self.attributor.threshold


def _with_extracts(state: AnswerState, extracts: list[Extract]) -> tuple[list[Chunk], list[Extract]]:
    """The answer's passages followed by those of `state.whole` it does not show yet, and the extracts (drawn
    from `state.whole`) pointing into that list, so their [n] markers follow the answer's own."""
    shown = {chunk.id for chunk in state.passages}
    union = list(state.passages) + [chunk for chunk in state.whole if chunk.id not in shown]
    position = {chunk.id: number for number, chunk in enumerate(union)}
    moved = [Extract(e.sentence, position[state.whole[e.passage].id], e.position, e.score) for e in extracts]
    return union, moved


def _ms_since(began: float) -> float:
    return round((time.perf_counter() - began) * 1000, 1)


def build_chain(settings: Settings, *, index: Index | None = None, chat_model: BaseChatModel | None = None,
                engine: str | None = None, replies: list[str] | None = None) -> AnswerChain:
    """An answer chain over the index with the configured engine (or the chat model given)."""
    from assistant.answer.retrieval import build_retriever
    from assistant.llm import build_chat_model
    from assistant.search.index import open_index

    index = index or open_index(settings)
    notice = None
    if chat_model is None:
        if engine:
            settings = settings.model_copy(update={"llm": settings.llm.model_copy(update={"engine": engine})})
        chat_model, engine, notice = build_chat_model(settings, replies=replies)
    else:
        engine = engine or "custom"
    corpus_text = settings.paths.corpus_file.read_text(encoding="utf-8")
    analyser = QuestionAnalyser(index.glossary, index.cities, corpus_text)
    retriever = build_retriever(index, settings.retrieval)
    gate = ScopeGate(corpus_text, index.glossary, threshold=settings.answer.refusal_threshold or None,
                     parts=retriever.parts)
    return AnswerChain(settings, index, retriever, chat_model, engine, analyser, gate, notice)
