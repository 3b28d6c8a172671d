"""A journal of evaluated answers, so that a long run (the local model over a whole half) can stop and go on.

Each answered question is appended as one JSON line (system, question id, the question's text, its outcome)
and flushed at once; a run given the same journal evaluates only what it does not hold. An entry is reused only
for the same system and the same question text: a changed gold question is asked again. The journal keeps
answers as they were given, so after a change to the code or the model, start a new journal.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import BadInput
from assistant.evaluation.goldset import GoldQuestion
from assistant.evaluation.report import AnswerOutcome


class AnswerJournal:
    """Outcomes already evaluated, read from and appended to one JSONL file."""

    def __init__(self, path: Path):
        self.path = path
        self._entries: dict[tuple[str, str], tuple[str, AnswerOutcome]] = {}
        if path.is_dir():
            raise BadInput(f"the journal {path} is a directory; give a file path")
        if path.exists():
            self._read()

    def _read(self) -> None:
        data = self.path.read_bytes()
        lines = data.decode("utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, 1):
            try:
                entry = json.loads(line)
                outcome = AnswerOutcome.model_validate(entry["outcome"])
                self._entries[(entry["system"], entry["id"])] = (entry["question"], outcome)
            except (json.JSONDecodeError, KeyError, TypeError, ValidationError) as error:
                if number == len(lines) and not data.endswith(b"\n"):
                    # The last line was cut short when a run was stopped: it is dropped and its question asked again.
                    with self.path.open("r+b") as handle:
                        handle.truncate(data.rfind(b"\n") + 1)
                    continue
                raise BadInput(f"line {number} of the journal {self.path} is not an answer entry ({error}); "
                               "give another journal path") from error

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, system: str, question: GoldQuestion) -> AnswerOutcome | None:
        """The outcome recorded for this system and question, if the question's text is unchanged."""
        entry = self._entries.get((system, question.id))
        return entry[1] if entry is not None and entry[0] == question.question else None

    def add(self, system: str, question: GoldQuestion, outcome: AnswerOutcome) -> None:
        """Record one outcome, on disk before returning."""
        self._entries[(system, question.id)] = (question.question, outcome)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"system": system, "id": question.id, "question": question.question,
                           "outcome": outcome.model_dump()}, ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())
