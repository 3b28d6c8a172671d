"""What the report says of each case city, read from where things sit in it: a question about one case city
that asks what the report tells only of another city, or a stage the report never rates the city in, is not
answered by that other city's sentences.

Two checks, both over the report's own structure:
- a name of the question (quoted, a code, or a glossary term the report quotes) that the report writes only in
  the passages of other case cities (开封的“讯宿办”: the report's 讯宿办 is Suzhou's), never where it speaks of the
  city asked about;
- a case city's stage in a domain the case catalogue (3.2) does not rate it in (宿州 is rated in 民生与服务
  and 政府效能, not in 环境与低碳).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.names import NameFinder
from assistant.answer.question import QuestionAnalysis
from assistant.knowledge.framework import Framework
from assistant.knowledge.glossary import Glossary
from assistant.knowledge.lexicon import Lexicon, load_lexicon
from assistant.messages import message
from assistant.schemas import Chunk
from assistant.text import code_names, has_chinese, quoted_names



@dataclass(frozen=True)
class OutOfCase:
    """Why a question about a case city is beyond what the report says of it."""

    place: str
    term: str | None = None  # the word the report writes only of other cities
    others: tuple[str, ...] = ()  # those cities
    rated: tuple[str, ...] = ()  # the domains the catalogue rates the city in, when a stage or a domain is asked
    domain: str | None = None  # the domain asked, when the report presents no work of the city in it


class CaseScope:
    """Tells a question about one case city that the report answers only for other cities."""

    def __init__(self, chunks: dict[str, Chunk], framework: Framework, finder: NameFinder, glossary: Glossary,
                 lexicon: Lexicon | None = None):
        self.chunks = list(chunks.values())
        self.finder = finder
        self.glossary = glossary
        self.lexicon = lexicon or load_lexicon()
        self.rated: dict[str, list[str]] = {}
        self.domains_en = {domain.zh: domain.en for domain in framework.domains.values()}
        for domain in framework.domains.values():
            for case in domain.cases:
                self.rated.setdefault(case.city, []).append(domain.zh)
        self.cities = {chunk.city for chunk in self.chunks if chunk.city}
        self._cases = {city: "\n".join(chunk.text for chunk in self.chunks if chunk.city == city) for city in self.cities}
        self._own: dict[str, str] = {}  # each city's own text, read once (`_own_text`)
        # the names the report itself quotes (“讯宿办”, “口罩预约”): a glossary term is a name of one thing only then
        self.quoted = {name for chunk in self.chunks for name in quoted_names(chunk.text)}

    def beyond(self, analysis: QuestionAnalysis) -> OutOfCase | None:
        """Why the report does not answer this question about one case city, or None."""
        cities = [place for place in analysis.places if place in self.cities]
        if len(cities) != 1 or analysis.sides:
            return None
        place = cities[0]
        return self._unrated(analysis, place) or self._other_cities_word(analysis, place)

    def message(self, out: OutOfCase, language: str) -> str:
        """The refusal telling the official what the report does cover of the city."""
        joined = "、" if language == "zh" else " and "
        place = self._name(out.place, language)
        if out.term is None:
            rated = [name if language == "zh" else self.domains_en.get(name, name) for name in out.rated]
            if out.domain is not None:
                domain = out.domain if language == "zh" else self.domains_en.get(out.domain, out.domain)
                return message(language, "refusal_unpresented", place=place, rated=joined.join(rated), domain=domain)
            return message(language, "refusal_unrated", place=place, rated=joined.join(rated))
        return message(language, "refusal_other_cities", term=self._name(out.term, language), place=place,
                       others=joined.join(self._name(city, language) for city in out.others))

    def _name(self, chinese: str, language: str) -> str:
        """A Chinese name as an answer in the language writes it: in English, the glossary's English name with
        the Chinese in parentheses, when the glossary has one."""
        term = next((term for term in self.glossary.terms if term.zh == chinese and term.en), None)
        return chinese if language == "zh" or term is None else f"{term.en[0]} ({chinese})"

    def _unrated(self, analysis: QuestionAnalysis, place: str) -> OutOfCase | None:
        """A stage asked of the city in a domain the case catalogue does not rate it in; or the city's work in a
        domain named as one (福冈在产业与经济领域, 开封在环境方面) that the catalogue does not rate it in and its own case
        passages never name."""
        rated = self.rated.get(place, [])
        question = analysis.standalone
        if not rated:
            return None
        if self.lexicon.pattern("question.asks_stage").search(question):
            domains = analysis.domains or self.finder.everyday_domains(question)  # asked of a stage, "in infrastructure"
            return OutOfCase(place, rated=tuple(rated)) if len(domains) == 1 and domains[0] not in rated else None
        domains = analysis.domains
        if len(domains) != 1 or domains[0] in rated or analysis.stages:
            return None
        names = [domains[0], *self.lexicon.forms("question.domain_forms").get(domains[0], [])]  # 城市治理领域
        case = self._cases.get(place, "")
        return None if any(name in case for name in names) else OutOfCase(place, rated=tuple(rated), domain=domains[0])

    def _other_cities_word(self, analysis: QuestionAnalysis, place: str) -> OutOfCase | None:
        """A name of the question that only other case cities' passages write, never one about the city."""
        forms = self.finder.chinese_forms(place)
        own = self._own_text(place)
        for term in self._terms(analysis, forms):
            if term in own:
                continue
            others = {chunk.city for chunk in self.chunks if term in chunk.text}
            if others and None not in others:
                return OutOfCase(place, term=term, others=tuple(sorted(others)))
        return None

    def _own_text(self, place: str) -> str:
        """The text of the passages speaking of the city: its own case passages and every passage naming it."""
        if place not in self._own:
            forms = self.finder.chinese_forms(place)
            self._own[place] = "\n".join(chunk.text for chunk in self.chunks
                                         if chunk.city == place or any(form in chunk.text for form in forms))
        return self._own[place]

    def _terms(self, analysis: QuestionAnalysis, forms: set[str]) -> list[str]:
        """The question's names of things to place: the names it quotes (“讯宿办”) or writes as codes (AEMS) and the
        glossary's terms it uses that the report quotes as names, in Chinese (an English question's by their English
        names); not places; not a kind of thing (农产品, farm products), which other cities may have too. Only the
        official's own words count: a follow-up naming another city asks for that city's counterpart of the thing."""
        question = analysis.text  # not a name carried over from the question before ("那福冈呢？" after 宿州's)
        quoted = [name for name in quoted_names(question) if has_chinese(name)] + code_names(question)
        if analysis.language == "en":
            named = [term.zh for term in self.glossary.matching_terms(question) if term.group != "places"]
        else:
            named = [form for term in self.glossary.terms if term.group != "places"
                     for form in [term.zh, *term.variants] if has_chinese(form) and form in question]
        named = [name for name in named if name in self.quoted]  # 农产品 is a kind of thing, 讯宿办 a name
        places = set().union(*(self.finder.chinese_forms(name) for name in analysis.places)) | forms
        return [term for term in dict.fromkeys(quoted + named)
                if not any(term in name or name in term for name in places)]
