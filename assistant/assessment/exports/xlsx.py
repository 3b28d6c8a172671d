"""The workbook (.xlsx, openpyxl): profile, evidence, roadmap and peers sheets, in the assessment's language."""

from __future__ import annotations

import io

from assistant.assessment.export import _header, _profile, _rows
from assistant.assessment.exports.bundle import PlanReport
from assistant.assessment.exports.sections import (
    changes_header,
    changes_rows,
    peers_header,
    peers_rows,
    roadmap_header,
    roadmap_rows,
)
from assistant.assessment.plan_texts import say

_WIDTH_LIMIT = 60


def evidence_rows(plan: PlanReport) -> list[list[str]]:
    """Per assessed domain: each answer the official gave, then the report's characteristics that matched."""
    language = plan.language
    assessment = plan.report.assessment
    rows = []
    for result in plan.report.results:
        record = assessment.records.get(result.domain)
        if record is None or result.domain not in assessment.domains:
            continue
        name = result.zh if language == "zh" else result.en
        for answer in record.described():
            rows.append([name, answer.question, answer.text, "", ""])
        for item in result.matched:
            rows.append([name, "", "", item.text, item.section])
    return rows


def _sheet(book, title: str, header: list[str], rows: list[list[str]]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(title=title[:31])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF2FF")
    for row in rows:
        sheet.append([str(cell) if cell is not None else "" for cell in row])
    for index, _ in enumerate(header, start=1):
        column = sheet.cell(row=1, column=index).column_letter
        longest = max((len(str(sheet.cell(row=r, column=index).value or "")) for r in range(1, sheet.max_row + 1)), default=8)
        sheet.column_dimensions[column].width = min(max(longest, 8) + 2, _WIDTH_LIMIT)
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def to_xlsx(plan: PlanReport) -> bytes:
    """The workbook as bytes: Profile, Evidence, Roadmap, Peers (and the re-assessment's changes when there are some)."""
    from openpyxl import Workbook

    language = plan.language
    report = plan.report
    book = Workbook()
    book.remove(book.active)
    city = [[label, value, "", "", "", ""] for label, value in _profile(report)] + [[""] * 6, _header(language)]
    _sheet(book, say(language, "sheet_profile"), city[0], city[1:] + _rows(report))
    _sheet(book, say(language, "sheet_evidence"),
           [say(language, key) for key in ("col_domain", "col_question", "col_answer", "col_matched", "col_section")],
           evidence_rows(plan))
    _sheet(book, say(language, "sheet_roadmap"), roadmap_header(language), roadmap_rows(plan))
    _sheet(book, say(language, "sheet_peers"), peers_header(language), peers_rows(plan))
    if plan.changes is not None:
        _sheet(book, say(language, "re_title"), changes_header(language), changes_rows(plan))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

