"""The report's tables as rows: the numbered tables (表1-表3), the survey's rankings written as prose in 3.1,
and the catalogue of case studies (city, country, domain, case, the stages it went from and to).

A question that ranks, filters or picks is answered from these rows by code, never by a model reading a
flattened table. Each row keeps the id of the passage (chunk) it is read from, so an answer cites the passage
the official can check. The labels of the columns the report does not print (the prose rankings, the case
catalogue) are in corpus/lexicon.yaml (`tables.derived_columns`).
"""

from __future__ import annotations

import hashlib
import json
import re

from pydantic import BaseModel, Field

from assistant.knowledge.corpus import DOMAIN_BY_SECTION, Block, Document, Table
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.schemas import Chunk
from assistant.text import squash

# The survey's ordering of the domains: "……排序为：A、B、C，如下图所示".
_ORDERING = re.compile(r"排序为[:：](.+?)[，。]")
# One domain's ranked items: "- (2) 产业与经济领域：排名前两名的是……".
_DOMAIN_LINE = re.compile(r"^-?\s*[（(]\d[)）]\s*(.+?)领域[:：](.+)$")
# How the report introduces ranked items: 前三的依次是 (several in order), 第一的为 (one), 第二和第三则为 (those
# ranks), 其次为 (the next rank), 并列第三的为 (a tie), and "A和B并列第三" (a tie, after its items).
_RANK_MARKER = re.compile(
    r"前(?P<count>[一二两三四五])名?的(?:依次)?是|第(?P<one>[一二三四五])的为|第(?P<first>[一二三四五])和第(?P<last>[一二三四五])则?为"
    r"|(?P<next>其次)为|并列第(?P<tie>[一二三四五])的为|(?P<tie_after>[^，。]+)并列第(?P<tie_rank>[一二三四五])"
)
_CHINESE_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}


class Row(BaseModel):
    """One row: its cells in column order, and the passage it is read from."""

    cells: list[str]
    chunk_id: str = Field(description="The passage to cite for this row.")


class RowTable(BaseModel):
    """A table of the report as rows with their column labels."""

    id: str = Field(description="'表1', '表2', '表3', 'domain_ranking', 'domain_items' or 'cases'.")
    caption: str
    section: str
    page: int | None
    columns: list[str]
    key: int = Field(0, description="The column that names a row (the challenge, the domain, the city).")
    rank: int | None = Field(None, description="The column holding a rank (1 is first), if the table ranks.")
    group: int | None = Field(None, description="The column holding the domain a row belongs to, if any.")
    rows: list[Row]

    def rank_of(self, row: Row) -> int | None:
        """The row's rank as a number, or None when the table does not rank."""
        if self.rank is None:
            return None
        value = row.cells[self.rank]
        return int(value) if value.isdigit() else None

    def ranked(self) -> list[Row]:
        """The rows from the first rank to the last (in the report's order when the table does not rank)."""
        if self.rank is None:
            return list(self.rows)
        return sorted(self.rows, key=lambda row: self.rank_of(row) or 0)


def read_tables(document: Document, chunks: list[Chunk], lexicon: Lexicon | None = None) -> list[RowTable]:
    """All tables of the report as rows: the numbered tables, the survey's rankings, the case catalogue."""
    lexicon = lexicon or load_lexicon()
    columns = lexicon.entry("tables.derived_columns").forms
    tables = [numbered_table(block, table, chunks) for block in document.blocks for table in block.tables]
    tables += survey_rankings(document, chunks, columns)
    tables.append(case_catalogue(document, chunks, columns["cases"]))
    return [table for table in tables if table.rows]


def numbered_table(block: Block, table: Table, chunks: list[Chunk]) -> RowTable:
    """A numbered table (表N): its header as column labels, each row cited to the table passage holding it.
    A column the report prints without a label is named by its position."""
    columns = [label or f"#{position + 1}" for position, label in enumerate(table.header)]
    passages = [chunk for chunk in chunks if chunk.kind == "table" and chunk.context.startswith(table.caption)]
    rows = []
    for row in table.rows:
        holder = next((chunk for chunk in passages if squash(row.text) in squash(chunk.text)), passages[0] if passages else None)
        rows.append(Row(cells=row.cells, chunk_id=holder.id if holder else ""))
    key = 1 if _numeric_column(table, 0) and len(table.header) > 1 else 0  # 表2 numbers its rows, then names them
    rank = next((position for position in range(len(table.header) - 1, 0, -1)
                 if table.header[position] and _ranks(table, position)), None)
    return RowTable(id=f"表{table.number}", caption=table.caption, section=block.section, page=block.page,
                    columns=columns, key=key, rank=rank, rows=rows)


def _numeric_column(table: Table, position: int) -> bool:
    return all(len(row.cells) > position and re.fullmatch(r"\d+(?:\.\d+)?", row.cells[position]) for row in table.rows)


def _ranks(table: Table, position: int) -> bool:
    """True when a column holds the ranks 1..n, each once."""
    values = [row.cells[position] for row in table.rows if len(row.cells) > position]
    return sorted(values, key=lambda v: int(v) if v.isdigit() else -1) == [str(n) for n in range(1, len(table.rows) + 1)]


