"""An assessment report as Markdown, JSON, a self-contained printable HTML page, and a radar chart (PNG).

Files are written only under <data_dir>/exports/ with names made from the assessment id (checked to be 12 hex
digits) and a timestamp: nothing typed by a user reaches the file system.
"""

from __future__ import annotations

import base64
import html
import io
import re
import textwrap
import threading
from pathlib import Path
from typing import Literal

from assistant.assessment.models import AssessmentReport, DomainResult, Reference, check_id, now
from assistant.assessment.phrases import phrase
from assistant.assessment.texts import say, stage_label
from assistant.errors import BadInput, ConfigurationError

Format = Literal["md", "json", "html", "png"]
FORMATS: tuple[str, ...] = ("md", "json", "html", "png")
CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans CJK", "Noto Sans CJK TC", "Noto Sans CJK JP", "Source Han Sans SC", "Source Han Sans CN",
    "Source Han Sans", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Serif CJK SC", "Source Han Serif SC",
)
_render_lock = threading.Lock()  # rc_context changes matplotlib's global settings while a chart is drawn


def find_cjk_font() -> str:
    """The family name of an installed CJK font matplotlib can use; ConfigurationError saying `make install` if none."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    raise ConfigurationError(
        "no CJK font found for the radar chart (looked for Noto Sans CJK, Source Han Sans, WenQuanYi): "
        "run `make install` (it installs the Debian package fonts-noto-cjk)"
    )


# -- chart -----------------------------------------------------------------------------------------------


def radar_png(report: AssessmentReport, dpi: int = 110) -> bytes:
    """A radar chart of the current and target stage of every domain (0 where unknown or not assessed), as PNG."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    language = report.assessment.language
    font = find_cjk_font()
    results = report.results
    labels = [result.zh.replace("（", "\n（") if language == "zh" else textwrap.fill(result.en, 16, break_long_words=False)
              for result in results]
    current = [result.current or 0 for result in results]
    target = [result.target or 0 for result in results]
    angles = np.linspace(0, 2 * np.pi, len(results), endpoint=False).tolist()
    closed = angles + angles[:1]
    with _render_lock, matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"],
                                              "axes.unicode_minus": False}):
        figure = Figure(figsize=(7.2, 6.4), dpi=dpi)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot(projection="polar")
        axes.set_theta_offset(np.pi / 2)
        axes.set_theta_direction(-1)
        axes.plot(closed, target + target[:1], color="#d97706", linewidth=1.5, linestyle="--", label=say(language, "chart_target"))
        axes.fill(closed, target + target[:1], color="#f59e0b", alpha=0.12)
        axes.plot(closed, current + current[:1], color="#1d4ed8", linewidth=2, label=say(language, "chart_current"))
        axes.fill(closed, current + current[:1], color="#3b82f6", alpha=0.25)
        axes.set_xticks(angles)
        axes.set_xticklabels(labels, fontsize=9)
        for label, result, angle in zip(axes.get_xticklabels(), results, angles):
            across = np.sin(angle)  # clockwise from the top: positive on the right-hand side
            label.set_horizontalalignment("left" if across > 0.1 else "right" if across < -0.1 else "center")
            if result.current is None and result.target is None:
                label.set_color("#9aa5b1")  # not assessed: the point sits at the centre
        axes.set_ylim(0, 3)
        axes.set_yticks([1, 2, 3])
        axes.set_yticklabels([stage_label(language, stage) for stage in (1, 2, 3)], fontsize=8, color="#555555")
        axes.set_title(say(language, "report_title", city=_city(report)), fontsize=12, pad=30)
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=9, frameon=False)
        axes.tick_params(axis="x", pad=8)
        figure.subplots_adjust(left=0.2, right=0.8, top=0.84, bottom=0.12)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()


# -- text formats ----------------------------------------------------------------------------------------


def _city(report: AssessmentReport) -> str:
    name = report.assessment.city.name
    return name or say(report.assessment.language, "unnamed_city")


