"""What planning adds to the assessment store: roadmap edits, team invitations and answers, re-assessments.

The tables live beside the assessments in the same database (any SQLAlchemy URL) and are created on first use.
Changes to an assessment made outside its conversation (a target set, a stage decided by the lead) are committed
like a reply: the snapshot at the next version and an event saying what changed, in one transaction.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from assistant.assessment.models import Assessment, Turn, check_id, now
from assistant.assessment.plan import PlanEdits
from assistant.assessment.store import AssessmentStore, ConcurrentUpdate, assessments, create_tables, events
from assistant.errors import BadInput, ConfigurationError, UnknownSession

metadata = MetaData()

plan_edits = Table(
    "assessment_plan_edits",
    metadata,
    Column("assessment_id", String(12), primary_key=True),
    Column("data", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

team_invitations = Table(
    "assessment_team_invitations",
    metadata,
    Column("code", String(16), primary_key=True),
    Column("assessment_id", String(12), nullable=False, index=True),
    Column("domain", String(40), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("assessment_id", "domain", name="uq_invitation_domain"),
)

team_answers = Table(
    "assessment_team_answers",
    metadata,
    Column("response_id", String(12), primary_key=True),
    Column("code", String(16), nullable=False, index=True),
    Column("assessment_id", String(12), nullable=False, index=True),
    Column("domain", String(40), nullable=False),
    Column("respondent", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

team_decisions = Table(
    "assessment_team_decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("assessment_id", String(12), nullable=False, index=True),
    Column("domain", String(40), nullable=False),
    Column("stage", Integer, nullable=True),
    Column("chosen_response", String(12), nullable=True),
    Column("decided_at", DateTime(timezone=True), nullable=False),
)

reassessments = Table(
    "assessment_reassessments",
    metadata,
    Column("assessment_id", String(12), primary_key=True),
    Column("previous_id", String(12), nullable=False, index=True),
    Column("data", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread when a code is passed on by voice
CODE_LENGTH = 8


class Invitation(BaseModel):
    """An invitation code for one domain of a team assessment."""

    code: str
    assessment_id: str
    domain: str


class TeamAnswer(BaseModel):
    """Who answers which domain of a team assessment, in which of their own assessments."""

    response_id: str
    code: str
    assessment_id: str
    domain: str
    respondent: str
    created_at: datetime


class Decision(BaseModel):
    """The lead's decision on a domain the respondents disagreed about."""

    domain: str
    stage: int | None
    chosen_response: str | None
    decided_at: datetime


def normalise_code(code: str) -> str:
    """An invitation code as stored: upper case without spaces or dashes; BadInput when it cannot be one."""
    value = "".join(str(code or "").split()).replace("-", "").upper()
    if len(value) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in value):
        raise BadInput(f"invalid invitation code {code!r}: codes have {CODE_LENGTH} letters and digits")
    return value


