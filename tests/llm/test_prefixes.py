"""The store of saved model states for recurring prompt beginnings (no model needed)."""

from __future__ import annotations

from assistant.llm.prefixes import PrefixStore, prompt_text, shared_length, state_name

SYSTEM = {"role": "system", "content": "只依据报告回答。"}


def _prompt(user: str) -> str:
    return prompt_text([SYSTEM, {"role": "user", "content": user}])


def test_a_beginning_matches_every_prompt_that_starts_with_it_and_the_longest_wins(tmp_path):
    store = PrefixStore(tmp_path)
    short, long = _prompt("报告段落：\n<passage n=\"1\">\n宿州"), _prompt("报告段落：\n<passage n=\"1\">\n宿州市建立了平台。\n</passage>\n")
    store.add(short)
    store.add(long)

    question = _prompt("报告段落：\n<passage n=\"1\">\n宿州市建立了平台。\n</passage>\n<passage n=\"2\">\n福冈\n</passage>")
    found = store.longest(question)

    assert found is not None and found.length == len(long) and found.name == state_name(long)
    assert store.longest(_prompt("报告段落：\n<passage n=\"1\">\n宿州的别的段落")).length == len(short)
    assert store.longest(_prompt("报告段落：\n<passage n=\"1\">\n福冈")) is None
    # Another system turn is another prompt, even with the same passage.
    assert store.longest(prompt_text([{"role": "system", "content": "Answer in English."},
                                      {"role": "user", "content": "报告段落：\n<passage n=\"1\">\n宿州市建立了平台。\n</passage>\n"}])) is None


def test_the_store_is_read_back_from_its_directory_and_forgets_what_is_not_kept(tmp_path):
    kept, dropped = _prompt("甲段落\n"), _prompt("乙段落\n")
    for text in (kept, dropped):
        (tmp_path / state_name(text)).write_bytes(b"state")
    (tmp_path / "notes.txt").write_text("not a state")

    store = PrefixStore(tmp_path)
    assert len(store) == 2 and store.has(kept) and store.has(dropped)

    assert store.keep_only([kept]) == 1
    assert store.has(kept) and not store.has(dropped) and store.longest(dropped + "问题") is None
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([state_name(kept), "notes.txt"])


def test_a_state_that_could_not_be_loaded_is_forgotten_and_its_file_deleted(tmp_path):
    text = _prompt("甲段落\n")
    (tmp_path / state_name(text)).write_bytes(b"cut sh")
    store = PrefixStore(tmp_path)

    store.discard(store.longest(text + "问题").name)

    assert not store.has(text) and store.longest(text + "问题") is None and list(tmp_path.iterdir()) == []


def test_a_store_creates_its_directory_only_to_save_into_it(tmp_path):
    store = PrefixStore(tmp_path / "model")
    assert len(store) == 0 and store.longest(_prompt("问题")) is None and store.keep_only([]) == 0
    assert not (tmp_path / "model").exists()
    store.prepare()
    assert (tmp_path / "model").is_dir()


def test_shared_length_counts_the_common_beginning():
    assert shared_length("宿州市的平台", "宿州市的数据") == 4
    assert shared_length("", "宿州") == 0
    assert shared_length("宿州", "宿州") == 2
    assert shared_length("abc", "abcdef") == 3
