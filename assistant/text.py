"""Text helpers shared by parsing, retrieval, citation and evaluation: normalisation, language, sentences, tokens."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WS = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# Control, zero-width and bidi-override characters, and lone surrogates (which cannot even be encoded as UTF-8).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")

# Sentences end at Chinese and Western terminators; a Western period only when followed by space or end,
# so that numbers such as 3.93 and section numbers such as 3.3 are not split.
_SENTENCE_END = re.compile(r"(?<=[。！？；!?])|(?<=[.;])(?=\s|$)|\n+")


def squash(text: str) -> str:
    """Remove all whitespace: the form in which quotes are compared with the source."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


# The longest question or reply an official may send, in characters (both tabs, the CLI and the library).
MAX_QUESTION_CHARS = 2000


def clean_input(text: str) -> str:
    """Strip control and zero-width characters and collapse whitespace in user input."""
    return _WS.sub(" ", _CONTROL.sub("", text)).strip()


def checked_question(text: str | None) -> str:
    """The question cleaned; BadInput when it is empty or longer than MAX_QUESTION_CHARS."""
    from assistant.errors import BadInput

    question = clean_input(text or "")
    if not question:
        raise BadInput("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise BadInput(f"the question is too long ({len(question)} characters; at most {MAX_QUESTION_CHARS})")
    return question


def language_of(text: str) -> str:
    """'zh' when the text contains Chinese characters in any number comparable to Latin letters, else 'en'."""
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0 and latin == 0:
        return "zh"
    return "zh" if cjk * 3 >= latin else "en"


def has_chinese(text: str) -> bool:
    """Whether the text holds a Chinese character."""
    return bool(_CJK.search(text))


# A name written in title marks or quotation marks, Chinese or ASCII (《数字中国》, “讯宿办”, "城市大脑").
_QUOTED_NAME = re.compile(r"[《“「\"]([^》”」\"]{2,30})[》”」\"]")
# A code-like term: letters and digits with a letter in it (GDP, 5G, G20, AEMS, U4SSC).
_CODE_TERM = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?![A-Za-z0-9])")


def quoted_names(text: str) -> list[str]:
    """The names the text quotes, in the order written."""
    return _QUOTED_NAME.findall(text)


def code_names(text: str) -> list[str]:
    """The acronyms and codes the text writes, each once: at least two capitals or digits and one letter."""
    return [term for term in dict.fromkeys(_CODE_TERM.findall(text))
            if sum(char.isupper() or char.isdigit() for char in term) >= 2]


def name_pattern(name: str) -> str:
    """A regular expression finding a name in a text: as it is when Chinese, as a whole word otherwise."""
    return re.escape(name) if _CJK.search(name) else rf"\b{re.escape(name)}\b"


def split_sentences(text: str) -> list[str]:
    """Split Chinese or English text into sentences, keeping their terminators."""
    parts = [p.strip() for p in _SENTENCE_END.split(text)]
    return [p for p in parts if p and re.search(r"\w", p)]


# A count written in Chinese before a measure word (七个领域, 三类, 两项); the report mostly writes digits (7个领域).
_CHINESE_COUNT = re.compile(r"(?<![一二三四五六七八九十两百千万第])([一二三四五六七八九十两])(?=[个类项种条大])")
_COUNT_VALUES = {char: str(value) for value, char in enumerate("一二三四五六七八九十", start=1)} | {"两": "2"}


def digit_counts(text: str) -> str:
    """The text with counts written in Chinese numerals spelled in digits: 七个领域 -> 7个领域."""
    return _CHINESE_COUNT.sub(lambda match: _COUNT_VALUES[match.group(1)], text)


# A footnote's superscript number (投资额比例的58.5%⁷) refers to a note; it is not a figure of the sentence.
_FOOTNOTE_MARKS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")


def without_footnote_marks(text: str) -> str:
    """The text without its footnotes' superscript numbers (58.5%⁷ -> 58.5%), before NFKC turns them into digits."""
    return _FOOTNOTE_MARKS.sub("", text)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")


def numbers_in(text: str) -> list[str]:
    """Numbers written in digits in the text, without thousands separators ('1,038' -> '1038')."""
    found = []
    for match in _NUMBER.findall(unicodedata.normalize("NFKC", text)):
        value = match.rstrip("%").replace(",", "")
        found.append(value)
    return found


_QUANTITY = re.compile(
    r"(\d+(?:[.,]\d+)*)\s*(%|万亿|亿|万|千|trillion|billion|million|thousand|bn|mn)?", re.IGNORECASE
)
UNIT_VALUES = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "trillion": 1e12, "billion": 1e9, "bn": 1e9,
          "million": 1e6, "mn": 1e6, "thousand": 1e3}


def quantities_in(text: str) -> list[tuple[str, float, bool]]:
    """(number as written, value with its unit applied, whether a unit was attached) for each number."""
    return [(raw, value, has_unit) for _, raw, value, has_unit in placed_quantities(text)]


