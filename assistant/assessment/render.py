"""What the assistant says at each step of the assessment: the prompt and quick replies, from the state alone."""

from __future__ import annotations

from assistant.assessment.phrases import phrase
from assistant.assessment.models import BANDS_BY_KEY, POPULATION_BANDS, Assessment, AssessmentReport, DomainAssessment
from assistant.assessment.results import section_of
from assistant.assessment.texts import STAGE_NAMES, questions, say, stage_label
from assistant.knowledge.framework import Domain, Framework
from assistant.schemas import Answer as ReportAnswer
from assistant.schemas import Language
from assistant.assessment.judgement import StageJudgement


def name_of(framework: Framework, key: str, language: Language) -> str:
    """The name of a domain in the conversation's language."""
    domain = framework.domains[key]
    return domain.zh if language == "zh" else domain.en


def city_of(assessment: Assessment) -> str:
    """The city's name, or a neutral word for it."""
    if assessment.city.name:
        return assessment.city.name
    return say(assessment.language, "your_city")


def band_options(language: Language) -> list[str]:
    """Quick replies of the population step: the six bands of section 1.1."""
    return [band.zh if language == "zh" else band.en for band in POPULATION_BANDS]


def domain_options(framework: Framework, language: Language) -> list[str]:
    """Quick replies of the domain step: all seven, then each domain."""
    return [say(language, "qr_all_domains")] + [name_of(framework, key, language) for key in framework.domains]


def stage_options(framework: Framework, key: str, language: Language) -> list[str]:
    """'阶段N：<plain words>' for stages 1-3 of a domain, from its first diagnostic question."""
    first = questions(language, key)[0]
    separator = "：" if language == "zh" else ": "
    return [f"{stage_label(language, stage).capitalize()}{separator}{first.options[stage - 1]}" for stage in (1, 2, 3)]


def bands_text(assessment: Assessment) -> str:
    """The recorded size classes, joined."""
    language = assessment.language
    names = [band.zh if language == "zh" else band.en for band in assessment.city.bands()]
    return say(language, "list_separator").join(names)


def matched_lines(domain: Domain, judgement: StageJudgement, language: Language) -> list[str]:
    """The three dimensions read alone, the official's phrases beside the report's, then what was denied.

    A judgement without evidence (picked quick replies, a model's opinion) shows its matched characteristics.
    """
    stage_name = lambda number: stage_label(language, number)  # noqa: E731
    def cite(quote: str) -> str:
        return say(language, "cite", section=section_of(domain, quote)) + gloss(quote, language)

    lines = []
    readings = [reading for reading in judgement.dimensions if reading.stage is not None]
    if readings:
        lines.append(phrase(language, "dimensions_head"))
        lines += [phrase(language, "dimension_line", dimension=phrase(language, f"dim_{reading.dimension}"),
                         official=reading.official, stage=stage_name(reading.stage), report=reading.report,
                         cite=cite(reading.report)) for reading in readings]
    affirmed = [item for item in judgement.evidence if not item.denied]
    denied = [item for item in judgement.evidence if item.denied]
    if affirmed:
        lines.append(phrase(language, "evidence_head"))
        lines += [phrase(language, "evidence_line", official=item.official, report=item.report, cite=cite(item.report))
                  for item in affirmed]
    elif not judgement.evidence:
        for quote in dict.fromkeys(judgement.matched):
            shown = quote if quote.startswith("“") else f"“{quote}”"
            lines.append(f"- {shown}{cite(quote.strip('“”'))}")
        if lines:
            lines.insert(0, say(language, "infer_matched"))
    if denied:
        lines.append(phrase(language, "denied_head"))
        lines += [phrase(language, "denied_line", official=item.official, stage=stage_name(item.stage), report=item.report)
                  + gloss(item.report, language) for item in denied]
    return lines


def stage_overview(key: str, language: Language) -> list[str]:
    """Per stage, the plain-words options of the domain's questions: what each stage looks like."""
    separator = "：" if language == "zh" else ": "
    joiner = "；" if language == "zh" else "; "
    lines = []
    for stage in (1, 2, 3):
        traits = joiner.join(question.options[stage - 1] for question in questions(language, key))
        lines.append(f"- {stage_label(language, stage).capitalize()}{separator}{traits}")
    return lines


