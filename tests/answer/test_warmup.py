"""Reading the report's passages before questions: which prompt beginnings are saved, and when."""

from __future__ import annotations

import threading

import pytest
from langchain_core.messages import BaseMessage, convert_to_openai_messages
from pydantic import Field

from assistant.answer.pipeline import build_chain
from assistant.llm.fake import ReplayChatModel
from assistant.llm.prefixes import prompt_text
from assistant.answer.warmup import LANGUAGES, prompt_beginnings, warm_up


class SavingModel(ReplayChatModel):
    """A replaying model that also 'saves' prompt beginnings, as the local model does."""

    saved: list[str] = Field(default_factory=list)
    kept: list[str] = Field(default_factory=list)
    busy_answers: int = 0  # how many times remember() reports a question being answered
    stop_after: threading.Event | None = None

    @property
    def saves_prefixes(self) -> bool:
        return True

    def remember(self, messages: list[BaseMessage], give_way: bool = True) -> str:
        if give_way and self.busy_answers:
            self.busy_answers -= 1
            return "busy"
        text = prompt_text(convert_to_openai_messages(messages))
        if text in self.saved:
            return "present"
        self.saved.append(text)
        if self.stop_after is not None and len(self.saved) == 3:
            self.stop_after.set()
        return "saved"

    def forget_other_prefixes(self, beginnings: list[list[BaseMessage]]) -> int:
        self.kept = [prompt_text(convert_to_openai_messages(b)) for b in beginnings]
        return 0


def _text(messages: list[BaseMessage]) -> str:
    return prompt_text(convert_to_openai_messages(messages))


@pytest.mark.parametrize("question", ["宿州的口罩预约一共运行了几天？", "How did Pengshui sell its farm products online?"])
def test_a_question_prompt_starts_with_the_saved_beginning_of_its_first_passage(settings, index, question):
    chain = build_chain(settings, index=index, chat_model=ReplayChatModel(["宿州的服务运行了27天。"]))
    chain.ask(question)
    prompt = _text(chain.chat_model.prompts[-1])
    language = "en" if question.isascii() else "zh"

    beginnings = [_text(b) for b in prompt_beginnings(chain, language)]
    matching = [b for b in beginnings if prompt.startswith(b)]

    assert len(beginnings) == len(index.chunks)
    assert len(matching) == 1
    # Past the beginning comes the next passage or the end of the passages, then the question.
    rest = prompt[len(matching[0]):]
    assert rest.startswith(("<passage n=\"2\">", "</passages>")) and question in rest
    other = "en" if language == "zh" else "zh"
    assert not any(prompt.startswith(_text(b)) for b in prompt_beginnings(chain, other))


def test_warm_up_saves_each_beginning_once_in_both_languages_and_drops_stale_ones(settings, index):
    model = SavingModel()
    chain = build_chain(settings, index=index, chat_model=model)

    first = warm_up(chain)
    again = warm_up(chain)

    assert first.total == 2 * len(index.chunks) == first.saved and first.present == 0 and not first.stopped
    assert again.saved == 0 and again.present == again.total
    assert len(set(model.saved)) == len(model.saved) and sorted(model.kept) == sorted(model.saved)
    assert len(model.saved) == len(LANGUAGES) * len(index.chunks)


def test_warm_up_gives_way_to_questions_and_stops_when_told(settings, index):
    stop = threading.Event()
    model = SavingModel(busy_answers=2, stop_after=stop)
    chain = build_chain(settings, index=index, chat_model=model)

    result = warm_up(chain, languages=["zh"], stop=stop, give_way=True)

    assert model.busy_answers == 0  # it waited out both busy answers instead of skipping the beginning
    assert result.saved == 3 and result.stopped and len(model.saved) == 3


def test_models_that_cannot_save_states_are_not_warmed(settings, index):
    chain = build_chain(settings, index=index, chat_model=ReplayChatModel(["x"]))
    assert warm_up(chain).total == 0 and chain.chat_model.prompts == []