def placed_quantities(text: str) -> list[tuple[int, str, float, bool]]:
    """Each number of the (NFKC-normalised) text with where it starts: (position, as written, value with its
    unit applied, whether a unit was attached)."""
    found = []
    for match in _QUANTITY.finditer(unicodedata.normalize("NFKC", text)):
        if (read := _quantity(match)) is not None:
            found.append((match.start(), *read))
    return found


def _quantity(match: re.Match) -> tuple[str, float, bool] | None:
    """(the number as written, its value with its unit applied, whether a unit was attached) of a `_QUANTITY`
    match; None when its digits are no number (1.2.3)."""
    digits, unit = match.groups()
    raw = digits.replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    multiplier = UNIT_VALUES.get(unit.lower(), 1.0) if unit and unit != "%" else 1.0
    return raw, value * multiplier, multiplier != 1.0


def same_quantity(first: float, second: float) -> bool:
    """Whether two values are one quantity however written (1.56 million and 156万 differ only by rounding)."""
    return abs(first - second) <= 1e-9 * max(1.0, abs(first), abs(second))


def without_quantities(text: str, values: tuple[float, ...]) -> str:
    """The (NFKC-normalised) text with each number of one of these values, and its unit, blanked out."""
    def blank(match: re.Match) -> str:
        read = _quantity(match)
        return " " if read and any(same_quantity(read[1], known) for known in values) else match.group()

    return _QUANTITY.sub(blank, unicodedata.normalize("NFKC", text)) if values else text


_CHINESE_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(万亿|亿|万)")


def english_amount(value: float) -> str:
    """A value the English way: 4e8 -> '400 million', 350000 -> '350,000'."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{value / size:.6g} {word}"
    return f"{value:,.0f}"


def english_amounts(text: str) -> str:
    """Chinese amounts written the English way: 4亿日元 -> 400 million日元, 35万 -> 350,000, 176万 -> 1.76 million."""
    return _CHINESE_AMOUNT.sub(lambda match: english_amount(float(match.group(1)) * UNIT_VALUES[match.group(2)]), text)


STOPWORDS_ZH = frozenset(
    """的 了 和 与 及 以及 或 是 在 为 对 中 等 其 也 而 并 将 被 由 从 到 上 下 这 那 这些 那些 个 之 于 以 把 让 使
    有 没有 都 就 还 又 再 很 更 最 已 已经 可 可以 能 能够 会 要 需要 我们 你们 他们 它 它们 什么 哪些 哪个 怎么 怎样 如何
    为什么 多少 几 吗 呢 吧 啊 哪几个 哪一年 哪家 哪项 哪份 哪种 哪个 怎么样 什么样 多大 几点 第几 这份 各有 一起 几项 几个 请 问 报告 本报告 提到 提出 介绍 说 讲 一下 哪 谁 是否 方面 主要 关于 通过 进行 一个 一些
    ， 。 、 ； ： ？ ！ “ ” ‘ ’ （ ） 《 》 【 】 — … · - ( ) , . ; : ? ! " ' / * + [ ]""".split()
)
STOPWORDS_EN = frozenset(
    """a an the of and or to in on for with by from at as is are was were be been being it its this that these those
    what which who whom how why when where does do did can could should would will shall may might must about into
    than then there their they them we our you your i me my he she his her not no yes if so such report say says
    according per vs via tell give list explain describe""".split()
)


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    """Lexical tokens for BM25: jieba search-mode words, lower-cased, stopwords and punctuation removed."""
    jieba = _jieba()
    tokens = []
    for token in jieba.cut_for_search(unicodedata.normalize("NFKC", text).lower()):
        token = token.strip()
        if not token or token in STOPWORDS_ZH or token in STOPWORDS_EN:
            continue
        if not re.search(r"\w", token):
            continue
        tokens.append(token)
        # Search mode yields the 2- and 3-character words inside a long word, not the longer ones:
        # 会津若松市 must also match 会津若松.
        if len(token) > 4 and _CJK.search(token):
            tokens.extend(_known_subwords(jieba, token))
    return tokens


def tagged_words(text: str) -> list[tuple[str, str]]:
    """The text's words with their part-of-speech tags (n, v, eng, ...), lower-cased, punctuation left out."""
    import jieba.posseg

    _jieba()
    return [(word.strip().lower(), flag) for word, flag in jieba.posseg.cut(unicodedata.normalize("NFKC", text))
            if word.strip() and re.search(r"\w", word)]


def _known_subwords(jieba, token: str) -> list[str]:
    frequencies = jieba.dt.FREQ
    return [
        token[start : start + size]
        for size in range(4, len(token))
        for start in range(len(token) - size + 1)
        if frequencies.get(token[start : start + size])
    ]


def add_words(words: list[str]) -> None:
    """Teach the segmenter domain words (city names, terms) so they are kept whole."""
    jieba = _jieba()
    for word in words:
        if word and _CJK.search(word):
            jieba.add_word(word, freq=2000)