def _md(text: object) -> str:
    """Text safe inside Markdown paragraphs and table cells."""
    value = re.sub(r"\s+", " ", str(text)).strip()
    return re.sub(r"([\\`*_{}\[\]<>#|!~])", r"\\\1", value)


def _ref(language: str, reference: Reference | str) -> str:
    section = reference.section if isinstance(reference, Reference) else reference
    return say(language, "chapter_ref" if section.isdigit() else "section_ref", section=section)


def _cite(language: str, reference: Reference | str) -> str:
    """' (section 3.3)' or '（3.3节）', escaped for Markdown."""
    cited = _ref(language, reference)
    return _md(f"（{cited}）" if language == "zh" else f" ({cited})")


def _rows(report: AssessmentReport) -> list[list[str]]:
    """The profile table: domain, current, target, gap, inferred (confidence), section."""
    language = report.assessment.language
    rows = []
    for result in report.results:
        assessed = result.domain in report.assessment.domains and result.status in ("done", "skipped")
        if not assessed:
            current = target = say(language, "not_assessed")
        elif result.status == "skipped":
            current = target = say(language, "skipped")
        else:
            current, target = stage_label(language, result.current), stage_label(language, result.target)
        inferred = f"{stage_label(language, result.inferred)} ({result.confidence:.2f})" if result.inferred else "—"
        rows.append([result.zh if language == "zh" else result.en, current, target,
                     str(result.gap) if result.gap is not None else "—", inferred, result.section])
    return rows


def _header(language: str) -> list[str]:
    return [say(language, key) for key in ("col_domain", "col_current", "col_target", "col_gap", "col_inferred", "col_section")]


def _profile(report: AssessmentReport) -> list[tuple[str, str]]:
    language = report.assessment.language
    city = report.assessment.city
    bands = "、".join(band.zh if language == "zh" else band.en for band in city.bands())
    return [
        (say(language, "label_name"), city.name or "—"),
        (say(language, "label_population"), f"{city.population:,}" if city.population is not None else "—"),
        (say(language, "label_band"), bands or "—"),
        (say(language, "label_region"), city.region or "—"),
        (phrase(language, "label_industries"), say(language, "list_separator").join(city.industries) or "—"),
    ]


def _detailed(report: AssessmentReport) -> list[DomainResult]:
    return [result for result in report.results if result.domain in report.assessment.domains and result.status == "done"]


def _role(language: str, role: str) -> str:
    return say(language, f"role_{role}")


