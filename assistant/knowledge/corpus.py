"""Parse the report text: repair the PDF extraction damage and build the document tree.

The table of contents is the authority for section numbers, titles and pages. Headings are found in the body
by comparing their whitespace-free form with the TOC entries; case studies inside 3.3-3.9 by their numbered
"中国X市：...（阶段...）" headings. Paragraphs split by a page break are joined again; figure captions and
source lines are kept aside. Every paragraph keeps its text exactly as in the source apart from whitespace,
so a quote can always be found in the source after whitespace normalisation.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.errors import CorpusError
from assistant.text import squash

DOMAIN_BY_SECTION = {
    "3.3": "民生与服务",
    "3.4": "产业与经济",
    "3.5": "治理与运行",
    "3.6": "环境与低碳",
    "3.7": "政府效能",
    "3.8": "基础设施",
    "3.9": "发展保障（领导力/政策）",
}
CITY_SPELLINGS = {"福岡": "福冈"}
STAGE_WORDS = {"一": 1, "二": 2, "三": 3}

_TOC_LINE = re.compile(r"^(\d+)\t(?:(\d+(?:\.\d+)?)\.?\s+)?(.+)$")
_CASE_HEADING = re.compile(r"^(\d)\.\s*(中国|日本)(.+?)[：:](.+?)（(阶段[一二三](?:至阶段[一二三])?)）$")
_OVERVIEW_HEADING = re.compile(r"^1\.\s*模式概述$")
_CAPTION = re.compile(r"^图\s*\d+\s")
_TABLE_CAPTION = re.compile(r"^表\s*(\d+)\s+(.+)$")
_SOURCE = re.compile(r"^来源[:：]")
_SUBHEADING = re.compile(r"^(?:-\s*)?(?:\d+\)|\(\d+\)|（\d+）|\d+\.)\s*[^。；，]{1,40}$")
_STAGE_PARAGRAPH = re.compile(r"^阶段([一二三])")
_CJK_END = re.compile(r"[\u3400-\u9fff、，（“《0-9]$")
_CJK_START = re.compile(r"^[\u3400-\u9fff“《（0-9]")

# Sections outside the TOC's numbered chapters, in reading order, with the line that opens each.
_FRONT = [("disclaimer", "免责声明"), ("preface", "前言"), ("summary", "执行摘要")]
_BACK = {"附录：中小城市数字化转型调研问卷结果": "appendix", "主要撰稿人": "contributors", "致谢": "acknowledgements", "尾注": "endnotes"}
# Sections that list the people who made the report.
CREDITS_SECTIONS = {"contributors", "acknowledgements"}
# Sections of references and legal text: they answer questions about nothing but themselves.
REFERENCE_SECTIONS = {"endnotes", "disclaimer", "colophon"}
# Sections of lists rather than prose: their lines are never joined into sentences.
NOT_PROSE_SECTIONS = CREDITS_SECTIONS | REFERENCE_SECTIONS


class TableRow(BaseModel):
    cells: list[str]
    text: str = Field(description="The row as it reads in the source (cells separated by spaces).")


class Table(BaseModel):
    number: int
    caption: str
    header: list[str]
    rows: list[TableRow]


class Block(BaseModel):
    """A run of body text that a chunk never crosses: a section's own text, an overview or a case study."""

    section: str
    title: str
    heading_path: list[str]
    page: int | None
    kind: str = Field(description="'section', 'overview' or 'case'.")
    city: str | None = None
    case_title: str | None = None
    stage_label: str | None = None
    stage_from: int | None = None
    stage_to: int | None = None
    paragraphs: list[str] = Field(default_factory=list)
    breaks: list[int] = Field(
        default_factory=list, description="Paragraph indices where removed material (a caption, a table) stood."
    )
    tables: list[Table] = Field(default_factory=list)
    figures: list[str] = Field(default_factory=list)


class TocEntry(BaseModel):
    section: str
    title: str
    page: int


class Document(BaseModel):
    """The parsed report: TOC, blocks in reading order, and the hash of the source text."""

    sha256: str
    toc: list[TocEntry]
    blocks: list[Block]

    def sections(self) -> dict[str, TocEntry]:
        """TOC entries by section id."""
        return {entry.section: entry for entry in self.toc}


@dataclass
class _Para:
    text: str
    role: str = "body"  # body, heading, caption, source, table, table_caption, tagline, subheading
    info: dict = field(default_factory=dict)


def city_name(raw: str) -> str:
    """The short, canonical name of a case-study city: 福岡市 -> 福冈, 宝应县 -> 宝应, 莘县 stays."""
    name = raw.removesuffix("市")
    if name.endswith("县") and len(name) > 2:
        name = name[:-1]
    return CITY_SPELLINGS.get(name, name)


