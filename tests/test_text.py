"""Text helpers: whitespace squashing, language detection, sentence splitting, numbers and BM25 tokens."""

from __future__ import annotations

import pytest

from assistant.text import (add_words, clean_input, code_names, digit_counts, has_chinese, language_of, numbers_in,
                            quoted_names, split_sentences, squash, tokenize)


def test_squash_removes_every_kind_of_whitespace_and_normalises_width():
    assert squash("第19届欧洲地区与城\n\n市周") == "第19届欧洲地区与城市周"
    assert squash(" a b\tc\u3000d\r\n") == "abcd"
    # NFKC: full-width digits and letters compare equal to their ASCII forms
    assert squash("３．９３ ＫＰＩ") == "3.93KPI"


def test_clean_input_strips_control_and_zero_width_characters():
    assert clean_input("  宿州\u200b的\x00口罩\n\n预约  ") == "宿州的口罩 预约"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("宿州市的口罩预约一共运行了几天？", "zh"),
        ("How many days did Suzhou's mask reservation service run?", "en"),
        # an English question naming one Chinese place is still English
        ("What does the 感智汇 platform of Pinghu do?", "en"),
        # a Chinese question with an English acronym is still Chinese
        ("平湖市的感智汇平台如何支撑城市防内涝（IoT）？", "zh"),
        # as many Chinese characters as a third of the Latin letters: Chinese
        ("数字化转型 digital", "zh"),
        ("3.93", "zh"),
    ],
)
def test_language_of(text, language):
    assert language_of(text) == language


def test_split_sentences_on_chinese_terminators_keeps_them():
    text = "宿州上线小程序。运行27天！效果如何？阶段一；阶段二"
    assert split_sentences(text) == ["宿州上线小程序。", "运行27天！", "效果如何？", "阶段一；", "阶段二"]


def test_split_sentences_english_does_not_split_numbers_or_section_numbers():
    text = "The city grew. It scored 3.93 on average. See section 3.3 for details."
    assert split_sentences(text) == ["The city grew.", "It scored 3.93 on average.", "See section 3.3 for details."]


def test_split_sentences_chinese_numbers_stay_whole():
    sentences = split_sentences("平均得分为3.93。详见3.3节的宿州案例。")
    assert sentences == ["平均得分为3.93。", "详见3.3节的宿州案例。"]


def test_split_sentences_drops_punctuation_only_pieces():
    assert split_sentences("。。\n\n——\n第一句。") == ["第一句。"]


def test_numbers_in_drops_thousands_separators_and_percent():
    text = "2020年中国三至五线城市的投资额为1,038.4亿元人民币，占整体投资额比例的58.5%。"
    assert numbers_in(text) == ["2020", "1038.4", "58.5"]


def test_numbers_in_reads_full_width_digits():
    assert numbers_in("节电１１％，约72万元") == ["11", "72"]


def test_numbers_in_text_without_digits():
    assert numbers_in("阶段一至阶段三") == []


def test_tokenize_drops_stopwords_and_punctuation():
    tokens = tokenize("报告中宿州的口罩预约是什么？")
    assert "口罩" in tokens and "预约" in tokens
    for dropped in ("的", "是", "什么", "报告", "？", "中"):
        assert dropped not in tokens


def test_tokenize_english_is_lower_cased_without_stopwords():
    assert tokenize("What is the Mask Reservation service, in Suzhou?") == ["mask", "reservation", "service", "suzhou"]


def test_tokenize_keeps_city_names_whole_after_add_words():
    add_words(["宿州", "会津若松"])
    assert "宿州" in tokenize("宿州口罩预约运行了多少天")
    assert "会津若松" in tokenize("会津若松市的城市基础数据平台")


def test_add_words_changes_segmentation_of_an_unknown_word():
    word = "数智湖链"  # not a word jieba knows; no other code teaches it
    assert word not in tokenize(f"{word}平台上线")
    add_words([word])
    assert word in tokenize(f"{word}平台上线")


def test_add_words_ignores_words_without_chinese_characters():
    add_words(["", "AEMS"])
    assert tokenize("AEMS system") == ["aems", "system"]


def test_english_amounts_write_chinese_units_the_english_way():
    from assistant.text import english_amounts

    assert english_amounts("每年可减少4亿日元") == "每年可减少400 million日元"
    assert english_amounts("35万多人次、近176万只") == "350,000多人次、近1.76 million只"
    assert english_amounts("1.2万亿元，3.93分，2019年") == "1.2 trillion元，3.93分，2019年"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("七个领域是什么？", "7个领域是什么？"),
        ("分为哪三个阶段", "分为哪3个阶段"),
        ("两项挑战和十大领域", "2项挑战和10大领域"),
        # stage names, ordinals and compound numerals are the report's own spellings: left alone
        ("阶段三的特征", "阶段三的特征"),
        ("排名第九", "排名第九"),
        ("二十个城市", "二十个城市"),
    ],
)
def test_digit_counts_spells_counts_before_a_measure_word_in_digits(text, written):
    assert digit_counts(text) == written


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("平湖的“城市大脑”做什么", ["城市大脑"]),
        ("《数字中国建设整体布局规划》何时发布", ["数字中国建设整体布局规划"]),
        ('What does the "Smart Aizu" plan cover?', ["Smart Aizu"]),
        ("「讯宿办」和“一网通办”", ["讯宿办", "一网通办"]),
        ("“我”", []),  # one character is no name
        ("没有引号的问题", []),
    ],
)
def test_quoted_names_reads_title_marks_and_either_kind_of_quotation_mark(text, names):
    assert quoted_names(text) == names


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("5G和AEMS、GDP以及GDP", ["5G", "AEMS", "GDP"]),
        ("U4SSC and the G20 met", ["U4SSC", "G20"]),
        ("Smart city plans in Aizu", []),  # one capital is a word's start, not a code
        ("2022年", []),  # digits alone are no code
    ],
)
def test_code_names_are_acronyms_and_codes_each_once(text, codes):
    assert code_names(text) == codes


def test_has_chinese():
    assert has_chinese("Aizu 会津") and not has_chinese("Aizu-Wakamatsu 2030")


def test_same_quantity_ignores_how_a_value_was_written():
    from assistant.text import same_quantity, without_quantities

    assert same_quantity(1.56 * 1e6, 156 * 1e4) and not same_quantity(65, 75)
    assert "67" not in without_quantities("园区入驻企业67家，涉及电商。", (67.0,))
    assert without_quantities("入驻企业67家", ()) == "入驻企业67家"
