"""Exports: JSON round trip, a self-contained HTML page, a radar chart with real CJK glyphs, safe file names."""

from __future__ import annotations

import base64
import json
import warnings
from html.parser import HTMLParser

import pytest

from assistant.assessment import export
from assistant.assessment.models import Assessment, AssessmentReport, CityProfile, DomainAssessment
from assistant.assessment.results import build_report
from assistant.errors import BadInput, ConfigurationError, UnknownSession


@pytest.fixture()
def report(framework) -> AssessmentReport:
    records = {
        "services": DomainAssessment(domain="services", status="done", current=1, target=2),
        "government": DomainAssessment(domain="government", status="done", current=2, target=3),
        "enablers": DomainAssessment(domain="enablers", status="skipped"),
    }
    assessment = Assessment(city=CityProfile(name="宿州<script>alert(1)</script>|*", population=350_000, band_cn="cn_small_1",
                                             band_oecd="oecd_medium", region="中国安徽省"),
                            domains=["services", "government", "enablers"], urgent=["services"], selection="chosen",
                            records=records, step="summary")
    return build_report(framework, assessment)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.images: list[str] = []
        self.cells: list[str] = []
        self.scripts = 0
        self._cell = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs)["src"])
        if tag == "script":
            self.scripts += 1
        self._cell = tag in ("td", "th")

    def handle_data(self, data):
        if self._cell:
            self.cells.append(data)


def test_a_cjk_font_is_found():
    name = export.find_cjk_font()
    assert name in export.CJK_FONTS and ("CJK" in name or "Han" in name or "WenQuanYi" in name)


def test_without_a_cjk_font_the_error_says_make_install(monkeypatch):
    monkeypatch.setattr(export, "CJK_FONTS", ("No Such Font",))
    with pytest.raises(ConfigurationError, match="make install"):
        export.find_cjk_font()


def test_radar_chart_renders_chinese_labels_without_missing_glyphs(report):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = export.radar_png(report)
    missing = [str(warning.message) for warning in caught if "missing from" in str(warning.message) or "Glyph" in str(warning.message)]
    assert missing == []
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


def test_a_font_without_cjk_glyphs_would_be_caught(report, monkeypatch):
    """The glyph check above is meaningful: with a Latin-only font the same chart warns about missing glyphs."""
    monkeypatch.setattr(export, "find_cjk_font", lambda: "DejaVu Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export.radar_png(report)
    assert any("missing from" in str(warning.message) for warning in caught)


def test_json_parses_back_into_the_model(report):
    text = export.to_json(report)
    again = AssessmentReport.model_validate_json(text)
    assert again == report
    assert json.loads(text)["results"][0]["cases"][0]["city"] == "宿州"


def test_html_is_self_contained_escaped_and_printable(report):
    page_text = export.to_html(report)
    page = _Page()
    page.feed(page_text)
    assert page.scripts == 0 and "<script>alert" not in page_text and "&lt;script&gt;" in page_text
    assert "table" in page.tags and "style" in page.tags and "@media print" in page_text
    assert len(page.images) == 1 and page.images[0].startswith("data:image/png;base64,")
    assert base64.b64decode(page.images[0].split(",", 1)[1]).startswith(b"\x89PNG")
    assert "民生与服务" in page.cells and "阶段一" in page.cells and "阶段二" in page.cells
    assert "宿州" in page_text and "福冈" in page_text and "（3.3节）" in page_text
    assert "http://" not in page_text and "https://" not in page_text


def test_markdown_escapes_and_keeps_the_table(report):
    text = export.to_markdown(report)
    assert "| 领域 | 当前阶段 | 目标阶段 | 差距 | 推断（置信度） | 报告章节 |" in text
    assert "| 民生与服务 | 阶段一 | 阶段二 | 1 | — | 3.3 |" in text
    assert "| 发展保障（领导力/政策） | 已跳过 | 已跳过 | — | — | 3.9 |" in text
    assert "\\<script\\>" in text and "\\|\\*" in text
    assert "宿州（中国）《统筹集约规划建设全市服务平台》" in text


def test_files_are_written_only_under_exports_with_generated_names(report, tmp_path):
    for fmt in export.FORMATS:
        path = export.export_report(report, fmt, tmp_path)
        assert path.parent == tmp_path / "exports" and path.suffix == f".{fmt}"
        assert path.name.startswith(f"assessment-{report.assessment.id}-")
        assert path.stat().st_size > 0
    assert not list((tmp_path / "exports").glob("*.part"))


def test_bad_format_and_forged_ids(report, tmp_path):
    with pytest.raises(BadInput):
        export.export_report(report, "exe", tmp_path)
    forged = report.model_copy(update={"assessment": report.assessment.model_copy(update={"id": "../../x"})})
    with pytest.raises(UnknownSession):
        export.export_report(forged, "md", tmp_path)
    assert not (tmp_path / "x.md").exists()


def test_english_report(framework, report):
    english = build_report(framework, report.assessment.model_copy(update={"language": "en"}))
    text = export.to_markdown(english)
    assert "| Domain | Current | Target | Gap | Inferred (confidence) | Section |" in text
    assert "| Livelihood and Services | stage 1 | stage 2 | 1 | — | 3.3 |" in text
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        export.radar_png(english)
    assert not [warning for warning in caught if "missing from" in str(warning.message)]
