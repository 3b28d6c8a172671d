"""The answer chain: follow-up rewriting, hybrid retrieval, scope check, generation, citations, number check.

`build_chain(settings)` wires the parts from configuration; `AnswerChain.stream` yields the retrieved passages,
then the generated text piece by piece, then the final `Answer` whose [n] markers and citations were attached
after generation. `AnswerChain.ask` returns only the final answer.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Iterator
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import RunnableLambda
from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.citations import Attribution, CitationAttributor, renumber_markers
from assistant.answer.context import EXTRACTIVE_BUDGET_TOKENS, ContextCompressor, format_passages, select_context
from assistant.knowledge.corpus import stage_of_paragraph
from assistant.errors import BadInput
from assistant.answer.extractive import Extract, completing_extracts, compose, score_sentences, select_sentences
from assistant.answer.followup import FollowUpMerger
from assistant.search.index import Index
from assistant.messages import message
from assistant.prompts import Prompt, load_prompt
from assistant.answer.retrieval import MAX_QUESTION_CHARS, HybridRetriever, compared_questions, named_domain_and_stage
from assistant.schemas import Answer, ChatTurn, Chunk, RetrievedChunk, Timings
from assistant.answer.gate import ScopeGate
from assistant.settings import Settings
from assistant.text import clean_input, language_of, squash

# At most this many report sentences are quoted after a model answer that left part of the question out.
MAX_COMPLETING_SENTENCES = 2
_NO_ANSWER_CUES = ("报告中没有相关内容", "没有相关内容", "未提及", "没有提到", "does not cover", "not covered", "do not contain", "does not contain", "does not mention")


class ChainEvent(BaseModel):
    """One step of a streamed answer: the passages found, a piece of text, or the final answer."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: Literal["retrieved", "token", "answer"]
    text: str = ""
    hits: list[RetrievedChunk] = Field(default_factory=list)
    answer: Answer | None = None