def to_markdown(report: AssessmentReport) -> str:
    """The report as Markdown, every piece of text escaped."""
    language = report.assessment.language
    lines = [f"# {_md(say(language, 'report_title', city=_city(report)))}", "",
             _md(say(language, "report_meta", id=report.assessment.id, date=report.generated_at.strftime("%Y-%m-%d %H:%M UTC"))),
             "", _md(say(language, "report_source")), "", f"## {_md(say(language, 'report_profile'))}", ""]
    lines += [f"- {_md(label)}: {_md(value)}" for label, value in _profile(report)]
    lines += ["", f"## {_md(say(language, 'report_table'))}", "", "| " + " | ".join(map(_md, _header(language))) + " |",
              "|" + "---|" * len(_header(language))]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in _rows(report)]
    lines += ["", f"## {_md(say(language, 'report_entry'))}", "", f"> {_md(report.advice.text)}{_cite(language, report.advice)}", ""]
    for item in report.recommendations:
        reasons = "; ".join(f"{_md(reason.text)}{_cite(language, reason)}" for reason in item.reasons)
        lines.append(f"{item.rank}. **{_md(item.zh if language == 'zh' else item.en)}**: {reasons}")
    lines += ["", f"## {_md(say(language, 'report_domains'))}"]
    for result in _detailed(report):
        lines += ["", f"### {_md(result.zh if language == 'zh' else result.en)}{_cite(language, result.section)}", ""]
        if result.matched:
            lines.append(f"**{_md(say(language, 'report_matched'))}**")
            lines += [f"- “{_md(item.text)}”{_cite(language, item)}" for item in result.matched]
            lines.append("")
        if result.next_stage:
            title = say(language, "report_next", stage=stage_label(language, result.next_stage))
            lines.append(f"**{_md(title)}**: {_md(result.next_stage_summary)}")
            lines += [f"- {_md(item.text)}{_cite(language, item)}" for item in result.next_stage_traits]
        elif result.current == 3:
            lines.append(_md(say(language, "report_at_top")))
        if result.cases:
            lines += ["", f"**{_md(say(language, 'report_cases'))}**"]
            lines += [f"- {_md(case.city)}（{_md(case.country)}）《{_md(case.title)}》, {_md(case.stage_label)}: {_md(case.summary)}"
                      f"{_cite(language, case.section)}" for case in result.cases]
        lines += ["", f"**{_md(say(language, 'report_stakeholders'))}**"]
        for holder in result.stakeholders:
            actions = "; ".join(_md(action.text) for action in holder.actions)
            lines.append(f"- {_md(holder.zh if language == 'zh' else holder.en)} ({_md(_role(language, holder.role))}): {actions}"
                         f"{_cite(language, '4')}")
        if result.concerns:
            concerns = "、".join(_md(item.text) for item in result.concerns)
            lines += ["", f"**{_md(say(language, 'report_concerns'))}**{_cite(language, '3.1')}: {concerns}"]
    lines += ["", f"## {_md(say(language, 'report_challenges'))}", ""]
    lines += [f"- {_md(item.text)}{_cite(language, item)}" for item in report.challenges]
    return "\n".join(lines) + "\n"


