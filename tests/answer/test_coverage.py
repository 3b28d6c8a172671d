"""The words of a question a table does not hold are read from the table's own labels, not from word lists."""

from __future__ import annotations

import pytest

from assistant.answer.coverage import TableCoverage
from assistant.knowledge.tables import Row, RowTable


@pytest.fixture(scope="module")
def coverage(index):
    return TableCoverage(index.glossary)


def table(name: str, columns: list[str], rows: list[list[str]], caption: str) -> RowTable:
    return RowTable(id=name, caption=caption, section="0", page=None, columns=columns, key=0, rank=None,
                    rows=[Row(cells=cells, chunk_id="") for cells in rows])


COUNTIES = table("counties", ["县", "常住人口", "面积"], [["清河县", "40", "900"], ["东山县", "25", "1200"]], "某省各县的概况")
SCHOOLS = table("schools", ["学校", "学生人数", "教师人数"], [["一中", "2000", "150"], ["二中", "1500", "120"]], "某县的中学")


@pytest.mark.parametrize("question, held_by, lacked_by", [
    # a column one table has and the other has not
    ("常住人口最多的是哪个县？", COUNTIES, SCHOOLS),
    ("面积排第二的是哪个？", COUNTIES, SCHOOLS),
    ("教师人数最少的是哪一个？", SCHOOLS, COUNTIES),
    # a row one table lists and the other does not
    ("东山县排第几？", COUNTIES, SCHOOLS),
    ("二中的学生人数排名第几？", SCHOOLS, COUNTIES),
])
def test_what_one_table_holds_another_lacks(coverage, question, held_by, lacked_by):
    assert coverage.missing(question, held_by) == []
    assert coverage.missing(question, lacked_by) != []


@pytest.mark.parametrize("question, lacked", [
    ("常住人口的标准差是多少？", "标准差"),
    ("西平县的面积排第几？", "西平县"),
    ("面积最大的县GDP是多少？", "gdp"),
])
def test_the_words_no_label_holds_are_named(coverage, question, lacked):
    assert lacked in coverage.missing(question, COUNTIES)


GRADES = table("grades", ["科目", "平均分", "满分"], [["语文", "82", "100"], ["数学", "75", "150"]], "某校期末考试成绩")


@pytest.mark.parametrize("question", [
    "这张表的分数是几分制？",
    "表里的评分满分是多少？",
    "打分采用什么量表？",
    "评分的总分是多少？",
])
def test_a_scoring_scale_is_held_only_where_a_label_states_it(coverage, question):
    """The segmenter reads 几分制 and 满分 as a numeral and an adverb; a table of scores without a scale lacks them."""
    assert coverage.missing(question, COUNTIES) != []
    if "满分" in question:
        assert coverage.missing(question, GRADES) == []