class AnswerChain:
    """Answers questions about the report with verified citations, or refuses."""

    def __init__(
        self,
        settings: Settings,
        index: Index,
        retriever: HybridRetriever,
        chat_model: BaseChatModel | None,
        engine: str,
        notice: str | None = None,
        attributor: CitationAttributor | None = None,
        gate: ScopeGate | None = None,
    ):
        self.settings = settings
        self.index = index
        self.retriever = retriever
        self.chat_model = chat_model
        self.engine = engine
        self.notice = notice
        self.attributor = attributor or CitationAttributor(
            index.dense.embeddings if chat_model is not None else None, glossary=index.glossary
        )
        self.gate = gate
        self.merger = FollowUpMerger(index.glossary, index.cities)
        self._shares: dict[str, float] = {}
        self.compressor = ContextCompressor(
            index.glossary, index.dense.embeddings if chat_model is not None else None, index.sentence_vectors
        )

    # -- follow-ups -------------------------------------------------------------------------------------
    def standalone_question(self, question: str, history: list[ChatTurn]) -> str:
        """The question rewritten to stand alone, given the conversation so far."""
        if not history or not self.merger.is_followup(question):
            return question
        previous = history[-1].standalone_question or history[-1].question
        substituted = self.merger.substituted(question, previous)
        if substituted:
            return substituted  # only another place, stage or domain: no rewrite needed
        merged = self.merger.merge(question, previous)
        if self.chat_model is None:
            return merged
        language = language_of(question)
        prompt = load_prompt(self.settings.paths.prompts_dir, "condense", language)
        lines = "\n".join(f"- {turn.standalone_question or turn.question}" for turn in history[-3:])
        condense = RunnableLambda(lambda values: prompt.render(**values)) | self.chat_model | StrOutputParser()
        try:
            rewritten = condense.invoke({"history": lines, "question": question}).strip().splitlines()[0].strip()
        except (IndexError, ValueError):
            return merged
        new_places = [canonical for _, canonical in self.merger.places(question)]
        rewritten_places = [canonical for _, canonical in self.merger.places(rewritten)]
        # The small model sometimes answers instead of rewriting, or drops the new place or what the follow-up asks:
        # keep the merge then.
        if (not rewritten or len(rewritten) > 3 * len(merged) + 40 or (new_places and new_places[0] not in rewritten_places)
                or not self.merger.keeps_new_words(question, rewritten)):
            return merged
        return rewritten

    def about_named_places(self, question: str, passages: list[Chunk]) -> list[Chunk]:
        """The passages that mention a place the question names (all of them when it names none)."""
        named = {canonical for _, canonical in self.merger.places(question)}
        if not named:
            return passages
        forms = set().union(*(self.merger.chinese_forms(place) for place in named))
        return [
            chunk for chunk in passages
            if any(form in chunk.text or form in " ".join(chunk.heading_path) or form == chunk.city for form in forms)
        ]

    def about_named_domain(self, question: str, passages: list[Chunk]) -> list[Chunk]:
        """For a question about one stage of one domain, the passages of that domain without its other stages'
        paragraphs, the stage's own first (all the passages otherwise, or when none is the domain's).

        "民生与服务领域阶段二的特征是什么？" is answered by that domain's 阶段二 paragraph. Shown the framework's
        general description of the stages ("阶段二：其特征是场景引领……") or the domain's 阶段一 paragraph beside
        it, a small model quotes those instead.
        """
        domain, stage = named_domain_and_stage(question, self.index.glossary)
        own = [chunk for chunk in passages if domain and stage and chunk.domain == domain
               and stage_of_paragraph(chunk.text) in (None, stage)]
        if not own:
            return passages
        return sorted(own, key=lambda chunk: stage_of_paragraph(chunk.text) != stage)

    # -- answering --------------------------------------------------------------------------------------
    def stream(self, question: str, history: list[ChatTurn] | None = None) -> Iterator[ChainEvent]:
        """Answer a question, yielding passages, text pieces and finally the Answer."""
        started = time.perf_counter()
        question = clean_input(question or "")
        if not question:
            raise BadInput("the question is empty")
        if len(question) > MAX_QUESTION_CHARS:
            raise BadInput(f"the question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})")
        language = language_of(question)
        standalone = self.standalone_question(question, history or [])
        retrieve_started = time.perf_counter()
        hits = self.retriever.search_parts(standalone)
        timings = Timings(retrieve_ms=round((time.perf_counter() - retrieve_started) * 1000, 1))
        yield ChainEvent(kind="retrieved", hits=hits)
        base = dict(question=question, engine=self.engine, language=language, notice=self.notice,
                    standalone_question=standalone if standalone != question else None)
        decision = self.gate.decide(standalone, hits) if self.gate else None
        if decision is not None and not decision.answerable:
            yield self._refusal(base, hits, timings, started, decision.unknown_place)
            return
        about = self.about_named_domain(standalone, self.about_named_places(standalone, [hit.chunk for hit in hits]))
        # Whole passages within the budget, for the extractive selection (also the fallback of a model answer).
        order = {chunk.id: number for number, chunk in enumerate(about)}
        whole = sorted((chunk for chunk in select_context(hits, EXTRACTIVE_BUDGET_TOKENS) if chunk.id in order),
                       key=lambda chunk: order[chunk.id])
        # No passage about the place the question names (那平湖呢？ after a question about 宿州's mask service),
        # or none with the figure asked for (Fukuoka's GDP): answering would borrow unrelated facts.
        if not whole or (self.gate and self.gate.absent_terms(standalone, whole)):
            yield self._refusal(base, hits, timings, started)
            return
        if self.chat_model is None:
            passages = whole
            examples: list[str] = []
            extracts = select_sentences(standalone, passages, self.index.glossary)
            raw = compose(extracts)
            timings.first_token_ms = round((time.perf_counter() - started) * 1000, 1)
            yield ChainEvent(kind="token", text=raw)
        else:
            prompt = load_prompt(self.settings.paths.prompts_dir, "answer", language)
            examples = prompt.examples
            parts = compared_questions(standalone, self.index.glossary, self.index.cities)
            if parts:
                raw, passages = yield from self._generate_parts(parts, prompt, language, timings, started)
            else:
                raw, passages = yield from self._generate(standalone, about, prompt, language, timings, started)
            if not raw or _says_no_answer(raw):
                yield self._refusal(base, hits, timings, started)
                return
        quoted = self.chat_model is None
        attribution = self.attributor.attribute(raw, passages, decoys=examples, question="" if quoted else standalone)
        if not attribution.citations and not quoted:
            # Every sentence the model wrote failed the check (a number the report does not give, no supporting
            # passage, only the question said back). The question passed the scope checks, so the report's own
            # sentences answer it instead.
            attribution = self.attributor.attribute(compose(select_sentences(standalone, whole, self.index.glossary)), whole)
            quoted = True
            base["notice"] = message(language, "unverified_notice")
        elif not quoted and attribution.citations:
            attribution = self._complete(standalone, raw, attribution, passages, whole, language, examples)
        if not attribution.citations:
            yield self._refusal(base, hits, timings, started)
            return
        text = attribution.text
        if language == "en" and quoted:
            text = message("en", "english_lead") + text
        timings.total_ms = round((time.perf_counter() - started) * 1000, 1)
        answer = Answer(answer=text, citations=attribution.citations, flagged=attribution.flagged, timings=timings, **base)
        yield ChainEvent(kind="answer", answer=answer)

    def _generate(self, question: str, about: list[Chunk], prompt: Prompt, language: str, timings: Timings,
                  started: float) -> Generator[ChainEvent, None, tuple[str, list[Chunk]]]:
        """Stream the model's answer from the question's passages cut to the budget; return it and them."""
        excerpts = self.compressor.compress(question, about, self.settings.llm.context_budget_tokens)
        messages = prompt.render(passages=format_passages(excerpts, language), question=question)
        pieces: list[str] = []
        for piece in self.chat_model.stream(messages):
            text = piece.content if isinstance(piece.content, str) else str(piece.content)
            if not text:
                continue
            if timings.first_token_ms is None:
                timings.first_token_ms = round((time.perf_counter() - started) * 1000, 1)
            pieces.append(text)
            yield ChainEvent(kind="token", text=text)
        return "".join(pieces), [excerpt.chunk for excerpt in excerpts]

    def _generate_parts(self, parts: list[str], prompt: Prompt, language: str, timings: Timings,
                        started: float) -> Generator[ChainEvent, None, tuple[str, list[Chunk]]]:
        """Answer a comparison one side at a time ("宝应和莘县……分别" asks about 宝应, then about 莘县), each
        from its own passages: given both sides at once, a small model merges them or answers one twice.

        The answers are joined and their [n] markers renumbered to the passages of all parts together; a
        side the passages do not answer is left out (the answer is a refusal only when every side is)."""
        answers: list[str] = []
        passages: list[Chunk] = []
        position: dict[str, int] = {}  # chunk id -> its number among the passages of all parts
        streamed = False
        for part in parts:
            about = self.about_named_places(part, [hit.chunk for hit in self.retriever.search(part)])
            if not about:
                continue
            if streamed:
                yield ChainEvent(kind="token", text="\n")
            raw, shown = yield from self._generate(part, about, prompt, language, timings, started)
            streamed = True
            if not raw.strip() or _says_no_answer(raw):
                continue
            for chunk in shown:
                if chunk.id not in position:
                    position[chunk.id] = len(passages) + 1
                    passages.append(chunk)
            answers.append(renumber_markers(raw.strip(), {n: position[chunk.id] for n, chunk in enumerate(shown, start=1)}))
        return "\n".join(answers), passages

    def _complete(self, question: str, raw: str, attribution: Attribution, passages: list[Chunk], whole: list[Chunk],
                  language: str, examples: list[str]) -> Attribution:
        """The model's answer, followed by the report's sentences on what the question asks and it left out.

        A small model often answers one part of a two-part question and stops. A specific word of the question
        that the answer never uses (数据共享 in a question about 宿州's services and its data sharing) marks the
        part left out; the passages' best sentence naming it is quoted after the answer, with its citation.
        """
        kept = [sentence.text for sentence in attribution.sentences if sentence.removed is None]
        missing = completing_extracts(question, kept, score_sentences(question, whole, self.index.glossary),
                                      self._drawn_from, self._passage_share, self.index.glossary,
                                      MAX_COMPLETING_SENTENCES)
        if not missing:
            return attribution
        shown = {chunk.id for chunk in passages}
        union = list(passages) + [chunk for chunk in whole if chunk.id not in shown]
        position = {chunk.id: number for number, chunk in enumerate(union)}
        moved = [Extract(e.sentence, position[whole[e.passage].id], e.position, e.score) for e in missing]
        text = raw.rstrip() + " " + message(language, "also_in_report") + compose(moved)
        return self.attributor.attribute(text, union, decoys=examples, question=question)

    def _passage_share(self, word: str) -> float:
        """Share of the report's passages that contain the word."""
        if word not in self._shares:
            self._shares[word] = sum(1 for chunk in self.index.chunks.values() if word in chunk.text) / len(self.index.chunks)
        return self._shares[word]

    def _drawn_from(self, sentence: str, source: str) -> bool:
        return self.attributor.score(sentence, source, None) >= self.attributor.threshold

    def ask(self, question: str, history: list[ChatTurn] | None = None) -> Answer:
        """Answer a question and return the final Answer."""
        for event in self.stream(question, history):
            if event.kind == "answer":
                return event.answer
        raise RuntimeError("the answer chain ended without an answer")

    def _refusal(self, base: dict, hits: list[RetrievedChunk], timings: Timings, started: float,
                 place: str | None = None) -> ChainEvent:
        language = base["language"]
        text = message(language, "refusal_unknown_place", place=place) if place else message(language, "refusal")
        if not place:
            sections = []
            for hit in hits:
                label = f"{hit.chunk.section} {hit.chunk.title}"
                if hit.chunk.page:
                    label += f"（{message(language, 'page', page=str(hit.chunk.page))}）" if language == "zh" else f" ({message(language, 'page', page=str(hit.chunk.page))})"
                if label not in sections:
                    sections.append(label)
                if len(sections) == 3:
                    break
            if sections:
                separator = "" if language == "zh" else " "
                text += separator + message(language, "nearest", sections="、".join(sections) if language == "zh" else "; ".join(sections))
        timings.total_ms = round((time.perf_counter() - started) * 1000, 1)
        return ChainEvent(kind="answer", answer=Answer(answer=text, refused=True, timings=timings, **base))


def _says_no_answer(text: str) -> bool:
    compact = squash(text).lower()
    return len(compact) < 60 and any(squash(cue).lower() in compact for cue in _NO_ANSWER_CUES)


def build_chain(settings: Settings, *, index: Index | None = None, chat_model: BaseChatModel | None = None,
                engine: str | None = None, replies: list[str] | None = None) -> AnswerChain:
    """An answer chain over the index with the configured engine (or the chat model given)."""
    from assistant.search.index import open_index
    from assistant.llm import build_chat_model
    from assistant.answer.retrieval import build_retriever

    index = index or open_index(settings)
    notice = None
    if chat_model is None:
        if engine:
            settings = settings.model_copy(update={"llm": settings.llm.model_copy(update={"engine": engine})})
        chat_model, engine, notice = build_chat_model(settings, replies=replies)
    else:
        engine = engine or "custom"
    retriever = build_retriever(index, settings.retrieval)
    corpus_text = settings.paths.corpus_file.read_text(encoding="utf-8")
    gate = ScopeGate(corpus_text, index.glossary, threshold=settings.answer.refusal_threshold or None)
    return AnswerChain(settings, index, retriever, chat_model, engine, notice, gate=gate)
