"""Whether an answer gives the figure its question asks for.

A question asking for a figure names what it measures beside its cue: the words before it (总人口是多少,
覆盖率提升了几个百分点) or, after a measure word, the words after it (多少个基站). The answer gives that
figure only where one of its sentences has, in one clause, a number (in percent when a share or a change in
percent is asked; never a date or a footnote) together with those words; and, when the question names a
year, a number of that year; when it names a place, a sentence naming only other places (柏市's population
for 柏之叶's) does not give it; when it asks in a unit of its own (多少万人次, 多少人), only a number in that unit
gives it. When none does, the pipeline first looks for a sentence of the passages that
does; when there is none either, the report states a neighbouring figure or none at all, and the official is
told so rather than handed the nearest number: the answer opens with "the report does not give it" and
counts as a refusal, with what the report does say kept below as the pointer. The numbers a question bounds
what it asks with (75岁以上, the first 27 days) must be written by the sentence that gives the figure, and are
never its answer.

A Chinese question's own words are looked for in the report's sentences; an English question's measure is
named in Chinese by the lexicon (population: 人口), and a question measuring something it does not name is
not checked.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.answer.names import NameFinder
from assistant.answer.question import QuestionAnalysis
from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.text import code_names, placed_quantities, same_quantity, without_footnote_marks, without_quantities

# A measure ending in words that name no kind (游客数量) is named by the last this many characters before them,
# matched by any two consecutive characters of them (老年人比例: 老年, 年人).
MEASURED_CHARS = 3
# An English question names what it counts within this many words after its cue.
_COUNTED_WORDS = 4
# Two measures an English question names this many words apart or closer are one phrase, named by the last.
_PHRASE_GAP = 2
_HOW_MANY = re.compile(r"\bhow many\b", re.I)
# kinds of city by size or tier (一线城市, 三至五线城市, 超大城市, 中型城市, I型小城市), as the report and officials name them
_CITY_KIND = re.compile(r"(?:[一二三四五1-5](?:至[一二三四五1-5])?线|超大|特大|中等|中型|小型|I+型小|中小|大)城市")
_RATE = re.compile(r"\b(?:rates?|points?|share|proportion|ratio)\b", re.I)  # how many points: a change of a rate
_PERCENTAGE = re.compile(r"\d+(?:\.\d+)?\s*[%％]|百分之[\d.一二三四五六七八九十点]+|\d+\s*岁(?:及以上|以上|以下)?")
# The words a "how many" question counts, up to its auxiliary verb ("how many data sets has …": data sets); "how
# many points" and "how many times" count no thing.
_HOW_MANY_THING = re.compile(r"\bhow many (?!(?:more|fewer|percentage points|points|percent|times)\b)"
                             r"((?:(?!(?:do|does|did|is|are|was|were|has|have|had|will|can)\b)[\w'-]+\s*){0,3})")
_CLAUSE = re.compile(r"[，,；;。！？!?：:\n]")
_DATE = re.compile(r"(?:19|20)\d\d\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
# An amount of money in the report's sentences: a number in a currency (1038.4亿元, 4亿日元).
_MONEY = re.compile(r"\d[\d.,]*\s*(?:万亿|亿|万|千)?\s*(?:元|日元|美元|欧元|人民币|块)")
# A name written with digits is no figure: 5G, 4A (a grade of scenic spot), G20, U4SSC.
_CODE = re.compile(r"\d+[A-Za-z][A-Za-z0-9]*|(?<![A-Za-z])[A-Za-z]\d+")
# not a single one, a count of none (没有新建一个监控, 未布设一个传感器)
_NONE_OF = re.compile(r"(?:没有|未(?!来)|并无)[^，,；;。]{0,12}?一[个家项座名位所台件条]")
# the number of an item in a list, opening its sentence: (1), 2), 3.
_LIST_MARK = re.compile(r"^\s*[-•]?\s*(?:\(\d{1,2}\)|\d{1,2}[).、](?!\d))\s*")
# a number of people (42万人, 3028万人次)
_PEOPLE = re.compile(r"\d[\d.,]*\s*[万亿]?\s*(?:多|余)?\s*(?:人次|人|户)")
_TRAILING_MARKS = " ？?。，,”」』》）)\"'"
_WORD_CHARS = re.compile(r"[\u3400-\u9fffA-Za-z0-9]+$")
_LEADING_WORD = re.compile(r"^[\u3400-\u9fffA-Za-z0-9]+")
# What may stand between a measure's single character and its figure (节水60%, 用电约3成).
_BEFORE_FIGURE = r"(?:约|近|达|为|超|逾|了|达到|超过)?\d"


@dataclass(frozen=True)
class AskedFigure:
    """The figure a question asks for: what it measures, whether in percent, and for which year."""

    measured: str
    unit: str = ""
    percent: bool = False
    money: bool = False
    money_kinds: tuple[str, ...] = ()  # the kinds of money named (投资, 费用, 收入, 节省): a clause must name one
    year: str | None = None
    places: tuple[str, ...] = ()
    in_sentence: bool = False  # the measure names a topic (直播), which the sentence may name in another clause
    date: bool = False  # when something happened: a sentence naming it with a year gives it
    ending: tuple[str, ...] = ()  # when it ended (结束, 停止): only a sentence naming an ending gives the date
    count: bool = False  # how many of a thing named in no word the report has: only a count of things gives it
    change: bool = False  # by how much it changed (降低了多少): a share of the measure (12%) gives it too
    total: bool = False  # a total over time (累计, in total): a figure per year or day does not give it
    whole_year: bool = False  # a whole year (全年, the whole of 2021): a figure of part of it does not give it
    city_kind: str = ""  # the kind of city asked about (一线城市, 超大城市): another kind's figure does not give it
    number: bool = False  # how many of a thing (how many residents): a share (21%) or an age (65岁) does not give it
    # the question's own numbers that bound what it asks (75岁以上, in the first 27 days): a sentence without them
    # gives the figure of another group or span (65岁及以上's share is not 75岁以上's)
    bounds: tuple[float, ...] = ()
    first_period: bool = False  # the opening span (第一个星期, the first month): a longer run's figure does not give it


@dataclass(frozen=True)
class FigureVerdict:
    """Whether the answer gives the asked figure; if not, for the year asked, the year the report gives it for."""

    given: bool
    year: str | None = None
    other_year: str | None = None
    date: bool = False  # the question asked when, not how much
    person: bool = False  # the question asked who holds a role (`assistant.answer.roles`), not a figure
    plan: bool = False  # the question asked the outcome of what the report states only as a plan (`answer.plans`)


class FigureCheck:
    """Reads what figure a question asks for, and whether an answer's sentences give it."""

    def __init__(self, lexicon: Lexicon | None = None, finder: NameFinder | None = None,
                 glossary: Glossary | None = None):
        """`finder` names the places of the answer's sentences; without it a figure for another place counts.
        `glossary` names in Chinese what an English question counts when the lexicon's measures do not."""
        lexicon = lexicon or load_lexicon()
        self._finder = finder
        self._glossary = glossary
        self._cue_en = lexicon.pattern("answer.figure_cue_en")
        self._cue = lexicon.pattern("answer.figure_cue_zh")
        self._cue_when = lexicon.pattern("question.asks_when")
        self._asking = set(lexicon.words("question.asking_words_zh"))
        self._units = lexicon.pattern("answer.figure_units_zh")
        self._percent = lexicon.pattern("answer.figure_percent")
        self._fillers = lexicon.words("answer.figure_fillers_zh")
        self._baseline = lexicon.pattern("answer.figure_baseline_zh")
        self._comparative = lexicon.pattern("answer.figure_comparative")
        self._not_compared = lexicon.pattern("answer.figure_comparative_not_figures")
        self._tables = lexicon.pattern("answer.figure_in_tables")
        self._money = lexicon.pattern("answer.figure_money")
        self._in_words = lexicon.pattern("answer.figure_words_zh")
        self._loose_units = set(lexicon.words("answer.figure_loose_units_zh"))
        self._kin = [set(words) for words in lexicon.forms("answer.figure_kin_zh").values()]
        self._money_kinds = {kind: [word.lower() for word in words]
                             for kind, words in lexicon.forms("answer.figure_money_kinds").items()}
        self._generic_heads = set(lexicon.words("answer.figure_generic_heads_zh"))
        self._count_units = set(lexicon.words("answer.figure_count_units_zh"))
        self._endings = tuple(lexicon.words("answer.date_endings_zh"))
        self._change = lexicon.pattern("answer.figure_change_zh")
        self._total = lexicon.pattern("answer.figure_total")
        self._per_period = lexicon.pattern("answer.figure_per_period")
        self._first_period = lexicon.pattern("answer.figure_first_period")
        self._whole_year = lexicon.pattern("answer.figure_whole_year")
        self._part_of_year = lexicon.pattern("answer.figure_part_of_year")
        self._overriding = set(lexicon.words("answer.figure_money_overriding_kinds"))
        self._asks_other = lexicon.pattern("question.asks_who")
        self._single_measures = set(lexicon.words("answer.figure_single_measures_zh"))
        counters = "|".join(map(re.escape, sorted(self._count_units)))
        # a number with a measure word and the thing it counts after it, up to the next mark (21个提供服务的企业代表);
        # 个百分点, 个月 and 个小时 count no thing
        self._count = re.compile(rf"(?:\d+|[一二两三四五六七八九十百千]+)\s*[万亿]?\s*(?:多|余)?\s*"
                                 rf"(?:{counters})(?!百分点|月|小时|工作日)([\u4e00-\u9fff]*)")
        self._units_en = [(form, unit) for unit, forms in lexicon.forms("answer.figure_units_en").items()
                          for form in forms]
        self._measures_en = [(form, chinese) for chinese, forms in lexicon.forms("answer.figure_measures_en").items()
                             for form in forms]

    def _measured_en(self, text: str) -> tuple[str, bool]:
        """(the Chinese word for what an English question measures, whether it is a topic rather than a measure):
        the lexicon's measure (population -> 人口), the last of a phrase naming several, since an English phrase
        names its head last ("the elderly employment rate": 就业, "farmers' selling prices": 价格); or else the
        report's Chinese name of the first glossary term it counts after its cue ("how many sensing devices" ->
        感知设备; places, organisations, domains and stages are not measures), or ''."""
        lowered = text.lower()
        found = sorted((match.start(), match.end(), chinese) for form, chinese in self._measures_en
                       for match in re.finditer(re.escape(form), lowered))
        if (counted := _HOW_MANY_THING.search(lowered)) and counted.group(1):
            # "how many dimensions do tourists rate": what is counted comes before the verb, the rest is the setting;
            # "enterprises take part in how many domains": what "how many" counts, the words before it the setting
            found = ([measure for measure in found if counted.start(1) <= measure[0] < counted.end(1)]
                     or [measure for measure in found if measure[0] < counted.end(1)])
        if not found:
            return self._counted_term(text), True
        head = found[0]
        for later in found[1:]:
            if later[0] >= head[1] and len(lowered[head[1]:later[0]].split()) <= _PHRASE_GAP:
                head = later
        return head[2], False

    def _unit_en(self, text: str) -> str:
        """The unit an English question counts in, as the report writes it ("how many tonnes": 吨), or ''."""
        cue = self._cue_en.search(text)
        if cue is None:
            return ""
        counted = " ".join(text[cue.end():].lower().split()[:_COUNTED_WORDS])
        return next((unit for form, unit in self._units_en if re.search(rf"\b{re.escape(form)}\b", counted)), "")

    def _counted_term(self, text: str) -> str:
        cue = self._cue_en.search(text)
        if cue is None or self._glossary is None:
            return ""
        # what is counted follows the cue closely ("how many sensing devices", "how much did peak shaving save");
        # a term further on is the setting ("how much power ... in an emergency"), not the thing counted
        return self._first_term(" ".join(re.split(r"[,;?]", text[cue.end():])[0].split()[:_COUNTED_WORDS]))

    def _first_term(self, text: str) -> str:
        """The report's Chinese name of the glossary term the English text names first (places, organisations,
        domains and stages are no terms), or ''."""
        if self._glossary is None:
            return ""
        lowered = text.lower()
        terms = [term for term in self._glossary.matching_terms(text) if term.group == "terms"]
        first = min(terms, key=lambda term: min((lowered.find(en.lower()) for en in term.en if en.lower() in lowered),
                                                default=len(lowered)), default=None)
        return first.zh if first else ""

    def asked(self, analysis: QuestionAnalysis) -> AskedFigure | None:
        """The figure a question asks for; None for any other question (a date, a ranking, a list), for a
        question of several parts, whose parts are answered each on its own, and for an English question whose
        measure the lexicon cannot name in Chinese. A follow-up that asks with its own words ("那需要多少钱？")
        is read in them, its topic coming from the conversation; one that only swaps a name ("那宿州呢？") is
        read in the question it stands for."""
        if analysis.asked.kind != "quantity":
            return None
        if analysis.asked.when:
            return None if analysis.parts else self._asked_date(analysis)
        if analysis.followup and (own := self._asked_in(analysis.text, analysis)):
            return own
        return None if analysis.parts else self._asked_in(analysis.standalone, analysis)

    def asked_compared(self, side: QuestionAnalysis) -> AskedFigure | None:
        """The figure one side of a comparison asks for when the comparison is of amounts (宿州，哪个城市的常住人口更多:
        常住人口 of 宿州); None when it compares no amount, or what the report rates in stages and words (阶段更高,
        效果更好) or measures with no word the lexicon can name."""
        text = side.standalone
        cue = self._comparative.search(text)
        if cue is None or self._not_compared.search(text):
            return None
        money = bool(self._money.search(text))  # which cost more, 哪个投入更多: an amount in a currency
        if money:
            measured, in_sentence = "", False
        elif side.language == "en":
            measured, in_sentence = self._measured_en(text)
        else:
            measured, in_sentence = self._before(text[:cue.start()], side), False
        if not measured and not money:
            return None
        return AskedFigure(measured=measured, places=tuple(side.places), in_sentence=in_sentence, money=money,
                           money_kinds=self._money_kinds_in(text) if money else ())

    def _asked_date(self, analysis: QuestionAnalysis) -> AskedFigure | None:
        """When a Chinese question asks when something named before its cue happened (平湖的城市大脑是哪一年建成的):
        that thing, to be named by a sentence with a year; None when the words before the cue name nothing but
        a place (福冈从哪一年开始…) or say where to look (一文), and for an English question."""
        if analysis.language != "zh" or not (cue := self._cue_when.search(analysis.standalone)):
            return None
        before = analysis.standalone[:cue.start()]
        # another question asked before the date (跟哪家企业合作、从哪一年): the thing dated stands before it
        if other := self._asks_other.search(before):
            before = before[:other.start()]
        subject = self._before(before, analysis)
        if not subject or any(subject.endswith(word) for word in self._asking if len(word) > 1):  # 这篇文章
            return None
        after = analysis.standalone[cue.end():]
        ends = any(word in after for word in self._endings)  # 什么时候结束: any word of an ending answers it
        return AskedFigure(measured=subject, places=tuple(analysis.places), in_sentence=True, date=True,
                           ending=self._endings if ends else ())

    def _asked_in(self, text: str, analysis: QuestionAnalysis) -> AskedFigure | None:
        if self._tables.search(text):
            return None
        in_sentence = False
        if analysis.language == "en":
            unit, (measured, in_sentence) = self._unit_en(text), self._measured_en(text)
            if in_sentence and _MONEY.fullmatch("1" + unit):
                measured = ""  # "how many yen does the data-driven platform save": the term is the setting, yen the measure
        else:
            cue = self._cue.search(text)
            if cue is None:
                return None
            unit, counted = self._after(text[cue.end():])
            measured = counted or self._before(text[:cue.start()], analysis)
        percent = bool(self._percent.search(text))
        money = bool(self._money.search(text)) and not percent  # a return on investment is a rate, not an amount
        if not measured and not unit and not money:
            if analysis.language == "en" and _HOW_MANY.search(text):
                return AskedFigure(measured="", count=True, places=tuple(analysis.places), year=_one_year(analysis),
                                   bounds=_bounds(text, analysis.asked.years),
                                   first_period=bool(self._first_period.search(text)))
            return None
        year = _one_year(analysis)
        change = analysis.language == "zh" and bool(self._change.search(text))
        kind = _CITY_KIND.search(text) if analysis.language == "zh" else None
        return AskedFigure(measured=measured, unit=unit, percent=percent, money=money,
                           city_kind=kind.group() if kind else "", money_kinds=self._money_kinds_in(text) if money else (),
                           year=year, places=tuple(analysis.places), in_sentence=in_sentence, change=change,
                           total=bool(self._total.search(text)), whole_year=bool(self._whole_year.search(text)),
                           number=analysis.language == "en" and bool(_HOW_MANY.search(text)) and not percent
                           and not _RATE.search(text),
                           bounds=_bounds(text, analysis.asked.years), first_period=bool(self._first_period.search(text)))

    def _after(self, text: str) -> tuple[str, str]:
        """(the measure word after the cue, the thing it counts): 多少个5G基站 -> (个, 5G基站), 多少万人次 ->
        (人次, ''), 多少人口 -> ('', 人口); both empty when the cue ends the question."""
        whole = _LEADING_WORD.match(text)
        if not whole:
            return "", ""
        unit = self._units.match(whole.group())
        rest = whole.group()[unit.end():] if unit else whole.group()
        if unit and len(rest) == 1:  # 多少人口: 人 begins the word counted, it is not a measure word
            return "", self._strip_fillers(whole.group())
        if not unit and rest in self._single_measures:  # 节约多少电: electricity is what is measured
            return "", rest
        counted = _leading_phrase(self._strip_fillers(rest).lstrip("的")) if len(rest) >= 2 else ""
        return (_magnitude_free(unit.group()) if unit else ""), counted

    def _before(self, text: str, analysis: QuestionAnalysis) -> str:
        """The last words before the cue, without fillers, places and the point it is compared with (开封的总人口是 ->
        总人口, 销售额是以前的 -> 销售额)."""
        for place in analysis.places:
            text = text.replace(place, " ")
        text = self._strip_fillers(self._baseline.sub("", self._strip_fillers(text)))
        run = _WORD_CHARS.search(text)
        if not run:
            return ""
        words = run.group()
        for filler in self._fillers:  # the words after the last filler inside the run (平台让老年人就业率 -> 老年人就业率)
            if len(filler) == 1 and filler in words:
                words = words.rsplit(filler, 1)[-1] or words
        words = re.sub(r"(?:19|20)\d\d年?", "", words)
        return words if len(words) >= 2 else ""

    def _strip_fillers(self, text: str) -> str:
        """The text without the fillers it ends with (总人口是 -> 总人口, 提高了 -> '') and without the marks closing a
        name it quotes (“欢乐茶馆”是 -> 欢乐茶馆)."""
        stripped = text.rstrip(_TRAILING_MARKS)
        while ending := next((f for f in self._fillers if stripped.endswith(f) and len(stripped) > len(f)), None):
            stripped = stripped[: -len(ending)].rstrip(_TRAILING_MARKS)
        return stripped

    def verdict(self, asked: AskedFigure, sentences: list[str]) -> FigureVerdict:
        """Whether one of the sentences gives the asked figure: a clause with a number and the measured words, or,
        when the question names nothing measured, with a number in the unit asked (多少人: 42万人); for a unit of
        its own (人次, 元, 平方公里) only a number in it; for money asked, a clause with an amount in a currency
        that names the kind of money asked (a budget, a cost, an income) when the question names one. A
        sentence that names places, none of them a place asked about, gives another place's figure, and one naming
        kinds of city (三至五线城市), none of them the kind asked (一线城市), another kind's."""
        names = self._names_of(asked.measured)
        money_names = ({word for kind in asked.money_kinds for word in self._money_kinds[kind]}, set())
        # kinds that decide what an amount is (a saving), when the question asks for another kind
        overriding = ({word for kind in self._overriding - set(asked.money_kinds) if asked.money_kinds
                       for word in self._money_kinds[kind]}, set())
        strict = bool(asked.unit) and asked.unit not in self._loose_units
        # amounts of money are of many kinds (an income, a GDP, an investment): the clause must name the one asked
        money_unit = bool(_MONEY.fullmatch("1" + asked.unit))
        years_given: list[str] = []
        for sentence in sentences:
            text = _plain(sentence)
            if not self._about_places(text, asked.places):
                continue
            kinds = set(_CITY_KIND.findall(text))
            if asked.city_kind and kinds and asked.city_kind not in kinds:
                continue  # 三至五线城市's share is not 一线城市's, nor a 中型城市's size a 超大城市's
            if not _holds_bounds(text, asked.bounds) or asked.first_period and not self._first_period.search(text):
                continue  # the figure of another group or span
            year, partial = None, False
            for clause in [text] if asked.in_sentence else _CLAUSE.split(text):
                if found := _YEAR.findall(clause):
                    year, partial = found[-1], False
                # a part of the year holds for the clauses after it, up to the next year (2021年1—10月，……收入X亿元)
                partial = partial or bool(self._part_of_year.search(clause))
                # a number the question states itself (企业67家 for "of the 67 firms, how many …") is not its answer
                clause = without_quantities(clause, asked.bounds)
                if asked.total and self._per_period.search(clause):
                    continue  # 每年可减少4亿日元 is no total
                if asked.whole_year and partial:
                    continue  # 2021年1—10月 is not the whole of 2021
                if asked.date:
                    if not (year and self._names_measure(clause, names)):
                        continue
                    if asked.ending and not any(word in clause for word in asked.ending):
                        continue
                elif asked.money:
                    if _MONEY.search(_DATE.sub(" ", clause)):
                        if asked.money_kinds and not self._names_measure(clause, money_names):
                            continue
                        if overriding[0] and self._names_measure(clause, overriding):
                            continue  # 节省……的成本 is a saving of a cost, not the cost asked
                    # a change of an amount is also given as a share of it (降低物流成本12%)
                    elif not (asked.change and self._names_measure(clause, names) and self._has_figure(clause, True)):
                        continue
                elif asked.count:
                    if not self._count.search(clause):
                        continue
                elif strict:
                    if not self._in_unit(clause, asked.unit):
                        continue
                    if money_unit and names[0] and not self._names_measure(clause, names):
                        continue
                elif not (self._states(clause, names, asked)
                          or asked.unit and not names[0] and self._in_unit(clause, asked.unit)):
                    continue
                if asked.year is None or year in (None, asked.year):
                    return FigureVerdict(True)
                years_given.append(year)
        return FigureVerdict(False, year=asked.year, other_year=years_given[0] if years_given else None,
                             date=asked.date)

    def _names_of(self, measured: str) -> tuple[set[str], set[str]]:
        """(words, single characters) that name what is measured in a clause. A Chinese compound names its kind
        last (常住人口 is a 人口, 研究员 a 员, not a 研究院), so its last two characters name it, with the report's
        other words for it (居民: 人口; 生产总值: GDP). A measure ending in words that name no kind (游客数量,
        人口规模上限, 接待量) is named by itself or by the words before those endings: any two consecutive
        characters of their last three, or the last character of one or two left (年产量: 总产500万吨). Of a
        two-character measure also its last character when that is a thing measured by itself (用水 is also written
        节水; but 就业 is not named by 企业67家); a one-character measure (电, after 节约多少) names itself."""
        if len(measured) == 1:
            return {measured}, set()
        stem = measured
        while ending := next((size for size in (2, 1) if len(stem) > size and stem[-size:] in self._generic_heads), 0):
            stem = stem[:-ending]
        if stem != measured:
            last = stem[-MEASURED_CHARS:]
            words = {measured} | {last[i:i + 2] for i in range(len(last) - 1)}
            characters = {stem[-1]} if len(stem) <= 2 else set()
        else:
            words = {measured[-2:]} if len(measured) >= 2 else set()
            # a thing measured by itself (用水: 节水60%), not a character of other words (就业: 企业67家)
            characters = {measured[-1]} if len(measured) == 2 and measured[-1] in self._single_measures else set()
        for kin in self._kin:
            if any(word in measured for word in kin):
                words.update(kin)
        return words, characters

    @staticmethod
    def _names_measure(clause: str, names: tuple[set[str], set[str]]) -> bool:
        """Whether a clause names what is measured: one of its words, or its single character right before a
        figure (节水60%, 用电约3成; but not 口 in 口罩近176万只, nor 民 in 72万人民币)."""
        words, characters = names
        return (any(word in clause for word in words)
                or any(re.search(re.escape(character) + _BEFORE_FIGURE, clause) for character in characters))

    def _money_kinds_in(self, text: str) -> tuple[str, ...]:
        """The kinds of money a question names (a budget or an investment, a cost, an income, a saving), in the
        lexicon's words for them; none for a question that only asks how much money."""
        lowered = text.lower()
        return tuple(kind for kind, words in self._money_kinds.items()
                     if any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", lowered) for word in words))

    def _about_places(self, sentence: str, places: tuple[str, ...]) -> bool:
        """Whether a sentence may be about the places asked: it names one of them, or names no place at all."""
        if not places or self._finder is None:
            return True
        named = self._finder.names(sentence, "places")
        return not named or bool(set(named) & set(places))

    def gives_any(self, words: list[str], sentences: list[str]) -> bool:
        """Whether a clause of the sentences states a figure together with one of the words (what a question
        asks beyond a table's labels, given in the report's prose instead)."""
        clauses = [clause for sentence in sentences for clause in _CLAUSE.split(_plain(sentence))]
        return any(word in clause and self._has_figure(clause, False)
                   for clause in clauses for word in words if len(word) >= 2)

    def _in_unit(self, clause: str, unit: str) -> bool:
        """Whether a number of the clause is written in the unit (42万人 in 人, but 3028万人次 not)."""
        undated = _DATE.sub(" ", clause)
        for number in re.finditer(r"\d[\d.,]*\s*", undated):
            # a magnitude and an approximation may stand before the unit: 4100多年, 35万多人次, 300余个
            approximate = re.match(r"([万亿千百十]*)(?:多|余)?", undated[number.end():])
            after = self._units.match(approximate.group(1) + undated[number.end() + approximate.end():])
            if after and _magnitude_free(after.group()) == unit:
                return True
        return False

    def _states(self, clause: str, names: tuple[set[str], set[str]], asked: AskedFigure) -> bool:
        """Whether a clause names what is measured with a figure of it (in percent when asked; a count of it when
        the question counts in a measure word), other things' counts left aside."""
        if not self._names_measure(clause, names):
            return False
        own = self._without_other_counts(clause, names[0])
        if asked.number:
            own = _PERCENTAGE.sub(" ", own)  # 21% of the elderly, or their age, is no number of them
        if asked.number and asked.in_sentence and not self._counts_things(own):
            return False  # "how many flood sensors": the term is the setting, and 海拔3.5米 counts nothing
        return self._has_figure(own, asked.percent) and (asked.unit not in self._count_units
                                                          or bool(self._count.search(own)))

    def _counts_things(self, clause: str) -> bool:
        """Whether the clause counts things or people: a number with a measure word (1200座, 企业67家) or of
        people (42万人, 3028万人次, 1.2万户), not a length, a share or an amount."""
        undated = _without_dates_and_codes(clause)
        return bool(self._count.search(undated) or _PEOPLE.search(undated))

    def _without_other_counts(self, clause: str, measured: set[str]) -> str:
        """The clause without the counts of another thing than the one measured: 5个维度 and 3项中国第一 are no area
        of a county, nor 2点是中小城市的特有动力 a number of cities; a count ending its phrase (企业67家) counts what
        stands before it."""
        def other(match: re.Match) -> str:
            if not match.group(1):  # 企业67家: the thing is named before its count
                return match.group()
            counted = _leading_phrase(match.group(1).split("是")[0])  # 3个目标要求城市: 目标 is counted, not 城市
            return match.group() if counted and any(word in counted for word in measured) else " "

        return self._count.sub(other, clause)

    def _has_figure(self, clause: str, percent: bool) -> bool:
        """Whether the clause states a figure (in percent, when percent is asked): digits that are no date, or a
        figure in words (三分之一, 七成); a name written with digits (5A景区, G20) is none."""
        undated = _without_dates_and_codes(clause)
        if percent:
            return bool(re.search(r"\d\s*%|百分之|个百分点", undated) or self._in_words.search(undated))
        return bool(placed_quantities(undated) or self._in_words.search(undated)
                    or re.search(r"(?:[二两三四五六七八九十百千万亿]|一[一二两三四五六七八九十百千万亿])[一二两三四五六七八九十百千万亿]*"
                                 r"[个家项座名位所倍万亿]", undated)  # 一个 alone is an article (一个主要城市),
                    or _NONE_OF.search(undated))  # but none at all is a figure (没有新建一个传感器)


def _bounds(question: str, years: list[str]) -> tuple[float, ...]:
    """The values of the numbers a question bounds what it asks with (75岁以上, the first 27 days, 5万人以上): not
    its years, nor the digits of a name (5G, 4A, U4SSC)."""
    text = unicodedata.normalize("NFKC", question)
    for code in code_names(text):
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])", " ", text)
    text = _CODE.sub(" ", text)
    text = _YEAR.sub(" ", re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", lambda match: " " if match.group() in years else match.group(), text))
    return tuple(dict.fromkeys(value for _, _, value, _ in placed_quantities(text)))


def _holds_bounds(sentence: str, bounds: tuple[float, ...]) -> bool:
    """Whether the sentence writes each of the bounding numbers (unit-aware: 3028万 is 30.28 million)."""
    if not bounds:
        return True
    values = {value for _, _, value, _ in placed_quantities(sentence)}
    return all(any(same_quantity(value, bound) for value in values) for bound in bounds)


def _one_year(analysis: QuestionAnalysis) -> str | None:
    """The year a question asks a figure for, when it names one year."""
    return analysis.asked.years[0] if len(analysis.asked.years) == 1 else None


def _leading_phrase(counted: str) -> str:
    """The thing counted, up to the first verb after a word that is none (几次线下变成了几次 -> 线下) and without the
    verbs that end the question after it (多少个子系统组成 -> 子系统); a thing described by a verb before it stays
    whole (多少个提供服务的企业)."""
    import jieba.posseg

    words = jieba.posseg.lcut(counted)
    for position, word in enumerate(words):
        if position and word.flag == "v" and any(not earlier.flag.startswith("v") for earlier in words[:position]):
            words = words[:position]
            break
    while len(words) > 1 and words[-1].flag == "v":
        words.pop()
    return "".join(word.word for word in words)


def _plain(sentence: str) -> str:
    """A sentence as the figures are read in it: without footnote marks and the number of its item in a list ((1),
    2)), full-width forms made plain."""
    return _LIST_MARK.sub("", unicodedata.normalize("NFKC", without_footnote_marks(sentence)))


def _without_dates_and_codes(clause: str) -> str:
    """The clause without its dates and the names written with digits (5G, G20), whose digits are no figures."""
    return _CODE.sub(" ", _DATE.sub(" ", clause))


def _magnitude_free(unit: str) -> str:
    """A unit without the magnitude before it: 万人次 -> 人次, 亿元 -> 元."""
    return unit.lstrip("万亿千百十")
