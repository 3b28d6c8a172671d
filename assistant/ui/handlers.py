"""Plain functions behind the interface's events: asking (streamed), clearing, language, the engine's status.

They take and return plain values (chat messages, `ChatTurn` lists, strings, dataclasses) and keep no state of
their own: a conversation lives in the caller's per-session state and is never shared between sessions.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator

from assistant.answer.pipeline import AnswerChain
from assistant.errors import AssistantError, BadInput, EngineUnavailable, IndexUnavailable, ModelUnavailable
from assistant.messages import message
from assistant.schemas import Answer, ChatTurn
from assistant.settings import Settings
from assistant.text import MAX_QUESTION_CHARS
from assistant.ui import render
from assistant.ui.framework_view import FrameworkBrowser
from assistant.ui.texts import text

logger = logging.getLogger(__name__)

ChatMessages = list[dict]


# -- questions and answers ------------------------------------------------------------------------------
def _user(question: str) -> dict:
    return {"role": "user", "content": render.render_question(question)}


def _assistant(content: str) -> dict:
    return {"role": "assistant", "content": content}


def error_text(language: str, error: AssistantError) -> str:
    """An error of the library as the interface says it, in the interface's language."""
    if isinstance(error, BadInput):
        return text(language, "error_bad_input") + error.message
    for kind, key in ((EngineUnavailable, "error_engine"), (IndexUnavailable, "error_index"), (ModelUnavailable, "error_model")):
        if isinstance(error, kind):
            # The library's detail (which server, which setting) is for whoever fixes it; it stays as written.
            return text(language, key) + text(language, "error_detail", detail=error.message)
    return text(language, "internal_error")


def ask(
    chain: AnswerChain, question: str, messages: ChatMessages | None, history: list[ChatTurn] | None, language: str,
    on_answer: Callable[[Answer, str], None] | None = None,
) -> Iterator[tuple[ChatMessages, list[ChatTurn]]]:
    """Answer a question: yields (chat messages, history) as the answer grows, the last with the sources.

    The history given is never modified; the last yield carries a new list with this exchange appended.
    `on_answer(answer, anchor)` is called with the final answer before it is yielded.
    """
    messages = list(messages or [])
    history = list(history or [])
    question = (question or "").strip()
    if not question:
        return
    messages += [_user(question), _assistant(render.render_pending(language))]
    if len(question) > MAX_QUESTION_CHARS:
        messages[-1] = _assistant(render.render_error(
            language, text(language, "question_too_long", count=len(question), limit=MAX_QUESTION_CHARS)))
        yield list(messages), history
        return
    yield list(messages), history
    partial = ""
    found: int | None = None
    try:
        for event in chain.stream(question, history):
            if event.kind == "retrieved":
                found = len(event.hits)
                messages[-1] = _assistant(render.render_pending(language, partial, found))
            elif event.kind == "token":
                partial += event.text
                messages[-1] = _assistant(render.render_pending(language, partial, found))
            elif event.kind == "answer" and event.answer is not None:
                answer = event.answer
                anchor = f"a{uuid.uuid4().hex[:10]}"
                messages[-1] = _assistant(render.render_answer(answer, language, anchor=anchor))
                if on_answer is not None:
                    on_answer(answer, anchor)
                history = [
                    *history,
                    ChatTurn(question=question, answer=answer.answer, standalone_question=answer.standalone_question),
                ]
            yield list(messages), history
    except AssistantError as error:
        messages[-1] = _assistant(render.render_error(language, error_text(language, error)))
        yield list(messages), history
    except Exception:  # an unexpected failure must still end the turn with a message, not a spinner
        logger.exception("answering %r failed", question)
        messages[-1] = _assistant(render.render_error(language, text(language, "internal_error")))
        yield list(messages), history


def clear() -> tuple[ChatMessages, list[ChatTurn], str]:
    """An empty conversation: no messages, no history, an empty question box."""
    return [], [], ""


# -- engine ---------------------------------------------------------------------------------------------
def _model_name(engine: str, settings: Settings) -> str | None:
    """Which model answers, from the settings: the GGUF file or the server's model and address."""
    if engine == "local":
        return settings.llm.model_path.name if settings.llm.model_path else "Qwen2.5-Coder-1.5B-Instruct (Q4_K_M)"
    if engine == "openai":
        return f"{settings.llm.openai_model} @ {settings.llm.openai_base_url}"
    return None


def engine_status(chain: AnswerChain, settings: Settings, language: str) -> str:
    """HTML saying which engine answers (local model, OpenAI-compatible server, extractive) and any fallback."""
    detail = _model_name(chain.engine, settings)
    notice = chain.notice
    if notice and chain.engine == "extractive" and settings.llm.engine == "local":
        notice = message(language, "fallback_notice")  # the library's notice in the interface language
    return render.render_engine(language, chain.engine, detail, notice)


# -- framework tab ----------------------------------------------------------------------------------------
def domain_choices(browser: FrameworkBrowser, language: str) -> list[tuple[str, str]]:
    """(label, key) for the domain picker, labelled in the language."""
    return [((d.zh if language == "zh" else d.en), d.key) for d in browser.domains.values()]


def domain_html(browser: FrameworkBrowser, key: str | None, language: str) -> str:
    """The detail view of the chosen domain (the first domain when none is chosen)."""
    detail = browser.domains.get(key or "") or next(iter(browser.domains.values()))
    return render.render_domain(detail, browser, language)


def matrix_html(browser: FrameworkBrowser, language: str) -> str:
    """The 7x3 matrix table."""
    return render.render_matrix(browser, language)
