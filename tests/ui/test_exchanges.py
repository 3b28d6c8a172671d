"""The Q&A tab's events as plain functions: answers recorded, rated, commented, opened in the reader, exported."""

from __future__ import annotations

import pytest

from assistant.feedback.store import FeedbackStore
from assistant.knowledge.corpus import load_document
from assistant.ui import exchanges
from assistant.ui.reader import TARGET_ID, ReportReader

# What 宿州's mini-program does, asked three ways; and a question the report cannot answer.
PARAPHRASES = ["讯宿办小程序能帮市民办哪些事？", "宿州市民通过讯宿办可以办理什么业务？", "宿州的便民小程序提供了哪些功能？"]
OFF_TOPIC = "报告里有没有红烧肉的做法？"


@pytest.fixture()
def services(settings, extractive_chain, tmp_path):
    store = FeedbackStore(f"sqlite:///{tmp_path / 'qa.db'}")
    yield exchanges.QAServices(chain=extractive_chain, reader=ReportReader(load_document(settings.paths.corpus_file)),
                               store=store, exports_dir=tmp_path / "exports")
    store.close()


def _answer(services, question, records=None, messages=None, language="zh"):
    *_, (messages, history, records) = exchanges.respond(services, question, messages or [], [], records or [], language)
    return messages, records


@pytest.mark.parametrize("question", PARAPHRASES)
def test_each_answer_is_recorded_with_its_chat_position_and_stored(services, question):
    messages, records = _answer(services, question)
    [record] = records
    assert record["message"] == 1 and record["anchor"] in messages[1]["content"]
    stored = services.store.get(record["exchange"])
    assert stored.question == question and stored.answer == record["answer"]["answer"]
    assert "宿州" in stored.topics.cities or "民生与服务" in stored.topics.domains


def test_a_second_answer_gets_the_next_position(services):
    messages, records = _answer(services, PARAPHRASES[0])
    messages, records = _answer(services, OFF_TOPIC, records, messages)
    assert [r["message"] for r in records] == [1, 3] and records[1]["answer"]["refused"]


def test_rating_then_commenting_stores_both(services):
    messages, records = _answer(services, PARAPHRASES[1])
    status, pending = exchanges.rate(services, records, 1, False, "zh")
    assert "已记录" in status and pending == 1
    status, box = exchanges.comment(services, records, pending, "缺少办理地址", "zh")
    assert status == "意见已保存，谢谢。" and box == ""
    stored = services.store.get(records[0]["exchange"])
    assert (stored.rating, stored.comment) == ("down", "缺少办理地址")
    status, pending = exchanges.rate(services, records, [1, None], "", "en")
    assert status.startswith("Your rating of this answer was taken back") and pending is None
    assert services.store.get(records[0]["exchange"]).rating is None


@pytest.mark.parametrize("language, expected", [("zh", "无法评价"), ("en", "cannot be rated")])
def test_a_question_or_unknown_message_cannot_be_rated(services, language, expected):
    _, records = _answer(services, PARAPHRASES[2])
    status, pending = exchanges.rate(services, records, 0, True, language)
    assert expected in status and pending is None


def test_a_comment_before_any_rating_asks_for_one_and_keeps_the_text(services):
    _, records = _answer(services, PARAPHRASES[0])
    status, box = exchanges.comment(services, records, None, "先写的意见", "zh")
    assert "请先点" in status and box == "先写的意见"


def test_opening_a_citation_shows_its_section_with_the_mark(services):
    _, records = _answer(services, PARAPHRASES[0])
    anchor = records[0]["anchor"]
    page, section = exchanges.open_citation(services, records, f"{anchor}-src-1|1733000000000", "zh")
    assert section == records[0]["answer"]["citations"][0]["section"] and f'id="{TARGET_ID}"' in page
    for request in ("", "garbage", f"{anchor}-src-99", "a0000000000-src-1"):
        page, section = exchanges.open_citation(services, records, request, "zh")
        assert section is None and "点击回答中的引用编号" in page


def test_export_writes_markdown_and_html_with_every_citation(services):
    messages, records = _answer(services, PARAPHRASES[0])
    _, records = _answer(services, OFF_TOPIC, records, messages)
    files, status = exchanges.export(services, records, "en")
    markdown, page = (open(path, encoding="utf-8").read() for path in files)
    citations = records[0]["answer"]["citations"]
    assert files[0].endswith(".md") and files[1].endswith(".html") and status == ""
    for citation in citations:
        assert f"[{citation['n']}] {citation['section']} {citation['title']}" in markdown
        assert citation["text"].splitlines()[0] in markdown and citation["text"].splitlines()[0][:20] in page
    assert PARAPHRASES[0] in markdown and OFF_TOPIC in markdown and "Not answerable from the report" in markdown
    assert page.startswith("<!DOCTYPE html>") and "<mark>" in page
    assert exchanges.export(services, [], "zh") == (None, "还没有回答可以导出。")
