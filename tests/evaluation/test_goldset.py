"""The gold question set (its dev and held-out halves) and the glossary: both must agree with the report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from assistant.errors import BadInput
from assistant.evaluation.goldset import SECTION_IDS, GoldQuestion, load_gold, validate_gold
from assistant.text import squash

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "corpus" / "wef-smc-digital-transformation-2022.zh.txt"
HALVES = {"dev": ROOT / "eval" / "dev.jsonl", "heldout": ROOT / "eval" / "heldout.jsonl"}
GLOSSARY = ROOT / "corpus" / "glossary.yaml"

# Each case study, by section, with the names a question may call the city by.
CASE_STUDIES = {
    ("3.3", "宿州"): ("宿州", "Suzhou"),
    ("3.7", "宿州"): ("宿州", "Suzhou"),
    ("3.3", "福冈"): ("福冈", "福岡", "Fukuoka"),
    ("3.4", "彭水"): ("彭水", "Pengshui"),
    ("3.4", "莘县"): ("莘县", "Shen County"),
    ("3.9", "莘县"): ("莘县", "Shen County"),
    ("3.4", "宝应"): ("宝应", "Baoying"),
    ("3.5", "开封"): ("开封", "Kaifeng"),
    ("3.6", "柏之叶"): ("柏之叶", "柏市", "Kashiwa"),
    ("3.8", "平湖"): ("平湖", "Pinghu"),
    ("3.8", "会津若松"): ("会津若松", "Aizuwakamatsu"),
}


@pytest.fixture(scope="module")
def report() -> str:
    return REPORT.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def halves() -> dict[str, list[GoldQuestion]]:
    return {name: load_gold(path) for name, path in HALVES.items()}


@pytest.fixture(scope="module")
def gold(halves) -> list[GoldQuestion]:
    return halves["dev"] + halves["heldout"]


@pytest.fixture(scope="module")
def glossary() -> dict:
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))


def _question(**fields) -> GoldQuestion:
    base = {
        "id": "zh-900",
        "question": "宿州的口罩预约一共运行了几天？",
        "language": "zh",
        "type": "single",
        "sections": ["3.3"],
        "evidence": ["运行27天即配送35万多人次"],
        "key_facts": [["27天"]],
    }
    base.update(fields)
    return GoldQuestion.model_validate(base)


# ---------------------------------------------------------------- the real gold set


def test_gold_set_has_no_problems(gold, report):
    assert validate_gold(gold, report) == []


def test_gold_set_sizes(gold):
    by_language = Counter(q.language for q in gold)
    by_type = Counter(q.type for q in gold)
    assert len(gold) >= 450
    assert by_language["zh"] >= 300
    assert by_language["en"] >= 100
    assert by_type["out_of_scope"] >= 40
    assert by_type["table"] >= 30
    assert by_type["multi"] >= 20
    assert by_type["followup"] >= 30
    assert by_type["comparison"] >= 10


def test_the_held_out_half_is_at_least_two_fifths_and_has_every_kind(halves):
    total = len(halves["dev"]) + len(halves["heldout"])
    assert len(halves["heldout"]) >= 0.4 * total
    strata = {half: Counter((q.type, q.language) for q in questions) for half, questions in halves.items()}
    assert set(strata["heldout"]) == set(strata["dev"])


def test_no_question_or_group_spans_the_two_halves(halves):
    ids = [{q.id for q in questions} for questions in halves.values()]
    groups = [{q.group for q in questions if q.group} for questions in halves.values()]
    assert ids[0] & ids[1] == set()
    assert groups[0] & groups[1] == set()
    asked = [{(squash(q.question), tuple(turn.question for turn in q.history)) for q in questions}
             for questions in halves.values()]
    assert asked[0] & asked[1] == set()


def test_out_of_scope_questions_are_asked_in_both_languages(gold):
    languages = Counter(q.language for q in gold if q.type == "out_of_scope")
    assert languages["zh"] >= 5 and languages["en"] >= 5


def test_every_section_is_covered(gold):
    covered = {section for q in gold for section in q.sections}
    assert set(SECTION_IDS) - covered == set()


@pytest.mark.parametrize(("case", "names"), CASE_STUDIES.items(), ids=[f"{s}-{city}" for s, city in CASE_STUDIES])
def test_every_case_study_has_two_questions(gold, case, names):
    section, _ = case
    asking = [
        q.id for q in gold if q.in_scope and section in q.sections and any(name in q.question for name in names)
    ]
    assert len(asking) >= 2, asking


def test_multi_questions_ask_more_than_one_fact(gold):
    for q in gold:
        if q.type == "multi":
            assert len(q.key_facts) >= 2, q.id


def test_spans_avoid_the_duplicated_paragraph_of_3_8(gold):
    duplicated = squash("在本报告中，政府效能领域数字化转型侧重在政府内部如何通过数字化的理念、思维和技术")
    for q in gold:
        for span in q.evidence:
            assert squash(span) not in duplicated, q.id


# ---------------------------------------------------------------- the validator


def test_validator_accepts_a_good_question(report):
    assert validate_gold([_question()], report) == []


def test_validator_reports_a_made_up_span(report):
    problems = validate_gold([_question(evidence=["宿州的口罩预约一共运行了三十天"])], report)
    assert problems == ["zh-900: evidence span not found in the report: '宿州的口罩预约一共运行了三十天'"]


def test_validator_compares_spans_without_whitespace(report):
    # The file breaks this sentence across a line; a span may cross the break.
    assert validate_gold([_question(evidence=["不动产\n登记业务在线申请的统一入口"])], report) == []


def test_validator_reports_a_duplicate_id(report):
    problems = validate_gold([_question(), _question(question="宿州的口罩配送了多少人次？")], report)
    assert problems == ["zh-900: duplicate id (2 questions)"]


def test_validator_reports_an_out_of_scope_question_with_evidence(report):
    question = _question(id="oos-900", type="out_of_scope", question="苏州市投入了多少资金？", sections=[])
    problems = validate_gold([question], report)
    assert "oos-900: out-of-scope question with evidence" in problems
    assert "oos-900: out-of-scope question with key facts" in problems


def test_validator_reports_an_in_scope_question_without_evidence_or_facts(report):
    problems = validate_gold([_question(evidence=[], key_facts=[])], report)
    assert problems == [
        "zh-900: in-scope question without evidence",
        "zh-900: in-scope question without key facts",
    ]


def test_validator_reports_a_followup_without_history(report):
    problems = validate_gold([_question(id="fu-900", type="followup", question="那福冈呢？")], report)
    assert problems == ["fu-900: follow-up without history"]


def test_validator_reports_spans_of_the_wrong_length(report):
    too_long = (
        "宿州市互联网+不动产登记系统依托大数据、电子证照、电子签章、在线支付等技术，在确保数据安全和个人信息权益的基础上，"
        "通过相关公共服务部门共享户籍信息、婚姻登记信息、房屋备案信息、合同信息、税务信息等，面向群众和企业"
    )
    problems = validate_gold([_question(evidence=["27天", too_long])], report)
    assert problems[0] == "zh-900: evidence span shorter than 6 characters: '27天'"
    assert problems[1].startswith("zh-900: evidence span longer than 80 characters")
    assert len(problems) == 2


def test_validator_reports_an_unknown_section(report):
    assert validate_gold([_question(sections=["3.10"])], report) == ["zh-900: unknown section id '3.10'"]


# ---------------------------------------------------------------- loading


def test_load_gold_reports_the_line_of_a_malformed_question(tmp_path):
    good = _question().model_dump_json()
    path = tmp_path / "gold.jsonl"
    path.write_text(good + "\n\n" + '{"id": "zh-901", "question": "q", "language": "fr", "type": "single"}\n', encoding="utf-8")
    with pytest.raises(BadInput, match=r"gold\.jsonl:3: language"):
        load_gold(path)


def test_load_gold_reports_a_line_that_is_not_json(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"gold\.jsonl:1: "):
        load_gold(path)


def test_load_gold_reports_a_missing_file(tmp_path):
    with pytest.raises(BadInput, match="cannot read gold set"):
        load_gold(tmp_path / "absent.jsonl")


def test_load_gold_reads_history(tmp_path):
    path = tmp_path / "gold.jsonl"
    followup = _question(id="fu-900", type="followup", history=[{"question": "宿州的口罩预约一共运行了几天？"}])
    path.write_text(followup.model_dump_json() + "\n", encoding="utf-8")
    [loaded] = load_gold(path)
    assert loaded.history[0].question == "宿州的口罩预约一共运行了几天？"


# ---------------------------------------------------------------- the glossary


def test_glossary_names_the_seven_domains_and_three_stages(glossary):
    assert set(glossary["domains"]) == {
        "services",
        "industry",
        "governance",
        "environment",
        "government",
        "infrastructure",
        "enablers",
    }
    assert set(glossary["stages"]) == {1, 2, 3}
    assert len(glossary["terms"]) >= 120


def test_every_glossary_chinese_string_occurs_in_the_report(glossary, report):
    source = squash(report)
    entries = list(glossary["domains"].values()) + list(glossary["stages"].values())
    entries += glossary["places"] + glossary["organisations"] + glossary["terms"]
    missing = [
        spelling
        for entry in entries
        for spelling in [entry["zh"], *entry.get("variants", [])]
        if squash(spelling) not in source
    ]
    assert missing == []


def test_every_glossary_entry_has_english_phrasings(glossary):
    entries = list(glossary["domains"].values()) + list(glossary["stages"].values())
    entries += glossary["places"] + glossary["organisations"] + glossary["terms"]
    for entry in entries:
        assert entry["en"] and all(isinstance(phrase, str) and phrase.strip() for phrase in entry["en"]), entry["zh"]
    for term in glossary["terms"]:
        assert all(phrase == phrase.lower() for phrase in term["en"]), term["zh"]


def test_glossary_keeps_suzhou_anhui_apart_from_suzhou_jiangsu(glossary, report):
    places = {place["zh"]: place for place in glossary["places"]}
    assert "Suzhou (Anhui)" in places["宿州"]["en"]
    assert "苏州" not in places and "苏州" not in report
