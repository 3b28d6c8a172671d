"""Build, check and open the search index: chunks, BM25 tokens, Chroma vectors and a manifest.

A build is written into index/builds/<id>/ and then made current by atomically replacing the symlink
index/current, so an interrupted build never leaves a broken index; a file lock keeps two processes from
building at once. The manifest records what the index was built from; a stale or unreadable index is rebuilt.
The vectors of the passages' sentences are stored too, so cutting a passage to its best sentences embeds
nothing while an official waits for an answer.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.search.bm25 import BM25Index
from assistant.search.chunking import CHUNKER_VERSION, build_chunks
from assistant.knowledge.corpus import REFERENCE_SECTIONS, load_document
from assistant.search.embedders import build_embedder, embedder_id
from assistant.errors import AssistantError, IndexUnavailable
from assistant.search.sentences import answering_sentences
from assistant.knowledge.glossary import Glossary, load_glossary
from assistant.knowledge.tables import RowTable, read_tables, tables_digest
from assistant.schemas import Chunk
from assistant.settings import Settings
from assistant.search.store import DenseStore, chroma_client, drop_collection
from assistant.text import add_words, tokenize

# What a build directory holds; an index of another layout is rebuilt.
INDEX_LAYOUT = 3


@dataclass
class Index:
    """An opened index: the chunks by id, the lexical and dense sides, the glossary, the manifest, the
    vectors of the passages' sentences (by sentence text) and the report's tables as rows."""

    chunks: dict[str, Chunk]
    bm25: BM25Index
    dense: DenseStore
    glossary: Glossary
    manifest: dict
    path: Path
    sentence_vectors: dict[str, list[float]]
    tables: list[RowTable]

    @cached_property
    def cities(self) -> list[str]:
        """The case studies' cities, as the chunks name them."""
        return sorted({chunk.city for chunk in self.chunks.values() if chunk.city})

    @cached_property
    def _sentence_matrix(self) -> tuple[list[str], np.ndarray, np.ndarray]:
        """The chunk ids, and for every stored sentence vector outside the references (a row of the matrix) the
        number of its chunk. A reference's title or address is close to many questions and answers none."""
        ids, owners, rows = list(self.chunks), [], []
        for number, chunk_id in enumerate(ids):
            if self.chunks[chunk_id].section in REFERENCE_SECTIONS:
                continue
            for sentence in answering_sentences(self.chunks[chunk_id].text):
                if sentence in self.sentence_vectors:
                    owners.append(number)
                    rows.append(self.sentence_vectors[sentence])
        return ids, np.asarray(owners, dtype=np.int64), np.asarray(rows, dtype=np.float32)

    def by_best_sentence(self, vector: list[float], limit: int) -> list[tuple[str, float]]:
        """The chunks as (id, cosine similarity of their closest sentence to the vector), best first: a passage
        whose one sentence answers is found even when the rest of it is about something else."""
        ids, owners, matrix = self._sentence_matrix
        if not len(owners):
            return []
        best = np.full(len(ids), -1.0, dtype=np.float32)
        np.maximum.at(best, owners, matrix @ np.asarray(vector, dtype=np.float32))
        order = np.argsort(-best, kind="stable")[:limit]
        return [(ids[number], float(best[number])) for number in order if best[number] > -1.0]


def expected_manifest(settings: Settings) -> dict:
    """What a current index must have been built from."""
    document = load_document(settings.paths.corpus_file)
    glossary = load_glossary(settings.paths.glossary_file)
    return {
        "corpus_sha256": document.sha256,
        "embedder": embedder_id(settings.embedder),
        "chunker_version": CHUNKER_VERSION,
        "glossary": glossary.digest,
        "tables": tables_digest(read_tables(document, build_chunks(document))),
        "chroma": f"{settings.chroma.host}:{settings.chroma.port}" if settings.chroma.host else "embedded",
        "layout": INDEX_LAYOUT,
    }


def _current(settings: Settings) -> Path:
    return settings.paths.index_dir / "current"


