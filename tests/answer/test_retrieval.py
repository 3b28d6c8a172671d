"""Hybrid retrieval over the real index: known questions, fusion, input checks, ranks."""

from __future__ import annotations

import pytest

from assistant.errors import BadInput
from assistant.answer.retrieval import (
    build_retriever,
    fuse,
    fuse_scores,
    lexical_query,
)
from assistant.settings import RetrievalSettings


def _top(retriever, question: str, k: int = 5):
    return retriever.search(question, k)


def _describe(hits) -> list[str]:
    return [f"{hit.rank}. {hit.chunk.section} {hit.chunk.city or ''} {hit.chunk.text[:30]}" for hit in hits]


@pytest.mark.parametrize("question", [
    "宿州的口罩预约一共运行了几天，配送人次是多少？",
    "安徽宿州上线的口罩预约服务持续了多少天，为多少人次完成配送？",
    "For how many days did Suzhou's mask booking service run, and how many deliveries did it make?",
])
def test_suzhou_mask_reservation(retriever, question):
    hits = _top(retriever, question)
    found = [hit for hit in hits if "35万多人次" in hit.chunk.text]
    assert found, _describe(hits)
    assert (found[0].chunk.section, found[0].chunk.city) == ("3.3", "宿州")


def test_pinghu_ganzhihui(retriever):
    hits = _top(retriever, "平湖市的“感智汇”平台解决了什么问题？")
    assert any(hit.chunk.section == "3.8" and hit.chunk.city == "平湖" for hit in hits), _describe(hits)


def test_table_1_first_ranked_challenge(retriever):
    hits = _top(retriever, "表1中挑战度排名第一的挑战是什么？")
    tables = [hit for hit in hits if hit.chunk.kind == "table" and "需要可持续的创新和商业模式 3.93 4 1" in hit.chunk.text]
    assert tables, _describe(hits)
    assert tables[0].chunk.section == "1.4"


def test_english_question_finds_the_chinese_passage(retriever, settings):
    if not settings.paths.glossary_file.exists():
        pytest.skip("corpus/glossary.yaml does not exist yet: English questions are not expanded")
    hits = _top(retriever, "How many days did Suzhou's mask reservation service run?")
    assert any("35万多人次" in hit.chunk.text for hit in hits), _describe(hits)


def test_english_question_is_expanded_into_chinese_terms(index, settings):
    if not settings.paths.glossary_file.exists():
        pytest.skip("corpus/glossary.yaml does not exist yet: English questions are not expanded")
    tokens = lexical_query("How many days did Suzhou's mask reservation service run?", index, "en")
    assert "宿州" in tokens


def test_the_reports_credits_do_not_outrank_the_cases_for_an_organisation_they_list(retriever):
    # The contributors' list names 日立 four times; the Fukuoka and Kashiwa-no-ha cases once each.
    hits = _top(retriever, "In which Japanese case studies was Hitachi involved?")
    assert not {"contributors", "acknowledgements"} & {hit.chunk.section for hit in hits}, _describe(hits)
    assert {"福冈", "柏之叶"} & {hit.chunk.city for hit in hits}, _describe(hits)


@pytest.mark.parametrize("question", ["这份报告的主要撰稿人有哪些？", "Which experts contributed to the report?", "陈杨秋是谁？"])
def test_a_question_about_who_made_the_report_finds_its_credits(retriever, question):
    hits = _top(retriever, question)
    assert {"contributors", "acknowledgements"} & {hit.chunk.section for hit in hits}, _describe(hits)


def test_a_count_in_chinese_numerals_also_searches_the_reports_digits(index):
    tokens = lexical_query("七个领域是什么？", index, "zh")
    assert "7个领域" in tokens
    # 两个 gives no bare "2", which would match every passage with that figure
    assert "2" not in lexical_query("莘县的两个领域案例各自侧重哪些方面？", index, "zh")


def test_each_side_of_a_comparison_reaches_the_passages(retriever, analyser):
    question = "宝应和莘县在农产品的追溯上各自采取了什么做法？"
    plain = retriever.search(question)
    both = retriever.search_analysed(analyser.analyse(question))
    assert [hit.rank for hit in both] == list(range(1, len(plain) + 1))
    assert len({hit.chunk.id for hit in both}) == len(plain)
    assert plain[0].chunk.id == both[0].chunk.id  # the question's own best passage stays first
    assert {"宝应", "莘县"} <= {hit.chunk.city for hit in both[:3]}, _describe(both)


