"""The framework tab's data: the 7x3 matrix and each domain's stages and cases, with the report's pages.

Plain data for `render` to show; it imports nothing of the interface.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.knowledge.corpus import load_document
from assistant.knowledge.framework import DIMENSION_NAMES, load_framework
from assistant.settings import Settings


@dataclass(frozen=True)
class MatrixRow:
    """A domain's row of the 7x3 matrix: its names, where it is described and the three stage summaries."""

    key: str
    zh: str
    en: str
    section: str
    page: int | None
    summaries: tuple[str, str, str]


@dataclass(frozen=True)
class Characteristic:
    dimension: str  # one of DIMENSION_NAMES, or "other"
    text: str
    section: str


@dataclass(frozen=True)
class StageDetail:
    stage: int
    summary: str
    characteristics: tuple[Characteristic, ...]


@dataclass(frozen=True)
class CaseDetail:
    city: str
    country: str
    title: str
    stage_label: str
    section: str
    page: int | None
    before: str
    after: str
    note: str | None


@dataclass(frozen=True)
class DomainDetail:
    """One domain as the framework tab shows it."""

    key: str
    zh: str
    en: str
    section: str
    page: int | None
    scope: str
    stages: tuple[StageDetail, ...]
    cases: tuple[CaseDetail, ...]


@dataclass(frozen=True)
class FrameworkBrowser:
    """Everything the framework tab shows: the stage names, the 7x3 matrix and each domain's details."""

    stage_names: dict[int, str]
    rows: tuple[MatrixRow, ...]
    domains: dict[str, DomainDetail]


def framework_browser(settings: Settings) -> FrameworkBrowser:
    """The framework data for the browser, with pages taken from the report's table of contents."""
    framework = load_framework(settings.paths.framework_file)
    pages = {section: entry.page for section, entry in load_document(settings.paths.corpus_file).sections().items()}
    domains: dict[str, DomainDetail] = {}
    for key, domain in framework.domains.items():
        stages = []
        for number in (1, 2, 3):
            spec = domain.stage(number)
            named = [
                Characteristic(name, spec.dimensions[name].text, spec.dimensions[name].section)
                for name in DIMENSION_NAMES
                if name in spec.dimensions
            ]
            others = [Characteristic("other", item.text, item.section) for item in spec.other]
            stages.append(StageDetail(number, spec.summary, tuple(named + others)))
        cases = tuple(
            CaseDetail(case.city, case.country, case.title, case.stage_label, case.section, pages.get(case.section),
                       case.before.text, case.after.text, case.note)
            for case in domain.cases
        )
        domains[key] = DomainDetail(key, domain.zh, domain.en, domain.section, pages.get(domain.section),
                                    domain.scope.text, tuple(stages), cases)
    rows = tuple(
        MatrixRow(d.key, d.zh, d.en, d.section, d.page, tuple(stage.summary for stage in d.stages))  # type: ignore[arg-type]
        for d in domains.values()
    )
    names = {item.stage: item.name for item in framework.general_stages}
    return FrameworkBrowser(stage_names=names, rows=rows, domains=domains)
