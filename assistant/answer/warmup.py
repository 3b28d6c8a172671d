"""Reading the report's passages before questions arrive.

Every answer prompt starts the same way: the system turn, the worked examples, then the question's first
passage, which is one of the report's passages shown whole whenever it fits (context.FIRST_PASSAGE_SHARE).
A chat model that can save its state after a prompt's beginning (the local model) reads each such beginning
once, in each language; a question's prompt is then read only from its second passage on, which on two
cores takes a few seconds less before the first word.

The app saves the beginnings in the background while nobody is asking; the evaluation saves them before
timing the local engine. The saved states survive restarts, so only the first start pays for them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable

from langchain_core.messages import BaseMessage
from pydantic import BaseModel

from assistant.answer.pipeline import AnswerChain

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
_IDLE_PAUSE_S = 0.5  # how long the background warm-up waits while a question is being answered


class WarmUp(BaseModel):
    """What one warm-up did."""

    saved: int = 0  # beginnings read and saved now
    present: int = 0  # beginnings saved before
    failed: int = 0  # beginnings llama.cpp could not save (answered as before: the prompt read whole)
    total: int = 0
    seconds: float = 0.0
    stopped: bool = False


def prompt_beginnings(chain: AnswerChain, language: str) -> list[list[BaseMessage]]:
    """The answer prompt's beginnings with each of the report's passages as its first passage, whole, in the
    order the passages appear in the report (built by the generator that builds answer prompts)."""
    return chain.generator.beginnings(list(chain.index.chunks.values()), language)


def can_warm_up(chain: AnswerChain) -> bool:
    """Whether the chain's chat model can save its state after a prompt's beginning."""
    return chain.generator is not None and bool(getattr(chain.chat_model, "saves_prefixes", False))


def warm_up(chain: AnswerChain, languages: Iterable[str] = LANGUAGES, stop: threading.Event | None = None,
            give_way: bool = False, progress: Callable[[int, int], None] | None = None) -> WarmUp:
    """Save the model's state after every prompt beginning not saved yet, and delete the states of beginnings
    that no longer occur (a changed prompt or report). ``give_way`` pauses while questions are answered."""
    started = time.perf_counter()
    model = chain.chat_model
    if not can_warm_up(chain):
        return WarmUp()
    beginnings = [b for language in languages for b in prompt_beginnings(chain, language)]
    if set(languages) >= set(LANGUAGES):
        model.forget_other_prefixes(beginnings)
    result = WarmUp(total=len(beginnings))
    stopped = stop.is_set if stop is not None else lambda: False
    for done, beginning in enumerate(beginnings, start=1):
        outcome = "busy"
        while not stopped() and (outcome := model.remember(beginning, give_way=give_way)) == "busy":
            time.sleep(_IDLE_PAUSE_S)
        if outcome == "busy":  # told to stop
            result.stopped = True
            break
        if outcome == "saved":
            result.saved += 1
        elif outcome == "present":
            result.present += 1
        else:
            result.failed += 1
        if progress:
            progress(done, len(beginnings))
    else:
        result.stopped = stopped()
    result.seconds = round(time.perf_counter() - started, 1)
    return result


def warm_up_in_background(chain: AnswerChain) -> threading.Event | None:
    """Start saving the prompt beginnings on a daemon thread that gives way to questions; returns the event
    that stops it, or None when the engine cannot save states."""
    if not can_warm_up(chain):
        return None
    stop = threading.Event()

    def run() -> None:
        try:
            result = warm_up(chain, stop=stop, give_way=True)
            log.info("prompt beginnings: %d saved, %d present, %d failed, in %.0f s",
                     result.saved, result.present, result.failed, result.seconds)
        except Exception:  # the app answers without the saved states; nothing else depends on them
            log.exception("saving the prompt beginnings failed")

    threading.Thread(target=run, name="prompt-warm-up", daemon=True).start()
    return stop
