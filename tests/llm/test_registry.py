"""Choosing the chat engine from settings, and falling back when the local model is missing."""

from __future__ import annotations

import sys

import pytest

from assistant.errors import ConfigurationError, ModelUnavailable
from assistant.llm import LOCAL_MISSING_NOTICE, build_chat_model, describe_engine
from assistant.llm.local import LocalChatModel
from assistant.settings import Settings


def test_the_default_engine_is_local():
    assert Settings().llm.engine == "local"


def test_the_extractive_engine_needs_no_model():
    assert build_chat_model(Settings(llm={"engine": "extractive"})) == (None, "extractive", None)
    assert describe_engine("extractive", Settings()) == "extractive"


def test_local_falls_back_to_extractive_with_a_notice_when_the_parts_are_not_installed(tmp_path, monkeypatch):
    # Hide the installed part packages, and use an empty model cache.
    monkeypatch.setattr(sys, "path", [entry for entry in sys.path if "site-packages" not in entry])
    settings = Settings(llm={"engine": "local", "model_cache_dir": tmp_path})

    assert build_chat_model(settings) == (None, "extractive", LOCAL_MISSING_NOTICE)
    assert "run `make install`" in LOCAL_MISSING_NOTICE


def test_local_uses_a_configured_gguf_file_and_loads_it_lazily(tmp_path):
    own = tmp_path / "own-model.gguf"
    own.write_bytes(b"GGUF not really a model")
    settings = Settings(llm={"engine": "local", "model_path": own, "context_tokens": 2048, "max_tokens": 64})

    model, engine, notice = build_chat_model(settings)

    assert isinstance(model, LocalChatModel)
    assert (engine, notice) == ("local", None)
    assert (model.model_path, model.context_tokens, model.max_tokens) == (own, 2048, 64)
    assert describe_engine("local", settings) == "本地模型 own-model.gguf"
    # Nothing was loaded yet: the broken file is only noticed at the first question.
    with pytest.raises(ModelUnavailable, match="llama.cpp could not load the local model"):
        model.invoke("问题")


def test_a_configured_model_path_that_does_not_exist_is_an_error_not_a_fallback(tmp_path):
    settings = Settings(llm={"engine": "local", "model_path": tmp_path / "missing.gguf"})

    with pytest.raises(ModelUnavailable, match="SMC_LLM__MODEL_PATH"):
        build_chat_model(settings)


def test_the_bundled_model_has_a_human_label():
    assert describe_engine("local", Settings()) == "本地模型 Qwen2.5-Coder-1.5B (Q4_K_M)"


def test_an_unknown_engine_is_a_configuration_error():
    settings = Settings()
    settings.llm.engine = "telepathy"  # bypasses validation, as a stale config object could

    with pytest.raises(ConfigurationError, match="unknown engine 'telepathy'; choose one of: local, openai"):
        build_chat_model(settings)
