"""The local engine: a GGUF model run in process by llama.cpp's server (xllamacpp), as a LangChain chat model.

The model is loaded once per process, on first use, and shared; one generation runs at a time because a
2-core machine gains nothing from interleaving two. llama.cpp applies the chat template stored in the
GGUF file itself, so messages are passed as OpenAI-style role/content dicts.

With a prefix directory, the model's state after a prompt beginning can be saved (``remember``) and is loaded
before any prompt that starts with it, which is then read only past it (llm.prefixes, warmup.py). Only
beginnings are saved, never an official's question.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import queue
import secrets
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, convert_to_openai_messages
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.errors import EngineUnavailable, ModelUnavailable
from assistant.llm.prefixes import PrefixStore, prompt_text, shared_length, state_name
from assistant.settings import Settings

log = logging.getLogger(__name__)

VERBOSE_ENV = "SMC_LLM_VERBOSE"
# llama.cpp log thresholds: 0 prints nothing, 3 prints load and per-request timing lines.
_QUIET, _CHATTY = 0, 3
# A fixed seed makes answers repeatable for the same prompt and temperature.
DEFAULT_SEED = 42


@dataclass
class _LoadedModel:
    server: Any
    load_seconds: float
    api_key: str = ""
    prefixes: PrefixStore | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_prompt: str = ""  # prompt_text of what the server's slot holds now
    waiting: int = 0  # questions waiting for or using the model; saving prefixes gives way to them


_models: dict[tuple[str, int, int, str], _LoadedModel] = {}
_models_lock = threading.Lock()
# llama.cpp's server has one slot (one conversation state) here: n_parallel is 1.
_SLOT = 0
_SLOT_TIMEOUT_S = 60


def _load(path: Path, threads: int, context_tokens: int, prefix_dir: Path | None) -> _LoadedModel:
    """The server for this model file and configuration, started on first use and then shared."""
    key = (str(path.resolve()), threads, context_tokens, str(prefix_dir or ""))
    with _models_lock:
        loaded = _models.get(key)
        if loaded is None:
            if not _models:
                # Stop the servers before interpreter teardown frees what their threads still use.
                atexit.register(unload_local_models)
            loaded = _models[key] = _start_server(path, threads, context_tokens, prefix_dir)
        return loaded


def prefix_directory(root: Path, path: Path, context_tokens: int) -> Path:
    """Where the saved states of one model file and context size are kept: states of another model,
    or of the same one re-assembled (a new modification time), are never loaded."""
    stat = path.stat()
    return root / f"{path.stem}-{stat.st_size}-{int(stat.st_mtime)}-ctx{context_tokens}"


def _start_server(path: Path, threads: int, context_tokens: int, prefix_dir: Path | None) -> _LoadedModel:
    try:
        import xllamacpp
    except ImportError as error:
        raise ModelUnavailable("the local engine needs xllamacpp: run `make install` (or `pip install xllamacpp`)") from error

    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.n_ctx = context_tokens
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.verbosity = _CHATTY if os.environ.get(VERBOSE_ENV) == "1" else _QUIET
    # The server also listens on a random loopback port; a random key keeps other local processes
    # (and web pages, since it allows every CORS origin) from using it. Direct calls do not need it.
    api_key = secrets.token_urlsafe(24)
    params.api_keys = [api_key]
    prefixes = None
    if prefix_dir is not None:
        prefixes = PrefixStore(prefix_directory(prefix_dir, path, context_tokens))
        params.slot_save_path = str(prefixes.directory) + os.sep  # llama.cpp appends the file name as is
    started = time.perf_counter()
    try:
        server = xllamacpp.Server(params)
    except Exception as error:  # xllamacpp raises a bare RuntimeError; the reason is only in llama.cpp's log
        raise ModelUnavailable(
            f"llama.cpp could not load the local model {path}; set {VERBOSE_ENV}=1 to see why"
        ) from error
    return _LoadedModel(server=server, load_seconds=time.perf_counter() - started, api_key=api_key, prefixes=prefixes)


def _slot_action(loaded: _LoadedModel, action: str, name: str) -> bool:
    """Save the slot's state to, or load it from, the file ``name`` in the prefix directory."""
    request = urllib.request.Request(
        f"{loaded.server.listening_address.rstrip('/')}/slots/{_SLOT}?action={action}",
        data=json.dumps({"filename": name}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {loaded.api_key}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=_SLOT_TIMEOUT_S) as response:
            reply = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as error:
        log.warning("could not %s the model state %s: %s", action, name, error)
        return False
    if _error_message(reply):
        log.warning("could not %s the model state %s: %s", action, name, _error_message(reply))
        return False
    return True


def _reuse_prefix(loaded: _LoadedModel, prompt: str) -> None:
    """Load the saved state of the prompt's longest saved beginning, when it covers more of the prompt than
    what the slot holds now (called with the lock held, just before the prompt is sent)."""
    if loaded.prefixes is None:
        return
    saved = loaded.prefixes.longest(prompt)
    if saved is None or saved.length <= shared_length(loaded.last_prompt, prompt):
        return
    if _slot_action(loaded, "restore", saved.name):
        loaded.last_prompt = prompt[: saved.length]
    else:  # the prompt is read whole; the beginning is read and saved again at the next warm-up
        loaded.prefixes.discard(saved.name)
        loaded.last_prompt = ""


def unload_local_models() -> None:
    """Stop every loaded model server (frees its memory; the next use loads it again)."""
    with _models_lock:
        loaded = list(_models.values())
        _models.clear()
    for model in loaded:
        # Let a running generation finish first: freeing the server under it would crash the process.
        if model.lock.acquire(timeout=30):
            try:
                model.server = None
            finally:
                model.lock.release()


def _error_message(response: dict) -> str | None:
    """The error carried by a llama.cpp response, if it is one."""
    error = response.get("error")
    if isinstance(error, dict):
        if error.get("type") == "exceed_context_size_error":
            return (
                f"the prompt is {error.get('n_prompt_tokens')} tokens, more than the local model's context of "
                f"{error.get('n_ctx')}; raise SMC_LLM__CONTEXT_TOKENS or lower SMC_LLM__CONTEXT_BUDGET_TOKENS"
            )
        return str(error.get("message") or error)
    if error is not None:
        return str(error)
    if response.get("type") == "server_error":
        return str(response.get("message"))
    return None


def _usage(response: dict) -> UsageMetadata | None:
    usage = response.get("usage")
    if not usage:
        return None
    return UsageMetadata(
        input_tokens=usage.get("prompt_tokens", 0),
        output_tokens=usage.get("completion_tokens", 0),
        total_tokens=usage.get("total_tokens", 0),
    )


_END = object()


class LocalChatModel(BaseChatModel):
    """A GGUF chat model run in process by llama.cpp (xllamacpp); ``.stream()`` yields tokens as generated."""

    model_path: Path
    threads: int = 0
    context_tokens: int = 4096
    max_tokens: int = 384
    temperature: float = 0.1
    seed: int = DEFAULT_SEED
    prefix_dir: Path | None = None  # where states of recurring prompt beginnings are saved; None saves none

    @property
    def _llm_type(self) -> str:
        return "xllamacpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model": self.model_path.name,
            "context_tokens": self.context_tokens,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "seed": self.seed,
        }

    def load(self) -> float:
        """Load the model now rather than on the first question; returns the seconds the load took."""
        return self._loaded().load_seconds

    def _loaded(self) -> _LoadedModel:
        return _load(self.model_path, self.threads or os.cpu_count() or 1, self.context_tokens, self.prefix_dir)

    @property
    def saves_prefixes(self) -> bool:
        return self.prefix_dir is not None

    def remember(self, messages: list[BaseMessage], give_way: bool = True) -> str:
        """Read a prompt beginning and save the model's state after it, so that prompts starting with it are
        read only past it. The last message is the beginning's cut (a user turn up to some passage).

        Returns "saved", "present" (saved before), "busy" (``give_way`` and a question is being answered: a
        question never waits for more than one beginning being read) or "failed" (llama.cpp could not save).
        """
        loaded = self._loaded()
        if loaded.prefixes is None:
            return "failed"
        openai_messages = convert_to_openai_messages(messages)
        text = prompt_text(openai_messages)
        if loaded.prefixes.has(text):
            return "present"
        if give_way and loaded.waiting:
            return "busy"
        request = {"messages": openai_messages, "max_tokens": 1, "temperature": 0.0, "seed": self.seed}
        with loaded.lock:
            self._complete(loaded, request, "read the prompt")
            loaded.prefixes.prepare()
            if not _slot_action(loaded, "save", state_name(text)):
                return "failed"
        loaded.prefixes.add(text)
        return "saved"

    def forget_other_prefixes(self, beginnings: list[list[BaseMessage]]) -> int:
        """Delete the saved states of every beginning not listed (after a prompt or the report changed)."""
        loaded = self._loaded()
        if loaded.prefixes is None:
            return 0
        return loaded.prefixes.keep_only(prompt_text(convert_to_openai_messages(m)) for m in beginnings)

    def _send(self, loaded: _LoadedModel, request: dict, on_chunk: Any = None) -> dict | None:
        """Send a request to the server with the lock held, after loading the saved state it starts with."""
        prompt = prompt_text(request["messages"])
        _reuse_prefix(loaded, prompt)
        loaded.last_prompt = prompt
        if on_chunk is None:
            return loaded.server.handle_chat_completions(request)
        loaded.server.handle_chat_completions(request, on_chunk)
        return None

    def _complete(self, loaded: _LoadedModel, request: dict, doing: str = "answer") -> dict:
        """The server's whole response to a request (lock held); EngineUnavailable when it is refused."""
        try:
            response = self._send(loaded, request)
        except Exception as error:  # xllamacpp raises ValueError for requests it rejects
            raise EngineUnavailable(f"the local model rejected the request: {error}") from error
        if message := _error_message(response):
            raise EngineUnavailable(f"the local model could not {doing}: {message}")
        return response

    def _request(self, messages: list[BaseMessage], stop: list[str] | None, stream: bool, **kwargs: Any) -> dict:
        request: dict[str, Any] = {
            "messages": convert_to_openai_messages(messages),
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "seed": kwargs.get("seed", self.seed),
            "stream": stream,
        }
        if stop:
            request["stop"] = list(stop)
        if stream:
            request["stream_options"] = {"include_usage": True}
        return request

    def _metadata(self, response: dict, finish_reason: str | None) -> dict[str, Any]:
        return {
            "model_name": self.model_path.name,
            "finish_reason": finish_reason,
            "timings": response.get("timings", {}),
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        loaded = self._loaded()
        request = self._request(messages, stop, stream=False, **kwargs)
        with _waiting(loaded), loaded.lock:
            response = self._complete(loaded, request)
        choice = response["choices"][0]
        ai_message = AIMessage(
            content=choice["message"].get("content") or "",
            usage_metadata=_usage(response),
            response_metadata=self._metadata(response, choice.get("finish_reason")),
        )
        return ChatResult(generations=[ChatGeneration(message=ai_message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        loaded = self._loaded()
        request = self._request(messages, stop, stream=True, **kwargs)
        # xllamacpp delivers chunks to a callback on the calling thread until the answer is complete, so the
        # call runs in a worker and hands chunks over a queue; the callback's True return cancels generation.
        chunks: queue.SimpleQueue = queue.SimpleQueue()
        cancelled = threading.Event()

        def on_chunk(data: dict) -> bool:
            chunks.put(data)
            return cancelled.is_set()

        def generate() -> None:
            try:
                with _waiting(loaded), loaded.lock:
                    if not cancelled.is_set():
                        self._send(loaded, request, on_chunk)
            except Exception as error:  # handed to the consumer, which raises it on its own thread
                chunks.put(error)
            finally:
                chunks.put(_END)

        threading.Thread(target=generate, name="local-llm-stream", daemon=True).start()
        finish_reason = None
        try:
            while (item := chunks.get()) is not _END:
                if isinstance(item, Exception):
                    raise EngineUnavailable(f"the local model rejected the request: {item}") from item
                if message := _error_message(item):
                    raise EngineUnavailable(f"the local model could not answer: {message}")
                for choice in item.get("choices") or []:
                    finish_reason = choice.get("finish_reason") or finish_reason
                    text = (choice.get("delta") or {}).get("content")
                    if text:
                        chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                        if run_manager:
                            run_manager.on_llm_new_token(text, chunk=chunk)
                        yield chunk
                if "usage" in item:
                    yield ChatGenerationChunk(
                        message=AIMessageChunk(
                            content="",
                            usage_metadata=_usage(item),
                            response_metadata=self._metadata(item, finish_reason),
                            chunk_position="last",
                        )
                    )
        finally:
            # Reached also when the consumer stops early: the worker then cancels at the next token.
            cancelled.set()


@contextmanager
def _waiting(loaded: _LoadedModel) -> Iterator[None]:
    """Counts a question as waiting for or using the model (entered before the lock)."""
    with _models_lock:
        loaded.waiting += 1
    try:
        yield
    finally:
        with _models_lock:
            loaded.waiting -= 1


def build_local_model(settings: Settings, model_path: Path) -> LocalChatModel:
    """The local chat model for ``model_path`` configured from settings (loaded lazily on first use)."""
    return LocalChatModel(
        model_path=model_path,
        threads=settings.llm.threads,
        context_tokens=settings.llm.context_tokens,
        max_tokens=settings.llm.max_tokens,
        temperature=settings.llm.temperature,
        prefix_dir=settings.model_cache_dir / "prefixes" if settings.llm.prefix_cache else None,
    )