def survey_rankings(document: Document, chunks: list[Chunk], columns: dict[str, list[str]]) -> list[RowTable]:
    """The survey's rankings of section 3.1: the domains by attention, and each domain's top items."""
    block = next((block for block in document.blocks if block.section == "3.1" and block.kind == "section"), None)
    if block is None:
        return []
    passages = [chunk for chunk in chunks if chunk.section == block.section]
    caption = f"{block.section} {block.title}"
    domains, items = [], []
    for paragraph in block.paragraphs:
        if ordering := _ORDERING.search(paragraph):
            cited = _holder(passages, ordering.group(0))
            domains = [Row(cells=[name, str(rank)], chunk_id=cited)
                       for rank, name in enumerate(ordering.group(1).split("、"), start=1)]
        for line in paragraph.split("\n"):
            if match := _DOMAIN_LINE.match(line.strip()):
                cited = _holder(passages, line.strip().lstrip("- "))
                items += [Row(cells=[match.group(1), item, str(rank)], chunk_id=cited)
                          for item, rank in ranked_items(match.group(2))]
    return [
        RowTable(id="domain_ranking", caption=caption, section=block.section, page=block.page,
                 columns=columns["domain_ranking"], key=0, rank=1, rows=domains),
        RowTable(id="domain_items", caption=caption, section=block.section, page=block.page,
                 columns=columns["domain_items"], key=1, rank=2, group=0, rows=items),
    ]


def ranked_items(text: str) -> list[tuple[str, int]]:
    """The items of one domain's ranking sentence with their ranks, ties sharing a rank."""
    markers = list(_RANK_MARKER.finditer(text))
    found: list[tuple[str, int]] = []
    for number, marker in enumerate(markers):
        if marker.group("tie_after"):
            continue  # its items were taken with the marker before it
        end = markers[number + 1].start() if number + 1 < len(markers) else len(text)
        segment = text[marker.end():end]
        following = markers[number + 1] if number + 1 < len(markers) else None
        if following is not None and following.group("tie_after"):
            segment = text[marker.end():following.end("tie_after")]
            segment, _, tied = segment.rpartition("，")
            found += _items(segment, _ranks_of(marker, found))
            found += [(item, _CHINESE_NUMBERS[following.group("tie_rank")]) for item in _split(tied, "和")]
            continue
        found += _items(segment, _ranks_of(marker, found))
    return found


def _ranks_of(marker: re.Match, found: list[tuple[str, int]]) -> list[int] | int:
    """The ranks a marker gives its items: a list (one per item) or one rank shared by all (a tie)."""
    if marker.group("count"):
        return list(range(1, _CHINESE_NUMBERS[marker.group("count")] + 1))
    if marker.group("one"):
        return [_CHINESE_NUMBERS[marker.group("one")]]
    if marker.group("first"):
        return list(range(_CHINESE_NUMBERS[marker.group("first")], _CHINESE_NUMBERS[marker.group("last")] + 1))
    if marker.group("next"):
        return [max((rank for _, rank in found), default=0) + 1]
    return _CHINESE_NUMBERS[marker.group("tie")]


def _items(segment: str, ranks: list[int] | int) -> list[tuple[str, int]]:
    segment = segment.strip("，。；、 ")
    if isinstance(ranks, int):
        return [(item, ranks) for item in _split(segment, "和")]
    for separator in ("，", "、"):
        parts = [part.strip() for part in segment.split(separator) if part.strip()]
        if len(parts) == len(ranks):
            return list(zip(parts, ranks))
    return [(segment, ranks[0])] if segment else []


def _split(text: str, separator: str) -> list[str]:
    parts = [part.strip("，。；、 ") for part in re.split(f"[{separator}、]", text)]
    return [part for part in parts if part]


def _holder(passages: list[Chunk], text: str) -> str:
    """The id of the passage that holds the text (the first passage of the section when none does)."""
    wanted = squash(text)[:40]
    holder = next((chunk for chunk in passages if wanted in squash(chunk.text)), passages[0] if passages else None)
    return holder.id if holder else ""


def case_catalogue(document: Document, chunks: list[Chunk], columns: list[str]) -> RowTable:
    """The case studies of 3.3-3.9 as rows: city, country, domain, case, stage from, stage to, stage label;
    each cited to the case's first passage."""
    rows = []
    for block in document.blocks:
        if block.kind != "case":
            continue
        case = block.case_title.split("：", 1)[-1].split("（")[0] if block.case_title else ""
        first = min((chunk for chunk in chunks if chunk.section == block.section and chunk.city == block.city),
                    key=lambda chunk: chunk.order, default=None)
        rows.append(Row(cells=[block.city or "", block.heading_path[-1][:2], DOMAIN_BY_SECTION.get(block.section, ""),
                               case, str(block.stage_from), str(block.stage_to), block.stage_label or ""],
                        chunk_id=first.id if first else ""))
    return RowTable(id="cases", caption="3.3-3.9", section="3.3", page=None, columns=columns, key=0, group=2, rows=rows)


def tables_digest(tables: list[RowTable]) -> str:
    """A digest of the rows, so an index built with other rows is rebuilt."""
    text = json.dumps([table.model_dump() for table in tables], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
