"""Assessments on disk: an append-only event per turn plus the latest snapshot, committed together.

SQLite by default (WAL journal, a busy timeout, writes serialised with BEGIN IMMEDIATE so that concurrent
writers wait instead of failing); any SQLAlchemy URL works, e.g. postgresql+psycopg://... , which several app
replicas share (the tables are then created under a lock, so replicas starting together do not collide).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from assistant.assessment.interpret import fold
from assistant.assessment.models import (
    Assessment,
    AssessmentSummary,
    Comparison,
    DomainMove,
    TranscriptLine,
    Turn,
    check_id,
    now,
)
from assistant.errors import AssistantError, ConfigurationError, UnknownSession
from assistant.settings import Settings

BUSY_TIMEOUT_S = 30
# Key of the PostgreSQL advisory lock held while the tables are created (any fixed number; "smc" in ASCII).
_SCHEMA_LOCK = 0x736D63

metadata = MetaData()

assessments = Table(
    "assessments",
    metadata,
    Column("id", String(12), primary_key=True),
    Column("city", String(200), nullable=True),
    Column("city_key", String(200), nullable=True, index=True),
    Column("state", String(20), nullable=False),
    Column("language", String(5), nullable=False),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("last_turn", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

events = Table(
    "assessment_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("assessment_id", String(12), ForeignKey("assessments.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("kind", String(10), nullable=False),
    Column("user_text", Text, nullable=True),
    Column("message", Text, nullable=False),
    Column("quick_replies", Text, nullable=False),
    Column("state", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("assessment_id", "seq", name="uq_event_seq"),
)


class ConcurrentUpdate(AssistantError):
    """The assessment was changed by another session since this one loaded it."""


class Event(BaseModel):
    """One stored turn: what the official said (None for the opening) and what the assistant answered."""

    seq: int
    kind: str
    user_text: str | None
    message: str
    quick_replies: list[str]
    state: str
    created_at: datetime


class SavedAssessment(BaseModel):
    """What resuming needs: the snapshot, the last turn and the transcript."""

    assessment: Assessment
    turn: Turn
    transcript: list[TranscriptLine]


def _enable_wal(cursor) -> None:
    """Switch the file to WAL once; switching ignores the busy timeout, so a writer starting at the same
    moment as another retries instead of failing with 'database is locked'."""
    import sqlite3
    import time

    for _ in range(200):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.05)
    cursor.execute("PRAGMA journal_mode=WAL")


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _configure(connection, _record):
        # Let SQLAlchemy issue BEGIN itself (see _begin); pysqlite's implicit transactions would defer locking.
        connection.isolation_level = None
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        _enable_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # Take the write lock at the start: two writers then queue on the busy timeout instead of deadlocking.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _engine(url: str) -> Engine:
    try:
        if make_url(url).get_backend_name() == "sqlite":
            return _sqlite_engine(url)
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ValueError) as error:
        raise ConfigurationError(f"invalid assessment store URL {url!r}: {error} (set SMC_STORE__URL)") from None
    except ModuleNotFoundError as error:
        raise ConfigurationError(f"the database driver for {url.split(':', 1)[0]} is not installed: pip install {error.name}") from None


def create_tables(engine: Engine, tables: MetaData) -> None:
    """Create the missing tables; on PostgreSQL under an advisory lock, since two processes that both find a
    table missing would otherwise both create it and one would fail."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(select(func.pg_advisory_xact_lock(_SCHEMA_LOCK)))
        tables.create_all(connection)


