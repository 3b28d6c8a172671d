"""The OpenAI-compatible engine: any server speaking /v1/chat/completions (Ollama, llama.cpp, vLLM, OpenAI).

Failures of the server (unreachable, timed out, HTTP 4xx/5xx) surface as one-line ``EngineUnavailable``
messages that name the URL and say what to do; the API key never appears in them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai import ChatOpenAI

from assistant.errors import EngineUnavailable
from assistant.settings import Settings

_SETTING_HINT = "start it or set SMC_LLM__OPENAI_BASE_URL"
_MAX_DETAIL = 200


def _display_url(url: str) -> str:
    """The URL without any user:password part, which would otherwise end up in logs and screenshots."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text[:_MAX_DETAIL] + ("..." if len(text) > _MAX_DETAIL else "")


def _root_cause(error: BaseException) -> BaseException:
    seen = {id(error)}
    while (cause := error.__cause__ or error.__context__) is not None and id(cause) not in seen:
        seen.add(id(cause))
        error = cause
    return error


def _server_detail(error: Any) -> str:
    """The server's own explanation from an error response, on one short line."""
    body = getattr(error, "body", None)
    message = None
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
    return _one_line(str(message or getattr(error, "message", "") or ""))


def engine_error(
    error: Exception,
    base_url: str,
    model: str,
    api_key: str = "",
    timeout_s: float | None = None,
    answering: bool = False,
) -> EngineUnavailable:
    """Translate an exception raised by the OpenAI client into a one-line EngineUnavailable.

    ``answering`` says the server had already started streaming an answer when the error came.
    """
    import openai

    where = f"the OpenAI-compatible server at {_display_url(base_url)}"
    if isinstance(error, openai.APITimeoutError):
        limit = f" within {timeout_s:g} s" if timeout_s else ""
        message = f"{where} did not answer{limit}; check that it is running or raise SMC_LLM__TIMEOUT_S"
    elif isinstance(error, openai.APIConnectionError):
        root = _root_cause(error)
        if isinstance(root, ConnectionRefusedError):
            reason = "connection refused"
        else:
            reason = _one_line(str(root)) or type(root).__name__
        if answering:
            message = f"the connection to {where} broke during the answer: {reason}"
        else:
            message = f"cannot reach {where}: {reason}; {_SETTING_HINT}"
    elif isinstance(error, openai.APIStatusError):
        status = error.status_code
        detail = _server_detail(error)
        if status in (401, 403):
            advice = "check SMC_LLM__OPENAI_API_KEY"
        elif status == 404:
            advice = f"check SMC_LLM__OPENAI_MODEL ({model!r}) and SMC_LLM__OPENAI_BASE_URL (it usually ends in /v1)"
        elif status >= 500:
            advice = "the server failed; see its log"
        else:
            advice = "the server rejected the request"
        message = f"{where} answered HTTP {status}" + (f" ({detail})" if detail else "") + f"; {advice}"
    else:
        detail = _one_line(str(error)) or type(error).__name__
        message = f"{where} failed: {detail}"
    if api_key:
        message = message.replace(api_key, "***")
    return EngineUnavailable(message)


class OpenAICompatibleChatModel(ChatOpenAI):
    """``ChatOpenAI`` whose server failures, in invoke and stream alike, raise ``EngineUnavailable``."""

    def _translate(self, error: Exception, answering: bool = False) -> EngineUnavailable:
        key = self.openai_api_key
        api_key = key.get_secret_value() if hasattr(key, "get_secret_value") else ""
        timeout = self.request_timeout if isinstance(self.request_timeout, (int, float)) else None
        return engine_error(error, str(self.openai_api_base), self.model_name, api_key, timeout, answering)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        import openai

        try:
            return super()._generate(messages, stop, run_manager, **kwargs)
        except openai.OpenAIError as error:
            raise self._translate(error) from error

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        import openai

        answering = False
        try:
            for chunk in super()._stream(messages, stop, run_manager, **kwargs):
                answering = True
                yield chunk
        except openai.OpenAIError as error:
            raise self._translate(error, answering) from error

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        import openai

        try:
            return await super()._agenerate(messages, stop, run_manager, **kwargs)
        except openai.OpenAIError as error:
            raise self._translate(error) from error

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        import openai

        answering = False
        try:
            async for chunk in super()._astream(messages, stop, run_manager, **kwargs):
                answering = True
                yield chunk
        except openai.OpenAIError as error:
            raise self._translate(error, answering) from error


def build_openai_model(settings: Settings) -> OpenAICompatibleChatModel:
    """The chat model for the configured OpenAI-compatible server."""
    llm = settings.llm
    return OpenAICompatibleChatModel(
        base_url=llm.openai_base_url,
        model=llm.openai_model,
        api_key=llm.openai_api_key,
        timeout=llm.timeout_s,
        max_retries=1,
        temperature=llm.temperature,
        max_tokens=llm.max_tokens,
    )
