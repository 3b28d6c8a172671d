"""The lexicon: every entry of the project's file is valid, and a broken file or a missing entry is a clear error."""

from __future__ import annotations

import pytest

from assistant.errors import CorpusError
from assistant.knowledge.lexicon import load_lexicon


def test_every_entry_of_the_project_lexicon_says_what_it_covers_and_holds_words():
    lexicon = load_lexicon()
    assert lexicon.entries
    for name, entry in lexicon.entries.items():
        assert "." in name and entry.covers.strip()
        assert entry.words or entry.patterns or entry.forms


def test_words_come_longest_first_so_a_longer_word_is_matched_before_its_part(tmp_path):
    path = tmp_path / "lexicon.yaml"
    path.write_text("a:\n  b:\n    covers: test\n    words: [阶段, 第二阶段, 二阶段]\n", encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.words("a.b") == ("第二阶段", "二阶段", "阶段")
    assert lexicon.found("a.b", "是第二阶段吗") == ["第二阶段", "二阶段", "阶段"]
    assert lexicon.pattern("a.b").search("xx二阶段").group() == "二阶段"


@pytest.mark.parametrize(
    "text, message",
    [
        ("a:\n  b:\n    covers: test\n", "needs words, patterns or forms"),
        ("a:\n  b:\n    words: [x]\n", "covers"),
        ("a:\n  b:\n    covers: test\n    patterns: ['(unclosed']\n", "a.b"),
        ("a: [x, y]\n", "must map entry names"),
        ("a: {b: [\n", "cannot read lexicon"),
    ],
)
def test_a_broken_lexicon_names_the_entry_and_the_problem(tmp_path, text, message):
    path = tmp_path / "lexicon.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_lexicon(path)


def test_asking_for_an_entry_the_file_does_not_define_is_an_error():
    with pytest.raises(CorpusError, match="no entry 'question.nonexistent'"):
        load_lexicon().entry("question.nonexistent")


def test_a_missing_lexicon_file_says_where_it_was_looked_for(tmp_path):
    with pytest.raises(CorpusError, match="no lexicon at"):
        load_lexicon(tmp_path / "absent.yaml")
