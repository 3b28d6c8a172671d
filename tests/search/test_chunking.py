"""The structure-aware chunker: size limit, fidelity to the source, block boundaries and metadata."""

from __future__ import annotations

import pytest

from assistant.search.chunking import MAX_CHARS, build_chunks
from assistant.knowledge.corpus import Block, load_document
from assistant.schemas import Chunk
from assistant.text import squash

DOMAINS = {
    "3.3": "民生与服务",
    "3.4": "产业与经济",
    "3.5": "治理与运行",
    "3.6": "环境与低碳",
    "3.7": "政府效能",
    "3.8": "基础设施",
    "3.9": "发展保障（领导力/政策）",
}


@pytest.fixture(scope="module")
def document(settings):
    return load_document(settings.paths.corpus_file)


@pytest.fixture(scope="module")
def chunks(document) -> list[Chunk]:
    return build_chunks(document)


def _block_text(block: Block) -> str:
    rows = [row.text for table in block.tables for row in table.rows]
    return squash("".join(block.paragraphs) + "".join(rows))


def _body(chunk: Chunk) -> str:
    """A chunk's text without the case title that opens a case's first passage."""
    return chunk.text.removeprefix(chunk.title_line + "\n") if chunk.title_line else chunk.text


def test_no_chunk_is_longer_than_the_limit(chunks):
    assert max(len(_body(chunk)) for chunk in chunks) <= MAX_CHARS


def test_a_smaller_limit_is_respected_by_text_chunks(document):
    # table chunks group whole rows under their own size and are not cut at max_chars
    small = build_chunks(document, max_chars=120)
    assert max(len(_body(chunk)) for chunk in small if chunk.kind == "text") <= 120
    assert len(small) > len(build_chunks(document))


def test_every_chunk_is_found_in_the_source(settings, chunks):
    source = squash(settings.paths.corpus_file.read_text(encoding="utf-8"))
    missing = [chunk.id for chunk in chunks if squash(chunk.text) not in source]
    assert missing == []


def test_no_chunk_crosses_a_section_or_case(document, chunks):
    blocks = {tuple(block.heading_path): block for block in document.blocks}
    assert len(blocks) == len(document.blocks), "heading paths should identify blocks"
    for chunk in chunks:
        block = blocks[tuple(chunk.heading_path)]
        assert (block.section, block.city) == (chunk.section, chunk.city)
        assert squash(_body(chunk)) in _block_text(block), chunk.id


def test_the_chunks_cover_the_whole_report(document, chunks):
    # every paragraph's text ends up in some chunk (nothing silently dropped)
    joined = squash("".join(chunk.text for chunk in chunks if chunk.kind == "text"))
    for block in document.blocks:
        for paragraph in block.paragraphs:
            assert squash(paragraph) in joined, (block.section, paragraph[:40])


def test_chunk_ids_are_unique_and_in_reading_order(chunks):
    assert len({chunk.id for chunk in chunks}) == len(chunks)
    assert [chunk.order for chunk in chunks] == list(range(len(chunks)))


def test_metadata_of_the_suzhou_mask_chunk(chunks):
    [chunk] = [chunk for chunk in chunks if "35万多人次" in chunk.text]
    assert chunk.section == "3.3"
    assert chunk.title == "民生与服务领域转型模式及实践"
    assert chunk.city == "宿州"
    assert chunk.domain == "民生与服务"
    assert chunk.stage_label == "阶段一至阶段二"
    assert chunk.page == 16
    assert chunk.heading_path == [
        "3 中小城市数字化转型模式及实践",
        "3.3 民生与服务领域转型模式及实践",
        "中国宿州市：统筹集约规划建设全市服务平台（阶段一至阶段二）",
    ]


@pytest.mark.parametrize("section", sorted(DOMAINS))
def test_overview_stage_chunks_carry_their_stage(chunks, section):
    overview = [c for c in chunks if c.section == section and c.heading_path[-1] == "模式概述"]
    labelled = [(c.stage_label, c.text[:3]) for c in overview if c.stage_label]
    assert labelled == [("阶段一", "阶段一"), ("阶段二", "阶段二"), ("阶段三", "阶段三")]
    # the introduction of the overview describes no single stage
    assert overview[0].stage_label is None
    assert all(c.domain == DOMAINS[section] and c.city is None for c in overview)


def test_chunks_outside_chapter_3_have_no_domain(chunks):
    for chunk in chunks:
        if not chunk.section.startswith("3.") or chunk.section in ("3.1", "3.2"):
            assert chunk.domain is None, chunk.id


def test_embedding_text_starts_with_the_heading_path(chunks):
    for chunk in chunks:
        # a case's title opens its first passage, and is embedded once
        path = chunk.heading_path[:-1] if chunk.text.startswith(chunk.heading_path[-1]) else chunk.heading_path
        assert chunk.embedding_text().startswith(" > ".join(path) + "\n"), chunk.id
        assert chunk.embedding_text().endswith(chunk.text)
        assert chunk.embedding_text().count(chunk.heading_path[-1]) == 1, chunk.id


def test_a_case_opens_with_its_title_line_outside_the_packing(chunks):
    """The title line states the case's city, name and stages, as the report prints it; the passages are cut
    as they would be without it."""
    cases = [chunk for chunk in chunks if chunk.city and chunk.id.endswith(":0")]
    assert len(cases) >= 9
    for chunk in cases:
        title, rest = chunk.text.split("\n", 1)
        assert title == chunk.heading_path[-1], chunk.id
        assert chunk.stage_label and chunk.stage_label in title, chunk.id
        assert len(rest) <= MAX_CHARS, chunk.id
    later = [chunk for chunk in chunks if chunk.city and not chunk.id.endswith(":0")]
    assert later and not any(chunk.text.startswith(chunk.heading_path[-1]) for chunk in later)


def test_table_chunks_carry_the_header_in_context(chunks):
    tables = [chunk for chunk in chunks if chunk.kind == "table"]
    assert {chunk.section for chunk in tables} == {"1.4", "2.4", "4"}
    first = next(chunk for chunk in tables if "需要可持续的创新和商业模式" in chunk.text)
    assert first.context == "表1 中小城市数字化转型的挑战\n中小城市数字化转型的挑战 | 平均得分 | 中位数 | 挑战度排名"
    assert "挑战度排名" not in first.text
    assert first.text.startswith("需要可持续的创新和商业模式 3.93 4 1\n")
    assert "挑战度排名" in first.embedding_text()
    for chunk in tables:
        assert chunk.context.startswith("表"), chunk.id


def test_table_chunks_together_hold_every_row(document, chunks):
    rows = [row.text for block in document.blocks for table in block.tables for row in table.rows]
    lines = [line for chunk in chunks if chunk.kind == "table" for line in chunk.text.split("\n")]
    assert lines == rows


@pytest.mark.parametrize("question", ["平湖的感智汇平台做了什么？", "宝应智慧荷藕建设方案包括什么？", "What did Suzhou's service platform do?"])
def test_a_case_title_names_the_case_but_is_not_an_answering_sentence(chunks, question):
    from assistant.search.sentences import score_sentences

    cases = [chunk for chunk in chunks if chunk.city and chunk.id.endswith(":0")]
    scored = score_sentences(question, cases)
    assert scored
    assert not any(extract.sentence == cases[extract.passage].heading_path[-1] for extract in scored)