class PlanStore:
    """The planning tables over the engine of an assessment store."""

    def __init__(self, store: AssessmentStore):
        self.store = store
        self.engine = store.engine
        try:
            create_tables(self.engine, metadata)
        except OperationalError as error:
            raise ConfigurationError(f"cannot create the planning tables in {store.url}: {error.orig}") from None

    # -- changing an assessment outside its conversation -----------------------------------------------

    def amend(self, assessment: Assessment, note: str) -> None:
        """Commit a changed snapshot at the next version with an 'edit' event carrying `note`."""
        with self.engine.begin() as connection:
            row = connection.execute(select(assessments.c.version, assessments.c.last_turn)
                                     .where(assessments.c.id == assessment.id)).first()
            if row is None:
                raise UnknownSession(f"no assessment with id {assessment.id!r}")
            version = row.version + 1
            assessment.version = version
            assessment.updated_at = now()
            turn = Turn.model_validate_json(row.last_turn)
            changed = connection.execute(
                update(assessments).where(assessments.c.id == assessment.id, assessments.c.version == row.version)
                .values(version=version, **{k: v for k, v in AssessmentStore._snapshot(assessment, turn).items() if k != "id"})
            ).rowcount
            if changed != 1:
                raise ConcurrentUpdate(f"assessment {assessment.id} was changed in another session; try again")
            values = AssessmentStore._event(assessment.id, version, "edit", note, turn)
            connection.execute(events.insert().values(**values))

    # -- roadmap edits ---------------------------------------------------------------------------------

    def edits(self, assessment_id: str) -> PlanEdits:
        """The official's edits of the roadmap (none yet: empty)."""
        with self.engine.connect() as connection:
            data = connection.execute(select(plan_edits.c.data).where(plan_edits.c.assessment_id == check_id(assessment_id))).scalar()
        return PlanEdits.model_validate_json(data) if data else PlanEdits()

    def save_edits(self, assessment_id: str, edits: PlanEdits) -> None:
        """Replace the roadmap edits of an assessment."""
        wanted = check_id(assessment_id)
        data = edits.model_dump_json()
        with self.engine.begin() as connection:
            done = connection.execute(update(plan_edits).where(plan_edits.c.assessment_id == wanted)
                                      .values(data=data, updated_at=now())).rowcount
            if not done:
                connection.execute(plan_edits.insert().values(assessment_id=wanted, data=data, updated_at=now()))

    # -- team ------------------------------------------------------------------------------------------

    def invite(self, assessment_id: str, domain: str) -> Invitation:
        """The invitation code of a domain, made on first request and the same afterwards."""
        wanted = check_id(assessment_id)
        query = select(team_invitations.c.code).where(team_invitations.c.assessment_id == wanted,
                                                      team_invitations.c.domain == domain)
        try:
            with self.engine.begin() as connection:
                code = connection.execute(query).scalar()
                if code is None:
                    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                    connection.execute(team_invitations.insert().values(code=code, assessment_id=wanted, domain=domain,
                                                                        created_at=now()))
        except IntegrityError:  # another session made the code at the same moment: theirs counts
            with self.engine.connect() as connection:
                code = connection.execute(query).scalar()
        return Invitation(code=code, assessment_id=wanted, domain=domain)

    def invitation(self, code: str) -> Invitation:
        """The invitation with this code; UnknownSession when there is none."""
        wanted = normalise_code(code)
        with self.engine.connect() as connection:
            row = connection.execute(select(team_invitations).where(team_invitations.c.code == wanted)).first()
        if row is None:
            raise UnknownSession(f"no invitation with code {wanted!r}: ask the lead of the assessment for the code")
        return Invitation(code=row.code, assessment_id=row.assessment_id, domain=row.domain)

    def invitations(self, assessment_id: str) -> list[Invitation]:
        """The invitations of a team assessment."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(team_invitations).where(team_invitations.c.assessment_id == check_id(assessment_id))
                                      .order_by(team_invitations.c.created_at)).all()
        return [Invitation(code=row.code, assessment_id=row.assessment_id, domain=row.domain) for row in rows]

    def add_answer(self, invitation: Invitation, response_id: str, respondent: str) -> None:
        """Record that `respondent` answers the invited domain in their assessment `response_id`."""
        with self.engine.begin() as connection:
            connection.execute(team_answers.insert().values(
                response_id=response_id, code=invitation.code, assessment_id=invitation.assessment_id,
                domain=invitation.domain, respondent=respondent, created_at=now()))

    def answers(self, assessment_id: str) -> list[TeamAnswer]:
        """Every respondent of a team assessment, in the order they joined."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(team_answers).where(team_answers.c.assessment_id == check_id(assessment_id))
                                      .order_by(team_answers.c.created_at, team_answers.c.response_id)).all()
        return [TeamAnswer(**row._mapping) for row in rows]

    def decide(self, assessment_id: str, domain: str, stage: int | None, chosen_response: str | None) -> None:
        """Keep the lead's decision on a domain (the latest one counts)."""
        with self.engine.begin() as connection:
            connection.execute(team_decisions.insert().values(assessment_id=check_id(assessment_id), domain=domain, stage=stage,
                                                              chosen_response=chosen_response, decided_at=now()))

    def decisions(self, assessment_id: str) -> dict[str, Decision]:
        """The latest decision per domain."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(team_decisions).where(team_decisions.c.assessment_id == check_id(assessment_id))
                                      .order_by(team_decisions.c.id)).all()
        return {row.domain: Decision(domain=row.domain, stage=row.stage, chosen_response=row.chosen_response,
                                     decided_at=row.decided_at) for row in rows}

    # -- re-assessment ---------------------------------------------------------------------------------

    def save_reassessment(self, assessment_id: str, previous_id: str, data: dict) -> None:
        """Replace the re-assessment state of `assessment_id` (started from `previous_id`)."""
        wanted = check_id(assessment_id)
        text = json.dumps(data, ensure_ascii=False)
        with self.engine.begin() as connection:
            done = connection.execute(update(reassessments).where(reassessments.c.assessment_id == wanted)
                                      .values(data=text, updated_at=now())).rowcount
            if not done:
                connection.execute(reassessments.insert().values(assessment_id=wanted, previous_id=check_id(previous_id),
                                                                 data=text, updated_at=now()))

    def reassessment(self, assessment_id: str) -> tuple[str, dict] | None:
        """(previous id, state) of a re-assessment, None when the assessment is not one."""
        with self.engine.connect() as connection:
            row = connection.execute(select(reassessments).where(reassessments.c.assessment_id == check_id(assessment_id))).first()
        return (row.previous_id, json.loads(row.data)) if row else None