def read_manifest(settings: Settings) -> dict | None:
    """The manifest of the current index, or None when there is none or it is unreadable."""
    try:
        return json.loads((_current(settings) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(settings: Settings) -> bool:
    """True when the current index was built from the present corpus, embedder, chunker, glossary and tables."""
    manifest = read_manifest(settings)
    if manifest is None:
        return False
    expected = expected_manifest(settings)
    return all(manifest.get(key) == value for key, value in expected.items())


@contextmanager
def _build_lock(index_dir: Path):
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        handle = open(index_dir / ".lock", "w")
    except OSError as error:
        raise _unwritable(index_dir, error) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _teach_segmenter(glossary: Glossary, chunks: list[Chunk]) -> None:
    add_words(glossary.chinese_words() + [chunk.city for chunk in chunks if chunk.city])


def build_index(settings: Settings, *, progress: bool = True) -> dict:
    """Build a fresh index and make it current; returns its manifest (with the build time in seconds)."""
    started = time.perf_counter()
    index_dir = settings.paths.index_dir
    with _build_lock(index_dir):
        builds = index_dir / "builds"
        build_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        target = builds / build_id
        try:
            target.mkdir(parents=True)
        except OSError as error:
            raise _unwritable(index_dir, error) from None
        collection = f"{settings.chroma.collection}-{build_id}"
        client = None
        try:
            # The store is opened before the slow embedding, so an unreachable Chroma server fails at once.
            client = chroma_client(settings.chroma, target / "chroma")
            embeddings = build_embedder(settings.embedder)
            store = DenseStore(client, collection, embeddings)
            manifest = _write_build(settings, target, store, progress)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            if client is not None and settings.chroma.host:
                drop_collection(client, collection)
            raise
        manifest["build_seconds"] = round(time.perf_counter() - started, 2)
        # The manifest is written last: a build directory without one is incomplete by definition.
        (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        previous = read_manifest(settings)
        link = index_dir / f".current-{build_id}"
        link.symlink_to(Path("builds") / build_id)
        os.replace(link, _current(settings))
        _remove_old_builds(settings, keep=build_id, previous=previous, client=client)
    return manifest


def _write_build(settings: Settings, target: Path, store: DenseStore, progress: bool) -> dict:
    """Embed and store the chunks, write the BM25 tokens, chunks and the tables' rows; returns the manifest."""
    manifest = expected_manifest(settings)
    document = load_document(settings.paths.corpus_file)
    chunks = build_chunks(document)
    glossary = load_glossary(settings.paths.glossary_file)
    _teach_segmenter(glossary, chunks)
    batch = settings.embedder.batch_size
    store.add(chunks, _embed(store, [chunk.embedding_text() for chunk in chunks], "passages", batch, progress))
    sentences = list(dict.fromkeys(s for chunk in chunks for s in answering_sentences(chunk.text)))
    sentence_vectors = _embed(store, sentences, "sentences", batch, progress)
    (target / "sentences.json").write_text(json.dumps(sentences, ensure_ascii=False), encoding="utf-8")
    np.save(target / "sentences.npy", np.asarray(sentence_vectors, dtype=np.float32))
    BM25Index([c.id for c in chunks], [tokenize(c.embedding_text()) for c in chunks]).save(target / "bm25.json")
    (target / "chunks.json").write_text(
        json.dumps([chunk.model_dump() for chunk in chunks], ensure_ascii=False), encoding="utf-8"
    )
    tables = read_tables(document, chunks)
    (target / "tables.json").write_text(
        json.dumps([table.model_dump() for table in tables], ensure_ascii=False), encoding="utf-8"
    )
    return manifest | {
        "collection": store.collection,
        "chunks": len(chunks),
        "sentences": len(sentences),
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }


def _embed(store: DenseStore, texts: list[str], what: str, batch: int, progress: bool) -> list[list[float]]:
    """The texts' vectors, embedded in batches behind a progress bar named after what they are."""
    vectors: list[list[float]] = []
    bar = tqdm(total=len(texts), desc=f"embedding {what}", unit="text", disable=not progress, file=sys.stderr)
    for start in range(0, len(texts), batch):
        vectors.extend(store.embeddings.embed_documents(texts[start : start + batch]))
        bar.update(min(batch, len(texts) - start))
    bar.close()
    return vectors


def _unwritable(index_dir: Path, error: OSError) -> IndexUnavailable:
    return IndexUnavailable(
        f"cannot write the index in {index_dir} ({error.strerror or type(error).__name__}); "
        "make that directory writable or point SMC_PATHS__INDEX_DIR elsewhere"
    )


def _remove_old_builds(settings: Settings, keep: str, previous: dict | None, client) -> None:
    builds = settings.paths.index_dir / "builds"
    for path in builds.iterdir():
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)
    for stray in settings.paths.index_dir.glob(".current-*"):
        stray.unlink(missing_ok=True)
    if settings.chroma.host and previous and previous.get("collection"):
        drop_collection(client, previous["collection"])


def open_index(settings: Settings, *, rebuild: bool = False, progress: bool = True) -> Index:
    """Open the current index, building it first when it is missing, stale, unreadable or rebuild is asked."""
    if rebuild or not is_current(settings):
        build_index(settings, progress=progress)
    try:
        return _open(settings)
    except AssistantError:
        raise
    except Exception:  # a damaged file: rebuild once, then give up with a clear message
        build_index(settings, progress=progress)
        try:
            return _open(settings)
        except Exception as error:
            raise IndexUnavailable(
                f"the index in {settings.paths.index_dir} cannot be opened ({type(error).__name__}); "
                "delete that directory and run `assistant index`"
            ) from error


def _open(settings: Settings) -> Index:
    path = _current(settings).resolve()
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    chunks = [Chunk.model_validate(item) for item in json.loads((path / "chunks.json").read_text(encoding="utf-8"))]
    bm25 = BM25Index.load(path / "bm25.json")
    glossary = load_glossary(settings.paths.glossary_file)
    _teach_segmenter(glossary, chunks)
    embeddings = build_embedder(settings.embedder)
    client = chroma_client(settings.chroma, path / "chroma")
    dense = DenseStore(client, manifest["collection"], embeddings)
    sentences = json.loads((path / "sentences.json").read_text(encoding="utf-8"))
    vectors = np.load(path / "sentences.npy")
    tables = [RowTable.model_validate(item) for item in json.loads((path / "tables.json").read_text(encoding="utf-8"))]
    ids = {chunk.id for chunk in chunks}
    cited = {row.chunk_id for table in tables for row in table.rows}
    if dense.count() != len(chunks) or set(bm25.ids) != ids or len(vectors) != len(sentences) or not cited <= ids:
        raise ValueError("index parts disagree")
    return Index(
        chunks={chunk.id: chunk for chunk in chunks},
        bm25=bm25,
        dense=dense,
        glossary=glossary,
        manifest=manifest,
        path=path,
        sentence_vectors=dict(zip(sentences, vectors.tolist())),
        tables=tables,
    )
