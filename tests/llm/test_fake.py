"""The replaying fake chat model that other tests use in place of a real engine."""

from __future__ import annotations

import asyncio

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.errors import EngineUnavailable
from assistant.llm import build_chat_model, describe_engine
from assistant.llm.fake import DEFAULT_REPLY, ReplayChatModel, split_pieces
from assistant.settings import Settings


def test_replies_are_replayed_in_order_and_then_cycle():
    model = ReplayChatModel(["第一个回答", "second answer"])

    answers = [model.invoke(f"问题{n}").content for n in range(3)]

    assert answers == ["第一个回答", "second answer", "第一个回答"]


def test_every_prompt_is_recorded_as_the_messages_received():
    model = ReplayChatModel(["好的"])
    prompt = [SystemMessage("只根据段落回答。"), HumanMessage("宿州在哪个省？")]

    model.invoke(prompt)
    list(model.stream("第二个问题"))

    assert model.prompts == [prompt, [HumanMessage("第二个问题")]]


def test_stream_yields_small_pieces_that_add_up_to_the_reply():
    reply = "宿州位于安徽省北部, founded long ago."
    model = ReplayChatModel([reply])

    pieces = [chunk.content for chunk in model.stream("问题")]

    assert "".join(pieces) == reply
    assert pieces[:4] == ["宿", "州", "位", "于"]
    assert " founded" in pieces and max(len(piece) for piece in pieces) <= len(" founded")


def test_async_calls_replay_and_record_too():
    model = ReplayChatModel(["一", "二"])

    async def run():
        first = await model.ainvoke("甲")
        second = [chunk.content async for chunk in model.astream("乙")]
        return first.content, "".join(second)

    assert asyncio.run(run()) == ("一", "二")
    assert len(model.prompts) == 2


def test_an_exception_reply_is_raised_each_time_its_turn_comes():
    model = ReplayChatModel(["好", EngineUnavailable("the server went away")])

    assert model.invoke("1").content == "好"
    with pytest.raises(EngineUnavailable, match="went away"):
        model.invoke("2")
    assert model.invoke("3").content == "好"
    with pytest.raises(EngineUnavailable):
        list(model.stream("4"))
    assert len(model.prompts) == 4


def test_reset_forgets_prompts_and_starts_over():
    model = ReplayChatModel(["一", "二"])
    model.invoke("甲")

    model.reset()

    assert model.prompts == [] and model.invoke("乙").content == "一"


def test_no_replies_is_an_error_and_none_means_the_default_reply():
    with pytest.raises(ValueError):
        ReplayChatModel([])
    assert ReplayChatModel().invoke("问题").content == DEFAULT_REPLY


def test_split_pieces_keeps_every_character():
    text = "  数字化转型 (digital transformation) 2022年\n"
    assert "".join(split_pieces(text)) == text


def test_the_registry_builds_the_fake_engine_with_the_given_replies():
    settings = Settings(llm={"engine": "fake"})

    model, engine, notice = build_chat_model(settings, replies=["固定回答"])

    assert isinstance(model, ReplayChatModel)
    assert (engine, notice) == ("fake", None)
    assert model.invoke("问题").content == "固定回答"
    assert describe_engine("fake", settings) == "fake (replayed replies)"
