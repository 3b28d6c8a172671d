"""Chroma in client/server mode: a real `chroma run` on loopback, indexed, queried and stopped through the CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from assistant.search.index import is_current
from tests.hardening.conftest import ASSISTANT, Sources, assert_user_error, base_env, read_only, run_cli

pytestmark = pytest.mark.server

QUESTION = "宿州不动产登记改革后需要几项材料、几天办结？"


@pytest.fixture(scope="module")
def server_settings(tmp_path_factory, mini_sources: Sources, chroma_server):
    return mini_sources.settings(tmp_path_factory.mktemp("server-index"),
                                 chroma={"host": "127.0.0.1", "port": chroma_server.port})


def _env(settings) -> dict[str, str]:
    return base_env(settings, SMC_CHROMA__HOST=settings.chroma.host, SMC_CHROMA__PORT=str(settings.chroma.port))


def _server_collections(port: int) -> list[str]:
    import chromadb
    from chromadb.config import Settings as ChromaClientSettings

    client = chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaClientSettings(anonymized_telemetry=False))
    return sorted(collection.name for collection in client.list_collections())


def test_index_retrieve_and_answer_through_the_server(server_settings, chroma_server):
    env = _env(server_settings)
    built = run_cli("index", env=env)
    assert built.returncode == 0, built.stderr
    manifest = json.loads((server_settings.paths.index_dir / "current" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["chroma"] == f"127.0.0.1:{chroma_server.port}"
    assert _server_collections(chroma_server.port) == [manifest["collection"]]
    # the vectors live on the server, not in the build directory
    assert not (server_settings.paths.index_dir / "current" / "chroma").exists()

    retrieved = run_cli("retrieve", QUESTION, "--json", env=env)
    assert retrieved.returncode == 0, retrieved.stderr
    results = json.loads(retrieved.stdout)["results"]
    assert results and any("宿州" in result["title"] or "1天办结" in result["text"] for result in results)

    asked = run_cli("ask", QUESTION, "--engine", "extractive", "--json", env=env)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["engine"] == "extractive" and not answer["refused"], answer
    assert answer["citations"] and "[1]" in answer["answer"]

    # a rebuild makes a new collection current and drops the old one from the server
    rebuilt = run_cli("index", "--rebuild", env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    new_manifest = json.loads((server_settings.paths.index_dir / "current" / "manifest.json").read_text(encoding="utf-8"))
    assert new_manifest["collection"] != manifest["collection"]
    assert _server_collections(chroma_server.port) == [new_manifest["collection"]]

    # replicas can share the index directory read-only: with the vectors on the server nothing is written
    index_dir = server_settings.paths.index_dir
    command = read_only(index_dir, [str(ASSISTANT), "ask", QUESTION, "--engine", "extractive", "--json"])
    try:
        shared = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL)
    finally:
        index_dir.chmod(0o755)
    assert shared.returncode == 0, shared.stderr
    assert json.loads(shared.stdout)["citations"]

    # the same index directory is stale for the embedded store, and for another server
    assert is_current(server_settings)
    embedded = server_settings.model_copy(update={"chroma": server_settings.chroma.model_copy(update={"host": ""})})
    assert not is_current(embedded)
    elsewhere = server_settings.model_copy(update={"chroma": server_settings.chroma.model_copy(update={"port": 1})})
    assert not is_current(elsewhere)


def test_the_server_runs_without_telemetry(server_settings, chroma_server):
    environ = Path(f"/proc/{chroma_server.process.pid}/environ").read_bytes().split(b"\0")
    assert b"ANONYMIZED_TELEMETRY=False" in environ
    if chroma_server.trace is None:
        return  # strace is not installed: the environment is all that can be checked
    calls = [line for line in chroma_server.trace.read_text().splitlines() if "connect(" in line]
    outbound = [line for line in calls if "AF_INET" in line and "127.0.0.1" not in line and "::1" not in line]
    assert not outbound, "the Chroma server connected outside loopback:\n" + "\n".join(outbound)


def test_a_stopped_server_is_one_line_and_exit_code_2(server_settings, chroma_server):
    chroma_server.stop()
    env = _env(server_settings)
    for command in (["ask", QUESTION, "--engine", "extractive", "--json"], ["retrieve", QUESTION, "--json"]):
        line = assert_user_error(run_cli(*command, env=env), "Chroma server", f"127.0.0.1:{chroma_server.port}")
        assert "chroma run" in line
    builds = sorted(path.name for path in (server_settings.paths.index_dir / "builds").iterdir())
    # a rebuild fails at once, before embedding anything, and leaves no half-built directory behind
    assert_user_error(run_cli("index", "--rebuild", env=env, timeout=60), "Chroma server")
    assert sorted(path.name for path in (server_settings.paths.index_dir / "builds").iterdir()) == builds
