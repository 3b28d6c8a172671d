"""The report's tables as rows: the numbered tables, the survey's rankings of 3.1 and the case catalogue."""

from __future__ import annotations

import pytest

from assistant.knowledge.corpus import load_document
from assistant.knowledge.tables import RowTable, ranked_items, read_tables, tables_digest
from assistant.search.chunking import build_chunks


@pytest.fixture(scope="module")
def chunks(settings):
    return build_chunks(load_document(settings.paths.corpus_file))


@pytest.fixture(scope="module")
def tables(settings, chunks) -> dict[str, RowTable]:
    return {table.id: table for table in read_tables(load_document(settings.paths.corpus_file), chunks)}


def test_every_table_of_the_report_is_read(tables):
    assert set(tables) == {"表1", "表2", "表3", "domain_ranking", "domain_items", "cases"}


def test_the_challenges_table_keeps_its_column_labels_and_its_seventeen_ranked_rows(tables):
    table = tables["表1"]
    assert table.columns == ["中小城市数字化转型的挑战", "平均得分", "中位数", "挑战度排名"]
    assert len(table.rows) == 17
    assert table.columns[table.rank] == "挑战度排名"
    ranked = table.ranked()
    assert ranked[0].cells[:2] == ["需要可持续的创新和商业模式", "3.93"]
    assert ranked[-1].cells[0] == "需要民众的支持与反馈" and table.rank_of(ranked[-1]) == 17
    scores = [float(row.cells[1]) for row in ranked]
    assert scores == sorted(scores, reverse=True)


def test_the_big_cities_table_names_its_rows_by_aspect_not_by_number(tables):
    table = tables["表2"]
    assert len(table.rows) == 8  # the header repeated after the page break is not a row
    assert table.columns[2:] == ["中小城市", "大城市（包括特大、超大城市）"]
    assert table.rows[0].cells[table.key] == "数字化基础不同"
    assert table.rank is None


def test_the_stakeholders_table_has_one_row_per_stakeholder(tables):
    table = tables["表3"]
    assert [row.cells[table.key] for row in table.rows] == ["政府", "市民", "企业", "研究机构"]
    assert len(table.columns) == 8


def test_the_surveys_ordering_of_the_domains_is_read_from_the_prose(tables):
    table = tables["domain_ranking"]
    assert [row.cells[0] for row in table.ranked()][:2] == ["民生与服务", "产业与经济"]
    assert table.ranked()[-1].cells == ["环境与低碳", "7"]
    assert len(table.rows) == 7


def test_each_domains_ranked_items_keep_their_ties(tables):
    table = tables["domain_items"]
    industry = [(row.cells[1], table.rank_of(row)) for row in table.rows if row.cells[0] == "产业与经济"]
    assert industry == [("智慧园区", 1), ("智慧农业", 2), ("智能制造", 3), ("智慧能源产业", 3)]
    government = [row.cells[1] for row in table.rows if row.cells[0] == "政府效能"]
    assert government == ["政府数据共享、开放和数据安全", "政府协同办公", "政府与企业、市民协作"]
    assert {row.cells[0] for row in table.rows} == {row.cells[0] for row in tables["domain_ranking"].rows}


@pytest.mark.parametrize("sentence, expected", [
    ("排名前三的依次是甲、乙、丙。", [("甲", 1), ("乙", 2), ("丙", 3)]),
    ("排名第一的为甲，其次为乙、丙等，并列第三的为丁和戊。", [("甲", 1), ("乙、丙等", 2), ("丁", 3), ("戊", 3)]),
    ("排名第一的为甲，第二和第三则为乙，丙、丁。", [("甲", 1), ("乙", 2), ("丙、丁", 3)]),
    ("排名前两名的是甲、乙，丙和丁并列第三。", [("甲", 1), ("乙", 2), ("丙", 3), ("丁", 3)]),
])
def test_the_ways_the_report_writes_a_ranking_are_read(sentence, expected):
    assert ranked_items(sentence) == expected


def test_the_case_catalogue_has_every_case_with_its_stages(tables):
    table = tables["cases"]
    assert len(table.rows) == 11
    by_city = {(row.cells[0], row.cells[2]): row.cells for row in table.rows}
    assert by_city[("平湖", "基础设施")][4:] == ["1", "3", "阶段一至阶段三"]
    assert by_city[("会津若松", "基础设施")][1] == "日本"
    assert {row.cells[1] for row in table.rows} == {"中国", "日本"}
    assert sum(1 for row in table.rows if row.cells[0] == "宿州") == 2  # one case in 3.3, one in 3.7


def test_every_row_cites_a_passage_that_holds_it(tables, chunks):
    by_id = {chunk.id: chunk for chunk in chunks}
    for table in tables.values():
        for row in table.rows:
            assert row.chunk_id in by_id
    challenge = tables["表1"].ranked()[-1]
    assert challenge.cells[0] in by_id[challenge.chunk_id].text
    case = tables["cases"].rows[0]
    assert by_id[case.chunk_id].city == case.cells[0]


def test_the_digest_changes_with_the_rows(tables):
    rows = list(tables.values())
    changed = [table.model_copy(update={"rows": table.rows[:-1]}) for table in rows]
    assert tables_digest(rows) == tables_digest(list(rows))
    assert tables_digest(changed) != tables_digest(rows)
