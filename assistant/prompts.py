"""Prompts are files in prompts/, loaded by name and language; rendering checks the variables."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.errors import PromptError

_SECTION = re.compile(r"^\[(system|user)\]\s*$", re.MULTILINE)


class Prompt:
    """A chat prompt with a [system] and a [user] part and {named} variables."""

    def __init__(self, name: str, text: str):
        self.name = name
        parts = _SECTION.split(text)
        self.parts: dict[str, str] = {}
        for role, body in zip(parts[1::2], parts[2::2]):
            self.parts[role] = body.strip()
        if "user" not in self.parts:
            raise PromptError(f"prompt {name} has no [user] part")
        self.variables = sorted(
            {field for part in self.parts.values() for _, field, _, _ in string.Formatter().parse(part) if field}
        )

    def render(self, **values: str) -> list[BaseMessage]:
        """The messages with the variables filled in; missing or unexpected variables are an error."""
        missing = [name for name in self.variables if name not in values]
        extra = [name for name in values if name not in self.variables]
        if missing or extra:
            raise PromptError(
                f"prompt {self.name} expects {', '.join(self.variables)}; "
                f"missing: {', '.join(missing) or '-'}; unexpected: {', '.join(extra) or '-'}"
            )
        messages: list[BaseMessage] = []
        if "system" in self.parts:
            messages.append(SystemMessage(self.parts["system"].format(**values)))
        messages.append(HumanMessage(self.parts["user"].format(**values)))
        return messages


@lru_cache(maxsize=32)
def _read(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def load_prompt(prompts_dir: Path, name: str, language: str = "zh") -> Prompt:
    """The prompt `name.<language>.txt` (or `name.txt`) from the prompts directory."""
    for candidate in (prompts_dir / f"{name}.{language}.txt", prompts_dir / f"{name}.txt"):
        if candidate.exists():
            return Prompt(candidate.stem, _read(str(candidate)))
    raise PromptError(f"prompt {name!r} ({language}) not found in {prompts_dir}")