def to_json(report: AssessmentReport) -> str:
    """The report as JSON that parses back into AssessmentReport."""
    return report.model_dump_json(indent=2)


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei","PingFang SC","Microsoft YaHei",sans-serif;
margin:2rem auto;max-width:960px;color:#1f2933;line-height:1.55;padding:0 1rem}
h1{font-size:1.6rem;border-bottom:3px solid #1d4ed8;padding-bottom:.3rem}h2{font-size:1.25rem;margin-top:2rem;color:#1d4ed8}
h3{font-size:1.05rem;margin-bottom:.3rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #cbd2d9;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#eef2ff}
.meta,.ref{color:#52606d;font-size:.85rem}.chart{text-align:center}.chart img{max-width:520px;width:100%}
blockquote{border-left:4px solid #f59e0b;margin:.5rem 0;padding:.2rem .8rem;background:#fffbeb}
section.domain{border-top:1px solid #e4e7eb;margin-top:1rem}
@media print{body{margin:0;max-width:none;font-size:10.5pt}h2{page-break-after:avoid}section.domain,table,.chart{page-break-inside:avoid}
a{color:inherit;text-decoration:none}}
@page{size:A4;margin:16mm}
"""


def to_html(report: AssessmentReport, chart: bytes | None = None) -> str:
    """A self-contained printable HTML page: inline CSS, the radar chart embedded as base64 PNG, all text escaped."""
    language = report.assessment.language
    e = html.escape
    chart = radar_png(report) if chart is None else chart

    def ref(reference) -> str:
        cited = f"（{_ref(language, reference)}）" if language == "zh" else f" ({_ref(language, reference)})"
        return f'<span class="ref">{e(cited)}</span>'

    meta = say(language, "report_meta", id=report.assessment.id, date=report.generated_at.strftime("%Y-%m-%d %H:%M UTC"))
    parts = [f'<!DOCTYPE html><html lang="{"zh-CN" if language == "zh" else "en"}"><head><meta charset="utf-8">',
             f"<title>{e(say(language, 'report_title', city=_city(report)))}</title><style>{_CSS}</style></head><body>",
             f"<h1>{e(say(language, 'report_title', city=_city(report)))}</h1>",
             f'<p class="meta">{e(meta)}</p>',
             f'<p class="meta">{e(say(language, "report_source"))}</p>',
             f"<h2>{e(say(language, 'report_profile'))}</h2><table>"]
    parts += [f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>" for label, value in _profile(report)]
    parts.append(f"</table><h2>{e(say(language, 'report_table'))}</h2><table><thead><tr>")
    parts += [f"<th>{e(cell)}</th>" for cell in _header(language)]
    parts.append("</tr></thead><tbody>")
    parts += ["<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>" for row in _rows(report)]
    parts.append("</tbody></table>")
    image = base64.b64encode(chart).decode("ascii")
    parts.append(f'<div class="chart"><img alt="{e(say(language, "report_chart"))}" src="data:image/png;base64,{image}"></div>')
    parts.append(f"<h2>{e(say(language, 'report_entry'))}</h2><blockquote>{e(report.advice.text)}{ref(report.advice)}</blockquote><ol>")
    for item in report.recommendations:
        reasons = "; ".join(f"{e(reason.text)}{ref(reason)}" for reason in item.reasons)
        parts.append(f"<li><strong>{e(item.zh if language == 'zh' else item.en)}</strong>: {reasons}</li>")
    parts.append(f"</ol><h2>{e(say(language, 'report_domains'))}</h2>")
    for result in _detailed(report):
        parts.append(f'<section class="domain"><h3>{e(result.zh if language == "zh" else result.en)}{ref(result.section)}</h3>')
        if result.matched:
            parts.append(f"<p><strong>{e(say(language, 'report_matched'))}</strong></p><ul>")
            parts += [f"<li>“{e(item.text)}”{ref(item)}</li>" for item in result.matched]
            parts.append("</ul>")
        if result.next_stage:
            title = say(language, "report_next", stage=stage_label(language, result.next_stage))
            parts.append(f"<p><strong>{e(title)}</strong>: {e(result.next_stage_summary or '')}</p><ul>")
            parts += [f"<li>{e(item.text)}{ref(item)}</li>" for item in result.next_stage_traits]
            parts.append("</ul>")
        elif result.current == 3:
            parts.append(f"<p>{e(say(language, 'report_at_top'))}</p>")
        if result.cases:
            parts.append(f"<p><strong>{e(say(language, 'report_cases'))}</strong></p><ul>")
            parts += [f"<li>{e(case.city)}（{e(case.country)}）《{e(case.title)}》, {e(case.stage_label)}: "
                      f"{e(case.summary)}{ref(case.section)}</li>" for case in result.cases]
            parts.append("</ul>")
        parts.append(f"<p><strong>{e(say(language, 'report_stakeholders'))}</strong>{ref('4')}</p><ul>")
        for holder in result.stakeholders:
            actions = "; ".join(e(action.text) for action in holder.actions)
            parts.append(f"<li>{e(holder.zh if language == 'zh' else holder.en)} ({e(_role(language, holder.role))}): {actions}</li>")
        parts.append("</ul></section>")
    parts.append(f"<h2>{e(say(language, 'report_challenges'))}</h2><ul>")
    parts += [f"<li>{e(item.text)}{ref(item)}</li>" for item in report.challenges]
    parts.append("</ul></body></html>")
    return "\n".join(parts)


def render(report: AssessmentReport, fmt: str) -> bytes:
    """The report in one of md, json, html, png, as bytes."""
    if fmt == "md":
        return to_markdown(report).encode("utf-8")
    if fmt == "json":
        return to_json(report).encode("utf-8")
    if fmt == "html":
        return to_html(report).encode("utf-8")
    if fmt == "png":
        return radar_png(report)
    raise BadInput(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def export_report(report: AssessmentReport, fmt: str, data_dir: Path) -> Path:
    """Write the report to <data_dir>/exports/<id>-<timestamp>.<fmt> and return the path."""
    content = render(report, fmt)
    folder = Path(data_dir) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now().strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"assessment-{check_id(report.assessment.id)}-{stamp}.{fmt}"
    temporary = path.with_suffix(path.suffix + ".part")
    temporary.write_bytes(content)
    temporary.replace(path)
    return path
