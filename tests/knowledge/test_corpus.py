"""The report parser: TOC, sections, case studies, page-break repair, captions, tables and the 3.8 duplicate."""

from __future__ import annotations

import re

import pytest

from assistant.knowledge.corpus import Document, city_name, load_document, parse_report
from assistant.errors import CorpusError
from assistant.text import squash


@pytest.fixture(scope="module")
def source(settings) -> str:
    return settings.paths.corpus_file.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def document(settings) -> Document:
    return load_document(settings.paths.corpus_file)


def _paragraphs(document: Document) -> list[tuple[str, str]]:
    return [(block.section, paragraph) for block in document.blocks for paragraph in block.paragraphs]


def _table(document: Document, number: int):
    tables = [table for block in document.blocks for table in block.tables if table.number == number]
    assert len(tables) == 1, f"table {number} found {len(tables)} times"
    return tables[0]


def test_toc_gives_pages_of_sections(document):
    sections = document.sections()
    assert sections["3.3"].page == 16
    assert sections["3.3"].title == "民生与服务领域转型模式及实践"
    assert sections["4"].page == 20
    assert sections["4"].title == "各利益相关方的参与建议"
    assert sections["1.1"].page == 6
    assert sections["endnotes"].page == 22


def test_blocks_cover_every_section(document):
    expected = {"1", "2", "3", "4", "appendix", "endnotes", "preface", "summary"}
    expected |= {f"1.{n}" for n in range(1, 5)} | {f"2.{n}" for n in range(1, 5)} | {f"3.{n}" for n in range(1, 10)}
    found = {block.section for block in document.blocks}
    assert expected <= found, f"missing sections: {sorted(expected - found)}"


def test_blocks_are_in_reading_order(document):
    numbered = [block.section for block in document.blocks if re.fullmatch(r"\d(\.\d)?", block.section)]
    order = list(dict.fromkeys(numbered))
    assert order == sorted(order, key=lambda s: tuple(int(part) for part in s.split(".")))


def test_blocks_take_their_page_from_the_toc(document):
    pages = {entry.section: entry.page for entry in document.toc}
    for block in document.blocks:
        if block.section in pages:
            assert block.page == pages[block.section], block.heading_path


CASES = [
    ("3.3", "宿州", 1, 2),
    ("3.3", "福冈", 1, 2),
    ("3.4", "彭水", 1, 1),
    ("3.4", "莘县", 1, 2),
    ("3.4", "宝应", 1, 2),
    ("3.5", "开封", 1, 2),
    ("3.6", "柏之叶", 1, 2),
    ("3.7", "宿州", 1, 2),
    ("3.8", "平湖", 1, 3),
    ("3.8", "会津若松", 1, 1),
    ("3.9", "莘县", 1, 2),
]


def test_the_case_studies_with_their_stages(document):
    # eleven case studies of nine cities: 宿州 and 莘县 appear in two domains each
    cases = [(b.section, b.city, b.stage_from, b.stage_to) for b in document.blocks if b.kind == "case"]
    assert cases == CASES


def test_case_blocks_carry_the_heading_and_stage_label(document):
    pinghu = next(b for b in document.blocks if b.city == "平湖")
    assert pinghu.stage_label == "阶段一至阶段三"
    assert pinghu.case_title == "中国平湖市：“感智汇”物联感知融合服务平台（阶段一至阶段三）"
    assert pinghu.heading_path[-1] == pinghu.case_title
    assert pinghu.heading_path[1] == "3.8 基础设施领域转型模式及实践"
    aizu = next(b for b in document.blocks if b.city == "会津若松")
    assert aizu.stage_label == "阶段一"
    # 柏之叶 speaks of its "第一阶段" of construction: a project phase, not a maturity stage
    kashiwa = next(b for b in document.blocks if b.city == "柏之叶")
    assert any("第一阶段" in p for p in kashiwa.paragraphs)
    assert kashiwa.stage_label == "阶段一至阶段二"


def test_fukuoka_is_spelled_one_way():
    assert city_name("福岡市") == "福冈"
    assert city_name("宝应县") == "宝应"
    assert city_name("莘县") == "莘县"


def test_each_domain_section_has_one_overview(document):
    overviews = [b.section for b in document.blocks if b.kind == "overview"]
    assert overviews == [f"3.{n}" for n in range(3, 10)]


