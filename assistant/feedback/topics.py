"""What a question is about, for the admin page: the domains, stages and case cities it names or was answered
from, and its content words (the topics of refused questions map what the report does not cover)."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.knowledge.corpus import DOMAIN_BY_SECTION
from assistant.knowledge.glossary import Glossary, Term
from assistant.schemas import Answer
from assistant.text import language_of, tokenize

# Words of a question longer than this many characters are not shown as its topic words.
MAX_TOPIC_WORDS = 6


class Topics(BaseModel):
    """Names are the report's Chinese spellings (民生与服务, 阶段二, 宿州)."""

    domains: list[str] = Field(default_factory=list)
    stages: list[str] = Field(default_factory=list)
    cities: list[str] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list, description="Content words of the question, in its order.")


def _words(text: str) -> str:
    """Lower-cased words separated by single spaces, possessives dropped, with a space at each end."""
    return " " + " ".join(re.sub(r"[^\w+-]+", " ", re.sub(r"['’]s\b", "", text.lower())).split()) + " "


def _named(question: str, terms: list[Term]) -> list[str]:
    """The terms a question names, by their Chinese spelling or any English phrasing."""
    if language_of(question) == "en":
        lowered = _words(question)
        return [term.zh for term in terms if any(_words(phrase) in lowered for phrase in term.en)]
    return [term.zh for term in terms if any(form and form in question for form in [term.zh, *term.variants])]


def topics_of(answer: Answer, glossary: Glossary, cities: list[str]) -> Topics:
    """The topics of an answered or refused question: named in it, or the domains of the sections cited."""
    question = answer.standalone_question or answer.question
    groups: dict[str, list[Term]] = {}
    for term in glossary.terms:
        groups.setdefault(term.group, []).append(term)
    domains = _named(question, groups.get("domains", []))
    for citation in answer.citations:
        domain = DOMAIN_BY_SECTION.get(citation.section)
        if domain and domain not in domains:
            domains.append(domain)
    places = [term for term in groups.get("places", []) if term.zh in cities]
    words = [word for word in dict.fromkeys(tokenize(question)) if len(word) >= 2][:MAX_TOPIC_WORDS]
    return Topics(domains=domains, stages=_named(question, groups.get("stages", [])), cities=_named(question, places),
                  words=words)
