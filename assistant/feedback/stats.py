"""The numbers of the admin page, computed from the stored exchanges."""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np
from pydantic import BaseModel, Field

from assistant.feedback.store import Exchange

TOP_TOPICS = 10


class Latency(BaseModel):
    engine: str
    answers: int
    p50_ms: float
    p95_ms: float
    first_token_p50_ms: float | None = None


class Comment(BaseModel):
    """A 👎 answer with what the official said about it."""

    asked_at: str
    question: str
    answer: str
    comment: str


class AdminStats(BaseModel):
    """What officials asked, what the report did not cover and how the answers were rated."""

    questions: int = 0
    per_day: dict[date, int] = Field(default_factory=dict)
    per_domain: dict[str, int] = Field(default_factory=dict)
    per_stage: dict[str, int] = Field(default_factory=dict)
    per_city: dict[str, int] = Field(default_factory=dict)
    refused: int = 0
    refusal_topics: list[tuple[str, int]] = Field(default_factory=list)
    rated_up: int = 0
    rated_down: int = 0
    comments: list[Comment] = Field(default_factory=list)
    latency: list[Latency] = Field(default_factory=list)

    @property
    def refusal_rate(self) -> float:
        return self.refused / self.questions if self.questions else 0.0

    @property
    def down_rate(self) -> float:
        """Share of the answers (refusals included) rated 👎."""
        return self.rated_down / self.questions if self.questions else 0.0


def _percentile(values: list[float], q: float) -> float:
    return round(float(np.percentile(values, q)), 1)


def admin_stats(items: list[Exchange]) -> AdminStats:
    """Counts per day, domain, stage and case city; refusals and their topics; ratings; latency per engine."""
    per_day: Counter[date] = Counter(item.created_at.date() for item in items)
    domains, stages, cities, refusal_topics = Counter(), Counter(), Counter(), Counter()
    for item in items:
        domains.update(item.topics.domains)
        stages.update(item.topics.stages)
        cities.update(item.topics.cities)
        if item.refused:
            named = item.topics.domains + item.topics.stages + item.topics.cities
            refusal_topics.update(list(dict.fromkeys(named or item.topics.words)))
    latency = []
    for engine in sorted({item.engine for item in items}):
        answered = [item for item in items if item.engine == engine]
        totals = [item.total_ms for item in answered]
        firsts = [item.first_token_ms for item in answered if item.first_token_ms is not None]
        latency.append(Latency(engine=engine, answers=len(answered), p50_ms=_percentile(totals, 50),
                               p95_ms=_percentile(totals, 95),
                               first_token_p50_ms=_percentile(firsts, 50) if firsts else None))
    down = [item for item in items if item.rating == "down"]
    return AdminStats(
        questions=len(items), per_day=dict(sorted(per_day.items())), per_domain=dict(domains.most_common()),
        per_stage=dict(sorted(stages.items())), per_city=dict(cities.most_common()),
        refused=sum(item.refused for item in items), refusal_topics=refusal_topics.most_common(TOP_TOPICS),
        rated_up=sum(item.rating == "up" for item in items), rated_down=len(down),
        comments=[Comment(asked_at=item.created_at.strftime("%Y-%m-%d %H:%M"), question=item.question,
                          answer=item.answer, comment=item.comment) for item in reversed(down)],
        latency=latency,
    )