def confirm_prompt(framework: Framework, assessment: Assessment, record: DomainAssessment) -> str:
    """The inferred stage, the characteristics that matched, the stages in plain words and the request to confirm."""
    language = assessment.language
    domain = framework.domains[record.domain]
    name = name_of(framework, record.domain, language)
    lines = []
    if record.inferred is None:
        lines.append(say(language, "infer_none", domain=name))
    else:
        stage = record.inferred.stage
        lines.append(say(language, "infer", city=city_of(assessment), domain=name, stage=stage_label(language, stage),
                         stage_name=STAGE_NAMES[language][stage]))
        if record.inferred.leaning is not None:
            lines[-1] += phrase(language, "leaning", stage=stage_label(language, record.inferred.leaning))
        lines += matched_lines(domain, record.inferred, language)
    lines += [say(language, "stage_overview"), *stage_overview(record.domain, language)]
    lines.append(say(language, "ask_confirm", domain=name))
    return "\n".join(lines)


def question_prompt(framework: Framework, assessment: Assessment) -> tuple[str, list[str]]:
    """The current diagnostic question (with the domain's introduction before its first question) and its options."""
    language = assessment.language
    key = assessment.cursor_domain
    domain = framework.domains[key]
    asked = questions(language, key)
    index = assessment.cursor_question
    question = asked[index]
    lines = []
    if index == 0:
        scope = domain.scope.text if language == "zh" else ""
        lines.append(say(language, "domain_intro", domain=name_of(framework, key, language), section=domain.section,
                         scope=scope).strip())
    lines.append(say(language, "ask_question", n=index + 1, total=len(asked), question=question.prompt))
    options = list(question.options) + [say(language, "qr_unknown"), say(language, "qr_skip_domain")]
    return "\n".join(lines), options


def example_for(framework: Framework, assessment: Assessment) -> tuple[str, str]:
    """(hint, example) shown when a reply to the current step could not be used."""
    language = assessment.language
    step = assessment.step
    if step == "name":
        return say(language, "hint_free"), say(language, "example_name")
    if step == "population":
        return say(language, "hint_choice"), say(language, "example_population")
    if step == "region":
        return say(language, "hint_free"), say(language, "example_region")
    if step in ("domains", "urgent"):
        return say(language, "hint_domains"), say(language, "example_domains")
    if step == "question":
        question = questions(language, assessment.cursor_domain)[assessment.cursor_question]
        return say(language, "hint_question"), question.options[0]
    if step in ("confirm", "target"):
        return say(language, "hint_stage"), say(language, "example_stage")
    return say(language, "hint_free"), say(language, "example_correction")


def prompt_for(framework: Framework, assessment: Assessment, summary: str | None = None) -> tuple[str, list[str]]:
    """(prompt, quick replies) of the step the assessment is at."""
    language = assessment.language
    step = assessment.step
    city = city_of(assessment)
    if step == "name":
        return say(language, "ask_name"), []
    if step == "population":
        return say(language, "ask_population", city=city), band_options(language) + [say(language, "qr_unknown")]
    if step == "region":
        return say(language, "ask_region", city=city), [say(language, "qr_skip")]
    if step == "domains":
        return say(language, "ask_domains"), domain_options(framework, language)
    if step == "urgent":
        keys = list(framework.domains)
        return say(language, "ask_urgent"), [name_of(framework, key, language) for key in keys] + [say(language, "qr_skip")]
    if step == "question":
        return question_prompt(framework, assessment)
    record = assessment.records.get(assessment.cursor_domain or "")
    if step == "confirm" and record is not None:
        return confirm_prompt(framework, assessment, record), stage_options(framework, record.domain, language) + [
            say(language, "qr_unknown")
        ]
    if step == "target" and record is not None:
        name = name_of(framework, record.domain, language)
        prompt = say(language, "ask_target", domain=name, current=stage_label(language, record.current))
        return prompt, stage_options(framework, record.domain, language) + [say(language, "qr_unknown")]
    return summary or "", [say(language, "qr_entries"), say(language, "qr_finish")]


