"""What follows from an assessment: the profile, gaps, entry points, next stages, cases, stakeholder roles, challenges.

Every item carries the section of the report it comes from.
"""

from __future__ import annotations

from assistant.assessment.interpret import DomainVocabulary
from assistant.assessment.models import (
    Assessment,
    AssessmentReport,
    CaseReference,
    DomainAssessment,
    DomainResult,
    Recommendation,
    Reference,
    StakeholderAdvice,
)
from assistant.assessment.texts import QUESTIONS, say
from assistant.knowledge.framework import Domain, Framework, Stakeholder
from assistant.text import squash

ENTRY_POINTS = 2  # the report advises starting from one or two domains (section 2.4, Table 2, row 6)
TOP_CHALLENGES = 5  # Table 1: the five challenges rated hardest (median 4)

_vocabularies: dict[int, tuple[Framework, DomainVocabulary]] = {}


def vocabulary_for(framework: Framework) -> DomainVocabulary:
    """The domain vocabulary of a framework (its own words and the diagnostic questions), built once."""
    cached = _vocabularies.get(id(framework))
    if cached is None or cached[0] is not framework:
        extra = {
            key: [text for language in QUESTIONS for question in QUESTIONS[language][key] for text in (question.prompt, *question.options)]
            for key in framework.domains
        }
        cached = (framework, DomainVocabulary(framework, extra))
        _vocabularies[id(framework)] = cached
    return cached[1]


def section_of(domain: Domain, quote: str) -> str:
    """The section a quoted characteristic comes from (the domain's own section when not found)."""
    wanted = squash(quote.strip("“”\"'"))
    for spec in domain.stages.values():
        for item in spec.characteristics():
            if squash(item.quote) == wanted or squash(item.text) == wanted:
                return item.section
    return domain.section


def next_stage(record: DomainAssessment | None) -> int | None:
    """The stage after the confirmed current one, when there is one."""
    if record is None or record.current is None or record.current >= 3:
        return None
    return record.current + 1


def matching_cases(domain: Domain, current: int | None) -> list[CaseReference]:
    """Cases of the domain whose stage_from..stage_to covers the step from `current` to the next stage.

    With an unknown current stage every case of the domain is shown; at stage 3 there is no next step.
    """
    if current is not None and current >= 3:
        return []
    chosen = [
        case for case in domain.cases
        if current is None or (case.stage_from <= current and case.stage_to >= current + 1)
    ]
    return [
        CaseReference(city=case.city, country=case.country, title=case.title, stage_label=case.stage_label,
                      stage_from=case.stage_from, stage_to=case.stage_to, section=case.section, summary=case.after.text)
        for case in chosen
    ]


# Which domains each chapter-4 recommendation speaks to, read from its text: (group, phrase in it, domains).
# A recommendation none of these phrases finds (the framework file changed) is matched by its words instead.
RECOMMENDATION_DOMAINS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("government", "坚持以人为本", ("services",)),
    ("government", "驱动治理方式", ("governance", "government", "infrastructure")),
    ("government", "特色产业", ("industry",)),
    ("government", "碳中和城市", ("environment",)),
    ("government", "发展保障体系", ("enablers",)),
    ("citizens", "参与民生服务", ("services",)),
    ("citizens", "城市治理中", ("governance", "government")),
    ("citizens", "低碳生活", ("environment",)),
    ("enterprises", "社会服务和产业创新", ("services", "industry")),
    ("enterprises", "数字化基础设施", ("infrastructure", "services", "industry")),
    ("enterprises", "传统产业", ("industry",)),
    ("enterprises", "清洁环境", ("environment",)),
    ("research", "政策、规划、标准", ("enablers", "services", "industry", "governance", "environment", "government", "infrastructure")),
    ("research", "三方长期合作", ("enablers", "services", "industry", "governance", "environment", "government", "infrastructure")),
)


def _speaks_to(vocabulary: DomainVocabulary, holder: Stakeholder, text: str) -> tuple[str, ...]:
    for group, phrase, domains in RECOMMENDATION_DOMAINS:
        if group == holder.key and phrase in text:
            return domains
    scores = vocabulary.scores(text)
    return (max(scores, key=scores.get),)


def stakeholder_advice(framework: Framework, domain: Domain, per_group: int = 2) -> list[StakeholderAdvice]:
    """Chapter 4 for one domain: each group's role (core or partial) and its recommendations for the domain.

    A group none of whose recommendations concerns the domain is shown with its role statement.
    """
    vocabulary = vocabulary_for(framework)
    advice = []
    for holder in framework.stakeholders:
        role = "core" if domain.key in holder.core else "partial" if domain.key in holder.partial else "none"
        chosen = [item for item in holder.recommendations if domain.key in _speaks_to(vocabulary, holder, item.text)]
        actions = [Reference(text=item.text, section=item.section, quote=item.quote) for item in chosen[:per_group]]
        if not actions:
            actions = [Reference(text=holder.role.text, section=holder.role.section, quote=holder.role.quote)]
        advice.append(StakeholderAdvice(key=holder.key, zh=holder.zh, en=holder.en, role=role, actions=actions))
    return advice


