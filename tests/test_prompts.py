"""Prompt files: roles in order, worked examples before the question, variables checked."""

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from assistant.errors import PromptError
from assistant.prompts import Prompt, load_prompt

EXAMPLE = """[system]
Answer from the passages.

[user]
Passages: A is 1.
Question: What is A?

[assistant]
A is 1.

[user]
Passages: {passages}
Question: {question}
"""


def test_turns_are_rendered_in_order_with_their_roles():
    messages = Prompt("example", EXAMPLE).render(passages="B is 2.", question="What is B?")

    assert [type(message) for message in messages] == [SystemMessage, HumanMessage, AIMessage, HumanMessage]
    assert messages[2].content == "A is 1."
    assert messages[3].content == "Passages: B is 2.\nQuestion: What is B?"


def test_a_prompt_must_end_with_the_user_turn():
    with pytest.raises(PromptError, match="must end with a \\[user\\] part"):
        Prompt("broken", "[system]\nS\n[user]\nQ {question}\n[assistant]\nA")


def test_a_system_part_after_a_turn_is_refused():
    with pytest.raises(PromptError, match="only at the start"):
        Prompt("broken", "[user]\nQ\n[system]\nS\n[user]\n{question}")


def test_missing_and_unexpected_variables_are_named():
    with pytest.raises(PromptError, match="missing: question; unexpected: query"):
        Prompt("example", EXAMPLE).render(passages="B", query="?")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_answer_prompt_examples_precede_the_passages_and_never_change(settings, language):
    prompt = load_prompt(settings.paths.prompts_dir, "answer", language)
    first = prompt.render(passages="<passage n=\"1\">甲</passage>", question="甲是什么？")
    second = prompt.render(passages="<passage n=\"1\">乙</passage>", question="乙是什么？")

    # Everything before the last turn is the same for every question, so the local model's prompt cache
    # reuses it; only the last turn carries the passages and the question.
    assert first[:-1] == second[:-1]
    assert any(isinstance(message, AIMessage) for message in first)
    assert "乙" in second[-1].content and all("乙" not in message.content for message in second[:-1])
