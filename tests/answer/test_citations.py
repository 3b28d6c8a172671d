"""Citation attribution after generation: sentence splitting, 1-based numbering, invalid markers, numbers."""

from __future__ import annotations

import pytest

from assistant.answer.citations import (
    CitationAttributor,
    crosslingual_support,
    numbers_of_another_year,
    numbers_supported,
    renumber_markers,
    repeats,
    strip_markers,
)
from assistant.knowledge.glossary import load_glossary
from assistant.schemas import Chunk
from assistant.text import split_sentences

SUZHOU = Chunk(id="suzhou", section="3.3", title="民生与服务领域转型模式及实践", page=16,
               text="“口罩预约”让宿州成为全国首个实现“网上预约、在线支付、免费快递到家”的地级市，运行27天即配送35万多人次、发放口罩近176万只。")
FUKUOKA = Chunk(id="fukuoka", section="3.3", title="民生与服务领域转型模式及实践", page=16,
                text="福岡市运用综合健康信息平台与利益相关方合作，每年可减少4亿日元的医疗费用负担，并通过改善家庭护理提高了老年人的就业率。")
PINGHU = Chunk(id="pinghu", section="3.8", title="基础设施领域转型模式及实践", page=19,
               text="依托“感智汇”汇集的47类数据，形成汇水网格，完成了积水基础模型和城市内涝仿真预警模型。")


def test_sentences_split_in_chinese_and_english_without_breaking_numbers():
    assert split_sentences("宿州运行了27天。福冈减少了4亿日元！是吗？") == ["宿州运行了27天。", "福冈减少了4亿日元！", "是吗？"]
    assert split_sentences("Table 1 gives 3.93 as the top score. Section 3.3 covers services.") == [
        "Table 1 gives 3.93 as the top score.", "Section 3.3 covers services."]


def test_markers_are_recognised_in_their_usual_forms():
    assert strip_markers("运行27天[1]【2】[1, 3]") == ("运行27天", [1, 2, 1, 3])


def test_numbering_is_one_based_in_order_of_first_use_and_matches_the_sources():
    passages = [PINGHU, SUZHOU, FUKUOKA]
    result = CitationAttributor().attribute("福岡市每年可减少4亿日元的医疗费用负担。宿州运行27天即配送35万多人次。", passages)
    assert result.text == "福岡市每年可减少4亿日元的医疗费用负担[1]。宿州运行27天即配送35万多人次[2]。"
    assert [(c.n, c.chunk_id) for c in result.citations] == [(1, "fukuoka"), (2, "suzhou")]


def test_a_marker_pointing_at_the_wrong_passage_is_corrected():
    # The model wrote [1] (Pinghu) for a sentence about Suzhou: off by one.
    result = CitationAttributor().attribute("宿州运行27天即配送35万多人次[1]。", [PINGHU, SUZHOU])
    assert [c.chunk_id for c in result.citations] == ["suzhou"]
    assert result.text == "宿州运行27天即配送35万多人次[1]。"


def test_markers_beyond_the_passages_vanish():
    result = CitationAttributor().attribute("宿州运行27天即配送35万多人次[7]。", [SUZHOU])
    assert "[7]" not in result.text
    assert result.text == "宿州运行27天即配送35万多人次[1]。"


def test_a_marker_after_the_full_stop_stays_with_its_sentence():
    result = CitationAttributor().attribute("宿州运行27天即配送35万多人次。[2] 福岡市每年可减少4亿日元。[1]", [FUKUOKA, SUZHOU])
    assert result.text == "宿州运行27天即配送35万多人次[1]。福岡市每年可减少4亿日元[2]。"


def test_unsupported_sentences_are_flagged_and_carry_no_citation():
    result = CitationAttributor().attribute("宿州运行27天即配送35万多人次。我们建议立即采购无人机。", [SUZHOU])
    assert result.flagged == ["我们建议立即采购无人机。"]
    assert result.text.endswith("我们建议立即采购无人机。")


def test_a_sentence_with_a_number_absent_from_its_passage_is_removed():
    result = CitationAttributor().attribute("宿州运行27天即配送35万多人次。宿州发放口罩999万只。", [SUZHOU])
    assert "999" not in result.text
    assert "宿州发放口罩999万只。" in result.flagged
    removed = [s for s in result.sentences if s.removed]
    assert removed and "999" in removed[0].removed


PENGSHUI = Chunk(id="pengshui", section="3.4", title="产业与经济领域转型模式及实践", page=17,
                 text="在近两年疫情的冲击下，2019年全县GDP222亿元，接待游客3028万人次，旅游综合收入150亿元；"
                      "2020年全县接待游客2815万人次，旅游综合收入143.6亿元，旅游收入及接待游客人次均有所下降。")


@pytest.mark.parametrize(("sentence", "wrong"), [
    ("2020年接待游客3028万人次。", ["3028"]),  # 2019's figure under 2020
    ("In 2020, Pengshui received 30.28 million tourists.", ["30.28"]),
    ("2020年旅游综合收入150亿元。", ["150"]),
    ("2020年全县接待游客2815万人次。", []),
    ("2019年接待游客3028万人次。", []),
    ("彭水接待游客3028万人次。", []),  # no year named: nothing to check
    ("2019年和2020年分别接待3028万和2815万人次。", []),  # two years: left to the reader
])
def test_a_figure_read_under_another_year_is_found(sentence, wrong):
    assert numbers_of_another_year(sentence, [PENGSHUI.text]) == wrong


