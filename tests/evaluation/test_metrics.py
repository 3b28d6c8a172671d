"""Each metric on hand-made cases whose answers are known."""

from __future__ import annotations

import math

import pytest

from assistant.evaluation.metrics import (
    HeuristicJudge,
    LLMJudge,
    correctness,
    evidence_hit,
    ndcg_at_k,
    percentile,
    reciprocal_rank,
    refusal_rates,
    score_answer,
    span_found,
)
from assistant.knowledge.glossary import load_glossary
from assistant.llm.fake import ReplayChatModel
from assistant.schemas import Citation
from assistant.settings import PROJECT_ROOT

SUZHOU = "宿州市民生服务平台于2020年上线，整合了教育、医保、公积金等32个部门的服务，群众办事只需一个入口。"
FUKUOKA = "福冈市的高龄群体正在面临家庭护理负担增大的主要课题，市政府因此建设了护理数据平台。"

SUZHOU_CLAIM = "宿州市民生服务平台于2020年上线，整合了32个部门的服务"
FUKUOKA_CLAIM = "福冈市的高龄群体面临家庭护理负担增大的课题"


def cite(*texts: str) -> list[Citation]:
    return [Citation(n=n, section="3.3", title="民生与服务", page=20, text=text) for n, text in enumerate(texts, start=1)]


@pytest.fixture()
def judge() -> HeuristicJudge:
    return HeuristicJudge()


# -- retrieval ------------------------------------------------------------------------------------------
RANKING = ["无关的段落一", "……其功能定位包含产业发展、公共服务……", "无关的段落二", "中小城市数字化\n\n转型应该采取“共性+特性”结合的思路", "无关的段落三"]
SPANS = ["其功能定位包含产业发展", "中小城市数字化转型应该采取"]


def test_span_found_ignores_whitespace_and_page_breaks():
    assert span_found("数字化转型应该", "中小城市数字化\n\n转型应该采取")
    assert not span_found("数字化转型必须", "中小城市数字化转型应该采取")


@pytest.mark.parametrize(
    ("k", "require", "expected"),
    [(1, "all", False), (3, "all", False), (3, "any", True), (4, "all", True), (5, "all", True), (1, "any", False)],
)
def test_evidence_hit_on_a_hand_ranking(k, require, expected):
    assert evidence_hit(SPANS, RANKING, k, require) is expected


def test_reciprocal_rank_is_that_of_the_first_relevant_chunk():
    assert reciprocal_rank(SPANS, RANKING) == 0.5
    assert reciprocal_rank(SPANS[1:], RANKING) == 0.25
    assert reciprocal_rank(["报告中没有的句子"], RANKING) == 0.0


def test_ndcg_with_binary_relevance():
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at_k(SPANS, RANKING, 5) == pytest.approx((1 / math.log2(3) + 1 / math.log2(5)) / ideal)
    assert ndcg_at_k(SPANS, RANKING[1:2] + RANKING[3:4], 5) == pytest.approx(1.0)
    # Three relevant chunks exist but only one was retrieved, at rank 1.
    assert ndcg_at_k(SPANS[:1], RANKING[1:2], 5, relevant_total=3) == pytest.approx(1 / (1 + 1 / math.log2(3) + 0.5))
    assert ndcg_at_k(["没有的"], RANKING, 5) == 0.0


# -- answers --------------------------------------------------------------------------------------------
def test_correctness_counts_facts_with_any_alternative():
    facts = [["2019"], ["腾讯研究院", "Tencent Research Institute"], ["日立"]]
    assert correctness(facts, "世界经济论坛于 2019 年与 tencent research institute 合作。") == pytest.approx(2 / 3)
    assert correctness(facts, "") == 0.0
    assert correctness([], "任何回答") == 1.0


def test_a_faithful_answer_scores_one_everywhere(judge):
    answer = f"{SUZHOU_CLAIM}[1]。{FUKUOKA_CLAIM}[2]。"
    scores = score_answer(answer, cite(SUZHOU, FUKUOKA), judge)
    assert (scores.faithfulness, scores.citation_recall, scores.citation_precision) == (1.0, 1.0, 1.0)
    assert scores.numbers_missing == []
    assert scores.supported_share == 1.0


def test_a_wrong_number_lowers_faithfulness_and_is_counted(judge):
    answer = f"{SUZHOU_CLAIM.replace('2020', '2021')}[1]。{FUKUOKA_CLAIM}[2]。"
    scores = score_answer(answer, cite(SUZHOU, FUKUOKA), judge)
    assert scores.faithfulness == 0.5
    assert scores.numbers_missing == ["2021"]
    assert scores.unsupported == [SUZHOU_CLAIM.replace("2020", "2021") + "。"]
    assert scores.citation_recall == 0.5


