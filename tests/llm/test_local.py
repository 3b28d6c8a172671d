"""The local engine with the real bundled model (marked ``llm``: it loads 1 GB and runs on the CPU)."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from assistant.errors import EngineUnavailable
from assistant.llm import build_chat_model
from assistant.llm.local import LocalChatModel, unload_local_models
from assistant.settings import load_settings

PASSAGE = (
    "宿州是安徽省辖地级市，地处皖苏鲁豫四省接壤的中原腹地。"
    "2019年10月，宿州市在全市共性基础平台（市数据中台）基础之上，建立了民生服务平台"
    "（便民服务小程序、互联网+不动产登记系统）与“讯宿办”民生小程序。"
)
QUESTION = [
    SystemMessage("你是报告问答助手。只根据给定的段落回答，用一句中文回答。"),
    HumanMessage(f"段落：{PASSAGE}\n\n问题：宿州市的民生服务平台建于哪一年？"),
]


@pytest.fixture(scope="module")
def local_model() -> LocalChatModel:
    settings = load_settings(llm={"engine": "local", "max_tokens": 40, "temperature": 0.0, "context_tokens": 2048})
    model, engine, notice = build_chat_model(settings)
    if model is None:
        pytest.skip(notice)
    assert engine == "local"
    return model


@pytest.mark.llm
def test_the_local_model_answers_a_chinese_question_from_a_passage(local_model):
    answer = local_model.invoke(QUESTION)

    assert "2019" in answer.content
    assert answer.usage_metadata["output_tokens"] <= 40
    assert answer.response_metadata["timings"]["predicted_n"] == answer.usage_metadata["output_tokens"]


@pytest.mark.llm
def test_the_local_model_streams_tokens_and_honours_stop(local_model):
    chunks = list(local_model.stream(QUESTION))
    pieces = [chunk.content for chunk in chunks if chunk.content]

    assert len(pieces) > 3 and "2019" in "".join(pieces)
    assert chunks[-1].usage_metadata["output_tokens"] >= len(pieces)

    stopped = local_model.invoke(QUESTION, stop=["年"])
    assert "年" not in stopped.content and stopped.response_metadata["finish_reason"] == "stop"


@pytest.mark.llm
def test_a_prompt_longer_than_the_context_says_which_setting_to_change(local_model):
    with pytest.raises(EngineUnavailable, match="more than the local model's context of 2048.*SMC_LLM__CONTEXT_TOKENS"):
        local_model.invoke("数字化转型" * 2000)


@pytest.mark.llm
def test_a_saved_prompt_beginning_is_loaded_instead_of_read_again_after_a_restart(local_model, tmp_path):
    beginning = [QUESTION[0], HumanMessage(f"段落：{PASSAGE}\n\n")]
    saving = local_model.model_copy(update={"prefix_dir": tmp_path / "saved"})
    assert saving.remember(beginning, give_way=False) == "saved"
    assert len(list((tmp_path / "saved").rglob("*.state"))) == 1

    unload_local_models()  # a new process: llama.cpp's own memory of earlier prompts is gone, the file stays
    assert saving.remember(beginning) == "present"
    answer = saving.invoke(QUESTION)
    reused = answer.response_metadata["timings"]["cache_n"]

    unload_local_models()
    fresh = local_model.model_copy(update={"prefix_dir": tmp_path / "empty"}).invoke(QUESTION)

    assert "2019" in answer.content and answer.content == fresh.content
    assert fresh.response_metadata["timings"]["cache_n"] < 5
    assert reused >= 60 and reused + answer.response_metadata["timings"]["prompt_n"] == (
        fresh.response_metadata["timings"]["prompt_n"]
    )
