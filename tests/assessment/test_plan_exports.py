"""Exports that carry the plan: PDF printed by Chromium (text extractable, CJK, page numbers), the workbook, md/html/json."""

from __future__ import annotations

import io
import json
import re
import unicodedata

import pytest

from assistant.assessment.models import AssessmentReport
from assistant.assessment.planning import PlanningService
from assistant.assessment.service import AssessmentService
from assistant.errors import BadInput, ConfigurationError
from tests.assessment.conftest import FixedJudge
from tests.assessment.plan_fixtures import stored_assessment

_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture()
def planning(framework, store, tmp_path, settings) -> PlanningService:
    service = AssessmentService(framework, store, tmp_path / "data", FixedJudge(framework))
    return PlanningService(service, settings.paths.corpus_file)


@pytest.fixture()
def planned(planning, store):
    """An assessment of 宝应 with targets, one edited and one own step."""
    assessment = stored_assessment(store, {"industry": (1, 2), "services": (1, 3)}, city="宝应县")
    first = planning.roadmap(assessment.id).steps()[0]
    planning.edit_step(assessment.id, first.id, "引导建立荷藕产业互联网平台")
    planning.add_step(assessment.id, "industry", "near", "设立产业数字化专班")
    return assessment


def test_the_pdf_is_printed_with_chinese_text_and_page_numbers(planning, planned):
    from pypdf import PdfReader

    path = planning.export(planned.id, "pdf")
    assert path.suffix == ".pdf" and path.read_bytes().startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    # The font's ToUnicode table maps some glyphs to Kangxi radicals (⽴ for 立); NFKC folds them back.
    pages = [unicodedata.normalize("NFKC", page.extract_text()) for page in reader.pages]
    text = "".join(pages)
    assert len(pages) >= 2
    assert "宝应县" in text and len(_CJK.findall(text)) > 1000
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"第\s*{number}\s*/\s*{len(pages)}", page), page[:80]  # the footer numbers every page
    flat = re.sub(r"\s+", "", text)
    assert "设立产业数字化专班" in flat and "引导建立荷藕产业互联网平台" in flat  # the official's steps are printed
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert fonts and all(_embedded(font) for font in fonts)  # a reader without any CJK font still shows every glyph


def _embedded(font) -> bool:
    """Whether a PDF font carries its glyphs: Type 3 glyph procedures, or an embedded font file."""
    if font.get("/Subtype") == "/Type3":
        return len(font["/CharProcs"]) > 0
    fonts = [font] + [item.get_object() for item in font.get("/DescendantFonts", [])]
    return any(key in (item.get("/FontDescriptor") or {}) for item in fonts for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_an_english_pdf_speaks_english(planning, store):
    assessment = stored_assessment(store, {"services": (1, 2)}, city="Fukuoka", language="en")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(planning.export(assessment.id, "pdf")).pages)
    assert "Fukuoka" in text and "Transformation roadmap" in text and "Page 1 of" in text


def test_the_workbook_has_the_four_sheets(planning, planned):
    from openpyxl import load_workbook

    book = load_workbook(planning.export(planned.id, "xlsx"))
    assert book.sheetnames == ["概况", "依据", "路线图", "案例对照"]
    roadmap = [row for row in book["路线图"].iter_rows(values_only=True)]
    assert roadmap[0][:4] == ("领域", "期限", "编号", "步骤")
    origins = {row[-1] for row in roadmap[1:]}
    assert origins == {"报告", "据报告修改", "本市自拟"}
    assert any(row[3] == "设立产业数字化专班" and row[1] == "近期（一年内）" for row in roadmap[1:])
    assert all(row[4] and "第16页" in row[4] for row in roadmap[1:] if row[-1] == "报告")
    profile = [cell for row in book["概况"].iter_rows(values_only=True) for cell in row if cell]
    assert "宝应县" in profile
    peers = [row for row in book["案例对照"].iter_rows(min_row=2, values_only=True)]
    assert any(row[2] == "宝应" and row[5] == "阶段一" and row[6] == "阶段二" for row in peers)
    assert sum(1 for row in peers if row[7] == "★") == 2  # the nearest case of each assessed domain
    evidence = [row for row in book["依据"].iter_rows(min_row=2, values_only=True)]
    assert any(row[2] == "industry today" for row in evidence)


def test_an_english_workbook(planning, store):
    from openpyxl import load_workbook

    assessment = stored_assessment(store, {"services": (1, 2)}, city="Fukuoka", language="en")
    book = load_workbook(planning.export(assessment.id, "xlsx"))
    assert book.sheetnames == ["Profile", "Evidence", "Roadmap", "Peers"]
    assert next(book["Roadmap"].iter_rows(values_only=True))[:2] == ("Domain", "Term")


def test_markdown_html_and_json_carry_the_roadmap(planning, planned):
    markdown = planning.export(planned.id, "md").read_text(encoding="utf-8")
    assert "## 转型路线图" in markdown and "本市自拟" in markdown and "## 与报告案例城市对照" in markdown
    page = planning.export(planned.id, "html").read_text(encoding="utf-8")
    assert 'id="roadmap"' in page and "设立产业数字化专班" in page and page.count("<html") == 1
    data = json.loads(planning.export(planned.id, "json").read_text(encoding="utf-8"))
    assert data["roadmap"]["domains"] and data["peers"]["domains"] and data["assessment"]["id"] == planned.id
    assert AssessmentReport.model_validate(data).assessment.id == planned.id  # still the report's own JSON


def test_unknown_format_and_missing_chromium(planning, planned, settings, tmp_path, monkeypatch):
    with pytest.raises(BadInput):
        planning.export(planned.id, "docx")
    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium on PATH, and the configured one does not exist
    broken = PlanningService(planning.assessments, settings.paths.corpus_file, chromium=tmp_path / "no-chromium")
    with pytest.raises(ConfigurationError, match="make install"):
        broken.export(planned.id, "pdf")
    exports = tmp_path / "data" / "exports"
    assert not list(exports.glob("*.pdf")) and not list(exports.glob("*.part"))


@pytest.mark.parametrize("typed", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "| ![x](http://x/y.png) |"])
def test_the_officials_own_words_are_escaped_in_every_format(planning, planned, typed):
    planning.add_step(planned.id, "industry", "mid", typed)
    page = planning.export(planned.id, "html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and page.count("<img") == 1  # only the chart
    markdown = planning.export(planned.id, "md").read_text(encoding="utf-8")
    assert not re.search(r"(?<!\\)<(script|img)", markdown) and not re.search(r"(?<!\\)!\[x", markdown)  # escaped
    from openpyxl import load_workbook

    steps = [row[3] for row in load_workbook(planning.export(planned.id, "xlsx"))["路线图"].iter_rows(values_only=True)]
    assert typed in steps  # a spreadsheet cell holds the words as typed


def test_a_domain_of_unknown_stage_says_why_it_has_no_steps(planning, store):
    from assistant.assessment.plan_render import roadmap_text

    assessment = stored_assessment(store, {"services": (1, 1), "environment": (1, 1)}, urgent=["services"])
    record = assessment.records["services"]
    record.current = record.target = None
    planning.plans.amend(assessment, "unknown")
    text = roadmap_text(planning.roadmap(assessment.id), "en")
    assert "Livelihood and Services: don't know → don't know" in text and "The current stage is unknown" in text
    assert "Environment" not in text  # its target is its current stage: nothing to plan
