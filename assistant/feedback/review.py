"""Turn what officials disliked, and what the assistant refused, into gold-set lines for review.

Each line is a valid gold question (`assistant.evaluation.goldset.GoldQuestion`: id, question, language,
type, sections) with the review's own fields beside it, which the gold-set reader ignores: why it is there
(`reason`: thumbs_down or refused), `answer_given`, the official's `comment`, the `standalone_question`, the
`engine` and `asked_at`. A reviewer adds the evidence and key facts (or keeps a refusal as out_of_scope) and
moves the line into a gold set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from assistant.evaluation.goldset import SECTION_IDS, GoldQuestion
from assistant.feedback.store import Exchange


def for_review(items: Iterable[Exchange]) -> list[Exchange]:
    """The exchanges worth a reviewer's time: every refusal and every answer rated 👎, oldest first."""
    return [item for item in items if item.refused or item.rating == "down"]


def review_line(item: Exchange) -> dict:
    """One exchange as a gold-set line with the review's fields."""
    sections = list(dict.fromkeys(c.section for c in item.citations if c.section in SECTION_IDS))
    gold = GoldQuestion(
        id=f"feedback-{item.id[:12]}", question=item.question, language="en" if item.language == "en" else "zh",
        type="out_of_scope" if item.refused else "single", sections=[] if item.refused else sections,
    )
    return {
        **gold.model_dump(exclude={"evidence", "key_facts", "history", "group"}),
        "evidence": [], "key_facts": [],
        "reason": "refused" if item.refused else "thumbs_down",
        "answer_given": item.answer,
        "comment": item.comment,
        "standalone_question": item.standalone_question,
        "engine": item.engine,
        "asked_at": item.created_at.isoformat(),
    }


def write_review(items: Iterable[Exchange], path: Path | None) -> list[dict]:
    """Write the review lines to path (JSON lines, UTF-8) and return them; nothing is written for path None."""
    lines = [review_line(item) for item in for_review(items)]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return lines
