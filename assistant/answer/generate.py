"""The language model's part of an answer: the answer prompt, its beginnings for the warm-up, the streamed
model call, and the rewrite of a follow-up into a standalone question.

The warm-up asks `Generator.beginnings` for the prompts' beginnings, so they are built by the very code that
builds the prompts of answers, and a changed prompt changes both.
"""

from __future__ import annotations

from collections.abc import Callable, Generator as Gen

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import RunnableLambda

from assistant.answer.context import ContextCompressor, Excerpt, format_passages
from assistant.prompts import Prompt, load_prompt
from assistant.schemas import ChatTurn, Chunk
from assistant.settings import Settings

_CUT = "\x00rest\x00"


class Generator:
    """Builds answer prompts and streams the chat model's answer."""

    def __init__(self, settings: Settings, chat_model: BaseChatModel, compressor: ContextCompressor):
        self.settings = settings
        self.chat_model = chat_model
        self.compressor = compressor

    def prompt(self, language: str) -> Prompt:
        return load_prompt(self.settings.paths.prompts_dir, "answer", language)

    def messages(self, question: str, excerpts: list[Excerpt], language: str) -> list[BaseMessage]:
        """The answer prompt for a question over these excerpts."""
        return self.prompt(language).render(passages=format_passages(excerpts, language), question=question)

    def beginnings(self, chunks: list[Chunk], language: str) -> list[list[BaseMessage]]:
        """For each passage, the beginning every answer prompt has when that passage comes first, whole: the
        fixed turns, then the last turn up to the end of that passage."""
        beginnings = []
        for chunk in chunks:
            messages = self.prompt(language).render(
                passages=format_passages([Excerpt(chunk=chunk, text=chunk.text)], language) + "\n" + _CUT, question="")
            last = messages[-1]
            content = str(last.content)
            beginnings.append(messages[:-1] + [last.model_copy(update={"content": content[:content.index(_CUT)]})])
        return beginnings

    def stream(self, question: str, about: list[Chunk], language: str,
               on_text: Callable[[str], None] | None = None) -> Gen[str, None, tuple[str, list[Chunk]]]:
        """Stream the model's answer from the question's passages cut to the budget; return it and them."""
        excerpts = self.compressor.compress(question, about, self.settings.llm.context_budget_tokens)
        pieces: list[str] = []
        for piece in self.chat_model.stream(self.messages(question, excerpts, language)):
            text = piece.content if isinstance(piece.content, str) else str(piece.content)
            if text:
                pieces.append(text)
                yield text
        return "".join(pieces), [excerpt.chunk for excerpt in excerpts]

    def rewrite(self, question: str, history: list[ChatTurn], language: str) -> str | None:
        """A follow-up rewritten by the model to stand alone (its first line), or None when it gives nothing."""
        prompt = load_prompt(self.settings.paths.prompts_dir, "condense", language)
        lines = "\n".join(f"- {turn.standalone_question or turn.question}" for turn in history[-3:])
        condense = RunnableLambda(lambda values: prompt.render(**values)) | self.chat_model | StrOutputParser()
        try:
            return condense.invoke({"history": lines, "question": question}).strip().splitlines()[0].strip()
        except (IndexError, ValueError):
            return None
