"""What the Q&A tab keeps of each answer, and the events on answers: recording, rating, reading a citation in
the report, suggesting next questions, exporting the conversation.

A conversation's records live in the caller's per-session state as plain dicts (`Record.model_dump`), one
per answer, in order; nothing here keeps state of its own.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel

from assistant.answer.pipeline import AnswerChain
from assistant.errors import AssistantError
from assistant.feedback.store import FeedbackStore
from assistant.feedback.topics import topics_of
from assistant.schemas import Answer, ChatTurn
from assistant.suggestions import Suggester
from assistant.ui import handlers
from assistant.ui.reader import ReportReader
from assistant.ui.texts import text
from assistant.ui.transcript import to_html, to_markdown

logger = logging.getLogger(__name__)

_REQUEST = re.compile(r"^([A-Za-z0-9_-]+)-src-(\d{1,2})$")


class Record(BaseModel):
    """One answer of the conversation: where it is in the chat, its anchor, its stored id and the answer."""

    message: int
    anchor: str
    exchange: str | None
    answer: Answer


@dataclass
class QAServices:
    """What the Q&A tab's events work with, built once per app."""

    chain: AnswerChain
    reader: ReportReader
    store: FeedbackStore | None = None
    suggester: Suggester | None = None
    exports_dir: Path | None = None


def _records(raw: list | None) -> list[Record]:
    return [Record.model_validate(item) for item in raw or []]


def respond(services: QAServices, question: str, messages: list | None, turns: list[ChatTurn] | None,
            records: list | None, language: str) -> Iterator[tuple[list, list[ChatTurn], list[dict]]]:
    """Stream the answer (see `handlers.ask`); once it is final, store it and add its record."""
    kept = list(records or [])
    answered: list[tuple[Answer, str]] = []
    for chat, history in handlers.ask(services.chain, question, messages, turns, language,
                                      on_answer=lambda answer, anchor: answered.append((answer, anchor))):
        if answered and len(kept) == len(records or []):
            answer, anchor = answered[0]
            kept.append(Record(message=len(chat) - 1, anchor=anchor, exchange=_store(services, answer),
                               answer=answer).model_dump(mode="json"))
        yield chat, history, kept


def _store(services: QAServices, answer: Answer) -> str | None:
    """Store the exchange; a store that fails must not cost the official the answer."""
    if services.store is None:
        return None
    try:
        index = services.chain.index
        return services.store.record(answer, topics_of(answer, index.glossary, index.cities))
    except Exception:
        logger.exception("storing the answer to %r failed", answer.question)
        return None


def suggestions(services: QAServices, records: list | None, language: str) -> list[str]:
    """Next questions for the last answer of the conversation, each checked answerable."""
    kept = _records(records)
    if services.suggester is None or not kept:
        return []
    return services.suggester.suggest(kept[-1].answer, language)


def rate(services: QAServices, records: list | None, index: int | list | tuple, liked: bool | str,
         language: str) -> tuple[str, int | None]:
    """Store 👍 (liked True) or 👎 (False) for the answer at chat message `index`; "" takes the rating back.

    Returns the status line to show and the message index now awaiting a comment (None when none is).
    """
    position = index[0] if isinstance(index, (list, tuple)) else index
    record = next((item for item in _records(records) if item.message == position), None)
    if record is None or record.exchange is None or services.store is None:
        return text(language, "not_rateable" if record is None else "feedback_unavailable"), None
    try:
        if liked == "" or liked is None:
            services.store.unrate(record.exchange)
            return text(language, "rating_removed"), None
        services.store.rate(record.exchange, "up" if liked is True else "down")
    except Exception:  # a store that fails must say so, not leave the official guessing
        logger.exception("storing a rating failed")
        return text(language, "feedback_unavailable"), None
    return text(language, "rated_up" if liked is True else "rated_down"), position


def comment(services: QAServices, records: list | None, pending: int | None, comment_text: str,
            language: str) -> tuple[str, str]:
    """Attach the official's comment to the answer they rated last; returns (status line, new comment box)."""
    record = next((item for item in _records(records) if item.message == pending), None)
    if record is None or record.exchange is None or services.store is None:
        return text(language, "comment_needs_rating"), comment_text
    stored = services.store.get(record.exchange)
    try:
        services.store.rate(record.exchange, stored.rating or "down", comment_text)
    except AssistantError as error:
        return text(language, "error_bad_input") + error.message, comment_text
    return text(language, "comment_saved"), ""


def open_citation(services: QAServices, records: list | None, request: str, language: str) -> tuple[str, str | None]:
    """The reader's page for a citation request '<anchor>-src-<n>'; returns (page HTML, its section)."""
    match = _REQUEST.match((request or "").strip().lstrip("#").split("|")[0])
    if match:
        anchor, n = match.group(1), int(match.group(2))
        for record in _records(records):
            if record.anchor == anchor:
                citation = next((c for c in record.answer.citations if c.n == n), None)
                if citation is not None and citation.section in services.reader.sections:
                    return services.reader.page_html(citation.section, language, citation), citation.section
    return services.reader.page_html(None, language), None


def export(services: QAServices, records: list | None, language: str) -> tuple[list[str] | None, str]:
    """Write the conversation as Markdown and HTML files; returns their paths (None when empty) and a status."""
    answers = [record.answer for record in _records(records)]
    if not answers:
        return None, text(language, "export_empty")
    when = datetime.now()
    base = services.exports_dir or Path(tempfile.gettempdir())
    folder = Path(tempfile.mkdtemp(prefix=when.strftime("qa-%Y%m%d-%H%M%S-"), dir=_ready(base)))
    markdown, page = folder / "conversation.md", folder / "conversation.html"
    markdown.write_text(to_markdown(answers, language, when), encoding="utf-8")
    page.write_text(to_html(answers, language, when), encoding="utf-8")
    return [str(markdown), str(page)], ""


def _ready(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder
