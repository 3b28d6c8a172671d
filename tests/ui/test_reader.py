"""The evidence reader: a cited section as a page with the supporting sentence marked, every section browsable,
the report's text always escaped."""

from __future__ import annotations

import pytest

from assistant.knowledge.corpus import Document, load_document
from assistant.schemas import Citation
from assistant.ui.reader import TARGET_ID, ReportReader


@pytest.fixture(scope="module")
def reader(settings) -> ReportReader:
    return ReportReader(load_document(settings.paths.corpus_file))


def test_every_section_of_the_table_of_contents_with_text_can_be_browsed(reader, settings):
    toc = [entry.section for entry in load_document(settings.paths.corpus_file).toc]
    assert {"3.3", "3.9", "4", "summary"} <= set(reader.sections)
    assert [section for section in toc if section in reader.sections] == [s for s in reader.sections if s in toc]
    labels = dict((section, label) for label, section in reader.choices("zh"))
    assert labels["3.3"] == "3.3 民生与服务领域转型模式及实践 · 第16页"
    assert dict((s, label) for label, s in reader.choices("en"))["3.3"].endswith("· p. 16")


@pytest.mark.parametrize("section", ["3.3", "3.7", "2.1"])
def test_a_section_without_citation_is_shown_whole_without_marks(reader, section):
    page = reader.page_html(section, "zh")
    assert "<mark" not in page and page.count('<p class="smc-para">') >= 3
    assert f'data-section="{section}"' in page


def test_a_citation_marks_its_supporting_sentence_once_as_the_scroll_target(reader, index):
    chunk = next(c for c in index.chunks.values() if c.section == "3.3" and c.city == "宿州" and "讯宿办" in c.text)
    sentence = next(s for s in chunk.text.split("。") if "讯宿办" in s) + "。"
    page = reader.page_html("3.3", "en", Citation(n=2, section="3.3", title=chunk.title, page=16, text=chunk.text,
                                                  chunk_id=chunk.id, supporting=[sentence]))
    assert page.count(f'id="{TARGET_ID}"') == 1
    marked = page.split(f'<mark id="{TARGET_ID}">', 1)[1].split("</mark>", 1)[0]
    assert "讯宿办" in marked
    assert "smc-cited" in page and "citation [2]" in page


def test_a_cited_table_row_is_marked(reader, index):
    table_chunk = next(c for c in index.chunks.values() if c.kind == "table")
    row = table_chunk.text.splitlines()[-1]
    page = reader.page_html(table_chunk.section, "zh", Citation(n=1, section=table_chunk.section, title=table_chunk.title,
                                                                page=table_chunk.page, text=row))
    assert f'<tr class="smc-cited"><td><mark id="{TARGET_ID}">' in page


def test_unknown_or_no_section_shows_how_to_open_a_page(reader):
    assert "点击回答中的引用编号" in reader.page_html(None, "zh")
    assert "Click a citation number" in reader.page_html("9.9", "en")


def test_the_report_text_is_escaped(reader):
    document = Document(sha256="x", toc=[], blocks=[{
        "section": "1", "title": "<b>标题</b>", "heading_path": ["1 <b>标题</b>"], "page": 3, "kind": "section",
        "paragraphs": ["<script>alert(1)</script>市政府<img src=x onerror=alert(1)>推进数字化。"],
    }])
    page = ReportReader(document).page_html("1", "zh", Citation(n=1, section="1", title="t", page=3,
                                                               text="市政府推进数字化。", supporting=["推进数字化。"]))
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;标题&lt;/b&gt;" in page
