"""One assessment answered by several officials.

The lead shares an invitation code per domain; a respondent joins with a code and their name and answers that
domain in an assessment of their own (the usual conversation, starting at the domain's first question). The
team view gathers, per domain, who answered what; where respondents confirmed different stages the lead
decides, and `merge` writes the agreed and decided stages, with the respondents' answers, into the lead's
assessment. Who answered what stays in the store.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.assessment.models import Answer, Assessment, DomainAssessment, Turn
from assistant.assessment.plan_store import Decision, Invitation, PlanStore, TeamAnswer
from assistant.assessment.render import prompt_for
from assistant.assessment.store import AssessmentStore
from assistant.errors import BadInput
from assistant.knowledge.framework import Framework
from assistant.schemas import Language, Stage
from assistant.text import clean_input

MAX_NAME = 80


class Response(BaseModel):
    """One respondent's answer to one domain: their stages and what they said."""

    response_id: str
    respondent: str
    finished: bool
    current: Stage | None = None
    target: Stage | None = None
    said: list[str] = Field(default_factory=list)


class TeamDomain(BaseModel):
    """A domain of a team assessment: its code, the responses, whether they disagree and what the lead decided."""

    domain: str
    code: str | None
    responses: list[Response] = Field(default_factory=list)
    disagreement: bool = False
    agreed: Stage | None = Field(None, description="The stage every finished respondent confirmed, when they agree.")
    decision: Decision | None = None

    def settled(self) -> Stage | None:
        """The stage the lead's assessment takes: the lead's decision, else the agreed stage."""
        if self.decision is not None:
            return self.decision.stage
        return self.agreed


class TeamStatus(BaseModel):
    """Everything the lead sees of a team assessment."""

    assessment_id: str
    domains: list[TeamDomain]


class TeamAssessment:
    """Invitations, joining, the team view, decisions and merging, over one store."""

    def __init__(self, framework: Framework, store: AssessmentStore, plans: PlanStore):
        self.framework = framework
        self.store = store
        self.plans = plans

    def invite(self, lead_id: str, domains: list[str]) -> list[Invitation]:
        """One invitation code per domain of the lead's assessment (all seven when `domains` is empty)."""
        self.store.load(lead_id)
        keys = [self.framework.domain(name).key for name in domains] or list(self.framework.domains)
        return [self.plans.invite(lead_id, key) for key in dict.fromkeys(keys)]

    def join(self, code: str, respondent: str, language: Language | None = None) -> Assessment:
        """A respondent's own assessment of the invited domain, stored and waiting at the domain's first question."""
        name = clean_input(respondent or "")[:MAX_NAME]
        if not name:
            raise BadInput("give your name so the lead knows who answered")
        invitation = self.plans.invitation(code)
        lead = self.store.load(invitation.assessment_id)
        domain = invitation.domain
        assessment = Assessment(language=language or lead.language, city=lead.city.model_copy(), selection="chosen",
                                domains=[domain], urgent=[domain], step="question", cursor_domain=domain, cursor_question=0,
                                records={domain: DomainAssessment(domain=domain, status="answering")})
        prompt, options = prompt_for(self.framework, assessment)
        turn = Turn(message=prompt, quick_replies=options, state=assessment.step, domain=domain, assessment_id=assessment.id)
        self.store.create(assessment, turn)
        self.plans.add_answer(invitation, assessment.id, name)
        return assessment

    def status(self, lead_id: str) -> TeamStatus:
        """Per domain with a code or a response: who answered what, disagreements and decisions."""
        self.store.load(lead_id)
        codes = {item.domain: item.code for item in self.plans.invitations(lead_id)}
        answers: dict[str, list[TeamAnswer]] = {}
        for item in self.plans.answers(lead_id):
            answers.setdefault(item.domain, []).append(item)
        decisions = self.plans.decisions(lead_id)
        domains = []
        for key in self.framework.domains:
            if key not in codes and key not in answers:
                continue
            responses = [self._response(item) for item in answers.get(key, [])]
            stages = {response.current for response in responses if response.finished and response.current is not None}
            domains.append(TeamDomain(domain=key, code=codes.get(key), responses=responses, disagreement=len(stages) > 1,
                                      agreed=next(iter(stages)) if len(stages) == 1 else None, decision=decisions.get(key)))
        return TeamStatus(assessment_id=lead_id, domains=domains)

    def _response(self, item: TeamAnswer) -> Response:
        record = self.store.load(item.response_id).records.get(item.domain)
        finished = record is not None and record.status == "done"
        return Response(response_id=item.response_id, respondent=item.respondent, finished=finished,
                        current=record.current if finished else None, target=record.target if finished else None,
                        said=[answer.text for answer in record.described()] if record else [])

    def decide(self, lead_id: str, domain: str, stage: int | None = None, response_id: str | None = None) -> TeamDomain:
        """The lead settles a domain: a stage, or one respondent's answer; returns the domain as it now stands."""
        key = self.framework.domain(domain).key
        current = next((item for item in self.status(lead_id).domains if item.domain == key), None)
        if current is None:
            raise BadInput(f"nobody was invited to answer {key} in assessment {lead_id}")
        if response_id is not None:
            chosen = next((response for response in current.responses if response.response_id == response_id), None)
            if chosen is None or not chosen.finished:
                raise BadInput(f"{response_id!r} is not a finished answer to {key} in this team assessment")
            stage = chosen.current
        if stage not in (1, 2, 3):
            raise BadInput("decide with a stage 1, 2 or 3, or with the id of one respondent's answer")
        self.plans.decide(lead_id, key, stage, response_id)
        return next(item for item in self.status(lead_id).domains if item.domain == key)

    def merge(self, lead_id: str) -> list[str]:
        """Write every settled domain into the lead's assessment; returns the domains written."""
        status = self.status(lead_id)
        lead = self.store.load(lead_id)
        written = []
        for item in status.domains:
            stage = item.settled()
            if stage is None:
                continue
            record = lead.record(item.domain)
            if item.domain not in lead.domains:
                lead.domains.append(item.domain)
            targets = [response.target for response in item.responses if response.finished and response.current == stage
                       and response.target is not None]
            record.current = stage
            record.target = max(targets) if targets else (record.target if (record.target or 0) >= stage else stage)
            record.status = "done"
            known = {(answer.question, answer.text) for answer in record.answers}
            for response in item.responses:
                for answer in self.store.load(response.response_id).record(item.domain).described():
                    copied = Answer(question=answer.question, text=f"{response.respondent}: {answer.text}", kind=answer.kind,
                                    stage_hint=answer.stage_hint, at=answer.at)
                    if (copied.question, copied.text) not in known:
                        record.answers.append(copied)
            written.append(item.domain)
        if written:
            self.plans.amend(lead, "team: " + ", ".join(written))
        return written
