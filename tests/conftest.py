"""Shared fixtures: settings pointing at temporary directories, and one real index built per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant.settings import Settings, load_settings  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def session_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("session")


@pytest.fixture(scope="session")
def settings(session_dir) -> Settings:
    """Settings with the index and data directories in a temporary place; the extractive engine."""
    return load_settings(
        paths={"index_dir": session_dir / "index", "data_dir": session_dir / "data"},
        llm={"engine": "extractive"},
    )


@pytest.fixture(scope="session")
def index(settings):
    """The real index over the report, built once per session with the default embedder."""
    from assistant.search.index import open_index

    return open_index(settings, progress=False)


@pytest.fixture(scope="session")
def retriever(index, settings):
    from assistant.answer.retrieval import build_retriever

    return build_retriever(index, settings.retrieval)


@pytest.fixture(scope="session")
def analyser(index, settings):
    """The question analyser over the real index's glossary and case cities."""
    from assistant.answer.question import QuestionAnalyser

    return QuestionAnalyser(index.glossary, index.cities, settings.paths.corpus_file.read_text(encoding="utf-8"))


@pytest.fixture()
def cli_env(monkeypatch, settings):
    """Point the CLI (which reads the environment) at the session's index and data directories."""
    monkeypatch.setenv("SMC_PATHS__INDEX_DIR", str(settings.paths.index_dir))
    monkeypatch.setenv("SMC_PATHS__DATA_DIR", str(settings.paths.data_dir))
    monkeypatch.setenv("SMC_LLM__ENGINE", "extractive")
    return settings


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where tests leave artifacts worth looking at (screenshots, reports)."""
    path = PROJECT / "test-output"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server on loopback for the whole test session (Debian's `postgresql` package)."""
    from tests.servers.postgres import INSTALL_HINT, PostgresServer, postgres_bin

    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip(f"PostgreSQL is not installed ({INSTALL_HINT})")
    pytest.importorskip("psycopg", reason="the PostgreSQL driver is not installed (make install)")
    server = PostgresServer(bin_dir).start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.server)])
def database_url(request, tmp_path) -> str:
    """The SQLAlchemy URL of a new, empty database: a SQLite file, or a database on the real PostgreSQL server.

    Store tests that take this fixture run once against each; the PostgreSQL case is marked `server`.
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_server").new_database()
