"""Reading an official's free-text replies: skips, nonsense, instructions aimed at the assistant, numbers, stages, domains.

Everything here is deterministic and offline, so a conversation can be replayed and tested exactly. The words
replies are read with are in corpus/lexicon.yaml (section `assessment`, entries `reply_*`, `domain_short_names`,
`population_bands`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

from assistant.knowledge.framework import Framework
from assistant.knowledge.lexicon import load_lexicon
from assistant.schemas import Stage
from assistant.text import clean_input, tokenize

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)

_CLAUSE = re.compile(r"[^，,。；;！!？?\n]+[，,。；;！!？?\n]?")

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")
_VOWELS = set("aeiouy")

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_STAGE_WORDS = {"一": 1, "二": 2, "三": 3, "1": 1, "2": 2, "3": 3, "one": 1, "two": 2, "three": 3, "i": 1, "ii": 2, "iii": 3}
_STAGE = re.compile(
    r"阶段\s*([一二三123])|第\s*([一二三123])\s*(?:个)?阶段|stage\s*([123]|one|two|three|iii|ii|i)\b",
    re.IGNORECASE,
)


def _words(name: str) -> tuple[str, ...]:
    """The lexicon's words for reading replies (corpus/lexicon.yaml, section `assessment`)."""
    return load_lexicon().words(f"assessment.{name}")


def _pattern(name: str) -> re.Pattern[str]:
    return load_lexicon().pattern(f"assessment.{name}")


def short_names(domain: str) -> tuple[str, ...]:
    """Short names an official may use for a domain, besides the names and aliases in the framework."""
    return load_lexicon().forms("assessment.domain_short_names").get(domain, ())


def fold(text: str) -> str:
    """Text compared with quick replies and keywords: NFKC, case-folded, without spaces and punctuation."""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or "")).casefold()


def is_skip(text: str) -> bool:
    """Whether a reply as a whole means 'don't know' or 'skip' (a long answer merely containing 不知道 is not)."""
    folded = fold(text)
    if not folded:
        return False
    words = {fold(word) for word in _words("reply_skip")}
    if folded in words:
        return True
    short = len(folded) <= 8 if _CJK.search(folded) else len(text.split()) <= 4
    return short and any(word in folded for word in words)


def is_domain_skip(text: str) -> bool:
    """Whether the reply asks to skip the whole domain."""
    folded = fold(text)
    return any(fold(phrase) in folded for phrase in _words("reply_skip_domain")) and len(folded) <= 20


def is_injection(text: str) -> bool:
    """Whether the reply contains an instruction aimed at the assistant rather than a description of the city."""
    return bool(_pattern("reply_injection").search(unicodedata.normalize("NFKC", text or "")))


def strip_injection(text: str) -> str:
    """The reply without the clauses that address the assistant (what is left may still describe the city)."""
    injection = _pattern("reply_injection")
    kept = [clause for clause in _CLAUSE.findall(text or "") if not injection.search(unicodedata.normalize("NFKC", clause))]
    return clean_input("".join(kept)).strip("，,。；;：: ")


def _mashed(word: str) -> bool:
    """A Latin 'word' typed by sliding along the keyboard, without vowels, or one letter repeated."""
    word = word.lower()
    if len(word) < 4:
        return False
    if len(set(word)) == 1 or not (set(word) & _VOWELS):
        return True
    for row in _KEYBOARD_ROWS:
        for start in range(len(row) - 3):
            piece = row[start : start + 4]
            if piece in word or piece[::-1] in word:
                return True
    return False


def is_substantive(text: str, minimum_cjk: int = 4, minimum_words: int = 3) -> bool:
    """Whether a reply has enough real words to be an answer (not 'asdfgh', emoji, one character, 啊啊啊啊)."""
    text = clean_input(text or "")
    cjk = _CJK.findall(text)
    words = [word for word in _WORD.findall(text) if len(word) >= 2 or word.lower() in {"a", "i"}]
    mashed = [word for word in words if _mashed(word)]
    real_words = [word for word in words if not _mashed(word)]
    if mashed and len(mashed) * 2 >= len(words) and len(cjk) < minimum_cjk:
        return False
    if len(cjk) >= minimum_cjk and len(set(cjk)) >= min(3, minimum_cjk):
        return True
    # Latin words count double towards the Chinese minimum: 'APP各自' is a fine answer.
    return len(real_words) >= minimum_words or (bool(cjk) and len(set(cjk)) + 2 * len(real_words) >= minimum_cjk + 1)