def parse_toc(lines: list[str]) -> list[TocEntry]:
    """Read the table of contents lines ('16\t3.3 民生与服务...') into entries with section ids and pages."""
    entries = []
    for line in lines:
        match = _TOC_LINE.match(line.strip("\n"))
        if not match:
            continue
        page, number, title = int(match.group(1)), match.group(2), match.group(3).strip()
        if number:
            section = number
        elif title in _BACK:
            section = _BACK[title]
        else:
            section = {"前言": "preface", "执行摘要": "summary"}.get(title, squash(title))
        entries.append(TocEntry(section=section, title=title, page=page))
    return entries


def _paragraphs(text: str) -> list[str]:
    """Split on blank lines (whitespace-only lines count as blank), keeping single line breaks inside."""
    paragraphs, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def _should_join(previous: _Para, following: _Para) -> bool:
    """True when a page break split one paragraph in two."""
    if previous.role != "body" or following.role != "body":
        return False
    left, right = previous.text, following.text
    last_line = left.split("\n")[-1]
    # A block of short lines (a name and a role) is not a sentence; a list whose last item broke is.
    if "\n" in left and not last_line.startswith("- "):
        return False
    if len(last_line) < 12 or right.startswith("- ") or _SUBHEADING.match(last_line):
        return False
    return bool(_CJK_END.search(left) and _CJK_START.match(right))


def _join(left: str, right: str) -> str:
    # The source broke inside a word or sentence: no space belongs between Chinese characters.
    return left + right


def _table(caption_match: re.Match, rows: list[str]) -> Table:
    header: list[str] = []
    parsed: list[TableRow] = []
    for row in rows:
        cells = [cell.strip() for cell in row.split("\t")]
        if not header:
            header = cells
            continue
        if cells == header:  # the header repeats after a page break
            continue
        parsed.append(TableRow(cells=cells, text=" ".join(c for c in cells if c)))
    return Table(number=int(caption_match.group(1)), caption=f"表{caption_match.group(1)} {caption_match.group(2).strip()}",
                 header=header, rows=parsed)


def parse_report(text: str) -> Document:
    """Parse the report text into its TOC and blocks."""
    lines = text.split("\n")
    try:
        toc_start = next(i for i, line in enumerate(lines) if line.strip() == "目录")
        body_start = next(i for i, line in enumerate(lines) if line.strip() == "免责声明")
    except StopIteration:
        raise CorpusError("the report text has no table of contents (目录) or disclaimer (免责声明)") from None
    toc = parse_toc(lines[toc_start + 1 : body_start])
    if len([e for e in toc if re.fullmatch(r"\d\.\d", e.section)]) < 15:
        raise CorpusError("the table of contents lists fewer sections than expected; is this the right report?")
    paras = [_Para(p) for p in _paragraphs("\n".join(lines[body_start:]))]
    _classify(paras, toc)
    return Document(sha256=hashlib.sha256(text.encode()).hexdigest(), toc=toc, blocks=_build_blocks(paras, toc))


def _classify(paras: list[_Para], toc: list[TocEntry]) -> None:
    """Give each paragraph its role: headings (by the TOC), captions, tables, taglines, sub-headings."""
    by_key: dict[str, TocEntry] = {}
    for entry in toc:
        by_key[squash(entry.title)] = entry
        if re.fullmatch(r"\d(\.\d)?", entry.section):
            by_key[squash(f"{entry.section} {entry.title}")] = entry
    front = {title: section for section, title in _FRONT}
    seen: set[str] = set()
    index = 0
    while index < len(paras):
        para = paras[index]
        first_line = para.text.split("\n")[0].strip()
        key = squash(para.text)
        entry = by_key.get(key)
        if para.text.strip() in front and front[para.text.strip()] not in seen:
            section = front[para.text.strip()]
            para.role, para.info = "heading", {"section": section, "title": para.text.strip(), "level": 1}
            seen.add(section)
            if section == "summary" and index + 1 < len(paras):
                paras[index + 1].role = "tagline"
        elif entry and entry.section not in seen and entry.section != "preface" and entry.section != "summary":
            seen.add(entry.section)
            level = 1 if "." not in entry.section else 2
            para.role, para.info = "heading", {"section": entry.section, "title": entry.title, "level": level}
            if re.fullmatch(r"\d", entry.section):
                if index > 0 and paras[index - 1].text.strip() == entry.section:
                    paras[index - 1].role = "chapter_number"
                if index + 1 < len(paras):
                    paras[index + 1].role = "tagline"
        elif _CASE_HEADING.match(first_line) and "\n" not in para.text:
            match = _CASE_HEADING.match(first_line)
            stages = re.findall(r"阶段([一二三])", match.group(5))
            para.role = "heading"
            para.info = {
                "level": 3, "kind": "case", "title": first_line[first_line.index(".") + 1 :].strip(),
                "city": city_name(match.group(3)),
                "stage_label": match.group(5), "stage_from": STAGE_WORDS[stages[0]], "stage_to": STAGE_WORDS[stages[-1]],
            }
        elif first_line == "COMMITTED TO":
            para.role, para.info = "heading", {"section": "colophon", "title": "世界经济论坛（封底）", "level": 1}
        elif _OVERVIEW_HEADING.match(para.text.strip()):
            para.role, para.info = "heading", {"level": 3, "kind": "overview", "title": "模式概述"}
        elif _CAPTION.match(first_line):
            para.role = "caption"
        elif _SOURCE.match(first_line):
            para.role = "source"
        elif _TABLE_CAPTION.match(first_line):
            para.role = "table_caption"
        elif "\t" in para.text:
            para.role = "table"
        elif _SUBHEADING.match(para.text.strip()) and "\n" not in para.text:
            para.role = "subheading"
        index += 1
    if "3.9" not in seen or "4" not in seen:
        raise CorpusError("could not find the headings of chapter 3 and 4 in the report body")


