"""corpus/framework.yaml against the report, and the loader and domain names of assistant.knowledge.framework."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from assistant.errors import CorpusError, UnknownDomain
from assistant.knowledge.framework import DIMENSION_NAMES, DOMAIN_KEYS, load_framework, resolve_domain
from assistant.settings import load_settings
from assistant.text import squash


@pytest.fixture(scope="module")
def paths():
    return load_settings().paths


@pytest.fixture(scope="module")
def framework(paths):
    return load_framework(paths.framework_file)


@pytest.fixture(scope="module")
def report(paths) -> str:
    return squash(paths.corpus_file.read_text(encoding="utf-8"))


def test_every_quote_is_verbatim_in_the_report(framework, report):
    quotes = list(framework.quoted_items())
    assert len(quotes) > 150
    missing = [where for where, quote in quotes if squash(quote) not in report]
    assert missing == []
    assert all(8 <= len(squash(quote)) <= 80 for _, quote in quotes)


def test_seven_domains_with_three_stages_each(framework):
    assert list(framework.domains) == list(DOMAIN_KEYS)
    sections = [domain.section for domain in framework.domains.values()]
    assert sections == ["3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9"]
    for domain in framework.domains.values():
        assert sorted(domain.stages) == [1, 2, 3]
        for spec in domain.stages.values():
            assert spec.summary.strip()
            assert len(spec.dimensions) >= 2
            assert set(spec.dimensions) <= set(DIMENSION_NAMES)
            assert {item.section for item in spec.characteristics()} == {domain.section}


def test_each_stage_dimension_comes_from_its_own_stage_paragraph(framework, report):
    # Under each 模式概述 the stage paragraphs start with 阶段一/二/三: the label nearest before a quote is its stage.
    # (A label inside a paragraph, as in "阶段三的数字化主体与阶段二类似", follows no sentence end.)
    starts = [(match.start(), "一二三".index(match.group(1)) + 1)
              for match in re.finditer(r"(?<=[:;。])阶段([一二三])", report)]
    for domain in framework.domains.values():
        # The heading also appears in the table of contents: the body's is the last one.
        start = report.rindex(squash(f"{domain.section} {domain.zh}领域转型模式及实践"))
        for number, spec in domain.stages.items():
            for item in spec.characteristics():
                position = report.index(squash(item.quote), start)
                nearest = max((at, stage) for at, stage in starts if start <= at <= position)[1]
                assert nearest == number, (domain.key, number, item.quote)


def test_infrastructure_does_not_use_the_paragraph_repeated_from_3_7(framework):
    infrastructure = framework.domains["infrastructure"]
    assert "政府效能" not in infrastructure.scope.text
    assert infrastructure.scope.quote.startswith("中小城市的基础设施数字化转型涵盖")


EXPECTED_CASES = {
    ("services", "宿州"): (1, 2, "阶段一至阶段二"),
    ("services", "福冈"): (1, 2, "阶段一至阶段二"),
    ("industry", "彭水"): (1, 1, "阶段一"),
    ("industry", "莘县"): (1, 2, "阶段一至阶段二"),
    ("industry", "宝应"): (1, 2, "阶段一至阶段二"),
    ("governance", "开封"): (1, 2, "阶段一至阶段二"),
    ("environment", "柏之叶"): (1, 2, "阶段一至阶段二"),
    ("government", "宿州"): (1, 2, "阶段一至阶段二"),
    ("infrastructure", "平湖"): (1, 3, "阶段一至阶段三"),
    ("infrastructure", "会津若松"): (1, 1, "阶段一"),
    ("enablers", "莘县"): (1, 2, "阶段一至阶段二"),
}


def test_cases_carry_the_stages_the_report_prints(framework, report):
    found = {(domain.key, case.city): case for domain in framework.domains.values() for case in domain.cases}
    assert set(found) == set(EXPECTED_CASES)
    for key, (stage_from, stage_to, label) in EXPECTED_CASES.items():
        case = found[key]
        assert (case.stage_from, case.stage_to, case.stage_label) == (stage_from, stage_to, label)
        # The heading reads "<n>. <country><city>...：<title>（<label>）".
        assert squash(f"{case.title}（{case.stage_label}）") in report, key
        assert case.section == framework.domains[key[0]].section


def test_case_spellings_and_project_phases(framework):
    fukuoka = next(case for case in framework.cases() if case.city == "福冈")
    assert "福岡" in fukuoka.names()
    kashiwanoha = next(case for case in framework.cases() if case.city == "柏之叶")
    # 柏之叶 completed its "第一阶段" of construction: a project phase, while its maturity went from 1 to 2.
    assert (kashiwanoha.stage_from, kashiwanoha.stage_to) == (1, 2)
    assert "项目" in (kashiwanoha.note or "")


def test_survey_ranking_and_concerns(framework):
    assert framework.survey_ranking.order == [
        "services", "industry", "government", "governance", "infrastructure", "enablers", "environment"
    ]
    assert framework.survey_ranking.section == "3.1"
    assert [c.text for c in framework.domains["services"].concerns] == ["智慧公共服务", "智慧医疗", "智慧社区"]
    assert [c.rank for c in framework.domains["industry"].concerns] == [1, 2, 3, 3]
    assert framework.domains["enablers"].concerns[0].text == "数字化人才"
    for domain in framework.domains.values():
        assert domain.concerns and all(concern.section == "3.1" for concern in domain.concerns)


def test_general_stages(framework):
    assert [(item.stage, item.name) for item in framework.general_stages] == [
        (1, "技术驱动、局部发展"), (2, "场景引领、系统发展"), (3, "创新迭代、生态发展")
    ]


def test_stakeholder_roles_follow_chapter_4(framework):
    holders = {holder.key: holder for holder in framework.stakeholders}
    assert [holder.zh for holder in framework.stakeholders] == ["政府", "市民", "企业", "研究机构"]
    assert holders["government"].core == list(DOMAIN_KEYS)
    assert holders["citizens"].core == ["services", "environment"]
    assert holders["enterprises"].core == ["services", "industry", "environment", "infrastructure"]
    assert holders["research"].core == ["enablers"]
    for holder in holders.values():
        assert sorted(holder.core + holder.partial) == sorted(DOMAIN_KEYS)
        assert holder.recommendations and all(item.section == "4" for item in holder.recommendations)


def test_tables_1_and_2(framework):
    assert [row.rank for row in framework.challenges] == list(range(1, 18))
    top = framework.challenges[0]
    assert (top.text, top.mean, top.median) == ("需要可持续的创新和商业模式", 3.93, 4)
    assert framework.challenges[-1].text == "需要民众的支持与反馈"
    means = [row.mean for row in framework.challenges]
    assert means == sorted(means, reverse=True)
    assert {row.section for row in framework.challenges} == {"1.4"}
    assert [row.n for row in framework.small_vs_large] == list(range(1, 9))
    assert framework.small_vs_large[0].aspect == "数字化基础不同"
    assert {row.section for row in framework.small_vs_large} == {"2.4"}


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("民生与服务", "services"),
        ("产业与经济", "industry"),
        ("治理与运行", "governance"),
        ("环境与低碳", "environment"),
        ("政府效能", "government"),
        ("基础设施", "infrastructure"),
        ("发展保障（领导力/政策）", "enablers"),
        ("发展保障(领导力/政策)", "enablers"),
        ("发展保障（领导力 / 政策）", "enablers"),
        ("发展保障", "enablers"),
        ("enablers", "enablers"),
        ("SERVICES", "services"),
        (" Industry ", "industry"),
        ("Livelihood and Services", "services"),
        ("environment and low carbon", "environment"),
        ("Government Effectiveness", "government"),
        ("Enablers (Leadership/Policy)", "enablers"),
    ],
)
def test_resolve_domain_accepts_every_spelling(framework, name, key):
    assert resolve_domain(framework, name).key == key
    assert framework.domain(name).key == key


@pytest.mark.parametrize("name", ["transport", "民生", "", "3.3"])
def test_resolve_domain_rejects_unknown_names_listing_the_valid_ones(framework, name):
    with pytest.raises(UnknownDomain) as caught:
        resolve_domain(framework, name)
    message = caught.value.message
    assert "unknown domain" in message
    for domain in framework.domains.values():
        assert f"{domain.key} ({domain.zh})" in message
    assert "\n" not in message


def test_load_framework_is_cached_per_path(paths):
    assert load_framework(paths.framework_file) is load_framework(str(paths.framework_file))


def test_missing_framework_file(tmp_path):
    with pytest.raises(CorpusError, match="framework file not found"):
        load_framework(tmp_path / "framework.yaml")


def test_invalid_framework_files(tmp_path, paths):
    broken = tmp_path / "broken.yaml"
    broken.write_text("domains: [unclosed\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="cannot read the framework file"):
        load_framework(broken)

    data = yaml.safe_load(paths.framework_file.read_text(encoding="utf-8"))
    del data["domains"]["services"]["stages"][3]
    missing_stage = tmp_path / "missing_stage.yaml"
    missing_stage.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError, match="invalid framework file .*domains.services.stages"):
        load_framework(missing_stage)

    not_a_mapping = tmp_path / "list.yaml"
    not_a_mapping.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="does not hold a mapping"):
        load_framework(not_a_mapping)


def test_a_quote_outside_the_length_limits_is_rejected(tmp_path, paths):
    copy = tmp_path / "framework.yaml"
    shutil.copy(paths.framework_file, copy)
    data = yaml.safe_load(copy.read_text(encoding="utf-8"))
    data["domains"]["industry"]["scope"]["quote"] = "太短"
    copy.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError, match="8 to 80 characters"):
        load_framework(copy)