@pytest.mark.parametrize("question", ["平湖搭建的“感智汇”平台是为了应对什么难题？", "What problem was Pinghu's platform built to solve"])
def test_a_question_without_parts_is_searched_as_it_is(retriever, analyser, question):
    assert retriever.search_analysed(analyser.analyse(question)) == retriever.search(question)


def test_suzhou_is_not_suzhou_jiangsu(retriever):
    # 宿州 (Anhui) is the case city; a question about it must not drift to unrelated text
    hits = _top(retriever, "宿州市统筹集约规划建设的全市服务平台")
    assert hits[0].chunk.city == "宿州", _describe(hits)


def test_results_carry_ranks_one_to_k_best_first(retriever):
    hits = retriever.search("中小城市数字化转型面临哪些挑战？", 7)
    assert [hit.rank for hit in hits] == list(range(1, 8))
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert len({hit.chunk.id for hit in hits}) == 7


def test_default_k_comes_from_settings(retriever, settings):
    assert len(retriever.search("数字基础设施")) == settings.retrieval.k


def test_dense_scores_are_cosine_similarities(retriever):
    hits = retriever.search("平湖市的“感智汇”平台", 5)
    dense = [hit.dense_score for hit in hits if hit.dense_score is not None]
    assert dense and all(-1.0 <= score <= 1.0 for score in dense)


def test_dense_and_bm25_modes(index, settings):
    question = "表1中挑战度排名第一的挑战是什么？"
    for mode in ("dense", "bm25"):
        hits = build_retriever(index, settings.retrieval, mode=mode).search(question, 5)
        assert [hit.rank for hit in hits] == [1, 2, 3, 4, 5], mode
    bm25_hits = build_retriever(index, settings.retrieval, mode="bm25").search(question, 5)
    assert all(hit.dense_score is None for hit in bm25_hits)


@pytest.mark.parametrize("question", ["", "   ", "\n\t", "\u200b"])
def test_empty_question_is_bad_input(retriever, question):
    with pytest.raises(BadInput, match="empty"):
        retriever.search(question)


def test_too_long_question_is_bad_input(retriever):
    with pytest.raises(BadInput, match="too long"):
        retriever.search("宿州" * 1500)


def test_the_langchain_interface_returns_documents_with_metadata(retriever):
    documents = retriever.invoke("宿州的口罩预约服务")
    assert len(documents) == 5
    assert {"section", "title", "page", "score"} <= set(documents[0].metadata)
    assert "text" not in documents[0].metadata


# --- fusion ---------------------------------------------------------------------------------------------------

def test_fuse_merges_ids_found_by_both_rankings():
    fused = fuse([(["a", "b", "c"], 1.0), (["b", "d"], 1.0)], rrf_k=60)
    assert [chunk_id for chunk_id, _ in fused] == ["b", "a", "d", "c"]
    scores = dict(fused)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["c"] == pytest.approx(1 / 63)


def test_fuse_counts_a_duplicate_within_one_ranking_once():
    fused = dict(fuse([(["a", "a", "b"], 1.0)], rrf_k=60))
    assert fused == {"a": pytest.approx(1 / 61), "b": pytest.approx(1 / 62)}


def test_fuse_respects_weights():
    def rankings(dense_weight, lexical_weight):
        return [(["d1", "d2"], dense_weight), (["l1", "l2"], lexical_weight)]

    assert [chunk_id for chunk_id, _ in fuse(rankings(2.0, 1.0), rrf_k=60)] == ["d1", "d2", "l1", "l2"]
    assert [chunk_id for chunk_id, _ in fuse(rankings(1.0, 2.0), rrf_k=60)] == ["l1", "l2", "d1", "d2"]
    assert dict(fuse(rankings(2.0, 1.0), rrf_k=60))["d1"] == pytest.approx(2 / 61)
    # a smaller rrf_k sharpens the advantage of the first places
    assert dict(fuse(rankings(1.0, 1.0), rrf_k=1))["d1"] == pytest.approx(1 / 2)


