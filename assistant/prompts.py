"""Prompts are files in prompts/, loaded by name and language; rendering checks the variables."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.errors import PromptError

_SECTION = re.compile(r"^\[(system|user|assistant)\]\s*$", re.MULTILINE)
_MESSAGE = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}


class Prompt:
    """A chat prompt: an optional [system] part, then [user] and [assistant] turns, with {named} variables.

    The turns before the last [user] part are worked examples; they come before the passages, so the
    local model's prompt cache keeps them from one question to the next.
    """

    def __init__(self, name: str, text: str):
        self.name = name
        pieces = _SECTION.split(text)
        self.turns: list[tuple[str, str]] = [(role, body.strip()) for role, body in zip(pieces[1::2], pieces[2::2])]
        roles = [role for role, _ in self.turns]
        if not roles or roles[-1] != "user":
            raise PromptError(f"prompt {name} must end with a [user] part")
        if "system" in roles[1:]:
            raise PromptError(f"prompt {name} may have a [system] part only at the start")
        self.variables = sorted(
            {field for _, body in self.turns for _, field, _, _ in string.Formatter().parse(body) if field}
        )

    @property
    def examples(self) -> list[str]:
        """The worked examples' answers: the [assistant] turns."""
        return [body for role, body in self.turns if role == "assistant"]

    def render(self, **values: str) -> list[BaseMessage]:
        """The messages with the variables filled in; missing or unexpected variables are an error."""
        missing = [name for name in self.variables if name not in values]
        extra = [name for name in values if name not in self.variables]
        if missing or extra:
            raise PromptError(
                f"prompt {self.name} expects {', '.join(self.variables)}; "
                f"missing: {', '.join(missing) or '-'}; unexpected: {', '.join(extra) or '-'}"
            )
        return [_MESSAGE[role](body.format(**values)) for role, body in self.turns]


@lru_cache(maxsize=32)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def load_prompt(prompts_dir: Path, name: str, language: str = "zh") -> Prompt:
    """The prompt `name.<language>.txt` (or `name.txt`) from the prompts directory."""
    for candidate in (prompts_dir / f"{name}.{language}.txt", prompts_dir / f"{name}.txt"):
        if candidate.exists():
            return Prompt(candidate.stem, _read(str(candidate)))
    raise PromptError(f"prompt {name!r} ({language}) not found in {prompts_dir}")
