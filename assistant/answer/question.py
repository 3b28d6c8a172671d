"""The question understood once: `QuestionAnalyser.analyse` turns a question and its conversation into one
`QuestionAnalysis` (language, the standalone question, the names it uses, the sides of a comparison, the parts
of a multi-part question, what it asks for), which every later step of the pipeline reads instead of the string.

The words it reads questions with are in corpus/lexicon.yaml (section `question`), the names in glossary.yaml.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from assistant.answer.followup import FollowUps
from assistant.answer.names import NameFinder, NameSpan
from assistant.knowledge.corpus import STAGE_WORDS
from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.knowledge.romanised import RomanisedNames
from assistant.schemas import ChatTurn
from assistant.text import has_chinese, language_of, quoted_names, squash, tagged_words

# The kinds of name a comparison sets side by side, in the order they are looked for.
COMPARED_GROUPS = ("places", "domains", "stages")
# A numeral counting or starting a range is no part of a place's name (五个自…, 三至五线): jieba may tag it as one.
_COUNT_OR_RANGE = re.compile(r"[0-9一二两三四五六七八九十](?:至|到|个|项|类|点|种|条)")
# jieba's tags of proper names other than places (寿光 is tagged a person's name, 义乌 another proper name)
_OTHER_NAMES = frozenset({"nr", "nz", "nrt"})
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9+-]{2,}(?![A-Za-z0-9])")
_FIRM_OF_A_KIND = re.compile(r"(哪一?家|\bwhich\s+)(?:[\u4e00-\u9fff]{1,4}?|(?:[a-z-]+\s+){1,2})(公司|企业|company|firm)", re.I)
# A firm pointed at and asked to be named (那家互联网企业叫什么, 这家公司的名字): asked for as 哪家公司 is.
_THAT_FIRM_NAMED = re.compile(r"[那这]一?家[\u4e00-\u9fff]{0,4}?(公司|企业)(?=[^，。？?]{0,6}(?:叫什么|名字|名称|全称|是哪))")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_TOP_N = re.compile(r"前\s*([0-9一二两三四五六七八九十]+)|\btop\s+([0-9]+|[a-z]+)\b|排(?:名)?(?:在)?第\s*([0-9一二三四五六七八九十]+)|\branked\s+([0-9]+|[a-z]+)"
                    r"|最[^的，。？?]{0,6}的\s*([0-9一二两三四五六七八九十]+)\s*(?:项|个|类|种|条|位|大)"
                    r"|\b([0-9]+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:highest|lowest|most|least|biggest|largest|smallest)\b",
                    re.I)
_NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
MIN_PART_CHARS = 4
# The segmenter's tags of words that name a thing: nouns of every kind, names, abbreviations, Latin words and the
# report's own terms taught to it (x).
_NAMING_TAGS = ("n", "j", "e", "x")


class Asked(BaseModel):
    """What a question asks for."""

    quantity: bool = Field(False, description="A figure, amount, share, rank or date.")
    when: bool = False
    years: list[str] = Field(default_factory=list, description="Years the question names (the figure's year).")
    order: Literal["high", "low"] | None = Field(None, description="A pick from the top or the bottom of a ranking.")
    top_n: int | None = Field(None, description="How many from the top (前三: 3), or which rank (排第二: 2).")
    rank: int | None = Field(None, description="The one rank asked for (排第二, ranked second).")
    definition: bool = False
    who: bool = False
    role: str | None = Field(None, description="The role a who-question asks who holds (mayor, head, designer...), "
                                               "a group of the lexicon's `question.asks_role`.")
    listing: bool = False
    yes_no: bool = False

    @property
    def kind(self) -> str:
        """The main kind: top, quantity, who, definition, list, yes_no or open."""
        if self.order or self.rank:
            return "top"
        for kind in ("quantity", "who", "definition", "listing", "yes_no"):
            if getattr(self, kind):
                return "list" if kind == "listing" else kind
        return "open"


class QuestionAnalysis(BaseModel):
    """One question as the pipeline understands it; every step reads this instead of the raw text."""

    text: str = Field(description="The question as asked, cleaned.")
    language: Literal["zh", "en"]
    standalone: str = Field(description="The question rewritten to stand alone (the text when it does).")
    canonical: str = Field("", description="The standalone question with the framework's names as the report "
                                           "writes them (第三阶段: 阶段三).")
    followup: bool = Field(False, description="Whether the question leaned on the conversation.")
    places: list[str] = Field(default_factory=list, description="Canonical places named, in reading order.")
    domains: list[str] = Field(default_factory=list)
    stages: list[str] = Field(default_factory=list, description="阶段一, 阶段二 or 阶段三, however the question spells them.")
    sides: list[str] = Field(default_factory=list, description="One question per side of a comparison.")
    search_parts: list[str] = Field(default_factory=list, description="One question per compared name, for search.")
    parts: list[str] = Field(default_factory=list, description="The questions of a multi-part question, each standing alone.")
    asked: Asked = Field(default_factory=Asked)
    time_bound: bool = Field(False, description="Asks about the present or a year after the report, which it cannot know.")
    procedure: bool = Field(False, description="Asks for steps to follow, a text to write or the assistant's own "
                                               "opinion, which the report does not give.")
    about_makers: bool = Field(False, description="Asks about the report's authors, contributors or thanks.")
    about_cases: bool = False
    unknown_place: str | None = Field(None, description="A place the report never mentions, if the question names one.")

    @property
    def stage_numbers(self) -> list[int]:
        """The stages named, as numbers."""
        return [STAGE_WORDS[stage[-1]] for stage in self.stages]

    @property
    def with_names(self) -> str:
        """The standalone question followed by the report's own names of the domains and stages it spells
        otherwise (第二阶段: 阶段二, 治理领域: 治理与运行), for scoring the report's sentences against it."""
        text = self.canonical or self.standalone
        return " ".join([text, *(name for name in self.domains + self.stages if name not in text)])

    @property
    def one_domain_and_stage(self) -> tuple[str | None, str | None]:
        """The one domain and the one stage a question names, each None unless exactly one is named."""
        return (self.domains[0] if len(self.domains) == 1 else None, self.stages[0] if len(self.stages) == 1 else None)