def test_an_uncited_sentence_lowers_citation_recall_only(judge):
    answer = f"{SUZHOU_CLAIM}[1]。{FUKUOKA_CLAIM}。"
    scores = score_answer(answer, cite(SUZHOU, FUKUOKA), judge)
    assert scores.citation_recall == 0.5
    assert scores.citation_precision == 1.0
    # Without a marker the sentence is checked against every listed passage, as RAGAS checks the context.
    assert scores.faithfulness == 1.0
    assert scores.supported_share == 1.0


def test_a_redundant_citation_lowers_precision(judge):
    answer = f"{SUZHOU_CLAIM}[1][2]。"
    scores = score_answer(answer, cite(SUZHOU, FUKUOKA), judge)
    assert scores.citation_recall == 1.0
    assert scores.citations == 2
    assert scores.citation_precision == 0.5


def test_an_off_by_one_citation_lowers_recall_and_precision(judge):
    answer = f"{SUZHOU_CLAIM}[2]。{FUKUOKA_CLAIM}[1]。"
    scores = score_answer(answer, cite(SUZHOU, FUKUOKA), judge)
    assert scores.citation_recall == 0.0
    assert scores.citation_precision == 0.0
    assert scores.faithfulness == 0.0
    # The right passage is listed, just not cited: the sentences are supported by something the answer shows.
    assert scores.supported_share == 1.0


def test_a_marker_without_a_citation_counts_as_not_needed(judge):
    scores = score_answer(f"{SUZHOU_CLAIM}[3]。", cite(SUZHOU, FUKUOKA), judge)
    assert (scores.citation_recall, scores.citation_precision, scores.faithfulness) == (0.0, 0.0, 0.0)


def test_markers_after_the_full_stop_belong_to_the_sentence_before(judge):
    scores = score_answer(f"{SUZHOU_CLAIM}。[1]{FUKUOKA_CLAIM}。[2]", cite(SUZHOU, FUKUOKA), judge)
    assert (scores.sentences, scores.citation_recall, scores.citation_precision) == (2, 1.0, 1.0)


@pytest.mark.parametrize(("lead", "supported"), [
    ("Suzhou (宿州): 2020, 32 items [1].", True),
    ("Suzhou (宿州): 2020, 320,000 items [1].", False),
    ("Suzhou (宿州): 2021 [1].", False),
])
def test_an_english_lead_is_a_claim_whose_figures_the_passage_must_hold(lead, supported):
    judge = HeuristicJudge(glossary=load_glossary(PROJECT_ROOT / "corpus" / "glossary.yaml"))
    scores = score_answer(f"{lead}\n{SUZHOU_CLAIM}[1]。", cite(SUZHOU), judge)
    assert scores.claims == 2 and scores.faithfulness == (1.0 if supported else 0.5)


def test_llm_judge_extracts_claims_and_verifies_each_against_the_cited_passages():
    model = ReplayChatModel(["- 宿州市民生服务平台于2020年上线\n- 平台整合了50个部门", "是", "否。"])
    judge = LLMJudge(model, PROJECT_ROOT / "prompts")
    answer = "宿州市民生服务平台于2020年上线，整合了50个部门[1]。"
    scores = score_answer(answer, cite(SUZHOU, FUKUOKA), judge)
    assert scores.claims == 2
    assert scores.faithfulness == 0.5
    assert scores.unsupported == ["平台整合了50个部门"]
    verify_prompt = model.prompts[1][-1].content
    assert SUZHOU in verify_prompt and FUKUOKA not in verify_prompt
    assert "宿州市民生服务平台于2020年上线" in verify_prompt


def test_refusal_rates():
    outcomes = [(False, True), (False, True), (False, False), (True, False), (True, False), (True, False), (True, True)]
    out_refused, in_refused = refusal_rates(outcomes)
    assert out_refused == pytest.approx(2 / 3)
    assert in_refused == pytest.approx(1 / 4)
    assert refusal_rates([]) == (None, None)


def test_percentile_interpolates():
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([0, 100], 95) == pytest.approx(95)
    assert percentile([], 50) is None


def test_an_english_claim_is_checked_through_the_glossary_terms_and_its_numbers():
    from assistant.knowledge.glossary import load_glossary
    from assistant.settings import load_settings

    judge = HeuristicJudge(glossary=load_glossary(load_settings().paths.glossary_file))
    assert judge.supports("Suzhou launched its livelihood service platform in 2020.", [SUZHOU])
    assert not judge.supports("Suzhou launched its livelihood service platform in 2021.", [SUZHOU])
    assert not judge.supports("Suzhou launched its livelihood service platform in 2020.", [FUKUOKA])
