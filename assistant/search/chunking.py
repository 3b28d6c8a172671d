"""Cut the parsed report into chunks that never cross a section or case boundary."""

from __future__ import annotations

import re

from assistant.knowledge.corpus import DOMAIN_BY_SECTION, Block, Document, Table, stage_of_paragraph
from assistant.schemas import Chunk
from assistant.text import split_sentences

CHUNKER_VERSION = "6"
MAX_CHARS = 500
TABLE_CHARS = 320


def _units(paragraph: str, max_chars: int) -> list[str]:
    """A paragraph as units no longer than max_chars: its list items, else its sentences, else slices."""
    items: list[str] = []
    for line in paragraph.split("\n"):
        if items and not line.startswith("- "):
            items[-1] += "\n" + line
        else:
            items.append(line)
    units: list[str] = []
    for item in items:
        if len(item) <= max_chars:
            units.append(item)
            continue
        current = ""
        for sentence in split_sentences(item):
            while len(sentence) > max_chars:
                units.append(sentence[:max_chars])
                sentence = sentence[max_chars:]
            if current and len(current) + len(sentence) > max_chars:
                units.append(current)
                current = ""
            current += sentence
        if current:
            units.append(current)
    return units


def _pack(units: list[str], max_chars: int) -> list[str]:
    """Greedily pack units into passages of at most max_chars, one paragraph break between units."""
    passages: list[str] = []
    current = ""
    for unit in units:
        if current and len(current) + 1 + len(unit) > max_chars:
            passages.append(current)
            current = ""
        current = f"{current}\n{unit}" if current else unit
    if current:
        passages.append(current)
    return passages


def _table_passages(table: Table) -> list[tuple[str, str]]:
    """(header context, rows text) pairs: rows grouped under their header."""
    context = f"{table.caption}\n" + " | ".join(cell for cell in table.header if cell)
    groups: list[str] = []
    current = ""
    for row in table.rows:
        if current and len(current) + 1 + len(row.text) > TABLE_CHARS:
            groups.append(current)
            current = ""
        current = f"{current}\n{row.text}" if current else row.text
    if current:
        groups.append(current)
    return [(context, group) for group in groups]


def _chunk(block: Block, text: str, index: int, order: int, context: str = "", kind: str = "text") -> Chunk:
    stage_label = block.stage_label
    if block.kind == "overview":
        stage_label = stage_of_paragraph(text)
    return Chunk(
        id=f"{block.section}:{block.kind}:{block.city or ''}:{index}",
        text=text,
        section=block.section,
        title=block.title,
        heading_path=block.heading_path,
        page=block.page,
        city=block.city,
        domain=DOMAIN_BY_SECTION.get(block.section),
        stage_label=stage_label,
        context=context,
        kind=kind,
        order=order,
    )


def build_chunks(document: Document, max_chars: int = MAX_CHARS) -> list[Chunk]:
    """All chunks of the report in reading order."""
    chunks: list[Chunk] = []
    for block_number, block in enumerate(document.blocks):
        # A chunk is contiguous in the source: it never spans a removed caption or table.
        runs: list[list[str]] = [[]]
        for number, paragraph in enumerate(block.paragraphs):
            if number in block.breaks and runs[-1]:
                runs.append([])
            runs[-1].extend(_units(paragraph, max_chars))
        # Stage descriptions in an overview are kept one per chunk, so each stage can be cited on its own.
        if block.kind == "overview":
            passages = [unit for run in runs for unit in run]
        else:
            passages = [passage for run in runs for passage in _pack(run, max_chars)]
        if block.case_title and passages:
            # the case's title line states its city, name and stages: its first passage opens with it, outside
            # the packing, so the passages are cut as they would be without it
            passages[0] = f"{block.case_title}\n{passages[0]}"
        for number, passage in enumerate(passages):
            chunks.append(_chunk(block, passage, number, len(chunks)))
        for table in block.tables:
            for number, (context, rows) in enumerate(_table_passages(table)):
                chunks.append(_chunk(block, rows, 100 * table.number + number, len(chunks), context, "table"))
    for chunk in chunks:
        chunk.id = re.sub(r"\s+", "", f"b{chunk.order:04d}-{chunk.id}")
    return chunks

