"""The gold question set: questions about the report with the verbatim evidence and the facts an answer must state."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from assistant.errors import BadInput
from assistant.text import squash

QuestionType = Literal["single", "multi", "out_of_scope", "followup", "table", "comparison"]

SECTION_IDS: tuple[str, ...] = (
    "preface",
    "summary",
    "1",
    "1.1",
    "1.2",
    "1.3",
    "1.4",
    "2",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "3",
    "3.1",
    "3.2",
    "3.3",
    "3.4",
    "3.5",
    "3.6",
    "3.7",
    "3.8",
    "3.9",
    "4",
    "appendix",
    "endnotes",
)

MIN_SPAN_CHARS = 6
MAX_SPAN_CHARS = 80


class HistoryTurn(BaseModel):
    """An earlier question of the conversation a follow-up depends on."""

    question: str = Field(min_length=1)


class GoldQuestion(BaseModel):
    """One question of the gold set, with the report passages and facts that a correct answer rests on."""

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    language: Literal["zh", "en"]
    type: QuestionType
    sections: list[str] = Field(default_factory=list, description="Sections whose text answers the question.")
    evidence: list[str] = Field(default_factory=list, description="Verbatim spans of the report holding the answer.")
    key_facts: list[list[str]] = Field(
        default_factory=list,
        description="Facts a correct answer states; each is a list of alternative surface strings.",
    )
    history: list[HistoryTurn] = Field(default_factory=list, description="Earlier questions, oldest first.")
    group: str | None = Field(
        None, description="Questions asking the same fact in other words share a group; a group never spans dev and held-out."
    )

    @property
    def in_scope(self) -> bool:
        """Whether the report answers the question."""
        return self.type != "out_of_scope"


def load_gold(path: str | Path) -> list[GoldQuestion]:
    """Read a gold set from a JSON-lines file, one question per non-blank line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BadInput(f"cannot read gold set {path}: {exc.strerror}") from exc
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            questions.append(GoldQuestion.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            detail = f"{where}: {first['msg']}" if where else first["msg"]
            raise BadInput(f"{path}:{number}: {detail}") from exc
    return questions


def validate_gold(questions: list[GoldQuestion], corpus_text: str) -> list[str]:
    """Problems with a gold set, one readable line each; an empty list means the set is usable."""
    source = squash(corpus_text)
    problems: list[str] = []

    for qid, count in Counter(q.id for q in questions).items():
        if count > 1:
            problems.append(f"{qid}: duplicate id ({count} questions)")

    for q in questions:
        problems.extend(_problems_of(q, source))
    return problems


def _problems_of(q: GoldQuestion, source: str) -> list[str]:
    problems = []
    for section in q.sections:
        if section not in SECTION_IDS:
            problems.append(f"{q.id}: unknown section id {section!r}")

    if q.in_scope:
        if not q.evidence:
            problems.append(f"{q.id}: in-scope question without evidence")
        if not q.key_facts:
            problems.append(f"{q.id}: in-scope question without key facts")
        if not q.sections:
            problems.append(f"{q.id}: in-scope question without sections")
    else:
        if q.evidence:
            problems.append(f"{q.id}: out-of-scope question with evidence")
        if q.key_facts:
            problems.append(f"{q.id}: out-of-scope question with key facts")

    if q.type == "followup" and not q.history:
        problems.append(f"{q.id}: follow-up without history")

    for span in q.evidence:
        squashed = squash(span)
        if len(squashed) < MIN_SPAN_CHARS:
            problems.append(f"{q.id}: evidence span shorter than {MIN_SPAN_CHARS} characters: {span!r}")
        elif len(squashed) > MAX_SPAN_CHARS:
            problems.append(f"{q.id}: evidence span longer than {MAX_SPAN_CHARS} characters: {span[:20]!r}...")
        if squashed not in source:
            problems.append(f"{q.id}: evidence span not found in the report: {span!r}")

    for fact in q.key_facts:
        if not fact or not all(alternative.strip() for alternative in fact):
            problems.append(f"{q.id}: empty key fact or alternative: {fact!r}")
    return problems