def is_name(text: str) -> bool:
    """Whether a reply can be a place name: 2-40 characters, not mashed keys, not a single repeated character."""
    text = clean_input(text or "")
    folded = fold(text)
    if not 2 <= len(folded) <= 40 or len(set(folded)) == 1:
        return False
    cjk = _CJK.findall(text)
    if cjk:
        return len(cjk) >= 2
    words = _WORD.findall(text)
    return bool(words) and not any(_mashed(word) for word in words) and sum(len(word) for word in words) >= 3


def is_affirmative(text: str) -> bool:
    """Whether a reply simply agrees ('对', '是的', 'yes')."""
    return fold(text) in {fold(word) for word in _words("reply_affirmative")}


def has_correction_marker(text: str) -> bool:
    """Whether a reply announces a correction or an addition ('其实……', 'actually ...')."""
    return bool(_pattern("reply_correction").search(text or ""))


def pick_number(text: str, options: list[str]) -> str | None:
    """The option a bare number ('2', '２') picks, 1-based; None when it is not such a number."""
    folded = unicodedata.normalize("NFKC", text or "").strip().rstrip(".、)")
    if folded.isdigit() and 1 <= int(folded) <= len(options):
        return options[int(folded) - 1]
    return None


def pick_numbers(text: str, options: list[str]) -> list[str] | None:
    """Several options picked by numbers ('2 5', '2、5'); None when the reply is not only numbers."""
    parts = [part for part in re.split(r"(?:[\s,，、;；]|和|及|\band\b)+", unicodedata.normalize("NFKC", text or "")) if part]
    if not parts or not all(part.isdigit() for part in parts):
        return None
    picked = [options[int(part) - 1] for part in parts if 1 <= int(part) <= len(options)]
    return picked if len(picked) == len(parts) else None


def matching_option(text: str, options: list[str]) -> int | None:
    """Index of the option the reply repeats (ignoring spaces and punctuation), or None."""
    folded = fold(text)
    for index, option in enumerate(options):
        if folded and folded == fold(option):
            return index
    return None


def _cn_number(text: str) -> int | None:
    """A Chinese numeral below 10,000 ('三十五', '一百二十'), or None."""
    if not text or any(char not in _CN_DIGITS and char not in _CN_UNITS for char in text):
        return None
    total, digit = 0, 0
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        else:
            total += (digit or 1) * _CN_UNITS[char]
            digit = 0
    return total + digit


def parse_population(text: str) -> int | None:
    """A population written as '35万', '三十五万', '0.35 million', '350,000' or '350000'; None otherwise."""
    text = unicodedata.normalize("NFKC", text or "").replace(",", "").replace("，", "")
    if match := re.search(r"(\d+(?:\.\d+)?)\s*万", text):
        return round(float(match.group(1)) * 10_000)
    if match := re.search(r"([零一二两三四五六七八九十百千]+)\s*万", text):
        value = _cn_number(match.group(1))
        return value * 10_000 if value else None
    if match := re.search(r"(\d+(?:\.\d+)?)\s*(million|mn|m)\b", text, re.IGNORECASE):
        return round(float(match.group(1)) * 1_000_000)
    if match := re.search(r"(\d+(?:\.\d+)?)\s*(thousand|k)\b", text, re.IGNORECASE):
        return round(float(match.group(1)) * 1_000)
    if match := re.search(r"\b(\d{4,9})\b", text):
        return int(match.group(1))
    return None


def parse_band(text: str) -> str | None:
    """The population band a reply names ('II型小城市', 'OECD 中型', 'type I small'); None otherwise."""
    folded = fold(text).replace("ⅱ", "ii").replace("ⅰ", "i")
    bands = load_lexicon().forms("assessment.population_bands")
    named = lambda key: any(fold(word) in folded for word in bands[key])  # noqa: E731
    if named("oecd"):
        return next((key for key in ("oecd_large", "oecd_medium", "oecd_small") if named(key)), None)
    for key in ("cn_small_2", "cn_small_1"):
        if named(key):
            return key
    if named("cn_medium") or folded.startswith("medium"):
        return "cn_medium"
    return None


def parse_stage(text: str) -> Stage | None:
    """The one stage a reply names ('阶段二', '第2阶段', 'stage 2', '二', '3'); None if none or several."""
    normalised = unicodedata.normalize("NFKC", text or "").strip()
    found = {_STAGE_WORDS[next(group for group in match.groups() if group).lower()] for match in _STAGE.finditer(normalised)}
    if not found:
        bare = fold(normalised)
        if bare in _STAGE_WORDS:
            found = {_STAGE_WORDS[bare]}
    return found.pop() if len(found) == 1 else None