def test_fuse_of_nothing():
    assert fuse([], rrf_k=60) == []
    assert fuse([([], 1.0)], rrf_k=60) == []


def test_fuse_scores_scales_each_side_to_its_own_range():
    dense = [("a", 0.90), ("b", 0.89), ("c", 0.80)]
    lexical = [("c", 40.0), ("b", 10.0), ("d", 5.0)]
    fused = dict(fuse_scores([(dense, 0.4), (lexical, 0.6)]))
    assert fused["a"] == pytest.approx(0.4)
    assert fused["b"] == pytest.approx(0.4 * 0.9 + 0.6 * 5 / 35)
    assert fused["c"] == pytest.approx(0.6)
    assert fused["d"] == pytest.approx(0.0)


def test_fuse_scores_keeps_a_clear_lexical_lead_that_rank_fusion_loses():
    # BM25 finds "row" far ahead of the rest; the dense side does not find it at all.
    dense = [("p1", 0.86), ("p2", 0.85), ("p3", 0.85), ("p4", 0.84), ("p5", 0.84), ("p6", 0.80)]
    lexical = [("row", 30.0), ("p2", 9.0), ("p3", 8.5), ("p1", 8.0), ("p6", 7.0), ("p5", 1.0)]
    by_score = [chunk_id for chunk_id, _ in fuse_scores([(dense, 0.4), (lexical, 0.6)])]
    by_rank = [chunk_id for chunk_id, _ in fuse([([i for i, _ in dense], 1.0), ([i for i, _ in lexical], 1.0)], 60)]
    assert by_score[0] == "row"
    assert "row" not in by_rank[:5]


def test_fuse_scores_of_one_candidate_or_equal_scores():
    assert fuse_scores([([("a", 3.0)], 1.0)]) == [("a", 1.0)]
    assert dict(fuse_scores([([("a", 2.0), ("b", 2.0)], 0.5)])) == {"a": 0.5, "b": 0.5}
    assert fuse_scores([]) == [] and fuse_scores([([], 1.0)]) == []


def test_fuse_scores_counts_a_duplicate_within_one_ranking_once():
    assert dict(fuse_scores([([("a", 2.0), ("a", 1.0), ("b", 1.0)], 1.0)])) == {"a": 1.0, "b": 0.0}


@pytest.mark.parametrize("fusion", ["score", "rrf"])
def test_weights_from_settings_change_the_ranking(index, fusion):
    question = "表1中挑战度排名第一的挑战是什么？"
    only_lexical = build_retriever(index, RetrievalSettings(dense_weight=0.0, row_weight=0.0, fusion=fusion)).search(question, 3)
    bm25 = build_retriever(index, RetrievalSettings(), mode="bm25").search(question, 3)
    assert [hit.chunk.id for hit in only_lexical] == [hit.chunk.id for hit in bm25]


def test_an_unknown_fusion_is_refused():
    with pytest.raises(ValueError, match="fusion"):
        RetrievalSettings(fusion="max")


@pytest.mark.parametrize("question", [
    "中小城市与大城市在信息基础设施的建设模式上有何差别？",
    "建设信息基础设施的模式，中小城市跟大城市有哪些不一样？",
    "信息基础设施怎么建，中小城市与大城市有什么不同？",
])
def test_table_row_that_only_bm25_ranks_first_reaches_the_top_five(retriever, question):
    hits = retriever.search(question, 5)
    assert any("不适宜投入大量资金建设大型硬件数据中心机房" in hit.chunk.text for hit in hits), _describe(hits)


# English questions that name a part of the report by its number or its name.
@pytest.mark.parametrize(("question", "section"), [
    ("Which key points does section 2.3 give for small cities?", "2.3"),
    ("Summarise the advice of Section 2.3.", "2.3"),
    ("What is in the report's appendix?", "appendix"),
    ("Which charts does the appendix show?", "appendix"),
])
def test_an_english_question_naming_a_part_of_the_report_finds_it(retriever, question, section):
    hits = _top(retriever, question)
    assert any(hit.chunk.section == section for hit in hits), _describe(hits)


