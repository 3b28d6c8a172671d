"""Chat engines as LangChain chat models, chosen by name through a small registry.

``build_chat_model`` returns the model (``None`` for the extractive engine, which needs no model), the
engine actually used and a notice for the user when that differs from the configured one. Backends are
imported when chosen, so importing this package loads no model and no HTTP client.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.errors import ConfigurationError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

LOCAL_MISSING_NOTICE = (
    "the local model is not installed; answering with the extractive engine (run `make install`)"
)

Built = tuple["BaseChatModel | None", str, "str | None"]


def _local(settings: Settings, replies: Sequence[str] | None) -> Built:
    from assistant.llm.model_file import ensure_local_model, local_model_available

    # Only the bundled model falls back quietly; a configured model_path that is wrong is an error to report.
    if settings.llm.model_path is None and not local_model_available(settings):
        return None, "extractive", LOCAL_MISSING_NOTICE
    from assistant.llm.local import build_local_model

    # Verifies (or assembles) the file now, so a damaged model is reported before the first question.
    return build_local_model(settings, ensure_local_model(settings)), "local", None


def _openai(settings: Settings, replies: Sequence[str] | None) -> Built:
    from assistant.llm.openai import build_openai_model

    return build_openai_model(settings), "openai", None


def _extractive(settings: Settings, replies: Sequence[str] | None) -> Built:
    return None, "extractive", None


def _fake(settings: Settings, replies: Sequence[str] | None) -> Built:
    from assistant.llm.fake import ReplayChatModel

    return ReplayChatModel(list(replies) if replies else None), "fake", None


REGISTRY: dict[str, Callable[[Settings, Sequence[str] | None], Built]] = {
    "local": _local,
    "openai": _openai,
    "extractive": _extractive,
    "fake": _fake,
}


def build_chat_model(settings: Settings, *, replies: Sequence[str] | None = None) -> Built:
    """(chat model or None, engine used, notice or None) for ``settings.llm.engine``; ``replies`` feed 'fake'."""
    engine = settings.llm.engine
    try:
        factory = REGISTRY[engine]
    except KeyError:
        raise ConfigurationError(f"unknown engine {engine!r}; choose one of: {', '.join(REGISTRY)}") from None
    return factory(settings, replies)


def describe_engine(engine: str, settings: Settings) -> str:
    """A human label for an engine as configured, e.g. '本地模型 Qwen2.5-Coder-1.5B (Q4_K_M)'."""
    llm = settings.llm
    if engine == "local":
        if llm.model_path is not None:
            return f"本地模型 {llm.model_path.name}"
        return "本地模型 Qwen2.5-Coder-1.5B (Q4_K_M)"
    if engine == "openai":
        return f"OpenAI-compatible server {llm.openai_model} at {llm.openai_base_url}"
    if engine == "fake":
        return "fake (replayed replies)"
    return "extractive"


__all__ = ["LOCAL_MISSING_NOTICE", "REGISTRY", "build_chat_model", "describe_engine"]