def test_a_sentence_giving_a_figure_for_the_wrong_year_is_removed():
    result = CitationAttributor().attribute("2019年接待游客3028万人次。2020年接待游客3028万人次。", [PENGSHUI])
    assert result.flagged == ["2020年接待游客3028万人次。"]
    assert result.text == "2019年接待游客3028万人次[1]。"
    assert "another year: 3028" in next(s.removed for s in result.sentences if s.removed)


@pytest.mark.parametrize(("sentence", "question", "repeated"), [
    ("The Japanese case studies involved Hitachi.", "In which Japanese case studies was Hitachi involved?", True),
    ("是的，表2给出的建议与基础设施领域那一章的建议相同。", "表2给出的建议与基础设施领域那一章的建议相同吗？", True),
    ("Fukuoka and Kashiwa-no-ha involved Hitachi.", "In which Japanese case studies was Hitachi involved?", False),
    ("宿州的口罩预约一共运行了27天。", "宿州的口罩预约一共运行了几天？", False),
])
def test_a_sentence_saying_only_the_question_back_is_recognised(sentence, question, repeated):
    assert repeats(sentence, question) is repeated


def test_a_sentence_repeating_the_question_is_removed_when_the_question_is_given():
    answer = "宿州的口罩预约一共运行了几天。宿州运行27天即配送35万多人次。"
    assert "一共运行了几天" in CitationAttributor().attribute(answer, [SUZHOU]).text  # kept, though unsupported
    result = CitationAttributor().attribute(answer, [SUZHOU], question="宿州的口罩预约一共运行了几天？")
    assert result.text == "宿州运行27天即配送35万多人次[1]。"
    assert [s.removed for s in result.sentences if s.removed] == ["repeats the question without answering it"]


def test_a_sentence_copied_from_the_prompts_worked_example_is_removed():
    example = "示例市的垃圾分类分为三步：第一步设置分类投放点，第二步建设中转站，第三步建立回收利用中心。"
    answer = "宿州运行27天即配送35万多人次。宿州的垃圾分类分为三步：第一步设置分类投放点，第二步建设中转站。"
    result = CitationAttributor().attribute(answer, [SUZHOU], decoys=[example])
    assert result.text == "宿州运行27天即配送35万多人次[1]。"
    [removed] = [s for s in result.sentences if s.removed]
    assert removed.text.startswith("宿州的垃圾分类") and "worked example" in removed.removed


def test_a_sentence_the_passages_support_stays_whatever_the_examples_say():
    # The example happens to share words with the report: the passage still supports the sentence better.
    example = "示例县运行27天，配送了很多人次。"
    result = CitationAttributor().attribute("宿州运行27天即配送35万多人次。", [SUZHOU], decoys=[example])
    assert result.text == "宿州运行27天即配送35万多人次[1]。" and not result.flagged


@pytest.mark.parametrize(
    ("sentence", "missing"),
    [
        ("Fukuoka saves 400 million yen a year.", []),
        ("Fukuoka saves 4 billion yen a year.", ["4"]),  # 4亿 is 400 million, not 4 billion
        ("Masks reached 350,000 people in 27 days.", []),
        ("配送36万人次", ["36"]),
    ],
)
def test_number_check_applies_units(sentence, missing):
    assert numbers_supported(sentence, [SUZHOU.text, FUKUOKA.text]) == missing


def test_english_sentences_are_attributed_to_chinese_passages(settings):
    from assistant.search.embedders import build_embedder

    attributor = CitationAttributor(build_embedder(settings.embedder), glossary=load_glossary(settings.paths.glossary_file))
    result = attributor.attribute(
        "Fukuoka saves 400 million yen in medical costs every year. Suzhou delivered masks to 350,000 people in 27 days.",
        [SUZHOU, FUKUOKA],
    )
    assert [c.chunk_id for c in result.citations] == ["fukuoka", "suzhou"]
    assert result.text == ("Fukuoka saves 400 million yen in medical costs every year[1]. "
                           "Suzhou delivered masks to 350,000 people in 27 days[2].")


@pytest.mark.parametrize(("sentence", "missing"), [
    ("Stage 3 of this domain is characterised by chief data officers.", []),  # names the passage's 阶段三
    ("达到了阶段3，建立了首席数据官机制。", []),
    ("Stage 2 of this domain is characterised by chief data officers.", ["2"]),  # the passage is about 阶段三
    ("In stage 3, 35 cities appointed chief data officers.", ["35"]),  # a figure is still a figure
])
def test_a_stages_number_is_a_name_found_where_the_passage_names_that_stage(sentence, missing):
    passage = "阶段三，中小城市建立了专门的数字化转型组织，探索建立首席数据官等机制。"
    assert numbers_supported(sentence, [passage]) == missing


def test_universities_and_companies_in_english_match_the_reports_names_for_them(settings):
    # The report names them: 会津大学, 埃森哲公司 (not 研究机构, 企业).
    glossary = load_glossary(settings.paths.glossary_file)
    passage = "会津若松与埃森哲公司、会津大学等共同打造了标准化的城市基础数据平台。"
    sentence = "Aizuwakamatsu worked with universities and companies on a standardized data platform."
    assert crosslingual_support(sentence, passage, glossary) == 1.0


def test_renumber_markers_maps_each_number_and_drops_those_pointing_nowhere():
    text = "宝应建立了溯源档案[1]。莘县建了追溯基地[2,3]。还有【2】。另见[5]。"
    assert renumber_markers(text, {1: 3, 2: 1, 3: 4}) == "宝应建立了溯源档案[3]。莘县建了追溯基地[1,4]。还有[1]。另见。"