Rewriter = Callable[[str, list[ChatTurn], str], str | None]


class QuestionAnalyser:
    """Analyses questions over the report's names, words and vocabulary."""

    def __init__(self, glossary: Glossary, cities: list[str], corpus_text: str, lexicon: Lexicon | None = None):
        self.lexicon = lexicon or load_lexicon()
        self.finder = NameFinder(glossary, cities, {"stages": self.lexicon.forms("question.stage_forms"),
                                                    "domains": self.lexicon.forms("question.domain_forms")},
                                 self.lexicon.words("question.domain_words_en"))
        self.followups = FollowUps(self.finder, self.lexicon)
        self._corpus = squash(corpus_text).lower()
        self._corpus_text = corpus_text
        self._known = {form.lower() for term in glossary.terms for form in [term.zh, *term.variants, *term.en]}
        self._glossary = glossary
        self._romanised = RomanisedNames(corpus_text, glossary)
        self._report_year = _report_year(corpus_text)
        # the years the report writes as years (2030年), not those inside a name (新加坡“智慧国2025”)
        self._years_written = set(re.findall(r"((?:19|20)\d\d)\s*年", corpus_text))

    def analyse(self, question: str, history: list[ChatTurn] | None = None, rewrite: Rewriter | None = None) -> QuestionAnalysis:
        """The analysis of a question asked after `history`; `rewrite` (a language model) may rewrite a follow-up."""
        language = language_of(question)
        standalone, followup = question, False
        if history:
            previous = history[-1].standalone_question or history[-1].question
            if self.followups.leans_on(question, language, previous):
                followup = True
                standalone = self.followups.standalone(question, previous, history, language, rewrite)
        return self._analysed(question, language, standalone, followup)

    def _analysed(self, question: str, language: str, standalone: str, followup: bool) -> QuestionAnalysis:
        words = self.lexicon
        found = lambda name: bool(words.pattern(name).search(standalone))  # noqa: E731
        stages = self.finder.names(standalone, "stages")
        # a stage named makes the question one about the framework, where "governance" names its domain
        domains = self.finder.names(standalone, "domains") or (self.finder.everyday_domains(standalone) if stages else [])
        return QuestionAnalysis(
            text=question,
            language=language,
            standalone=standalone,
            canonical=self.canonical(standalone),
            followup=followup,
            places=self.finder.names(standalone, "places"),
            domains=domains,
            stages=stages,
            sides=self.compared_questions(standalone),
            search_parts=self.question_parts(standalone),
            parts=self.question_parts_asked(standalone),
            asked=self.asked(standalone),
            time_bound=found("question.time_bound") or self.after_the_report(standalone),
            procedure=found("question.asks_procedure"),
            about_makers=found("question.about_the_makers"),
            about_cases=found("question.about_cases"),
            unknown_place=self.unknown_place(standalone, language_of(standalone)),
        )

    def canonical(self, text: str) -> str:
        """The text with its Chinese spellings of the framework's names written as the report writes them
        (第三阶段: 阶段三, 治理领域: 治理与运行)."""
        spans = [span for group in ("domains", "stages") for span in self.finder.spans(text, group)
                 if has_chinese(span.surface) and span.surface != span.name]
        for span in sorted(spans, key=lambda span: -span.start):
            text = text[:span.start] + span.name + text[span.end:]
        return text

    # -- what is asked ----------------------------------------------------------------------------------
    def asked(self, question: str) -> Asked:
        """What the question asks for, read with the lexicon's cue words."""
        words = self.lexicon
        question = _THAT_FIRM_NAMED.sub(r"哪家\1", question)
        found = lambda name: bool(words.pattern(name).search(question))  # noqa: E731
        order = next(iter(orders_named(words, question)), None)
        asks_who = found("question.asks_who") or bool(_FIRM_OF_A_KIND.search(question))
        top_n = rank = None
        for match in _TOP_N.finditer(question):
            value = numeral(next(group for group in match.groups() if group))
            if value is None:
                continue
            if match.group(3) or match.group(4):
                rank = value
            else:
                top_n = value
                order = order or "high"
        return Asked(
            quantity=found("question.asks_quantity"), when=found("question.asks_when"),
            years=list(dict.fromkeys(_YEAR.findall(question))), order=order, top_n=top_n, rank=rank,
            definition=found("question.asks_definition"), who=asks_who,
            role=self._role(question) if asks_who else None,
            listing=found("question.asks_list"), yes_no=found("question.asks_yes_no"),
        )

    def _role(self, question: str) -> str | None:
        """The first role of `question.asks_role` the who-question names, if any (English forms as whole words). A
        firm asked for with its kind (哪家科技公司, which tech company) is asked for as a firm (哪家公司)."""
        question = _FIRM_OF_A_KIND.sub(r"\1\2", question)
        for role, forms in self.lexicon.forms("question.asks_role").items():
            if any(re.search(rf"(?<![a-z]){re.escape(form)}(?![a-z])", question, re.I) for form in forms):
                return role
        return None

    # -- comparisons and parts --------------------------------------------------------------------------
    def question_parts(self, question: str) -> list[str]:
        """One question per name when the question names two or more case cities, domains or stages: the
        question with the other names of that kind taken out. Otherwise none."""
        for group in COMPARED_GROUPS:
            spans = self.finder.spans(question, group, cities_only=group == "places")
            named = list(dict.fromkeys(span.name for span in spans))
            if len(named) < 2:
                continue
            parts = []
            for kept in named:
                part, at = "", 0
                for span in spans:
                    if span.name != kept:
                        part, at = part + question[at:span.start] + " ", span.end
                parts.append(re.sub(r"\s+", " ", part + question[at:]).strip())
            return parts
        return []

    def compared_questions(self, question: str) -> list[str]:
        """One question per name when the question sets two or more case cities, domains or stages side by
        side, in the question's order; also the two phrases of "Compare X's A with Y's B". Names apart from
        each other (two questions about different stages) give none."""
        between = self.lexicon.pattern("question.side_by_side")
        for group in COMPARED_GROUPS:
            spans = _one_per_mention(question, self.finder.spans(question, group, cities_only=group == "places"))
            if len(spans) < 2:
                continue
            if not all(between.fullmatch(question[a.end:b.start]) for a, b in zip(spans, spans[1:])):
                return self._compared_phrases(question, spans)
            first, last = spans[0].start, spans[-1].end
            sides = [self._one_side(question[:first] + question[span.start:span.end] + question[last:]) for span in spans]
            return sides if len(set(sides)) == len(sides) else []
        return []

    def _compared_phrases(self, question: str, spans: list[NameSpan]) -> list[str]:
        """The two questions of a comparison of two phrases, or none when the question is not of that shape:
        "Compare X's A with Y's B", "How does X's A compare with Y's?", "Is X's A larger than Y's?",
        "X的A比Y的B高多少". A second phrase that is only a name is of what the first phrase names (Y's -> Y's A);
        the comparison's own words (larger, 高多少) stay with each phrase."""
        if len(spans) != 2 or spans[0].name == spans[1].name:
            return []
        first, second = spans
        if re.search(r"[。？！?!]|\.(?:\s|$)", question[first.start:second.start]):
            return []
        between = question[first.end:second.start]
        ending = re.compile(r"[。？！?!]|\.(?:\s|$)").search(question, second.end)
        end = ending.start() if ending else len(question)
        predicate, tail = "", question[end:end + 1]
        connector = self.lexicon.pattern("question.compare_connector_en").search(between)
        if connector and self.lexicon.pattern("question.compare_en").search(question[:first.start]):
            if not re.search(r"\w", question[second.end:end]):
                return []  # the second phrase is only a name
        elif connector := self.lexicon.pattern("question.compare_contrast").search(between):
            if language_of(question) == "zh":
                asks = self.lexicon.pattern("question.compare_predicate_zh").search(question[second.end:end])
                if asks is None:
                    return []
                predicate, end = asks.group(), second.end + asks.start()
            else:
                word = re.search(r"\s(\w+)\s*$", between[:connector.start()])
                if word and self.lexicon.pattern("question.compare_words_en").fullmatch(word.group(1)):
                    predicate, connector = " " + word.group(1), word  # "population larger than": larger is asked
                elif verb := re.match(r"\s*(compare[sd]?)\b", connector.group()):
                    predicate = " " + verb.group(1)  # "population compare with": each side is still compared
        else:
            return []
        first_phrase = question[first.start:first.end + connector.start()]
        second_phrase = question[second.start:end]
        if not re.search(r"\w", second_phrase[second.end - second.start:].replace("'s", "").replace("的", "")):
            own_words = re.sub(r"^[\s)）]*", "", first_phrase[first.end - first.start:])  # after "Suzhou's (宿州)"
            second_phrase = question[second.start:second.end] + (" " if re.match(r"[A-Za-z]", own_words) else "") + own_words
        return [self._one_side(question[:first.start] + phrase.strip(" ,，") + predicate + tail)
                for phrase in (first_phrase, second_phrase)]

    def _one_side(self, question: str) -> str:
        """A question about one side of a comparison: without 分别 or "each", a difference asked as a description."""
        part = self.lexicon.pattern("question.both_sides").sub("", question)
        for replacement, patterns in self.lexicon.entry("question.difference_as_description").forms.items():
            for pattern in patterns:
                part = re.sub(pattern, replacement, part, flags=re.I)
        return re.sub(r"\s{2,}", " ", part).strip()

    def question_parts_asked(self, question: str) -> list[str]:
        """The questions of a multi-part question, each standing alone. A later part with no subject of its own
        is asked of the first part's subject ("平湖的城市大脑是什么？建设花了多少钱？" -> "平湖的城市大脑建设花了多少钱",
        "它覆盖了多少人" -> "平湖的城市大脑覆盖了多少人", "and how much did it cost" -> "and how much did Pinghu's city
        brain cost"), for the year it names when it names one; one with a subject but no names of its own takes the first
        part's names ("X是什么？有什么成效？" -> "X是什么？", "X有什么成效？")."""
        pieces = [piece.strip(" ，,") for piece in self.lexicon.pattern("question.part_separators").split(question)]
        pieces = [piece for piece in pieces if len(squash(piece)) >= MIN_PART_CHARS]
        if len(pieces) < 2:
            return []
        topic, subject = self._topic(pieces[0]), self._subject(pieces[0])
        parts = [pieces[0]]
        for piece in pieces[1:]:
            named = any(self.finder.names(piece, group) for group in COMPARED_GROUPS)
            # a part naming its own year asks the first part's subject for that year (2019年的GDP -> 2020年呢)
            held = _without_years(subject) if _YEAR.search(piece) else subject
            if language_of(piece) == "zh":
                bare = self.lexicon.pattern("question.part_pronouns_zh").sub("", piece, count=1)
                if held and (bare != piece or not self._subject(bare)):
                    piece = held + bare
                elif topic and not named:
                    piece = topic + piece
            elif held and (pronoun := self.lexicon.pattern("question.part_pronouns_en").search(piece)):
                possessive = "'s" if pronoun.group("possessive") else ""
                piece = piece[:pronoun.start()] + held + possessive + piece[pronoun.end():]
            elif (held or topic) and not named:
                asks = re.search(r"[?？]*$", piece)  # the subject goes before the question mark: it is of this part
                piece = f"{piece[:asks.start()]} ({held or topic}){asks.group()}"
            parts.append(piece)
        return parts

    def _subject(self, piece: str) -> str:
        """What a question asks about, as it opens it: a Chinese question's words before what it asks, when a
        noun is among them (平湖的城市大脑|是什么), an English one's after its copula (What is |Pinghu's city
        brain); '' when it opens with what it asks (建设花了多少钱, 取得了什么成效)."""
        if language_of(piece) != "zh":
            match = self.lexicon.pattern("question.part_subject_en").search(piece)
            return match.group("subject").strip() if match else ""
        text = self.lexicon.pattern("question.part_framing_zh").sub("", piece.strip(), count=1)
        end = self.lexicon.pattern("question.part_subject_ends_zh").search(text)
        subject = re.sub(r"的+$", "", text[:end.start()] if end else "").strip(" ，,")
        return subject if subject and any(flag[0] in _NAMING_TAGS for _, flag in tagged_words(subject)) else ""

    def _topic(self, text: str) -> str:
        """The names a piece of a question is about, as written, joined (宿州, 民生与服务 阶段二)."""
        spans = sorted((span for group in COMPARED_GROUPS for span in self.finder.spans(text, group)), key=lambda s: s.start)
        return " ".join(dict.fromkeys(span.surface for span in spans))

    def after_the_report(self, question: str) -> bool:
        """Whether the question names a year after the report's own (2023年以后, "by 2025") that the report never
        writes as a year: what happened then is beyond it. A year the report does write (its 2030 targets) may be asked
        about; one inside a name (智慧国2025) is no such year."""
        return any(int(year) > self._report_year and year not in self._years_written for year in _YEAR.findall(question))

    # -- places the report does not know ----------------------------------------------------------------
    def unknown_place(self, question: str, language: str) -> str | None:
        """A place name in the question that the report never mentions, if there is one; or a name the question
        quotes (《通用数据保护条例》, “智慧国家”) or writes in Latin letters (ChatGPT) that the report never uses, since
        such a name is asked about as written."""
        for label, patterns in self.lexicon.entry("question.confusable_places").forms.items():
            name, *context = patterns
            if re.search(name, question, re.I) and all(re.search(c, question, re.I) for c in context):
                return label
        if language == "zh":
            return (self._unknown_quoted_name(question) or self._unknown_latin_name(question)
                    or self._unknown_chinese_place(question))
        return self._unknown_latin_name(question) or self._unknown_english_place(question)

    def _unknown_quoted_name(self, question: str) -> str | None:
        """A Chinese name the question quotes that the report never writes, if there is one."""
        squashed = _squashed(self._corpus_text)
        return next((name for name in quoted_names(question)
                     if has_chinese(name) and squash(name) not in squashed), None)

    def _unknown_latin_name(self, question: str) -> str | None:
        """A name in Latin letters (ChatGPT, GDPR, GPT4, ISO) that the report never writes and the
        glossary does not know, if there is one. Only a word written as a name is one: capitals after its first
        letter or digits in it; a lowercase word (app) or a capitalised English word (What, Pinghu) is left to the
        other checks."""
        lowered = self._corpus_text.lower()
        return next((name for name in _LATIN_NAME.findall(question)
                     if re.search(r"(?<=.)[A-Z]|\d", name) and name.lower() not in lowered and not self._knows(name)),
                    None)

    def _unknown_chinese_place(self, question: str) -> str | None:
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        generic = set(self.lexicon.words("question.generic_places"))
        vocabulary = _vocabulary(self._corpus_text)
        compared = self.lexicon.pattern("question.compared_with_zh")
        position = 0
        for pair in jieba.posseg.cut(question):
            word = pair.word
            start, position = position, position + len(word)
            # a name tagged as a person's or another proper name (寿光, 义乌) is a place when something is compared with it
            named = pair.flag.startswith("ns") or (pair.flag in _OTHER_NAMES
                                                   and compared.search(question[:start] + "<>" + question[position:]))
            if not named or word in generic or len(word) < 2 or _COUNT_OR_RANGE.search(word):
                continue
            stem = re.sub(r"(市|县|省|区)$", "", word)
            if stem.lower() in self._known or word in self._known:
                continue
            if stem not in vocabulary and word not in vocabulary:
                return word
        return None

    def _unknown_english_place(self, question: str) -> str | None:
        common = set(self.lexicon.words("question.common_capitalised"))
        for match in re.finditer(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b", question):
            words = match.group(0)
            if words in common or self._knows(words):
                continue
            opens = match.start() == 0 or re.search(r"[.?!:;]\s*$", question[:match.start()])
            if opens and " " not in words:
                continue  # the first word of a question or of a sentence in it is capitalised anyway
            parts = [w for w in re.split(r"[ -]", words) if w not in common]
            if not parts:
                continue
            candidate = " ".join(parts)
            if self._knows(candidate) or any(self._knows(part, word_of_name=True) for part in parts):
                continue
            return candidate
        return None

    def _knows(self, words: str, word_of_name: bool = False) -> bool:
        """Whether the report knows English words: a glossary name however hyphenated or inflected (with
        `word_of_name`, or one word of a glossary name of several), words the report itself writes, or the pinyin
        of one of its Chinese names."""
        return (words.lower() in self._known or self._glossary.knows_english(words, word_of_name)
                or squash(words).lower() in self._corpus or self._romanised.chinese(words) is not None)


def orders_named(lexicon: Lexicon, question: str) -> list[str]:
    """The ends of a ranking a question names in the lexicon's words for them (`question.asks_top`: 最高 high,
    "the least" low), in the lexicon's order; both for a question asking the top and the bottom."""
    return [key for key, forms in lexicon.forms("question.asks_top").items()
            if any(re.search(rf"(?<![a-z]){re.escape(form)}(?![a-z])", question, re.I) for form in forms)]


def numeral(text: str) -> int | None:
    """The number a numeral spells (3, 三, 十二, three, third), or None."""
    text = text.lower()
    if text.isdigit():
        return int(text)
    if text in _NUMERALS:
        return _NUMERALS[text]
    if len(text) == 2 and text[0] == "十" and text[1] in _NUMERALS:
        return 10 + _NUMERALS[text[1]]
    return None


def _one_per_mention(question: str, spans: list[NameSpan]) -> list[NameSpan]:
    """The spans with a name written again right after itself (Suzhou's (宿州)) taken as one mention of it."""
    merged: list[NameSpan] = []
    for span in spans:
        if merged and merged[-1].name == span.name and re.fullmatch(r"[\s'’s(（]*", question[merged[-1].end:span.start]):
            merged[-1] = dataclasses.replace(merged[-1], end=span.end)
            continue
        merged.append(span)
    return merged


def _without_years(text: str) -> str:
    """The text without the years it names (彭水2019年的GDP -> 彭水的GDP, "Pengshui's GDP in 2019" -> "Pengshui's GDP")."""
    text = re.sub(r"\s*\b(?:in|for|of)\s+(?:19|20)\d\d\b", "", text)
    return re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)年?", "", text).strip()


@functools.lru_cache(maxsize=4)
def _squashed(corpus_text: str) -> str:
    """The report without whitespace, as quoted names are looked for in it."""
    return squash(corpus_text)


@functools.lru_cache(maxsize=4)
def _vocabulary(corpus_text: str) -> frozenset[str]:
    """Words as the report segments them (杭州湾 is in the report, 杭州 is not); about a second, so kept."""
    import jieba

    return frozenset(word for word in jieba.cut(corpus_text) if word.strip())


def _report_year(corpus_text: str) -> int:
    """The year the report was published: that of its copyright line (©2022), else the latest year it writes."""
    copyright_line = re.search(r"©\s*((?:19|20)\d\d)", corpus_text)
    return int(copyright_line.group(1)) if copyright_line else max(map(int, _YEAR.findall(corpus_text)), default=9999)
