"""Every answered question and its rating, on disk in the same database as the assessments.

One row per exchange (the question, the standalone question, the answer, its citations, the engine, the
timings and the topics it touched) and at most one rating per exchange (👍 or 👎 with an optional comment),
replaced when the official changes their mind. SQLite by default, any SQLAlchemy URL (PostgreSQL) otherwise.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    MetaData,
    String,
    Table,
    Text,
    delete,
    select,
)
from sqlalchemy.exc import OperationalError

from assistant.assessment.store import _engine as open_engine
from assistant.assessment.store import create_tables
from assistant.errors import BadInput, ConfigurationError
from assistant.feedback.topics import Topics
from assistant.schemas import Answer, Citation
from assistant.settings import Settings

MAX_COMMENT_CHARS = 2000
Rating = Literal["up", "down"]

metadata = MetaData()

exchanges = Table(
    "qa_exchanges",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("question", Text, nullable=False),
    Column("standalone_question", Text, nullable=True),
    Column("answer", Text, nullable=False),
    Column("refused", Boolean, nullable=False),
    Column("engine", String(20), nullable=False),
    Column("language", String(5), nullable=False),
    Column("citations", Text, nullable=False),
    Column("retrieve_ms", Float, nullable=False),
    Column("first_token_ms", Float, nullable=True),
    Column("total_ms", Float, nullable=False),
    Column("topics", Text, nullable=False),
)

ratings = Table(
    "qa_feedback",
    metadata,
    Column("exchange_id", String(32), ForeignKey("qa_exchanges.id"), primary_key=True),
    Column("rating", String(4), nullable=False),
    Column("comment", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


class Exchange(BaseModel):
    """One answered question as stored, with its rating when it has one."""

    id: str
    created_at: datetime
    question: str
    standalone_question: str | None
    answer: str
    refused: bool
    engine: str
    language: str
    citations: list[Citation]
    retrieve_ms: float
    first_token_ms: float | None
    total_ms: float
    topics: Topics
    rating: Rating | None = None
    comment: str = ""
    rated_at: datetime | None = Field(None, description="When the rating was given or last changed.")


def _now() -> datetime:
    return datetime.now(timezone.utc)


class FeedbackStore:
    """Stores exchanges and their ratings; nothing stored is ever overwritten except a rating by a newer one."""

    def __init__(self, url: str):
        self.url = url
        self.engine = open_engine(url)
        try:
            create_tables(self.engine, metadata)
        except OperationalError as error:
            raise ConfigurationError(f"cannot open the feedback store {url}: {error.orig}") from None

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def record(self, answer: Answer, topics: Topics) -> str:
        """Store an answered (or refused) question; returns its id."""
        exchange_id = uuid.uuid4().hex
        with self.engine.begin() as connection:
            connection.execute(exchanges.insert().values(
                id=exchange_id, created_at=_now(), question=answer.question,
                standalone_question=answer.standalone_question, answer=answer.answer, refused=answer.refused,
                engine=answer.engine, language=answer.language,
                citations=json.dumps([c.model_dump() for c in answer.citations], ensure_ascii=False),
                retrieve_ms=answer.timings.retrieve_ms, first_token_ms=answer.timings.first_token_ms,
                total_ms=answer.timings.total_ms, topics=topics.model_dump_json(),
            ))
        return exchange_id

    def rate(self, exchange_id: str, rating: Rating, comment: str = "") -> None:
        """Give (or replace) the rating of an exchange, with an optional comment."""
        if rating not in ("up", "down"):
            raise BadInput(f"a rating is 'up' or 'down', not {rating!r}")
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT_CHARS:
            raise BadInput(f"the comment is too long ({len(comment)} characters; at most {MAX_COMMENT_CHARS})")
        with self.engine.begin() as connection:
            found = connection.execute(select(exchanges.c.id).where(exchanges.c.id == exchange_id)).first()
            if found is None:
                raise BadInput(f"no answer with id {exchange_id!r}")
            connection.execute(delete(ratings).where(ratings.c.exchange_id == exchange_id))
            connection.execute(ratings.insert().values(exchange_id=exchange_id, rating=rating, comment=comment,
                                                       created_at=_now()))

    def unrate(self, exchange_id: str) -> None:
        """Take a rating back (the official clicked the same thumb again)."""
        with self.engine.begin() as connection:
            connection.execute(delete(ratings).where(ratings.c.exchange_id == exchange_id))

    def exchanges(self, exchange_id: str | None = None) -> list[Exchange]:
        """Every stored exchange with its rating, oldest first (only the one with this id, when given)."""
        query = (select(exchanges, ratings.c.rating, ratings.c.comment, ratings.c.created_at.label("rated_at"))
                 .select_from(exchanges.outerjoin(ratings, ratings.c.exchange_id == exchanges.c.id))
                 .order_by(exchanges.c.created_at, exchanges.c.id))
        if exchange_id is not None:
            query = query.where(exchanges.c.id == exchange_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query).mappings().all()
        return [
            Exchange(**{**row, "citations": json.loads(row["citations"]), "topics": Topics.model_validate_json(row["topics"]),
                        "comment": row["comment"] or ""})
            for row in rows
        ]

    def get(self, exchange_id: str) -> Exchange:
        """One exchange by id."""
        found = self.exchanges(exchange_id)
        if found:
            return found[0]
        raise BadInput(f"no answer with id {exchange_id!r}")


def build_feedback_store(settings: Settings) -> FeedbackStore:
    """The feedback store at settings.store_url (the assessments' database)."""
    return FeedbackStore(settings.store_url)
