"""Saved model states for prompt beginnings that recur, so that a question's prompt is read only past them.

A prompt's system turn and worked examples are the same for every question, and its first passage is one
of the report's passages, whole. llama.cpp can save the state it reached after reading a prompt (its KV
cache) and load it again in milliseconds; reading the same ~150 tokens again costs about 5 s on two
cores. The store keeps one saved state per prompt beginning and finds, for a new prompt, the longest
beginning it has a state for.

A prompt is compared as text: its messages' roles and contents joined into one string. A saved beginning
is such a string cut after some character of the last message; it matches every prompt whose string
starts with it. Each state is a file named by the beginning's length and digest, so the store needs no
index besides the directory itself.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SUFFIX = ".state"
_NAME = re.compile(r"^(\d+)-([0-9a-f]{40})" + re.escape(SUFFIX) + "$")


def prompt_text(messages: Iterable[dict]) -> str:
    """One string for OpenAI-style messages, in which a prompt's beginning is a prefix of the prompt."""
    return "".join(f"\x1e{message['role']}\x1f{message.get('content') or ''}" for message in messages)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def state_name(text: str) -> str:
    """The file name of the state saved for a prompt beginning."""
    return f"{len(text)}-{_digest(text)}{SUFFIX}"


@dataclass(frozen=True)
class SavedPrefix:
    name: str
    length: int  # characters of the prompt string it covers


class PrefixStore:
    """The saved states in one directory (one directory per model file and context size)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self._lock = threading.Lock()
        self._by_length: dict[int, set[str]] = {}
        for path in directory.glob("*" + SUFFIX):  # none when the directory does not exist yet
            if match := _NAME.match(path.name):
                self._by_length.setdefault(int(match.group(1)), set()).add(match.group(2))

    def __len__(self) -> int:
        return sum(len(digests) for digests in self._by_length.values())

    def has(self, text: str) -> bool:
        with self._lock:
            return _digest(text) in self._by_length.get(len(text), ())

    def prepare(self) -> None:
        """Create the directory, before the first state is saved into it."""
        self.directory.mkdir(parents=True, exist_ok=True)

    def add(self, text: str) -> None:
        """Record that the state for this beginning was saved under ``state_name(text)``."""
        with self._lock:
            self._by_length.setdefault(len(text), set()).add(_digest(text))

    def discard(self, name: str) -> None:
        """Forget a state that could not be loaded (a file deleted or cut short) and delete its file."""
        if match := _NAME.match(name):
            with self._lock:
                self._by_length.get(int(match.group(1)), set()).discard(match.group(2))
            (self.directory / name).unlink(missing_ok=True)

    def longest(self, text: str) -> SavedPrefix | None:
        """The longest saved beginning of the prompt string ``text``."""
        with self._lock:
            lengths = sorted((length for length in self._by_length if length <= len(text)), reverse=True)
            for length in lengths:
                if _digest(text[:length]) in self._by_length[length]:
                    return SavedPrefix(name=state_name(text[:length]), length=length)
        return None

    def keep_only(self, texts: Iterable[str]) -> int:
        """Delete the states of every beginning not among ``texts`` (a changed prompt or passage); returns how many."""
        wanted = {state_name(text) for text in texts}
        removed = 0
        with self._lock:
            for path in self.directory.glob("*" + SUFFIX):
                if path.name not in wanted:
                    path.unlink(missing_ok=True)
                    removed += 1
                    if match := _NAME.match(path.name):
                        self._by_length.get(int(match.group(1)), set()).discard(match.group(2))
        return removed


def shared_length(a: str, b: str) -> int:
    """Characters at the start of ``a`` and ``b`` that are the same."""
    return len(os.path.commonprefix([a, b]))
