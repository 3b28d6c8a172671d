"""The dense side of the index: a Chroma collection, embedded under index/ or on a Chroma server."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.errors import IndexUnavailable
from assistant.schemas import Chunk
from assistant.settings import ChromaSettings


def chroma_client(settings: ChromaSettings, persist_dir: Path | None):
    """A Chroma client with telemetry off: HTTP when a server host is configured, else persistent on disk."""
    import chromadb
    from chromadb.config import Settings as ChromaClientSettings

    client_settings = ChromaClientSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.host:
        try:
            return chromadb.HttpClient(host=settings.host, port=settings.port, settings=client_settings)
        except Exception as error:  # chromadb raises ValueError/ConnectionError variants when the server is down
            raise _unreachable(f"{settings.host}:{settings.port}", error) from None
    assert persist_dir is not None
    return chromadb.PersistentClient(path=str(persist_dir), settings=client_settings)


def _unreachable(server: str, error: Exception) -> IndexUnavailable:
    return IndexUnavailable(
        f"cannot reach the Chroma server at {server} ({type(error).__name__}); "
        "start it (`chroma run`) or unset SMC_CHROMA__HOST"
    )


@contextmanager
def _server_errors(client):
    """Report a Chroma server that went away mid-way as IndexUnavailable, not as an HTTP library error."""
    import httpx  # chromadb's HTTP client; an embedded store never raises its errors

    try:
        yield
    except httpx.TransportError as error:
        config = client.get_settings()
        raise _unreachable(f"{config.chroma_server_host}:{config.chroma_server_http_port}", error) from None


class DenseStore:
    """A Chroma collection of the chunks' embedding texts and vectors, cosine similarity."""

    def __init__(self, client, collection: str, embeddings: Embeddings):
        self.collection = collection
        self._client = client
        self.embeddings = embeddings
        with _server_errors(client):
            self._collection = client.get_or_create_collection(collection, metadata={"hnsw:space": "cosine"})

    def add(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        """Store the chunks with precomputed vectors."""
        with _server_errors(self._client):
            self._collection.upsert(
                ids=[chunk.id for chunk in chunks],
                embeddings=vectors,
                documents=[chunk.embedding_text() for chunk in chunks],
                metadatas=[{"section": chunk.section, "order": chunk.order} for chunk in chunks],
            )

    def count(self) -> int:
        """Number of stored vectors."""
        with _server_errors(self._client):
            return self._collection.count()

    def search(self, vector: list[float], limit: int) -> list[tuple[str, float]]:
        """The nearest chunks as (id, cosine similarity), best first."""
        with _server_errors(self._client):
            result = self._collection.query(query_embeddings=[vector], n_results=limit, include=["distances"])
        return [(chunk_id, 1.0 - distance) for chunk_id, distance in zip(result["ids"][0], result["distances"][0])]

    def as_langchain(self):
        """The same collection as a LangChain vector store."""
        from langchain_chroma import Chroma

        return Chroma(client=self._client, collection_name=self.collection, embedding_function=self.embeddings)


def drop_collection(client, name: str) -> None:
    """Delete a collection if it exists."""
    try:
        client.delete_collection(name)
    except Exception:  # noqa: BLE001  chromadb raises different errors for a missing collection across versions
        pass
