"""Every export format of an assessment with its plan, written under <data_dir>/exports/.

md, json and html are the report's own formats with the roadmap and peers added; png is the radar chart of
current and target stages; pdf is the printable HTML printed by Chromium; xlsx is the workbook.
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.assessment.export import radar_png, to_html, to_markdown
from assistant.assessment.exports.bundle import PlanReport
from assistant.assessment.exports.pdf import find_chromium, html_to_pdf, page_css
from assistant.assessment.exports.sections import plan_html, plan_markdown
from assistant.assessment.exports.xlsx import to_xlsx
from assistant.assessment.models import check_id, now
from assistant.errors import BadInput

EXPORT_FORMATS: tuple[str, ...] = ("md", "json", "html", "png", "pdf", "xlsx")
_PLAN_CSS = ("<style>table.roadmap td,table.peers td,table.changes td{font-size:.8rem}"
             "td.short,th.short{white-space:nowrap}table.roadmap td:nth-child(2){font-size:.7rem;color:#52606d}"
             "@media print{table.roadmap,table.peers{page-break-inside:auto}tr{page-break-inside:avoid}}</style>")


def plan_page(plan: PlanReport, chart: bytes | None = None, *, printed: bool = False) -> str:
    """The printable HTML report with the roadmap and peers after the profile's sections."""
    page = to_html(plan.report, chart)
    extra = _PLAN_CSS + (f"<style>{page_css(plan.language)}</style>" if printed else "")
    page = page.replace("</head>", extra + "</head>", 1)
    head, tail = page.rsplit("</body>", 1)
    return f"{head}{plan_html(plan)}</body>{tail}"


def plan_json(plan: PlanReport) -> str:
    """The report's own JSON (it still parses into AssessmentReport) with roadmap, peers and changes added."""
    data = plan.report.model_dump(mode="json")
    data.update(plan.model_dump(mode="json", include={"roadmap", "peers", "changes"}))
    return json.dumps(data, ensure_ascii=False, indent=2)


def render_plan(plan: PlanReport, fmt: str, *, chromium: Path | None = None, timeout_s: float = 90) -> bytes:
    """The plan export in one of EXPORT_FORMATS, as bytes."""
    if fmt == "md":
        return (to_markdown(plan.report) + plan_markdown(plan)).encode("utf-8")
    if fmt == "json":
        return plan_json(plan).encode("utf-8")
    if fmt == "html":
        return plan_page(plan).encode("utf-8")
    if fmt == "png":
        return radar_png(plan.report)
    if fmt == "pdf":
        return html_to_pdf(plan_page(plan, printed=True), find_chromium(chromium), timeout_s)
    if fmt == "xlsx":
        return to_xlsx(plan)
    raise BadInput(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORT_FORMATS)}")


def write_plan_export(plan: PlanReport, fmt: str, data_dir: Path, **options) -> Path:
    """Write the export to <data_dir>/exports/assessment-<id>-<timestamp>.<fmt> and return the path."""
    content = render_plan(plan, fmt, **options)
    folder = Path(data_dir) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now().strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"assessment-{check_id(plan.report.assessment.id)}-{stamp}.{fmt}"
    temporary = path.with_suffix(path.suffix + ".part")
    temporary.write_bytes(content)
    temporary.replace(path)
    return path
