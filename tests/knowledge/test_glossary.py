"""The zh/en glossary: its Chinese spellings are the report's, its English phrasings find them."""

from __future__ import annotations

from assistant.knowledge.glossary import load_glossary
from assistant.text import squash


def test_every_chinese_spelling_occurs_in_the_report(settings):
    glossary = load_glossary(settings.paths.glossary_file)
    report = squash(settings.paths.corpus_file.read_text(encoding="utf-8"))
    absent = [word for term in glossary.terms for word in [term.zh, *term.variants] if squash(word) not in report]
    assert glossary.terms and absent == []


def test_english_names_of_the_framework_expand_to_the_reports_words(settings):
    glossary = load_glossary(settings.paths.glossary_file)
    assert "7个领域" in glossary.expand("What are the seven domains of the framework?")
    assert "3个阶段" in glossary.expand("Name the three maturity stages.")
    assert "案例" in glossary.expand("Which case studies involve Hitachi?")