def population_notes(assessment: Assessment) -> list[str]:
    """What the assistant says after the population step: the size classes, or that the city is outside them."""
    language = assessment.language
    city = assessment.city
    notes = []
    if city.bands():
        notes.append(say(language, "population_recorded", bands=bands_text(assessment)))
    if city.population is not None and city.population >= BANDS_BY_KEY["cn_medium"].high:
        notes.append(say(language, "population_large", population=f"{city.population:,}"))
    elif city.population is not None and not city.bands():
        notes.append(say(language, "population_unbanded", population=f"{city.population:,}"))
    return notes


def _reason_text(reference, language: Language) -> str:
    if reference.section and reference.section not in reference.text:
        return reference.text + say(language, "cite", section=reference.section)
    return reference.text


def summary_text(report: AssessmentReport) -> str:
    """The profile of the assessed domains and the suggested entry points, as the conversation states them."""
    assessment = report.assessment
    language = assessment.language
    lines = [say(language, "summary_title", city=city_of(assessment))]
    rows = [result for result in report.results if result.domain in assessment.domains]
    for result in rows:
        name = result.zh if language == "zh" else result.en
        if result.status == "skipped":
            lines.append(f"- {name}{'：' if language == 'zh' else ': '}{say(language, 'skipped')}")
            continue
        gap = say(language, "summary_gap", gap=result.gap) if result.gap else ""
        lines.append(say(language, "summary_row", domain=name, current=stage_label(language, result.current),
                         target=stage_label(language, result.target), gap=gap))
    if not rows:
        lines.append(say(language, "summary_none"))
    if report.recommendations:
        lines.append(say(language, "summary_entry"))
        separator = "；" if language == "zh" else "; "
        for item in report.recommendations:
            reasons = separator.join(_reason_text(reason, language) for reason in item.reasons)
            lines.append(say(language, "summary_entry_row", rank=item.rank, domain=item.zh if language == "zh" else item.en,
                             reasons=reasons))
    lines.append(say(language, "summary_hint", id=assessment.id))
    return "\n".join(lines)


def entries_text(report: AssessmentReport) -> str:
    """For each entry point: what its next stage looks like and the case studies to learn from."""
    language = report.assessment.language
    by_key = {result.domain: result for result in report.results}
    lines = [say(language, "summary_entries_title")]
    separator = say(language, "list_separator")
    for item in report.recommendations:
        result = by_key[item.domain]
        lines.append(f"{item.rank}. {item.zh if language == 'zh' else item.en}")
        if result.next_stage:
            lines.append(say(language, "summary_next", stage=stage_label(language, result.next_stage),
                             summary=result.next_stage_summary, section=result.section))
        if result.cases:
            cases = separator.join(say(language, "case_ref", city=case.city, title=case.title, section=case.section)
                                   for case in result.cases)
            lines.append(say(language, "summary_cases", cases=cases))
    if not report.recommendations:
        lines.append(say(language, "summary_none"))
    return "\n".join(lines)


def answer_text(answer: ReportAnswer, language: Language) -> str:
    """A report answer given during the assessment: the answer, then its numbered sources (section, title, page, quote)."""
    lines = [phrase(language, "question_back"), answer.answer.strip()]
    for citation in answer.citations:
        page = phrase(language, "source_page", page=citation.page) if citation.page else ""
        quote = citation.text.strip().replace("\n", " ")
        quote = quote if len(quote) <= 80 else quote[:80] + "…"
        lines.append(phrase(language, "source_line", n=citation.n, section=citation.section, title=citation.title,
                            page=page, quote=quote))
    return "\n".join(lines)


def gloss(quote: str, language: Language) -> str:
    """In English, the glossary's English words for the terms a Chinese quotation of the report contains."""
    if language != "en":
        return ""
    from assistant.knowledge.glossary import load_glossary
    from assistant.settings import PathSettings

    terms = load_glossary(PathSettings().glossary_file).terms
    found = [term.en[0] for term in sorted(terms, key=lambda term: -len(term.zh))
             if term.en and any(spelling in quote for spelling in (term.zh, *term.variants))]
    return phrase(language, "gloss", terms="; ".join(dict.fromkeys(found))) if found else ""