@pytest.mark.parametrize(
    ("needle", "section"),
    [("举办的第19届欧洲地区与城市周（EU Regions Week）", "1"), ("提出“智慧可持续城市”理念", "2.2"), ("突破时间、空间限制", "1.3")],
)
def test_page_breaks_are_repaired_inside_one_paragraph(document, source, needle, section):
    assert needle not in source  # the source breaks it across a page
    assert squash(needle) in squash(source)
    hits = [s for s, paragraph in _paragraphs(document) if needle in paragraph]
    assert hits == [section]


def test_paragraphs_after_a_break_are_not_left_alone(document):
    # the continuation of a broken paragraph must not start a paragraph of its own
    starts = [paragraph[:8] for _, paragraph in _paragraphs(document)]
    assert not any(start.startswith("市周（EU") for start in starts)
    assert not any(start.startswith("出“智慧可持续") for start in starts)


def test_no_paragraph_is_a_figure_caption_or_source_line(document):
    for section, paragraph in _paragraphs(document):
        assert not re.match(r"图\s*\d+", paragraph), (section, paragraph[:40])
        assert not re.match(r"来源[:：]", paragraph), (section, paragraph[:40])


def test_figure_captions_are_kept_aside(document):
    pinghu = next(b for b in document.blocks if b.city == "平湖")
    assert "图 14 平湖市“感智汇”公共数据管理平台" in pinghu.figures


def test_every_paragraph_is_found_in_the_source(document, source):
    squashed = squash(source)
    missing = [(s, p[:40]) for s, p in _paragraphs(document) if squash(p) not in squashed]
    assert missing == []


def test_table_1(document):
    table = _table(document, 1)
    assert table.caption == "表1 中小城市数字化转型的挑战"
    assert table.header == ["中小城市数字化转型的挑战", "平均得分", "中位数", "挑战度排名"]
    assert len(table.rows) == 17
    assert table.rows[0].cells == ["需要可持续的创新和商业模式", "3.93", "4", "1"]
    assert table.rows[0].text == "需要可持续的创新和商业模式 3.93 4 1"
    assert [row.cells[3] for row in table.rows] == [str(n) for n in range(1, 18)]
    assert next(b for b in document.blocks if table in b.tables).section == "1.4"


def test_table_2_drops_the_repeated_header(document, source):
    table = _table(document, 2)
    assert source.count("\t\t中小城市\t大城市（包括特大、超大城市）") == 2  # the header repeats after a page break
    assert len(table.rows) == 8
    assert [row.cells[0] for row in table.rows] == [str(n) for n in range(1, 9)]
    assert table.rows[0].cells[1] == "数字化基础不同"
    assert all("中小城市" != row.cells[2] for row in table.rows)


def test_table_3(document):
    table = _table(document, 3)
    assert [row.cells[0] for row in table.rows] == ["政府", "市民", "企业", "研究机构"]
    assert len(table.header) == 8 and "基础设施" in table.header
    assert next(b for b in document.blocks if table in b.tables).section == "4"


def test_table_rows_are_not_paragraphs(document):
    for section, paragraph in _paragraphs(document):
        assert "\t" not in paragraph, (section, paragraph[:40])
        assert not paragraph.startswith("需要可持续的创新和商业模式"), section


def test_paragraph_duplicated_from_3_7_is_removed_from_3_8(document, source):
    duplicate = "在本报告中，政府效能领域数字化转型侧重在政府内部"
    assert source.count(duplicate) == 2
    in_38 = [p for b in document.blocks if b.section == "3.8" for p in b.paragraphs]
    in_37 = [p for b in document.blocks if b.section == "3.7" for p in b.paragraphs]
    assert not any(duplicate in p for p in in_38)
    assert any(p.startswith(duplicate) for p in in_37)
    # 3.8's own opening paragraph is still there
    assert in_38[0].startswith("中小城市的基础设施数字化转型涵盖")


def test_document_hash_is_of_the_source_text(document, source):
    import hashlib

    assert document.sha256 == hashlib.sha256(source.encode()).hexdigest()


def test_text_without_table_of_contents_raises(source):
    without_toc = "\n".join(line for line in source.split("\n") if line.strip() != "目录")
    with pytest.raises(CorpusError, match="目录"):
        parse_report(without_toc)


def test_unrelated_text_raises():
    with pytest.raises(CorpusError):
        parse_report("目录\n\n1\t引言\n\n免责声明\n\n这不是那份报告。")


def test_missing_file_raises_with_what_to_do(tmp_path):
    with pytest.raises(CorpusError, match="not found.*corpus/"):
        load_document(tmp_path / "report.txt")


def test_non_utf8_file_raises(tmp_path, source):
    path = tmp_path / "report.txt"
    path.write_bytes(source.encode("gb18030"))
    with pytest.raises(CorpusError, match="not UTF-8"):
        load_document(path)