def _spellings(framework: Framework) -> list[tuple[str, str]]:
    """(folded spelling, domain key), longest spellings first, so '政府效能' wins over '政府'."""
    pairs = []
    for key, domain in framework.domains.items():
        names = {key, domain.zh, domain.en, *domain.aliases, *short_names(key), re.sub(r"[（(].*?[）)]", "", domain.zh)}
        pairs += [(fold(name), key) for name in names if fold(name)]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def mentioned_domains(framework: Framework, text: str) -> list[str]:
    """Domain keys named in a reply, in the order they appear."""
    folded = fold(text)
    positions: dict[str, int] = {}
    taken = [False] * len(folded)
    for spelling, key in _spellings(framework):
        start = folded.find(spelling)
        while start != -1:
            if not any(taken[start : start + len(spelling)]):
                for index in range(start, start + len(spelling)):
                    taken[index] = True
                positions[key] = min(positions.get(key, start), start)
            start = folded.find(spelling, start + 1)
    return sorted(positions, key=positions.get)


def wants_all(text: str) -> bool:
    """Whether the reply asks for all seven domains."""
    return bool(_pattern("reply_all_domains").search(text or ""))


def parse_stage_edit(framework: Framework, text: str) -> tuple[str, Stage] | None:
    """(domain, stage) when a reply sets a domain's stage outright ('民生与服务改为阶段二', 'services is stage 2')."""
    domains = mentioned_domains(framework, text)
    stage = parse_stage_in(text)
    if len(domains) == 1 and stage is not None and _pattern("reply_edit_verb").search(text):
        return domains[0], stage
    return None


def parse_stage_in(text: str) -> Stage | None:
    """The one stage named with its label inside a longer reply ('……改为阶段二'); bare numbers do not count."""
    normalised = unicodedata.normalize("NFKC", text or "")
    found = {_STAGE_WORDS[next(group for group in match.groups() if group).lower()] for match in _STAGE.finditer(normalised)}
    return found.pop() if len(found) == 1 else None


class DomainVocabulary:
    """Which domain a remark concerns, from the words of the framework (and the questions) that are distinctive of it."""

    def __init__(self, framework: Framework, extra: dict[str, list[str]] | None = None):
        self.framework = framework
        documents: dict[str, Counter] = {}
        for key, domain in framework.domains.items():
            texts = [domain.zh, domain.en, *domain.aliases, *short_names(key), domain.scope.text]
            for spec in domain.stages.values():
                texts.append(spec.summary)
                texts += [item.text for item in spec.characteristics()]
            texts += [concern.text for concern in domain.concerns]
            texts += (extra or {}).get(key, [])
            documents[key] = Counter(token for text in texts for token in _terms(text))
        frequency = Counter(token for counts in documents.values() for token in counts)
        total = len(documents)
        self.weights = {
            key: {token: math.log((total + 1) / frequency[token]) for token in counts} for key, counts in documents.items()
        }

    def scores(self, text: str) -> dict[str, float]:
        """Per domain, the summed distinctiveness of the remark's words found in the domain's vocabulary."""
        terms = set(_terms(text))
        result = {key: sum(weights.get(term, 0.0) for term in terms) for key, weights in self.weights.items()}
        for key in mentioned_domains(self.framework, text):
            result[key] += 5.0  # naming the domain outweighs any number of shared words
        return result

    def is_relevant(self, text: str) -> bool:
        """Whether a remark shares words with the framework, states a status ('还没有……') or is long enough to judge."""
        if _pattern("reply_status").search(text) or len(_CJK.findall(text)) >= 15 or len(_WORD.findall(text)) >= 12:
            return True
        return any(score > 0 for score in self.scores(text).values())

    def detect(self, text: str, minimum: float = 1.0) -> str | None:
        """The domain a remark is most clearly about, or None when no domain stands out."""
        scores = sorted(self.scores(text).items(), key=lambda item: -item[1])
        (best, top), (_, second) = scores[0], scores[1]
        if top < minimum or top < second * 1.25:
            return None
        return best


def _terms(text: str) -> list[str]:
    """Lexical terms of a text: jieba words, plus English words folded to lower case."""
    return [term for term in tokenize(text) if len(term) >= 2]