def _distinct(items) -> list[Reference]:
    """The characteristics as references, without one that merely repeats part of another."""
    texts = [item.text for item in items]
    return [Reference(text=item.text, section=item.section, quote=item.quote) for index, item in enumerate(items)
            if not any(item.text in other and (item.text != other or later < index) for later, other in enumerate(texts)
                       if later != index)]


def domain_result(framework: Framework, assessment: Assessment, key: str) -> DomainResult:
    """The profile row of one domain with its next stage, cases, stakeholders and the survey's concerns."""
    domain = framework.domains[key]
    record = assessment.records.get(key) if key in assessment.domains else None
    current = record.current if record else None
    target = record.target if record else None
    following = next_stage(record)
    matched = []
    inferred = record.inferred if record else None
    if inferred is not None:
        quotes = list(dict.fromkeys(quote.strip("“”") for quote in inferred.matched))
        matched = [Reference(text=quote, section=section_of(domain, quote), quote=quote) for quote in quotes]
    assessed = record is not None and record.status in ("done", "skipped")
    return DomainResult(
        domain=key, zh=domain.zh, en=domain.en, section=domain.section,
        status=record.status if record else "pending",
        current=current, target=target,
        gap=(target - current) if current is not None and target is not None else None,
        inferred=inferred.stage if inferred else None,
        confidence=inferred.confidence if inferred else None,
        matched=matched,
        next_stage=following,
        next_stage_summary=domain.stage(following).summary if following else None,
        next_stage_traits=_distinct(domain.stage(following).characteristics()) if following else [],
        cases=matching_cases(domain, current) if assessed and record.status == "done" else [],
        stakeholders=stakeholder_advice(framework, domain) if assessed else [],
        concerns=[Reference(text=concern.text, section=concern.section, quote=concern.quote) for concern in domain.concerns],
    )


def entry_points(framework: Framework, assessment: Assessment, results: list[DomainResult]) -> list[Recommendation]:
    """The one or two domains to start from: urgency stated by the official, size of the gap, survey attention (3.1)."""
    language = assessment.language
    order = framework.survey_ranking.order
    urgent = set(assessment.urgent)
    candidates = []
    for result in results:
        if result.status != "done" or result.current == 3 or result.gap == 0:
            continue
        reasons, score = [], 0.0
        if result.domain in urgent:
            score += 3.0
            key = "reason_urgent" if assessment.selection == "all" else "reason_chosen"
            reasons.append(Reference(text=say(language, key), section="2.4"))
        if result.gap:
            score += float(result.gap)
            reasons.append(Reference(text=say(language, "reason_gap", gap=result.gap), section=result.section))
        rank = order.index(result.domain) + 1
        score += (len(order) + 1 - rank) / len(order)
        reasons.append(Reference(text=say(language, "reason_survey", rank=rank), section=framework.survey_ranking.section,
                                 quote=framework.survey_ranking.quote))
        candidates.append((score, rank, result, reasons))
    candidates.sort(key=lambda entry: (-entry[0], entry[1]))
    return [
        Recommendation(rank=position, domain=result.domain, zh=result.zh, en=result.en, score=round(score, 3), reasons=reasons)
        for position, (score, _, result, reasons) in enumerate(candidates[:ENTRY_POINTS], start=1)
    ]


def challenges(framework: Framework, language: str) -> list[Reference]:
    """The challenges of Table 1 rated hardest, with their mean score."""
    rows = sorted(framework.challenges, key=lambda row: row.rank)[:TOP_CHALLENGES]
    return [Reference(text=say(language, "challenge_row", text=row.text, mean=row.mean, rank=row.rank), section=row.section,
                      quote=row.quote) for row in rows]


def build_report(framework: Framework, assessment: Assessment) -> AssessmentReport:
    """The full report of an assessment: the chosen domains first, then the others as not assessed."""
    keys = list(assessment.domains) + [key for key in framework.domains if key not in assessment.domains]
    results = [domain_result(framework, assessment, key) for key in keys]
    row = next(item for item in framework.small_vs_large if item.n == 6)
    return AssessmentReport(
        assessment=assessment,
        results=results,
        recommendations=entry_points(framework, assessment, results),
        challenges=challenges(framework, assessment.language),
        advice=Reference(text=say(assessment.language, "advice"), section=row.section, quote=row.quote),
    )
