"""A fake chat model for tests: replays canned replies in order and records every prompt it receives.

Replies cycle: after the last one the first comes again, as in LangChain's ``FakeListChatModel``, so a
one-reply model answers any number of questions; tests that care how often the model was called assert
on ``len(model.prompts)``. A reply that is an exception instance is raised instead of answered, to test
how callers handle a failing engine.
"""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from pydantic import Field, PrivateAttr

DEFAULT_REPLY = "这是测试用的固定回答。"

# An ASCII word or a single other character, with the whitespace before it: about one model token each.
_PIECE = re.compile(r"\s*(?:[A-Za-z0-9]+|\S)|\s+")


def split_pieces(text: str) -> list[str]:
    """Split a reply into streaming pieces whose concatenation is the reply."""
    return _PIECE.findall(text)


class ReplayChatModel(FakeListChatModel):
    """Replays ``responses`` in order (cycling), records each prompt in ``prompts``, streams in small pieces."""

    responses: list[str | BaseException] = Field(default_factory=lambda: [DEFAULT_REPLY])
    prompts: list[list[BaseMessage]] = Field(default_factory=list)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, replies: list[str | BaseException] | None = None, /, **kwargs: Any):
        if replies is not None:
            if not replies:
                raise ValueError("ReplayChatModel needs at least one reply")
            kwargs["responses"] = list(replies)
        super().__init__(**kwargs)

    @property
    def _llm_type(self) -> str:
        return "replay"

    def _next_reply(self, messages: list[BaseMessage]) -> str:
        with self._lock:
            self.prompts.append(list(messages))
            reply = self.responses[self.i]
            self.i = (self.i + 1) % len(self.responses)
        if isinstance(reply, BaseException):
            raise reply.with_traceback(None)  # the same instance may be raised again on a later cycle
        return reply

    def _call(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> str:
        return self._next_reply(messages)

    def _chunks(self, reply: str) -> Iterator[ChatGenerationChunk]:
        pieces = split_pieces(reply)
        for n, piece in enumerate(pieces):
            last = n == len(pieces) - 1
            yield ChatGenerationChunk(message=AIMessageChunk(content=piece, chunk_position="last" if last else None))

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for chunk in self._chunks(self._next_reply(messages)):
            if run_manager:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        for chunk in self._chunks(self._next_reply(messages)):
            if run_manager:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    def reset(self) -> None:
        """Forget recorded prompts and start again from the first reply."""
        with self._lock:
            self.prompts.clear()
            self.i = 0