# English words the report's rankings and lists are written with (排名前三, 国家, 6个领域), found through the glossary.
@pytest.mark.parametrize(("question", "passage"), [
    ("Which three solutions rank highest for environment and low carbon? Give the top three.", "排名前三"),
    ("What are the top 3 items officials care about in the livelihood domain?", "排名前三"),
    ("Name the first three concerns in environment and low-carbon.", "排名前三"),
    ("What six city functions does the framework name before adding a seventh domain?", "6个领域"),
    ("Besides the six domains, which further domain supports the rest?", "6个领域"),
])
def test_english_words_of_rankings_and_counts_reach_the_reports_own_words(retriever, question, passage):
    hits = _top(retriever, question)
    assert any(passage in hit.chunk.text for hit in hits), _describe(hits)


def test_a_passage_is_found_by_its_closest_sentence(index):
    """The last sentence of long passages across the report (its references aside), searched by its own vector,
    finds its passage first, though the passage's other sentences are about other things."""
    from assistant.knowledge.corpus import REFERENCE_SECTIONS
    from assistant.search.sentences import answering_sentences

    long_ones = [chunk for chunk in index.chunks.values()
                 if len(answering_sentences(chunk.text)) >= 4 and chunk.section not in REFERENCE_SECTIONS]
    assert len(long_ones) >= 12
    for chunk in long_ones[::max(1, len(long_ones) // 6)]:
        sentence = answering_sentences(chunk.text)[-1]
        ranking = index.by_best_sentence(index.sentence_vectors[sentence], 5)
        assert len(ranking) == 5
        assert ranking[0][1] == pytest.approx(1.0, abs=1e-3)
        assert chunk.id in [chunk_id for chunk_id, score in ranking if score > 0.999], sentence
        assert [score for _, score in ranking] == sorted((score for _, score in ranking), reverse=True)


def test_the_closest_sentence_ranking_is_left_out_at_weight_zero(index, settings, monkeypatch):
    calls = []
    monkeypatch.setattr(type(index), "by_best_sentence", lambda self, vector, limit: calls.append(limit) or [])
    build_retriever(index, settings.retrieval.model_copy(update={"sentence_weight": 0.0})).search("平湖的感智汇平台")
    assert calls == []
    build_retriever(index, settings.retrieval.model_copy(update={"sentence_weight": 0.2})).search("平湖的感智汇平台")
    assert calls == [settings.retrieval.candidates]


def test_the_references_are_not_found_by_a_close_sentence(index):
    from assistant.knowledge.corpus import REFERENCE_SECTIONS
    from assistant.search.sentences import answering_sentences

    checked = 0
    for chunk in index.chunks.values():
        if chunk.section in REFERENCE_SECTIONS and (sentences := answering_sentences(chunk.text)):
            ranking = index.by_best_sentence(index.sentence_vectors[sentences[0]], len(index.chunks))
            assert chunk.id not in [chunk_id for chunk_id, _ in ranking]
            checked += 1
    assert checked >= 2  # the endnotes and the disclaimer


@pytest.mark.parametrize(("question", "cities"), [
    ("基础设施领域举了哪些城市的案例？各处于什么阶段？", ["平湖", "会津若松"]),
    ("Which cities does the report give as cases of the infrastructure domain, and at what stage is each?",
     ["平湖", "会津若松"]),
    ("List the infrastructure domain's case cities and their stages.", ["平湖", "会津若松"]),
    ("有哪些案例达到了阶段三？", ["平湖"]),
    ("Which case reached stage three?", ["平湖"]),
])
def test_a_question_picking_table_rows_finds_the_passages_they_are_read_from(retriever, index, question, cities):
    rows = retriever.row_ranking(question)
    top = [hit.chunk.id for hit in _top(retriever, question)]
    assert rows and all(chunk_id in top for chunk_id, _ in rows[:2])
    assert all(any(city in index.chunks[chunk_id].text for chunk_id, _ in rows) for city in cities)


@pytest.mark.parametrize("question", ["宿州的口罩预约运行了多少天？", "What does Pinghu's platform sense?"])
def test_a_question_picking_no_rows_adds_no_ranking(retriever, question):
    assert retriever.row_ranking(question) == []