def _build_blocks(paras: list[_Para], toc: list[TocEntry]) -> list[Block]:
    """Group classified paragraphs into blocks, joining paragraphs split by page breaks."""
    pages = {entry.section: entry.page for entry in toc}
    titles = {entry.section: entry.title for entry in toc}
    blocks: list[Block] = []
    chapter: str | None = None
    section_block: Block | None = None
    current: Block | None = None
    pending_table: re.Match | None = None
    table_rows: list[str] = []
    last_body: _Para | None = None

    def flush_table() -> None:
        nonlocal pending_table, table_rows
        if pending_table and table_rows and current is not None:
            current.tables.append(_table(pending_table, table_rows))
        pending_table, table_rows = None, []

    for para in paras:
        if para.role == "chapter_number":
            continue
        if para.role == "heading":
            flush_table()
            info = para.info
            if info.get("level") in (1, 2):
                section = info["section"]
                if info["level"] == 1:
                    chapter = section
                title = titles.get(section, info["title"])
                path = [f"{section} {title}" if re.fullmatch(r"\d(\.\d)?", section) else title]
                if info["level"] == 2 and chapter:
                    path.insert(0, f"{chapter} {titles[chapter]}")
                section_block = Block(section=section, title=title, heading_path=path, page=pages.get(section), kind="section")
                current = section_block
            else:
                assert section_block is not None
                current = Block(
                    section=section_block.section, title=section_block.title, page=section_block.page,
                    heading_path=section_block.heading_path + [info["title"]], kind=info["kind"],
                    city=info.get("city"), case_title=info["title"] if info["kind"] == "case" else None,
                    stage_label=info.get("stage_label"), stage_from=info.get("stage_from"), stage_to=info.get("stage_to"),
                )
            blocks.append(current)
            last_body = None
            continue
        if current is None:
            continue
        if para.role == "table_caption":
            flush_table()
            pending_table = _TABLE_CAPTION.match(para.text.split("\n")[0].strip())
            current.breaks.append(len(current.paragraphs))
            continue
        if para.role == "table" and pending_table:
            table_rows.extend(line for line in para.text.split("\n") if line.strip())
            continue
        if para.role in ("caption", "source", "table"):
            if para.role == "caption":
                current.figures.append(para.text.strip())
            current.breaks.append(len(current.paragraphs))
            continue
        flush_table()
        text = para.text.strip()
        if para.role == "body" and last_body is not None and current.section not in NOT_PROSE_SECTIONS and _should_join(last_body, para):
            current.paragraphs[-1] = _join(current.paragraphs[-1], text)
            last_body = _Para(current.paragraphs[-1])
            continue
        current.paragraphs.append(text)
        last_body = para if para.role == "body" else _Para(text, role=para.role)
    flush_table()
    _drop_repeats(blocks)
    return [block for block in blocks if block.paragraphs or block.tables]


def _drop_repeats(blocks: list[Block]) -> None:
    """Drop long paragraphs that repeat an earlier block's paragraph (3.8 opens with a copy of 3.7's)."""
    seen: set[str] = set()
    for block in blocks:
        kept = []
        for paragraph in block.paragraphs:
            key = squash(paragraph)
            if len(key) > 50 and key in seen:
                block.breaks = [b - 1 if b > len(kept) else b for b in block.breaks]
                continue
            seen.add(key)
            kept.append(paragraph)
        block.paragraphs = kept


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Document:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CorpusError(f"report text not found at {path}: copy it into corpus/") from None
    except UnicodeDecodeError:
        raise CorpusError(f"report text at {path} is not UTF-8") from None
    return parse_report(text)


def load_document(path: Path) -> Document:
    """Parse the report at path (cached while the file is unchanged)."""
    if not path.exists():
        raise CorpusError(f"report text not found at {path}: copy it into corpus/")
    return _load(str(path), path.stat().st_mtime)


def stage_of_paragraph(text: str) -> str | None:
    """'阶段一' etc. when a paragraph of a 模式概述 describes one stage."""
    match = _STAGE_PARAGRAPH.match(text)
    return f"阶段{match.group(1)}" if match else None