class AssessmentStore:
    """Stores assessments turn by turn; `resume` gives back exactly what was committed."""

    def __init__(self, url: str):
        self.url = url
        self.engine = _engine(url)
        try:
            create_tables(self.engine, metadata)
        except OperationalError as error:
            raise ConfigurationError(f"cannot open the assessment store {url}: {error.orig}") from None

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    # -- writing ---------------------------------------------------------------------------------------

    def create(self, assessment: Assessment, turn: Turn) -> None:
        """Store a new assessment with its opening turn."""
        with self.engine.begin() as connection:
            connection.execute(assessments.insert().values(version=0, **self._snapshot(assessment, turn),
                                                           created_at=assessment.created_at))
            connection.execute(events.insert().values(**self._event(assessment.id, 0, "start", None, turn)))

    def record(self, assessment: Assessment, text: str, turn: Turn) -> None:
        """Append the official's reply and the turn it produced, and replace the snapshot, in one transaction.

        The snapshot must be at the version before this reply: a second session writing the same assessment
        from an older state is refused with ConcurrentUpdate instead of overwriting what the first one wrote.
        """
        seq = assessment.version
        with self.engine.begin() as connection:
            changed = connection.execute(
                update(assessments)
                .where(assessments.c.id == assessment.id, assessments.c.version == seq - 1)
                .values(version=seq, **self._snapshot(assessment, turn))
            ).rowcount
            if changed != 1:
                exists = connection.execute(select(assessments.c.id).where(assessments.c.id == assessment.id)).first()
                if exists is None:
                    raise UnknownSession(f"no assessment with id {assessment.id!r}")
                raise ConcurrentUpdate(f"assessment {assessment.id} was changed in another session; resume it again")
            connection.execute(events.insert().values(**self._event(assessment.id, seq, "reply", text, turn)))

    @staticmethod
    def _snapshot(assessment: Assessment, turn: Turn) -> dict:
        return {
            "id": assessment.id,
            "city": assessment.city.name,
            "city_key": fold(assessment.city.name) if assessment.city.name else None,
            "state": assessment.step,
            "language": assessment.language,
            "data": assessment.model_dump_json(),
            "last_turn": turn.model_dump_json(),
            "updated_at": assessment.updated_at,
        }

    @staticmethod
    def _event(assessment_id: str, seq: int, kind: str, text: str | None, turn: Turn) -> dict:
        return {
            "assessment_id": assessment_id, "seq": seq, "kind": kind, "user_text": text, "message": turn.message,
            "quick_replies": json.dumps(turn.quick_replies, ensure_ascii=False), "state": turn.state, "created_at": now(),
        }

    # -- reading ---------------------------------------------------------------------------------------

    def _row(self, assessment_id: str):
        wanted = check_id(assessment_id)
        with self.engine.connect() as connection:
            row = connection.execute(select(assessments).where(assessments.c.id == wanted)).first()
        if row is None:
            raise UnknownSession(f"no assessment with id {wanted!r} (see `assistant assess --list CITY`)")
        return row

    def load(self, assessment_id: str) -> Assessment:
        """The latest snapshot of an assessment."""
        return Assessment.model_validate_json(self._row(assessment_id).data)

    def events(self, assessment_id: str) -> list[Event]:
        """Every turn of an assessment, in order."""
        wanted = check_id(assessment_id)
        with self.engine.connect() as connection:
            rows = connection.execute(select(events).where(events.c.assessment_id == wanted).order_by(events.c.seq)).all()
        if not rows:
            self._row(wanted)
        return [Event(seq=row.seq, kind=row.kind, user_text=row.user_text, message=row.message,
                      quick_replies=json.loads(row.quick_replies), state=row.state, created_at=row.created_at) for row in rows]

    def resume(self, assessment_id: str) -> SavedAssessment:
        """The snapshot, the last turn and the transcript, exactly as last committed."""
        row = self._row(assessment_id)
        transcript = []
        for item in self.events(row.id):
            if item.kind == "reply":
                transcript.append(TranscriptLine(role="user", text=item.user_text or ""))
            transcript.append(TranscriptLine(role="assistant", text=item.message))
        return SavedAssessment(assessment=Assessment.model_validate_json(row.data),
                               turn=Turn.model_validate_json(row.last_turn), transcript=transcript)

    def list_assessments(self, city: str | None = None) -> list[AssessmentSummary]:
        """Stored assessments, newest first; with `city`, those whose city name contains it."""
        query = select(assessments.c.data).order_by(assessments.c.updated_at.desc(), assessments.c.id)
        if city is not None and city.strip():
            key = fold(city).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(assessments.c.city_key.like(f"%{key}%", escape="\\"))
        with self.engine.connect() as connection:
            rows = connection.execute(query).scalars().all()
        return [_summary(Assessment.model_validate_json(data)) for data in rows]

    def count(self) -> tuple[int, int]:
        """(assessments, events) stored."""
        with self.engine.connect() as connection:
            return (connection.execute(select(func.count()).select_from(assessments)).scalar(),
                    connection.execute(select(func.count()).select_from(events)).scalar())

    def compare(self, id_a: str, id_b: str) -> Comparison:
        """What moved per domain between two assessments (b relative to a)."""
        a, b = self.load(id_a), self.load(id_b)
        keys = list(dict.fromkeys([*a.domains, *b.domains]))
        moves = []
        for key in keys:
            ra, rb = a.records.get(key), b.records.get(key)
            current_a, current_b = (ra.current if ra else None), (rb.current if rb else None)
            moves.append(DomainMove(
                domain=key, current_a=current_a, current_b=current_b,
                target_a=ra.target if ra else None, target_b=rb.target if rb else None,
                moved=(current_b - current_a) if current_a is not None and current_b is not None else None,
            ))
        return Comparison(a=_summary(a), b=_summary(b), moves=moves)


def _summary(item: Assessment) -> AssessmentSummary:
    return AssessmentSummary(id=item.id, city=item.city.name, state=item.step, domains=item.domains,
                             created_at=item.created_at, updated_at=item.updated_at)


def build_store(settings: Settings) -> AssessmentStore:
    """The assessment store at settings.store_url."""
    return AssessmentStore(settings.store_url)
