"""The README's deployment, for real and on loopback: nginx (its configuration generated from the README's own
example) in front of two app replicas that share a Chroma server, PostgreSQL and one index directory.

Simulated officials go through nginx for a minute; then one replica is killed in the middle of an official's
assessment, and the same browser continues it on the other replica, every answered step kept.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.assessment.conftest import HAPPY_PATH
from tests.hardening.conftest import AppProcess, base_env, launch, run_cli, wait_until_answering
from tests.hardening.load import run_load
from tests.servers.nginx import INSTALL_HINT, Nginx, nginx_binary, start_nginx
from tests.servers.processes import kill, stop

pytestmark = pytest.mark.server

README = Path(__file__).resolve().parents[2] / "README.md"
# Replies answered on the first replica: through the stages of 民生与服务 and into 政府效能.
BEFORE_THE_CRASH = 10


@dataclass
class Deployment:
    nginx: Nginx
    replicas: list[AppProcess]
    store_url: str

    def replica_at(self, address: str) -> AppProcess:
        return next(replica for replica in self.replicas if address == f"127.0.0.1:{replica.port}")

    def served(self) -> dict[str, set[str]]:
        """Which replicas answered each browser (by its sticky key), the last one tried for each request."""
        by_key: dict[str, set[str]] = defaultdict(set)
        for key, upstream, _status, _request in self.nginx.access_log():
            if upstream != "-":
                by_key[key].add(upstream.split(", ")[-1])
        return by_key


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, mini_sources, chroma_server, postgres_server) -> Iterator[Deployment]:
    if nginx_binary() is None:
        pytest.skip(f"nginx is not installed ({INSTALL_HINT})")
    directory = tmp_path_factory.mktemp("deployment")
    settings = mini_sources.settings(directory, chroma={"host": "127.0.0.1", "port": chroma_server.port})
    store_url = postgres_server.new_database()
    shared = base_env(settings, SMC_CHROMA__HOST="127.0.0.1", SMC_CHROMA__PORT=str(chroma_server.port),
                      SMC_STORE__URL=store_url)
    built = run_cli("index", env=shared)  # once, from one machine, against the Chroma server
    assert built.returncode == 0, built.stderr
    with ExitStack() as stack:
        replicas = []
        for number in (1, 2):  # each replica has its own data directory (exports) and shares everything else
            env = shared | {"SMC_PATHS__DATA_DIR": str(directory / f"replica-{number}")}
            replica = launch(env, directory, "--engine", "extractive")
            stack.callback(stop, replica.process)
            replicas.append(replica)
        for replica in replicas:
            wait_until_answering(replica)
        nginx = start_nginx(README, [f"127.0.0.1:{replica.port}" for replica in replicas])
        stack.callback(nginx.stop)
        yield Deployment(nginx, replicas, store_url)


def test_ten_officials_for_a_minute_through_nginx_on_two_replicas(deployment, output_dir, capsys):
    report = run_load(deployment.nginx.url, officials=10, seconds=60)
    (output_dir / "load-replicas.json").write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2),
                                                   encoding="utf-8")
    served = deployment.served()
    with capsys.disabled():
        counts = {address: sum(address in replicas for replicas in served.values())
                  for address in {f"127.0.0.1:{replica.port}" for replica in deployment.replicas}}
        print(f"\n[load-replicas] {report.summary()}\n  browsers per replica: {counts}")
    assert report.errors == [], report.summary()
    assert report.leaks == [], report.summary()
    for official, (pairs, assessments) in report.completed.items():
        assert pairs >= 1 and assessments >= 1, f"official {official} did not get through both tasks: {report.summary()}"
    # sticky: every browser stayed on one replica; and both replicas served (ten random keys all landing on
    # one of two replicas would happen about twice in a thousand runs)
    assert all(len(replicas) == 1 for replicas in served.values()), served
    assert all(counts.values()), counts
    for replica in deployment.replicas:
        assert "Traceback" not in replica.output(), replica.output()[-3000:]


def _client(url: str, cookies: dict[str, str] | None = None):
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False, analytics_enabled=False,
                  httpx_kwargs={"timeout": 120, "cookies": dict(cookies or {})})


def _official_lines(chat: list) -> list[str]:
    """What the official said, in order, as the chat shows it (a message's content may come in parts)."""
    def words(content) -> str:
        if isinstance(content, list):
            return "".join(part.get("text", "") for part in content if isinstance(part, dict))
        return str(content)

    # the official's text is shown as text: escaped, in a question block
    shown = [words(message["content"]) for message in chat if message["role"] == "user"]
    return [html.unescape(re.sub(r"^<div class=\"smc-question\">|</div>$", "", line)) for line in shown]


# Last in this module: it kills a replica.
def test_an_assessment_continues_on_the_other_replica_when_its_replica_is_killed(deployment):
    from assistant.assessment.store import AssessmentStore

    browser = _client(deployment.nginx.url)
    key = browser.cookies["smc_replica"]
    assessment_id, chat, *_ = browser.predict("zh", api_name="/assessment_start")
    for text in HAPPY_PATH[:BEFORE_THE_CRASH]:
        now, chat, *_ = browser.predict(text, api_name="/assessment_reply")
        assert now == assessment_id
    assert _official_lines(chat) == HAPPY_PATH[:BEFORE_THE_CRASH]
    [first] = deployment.served()[key]
    kill(deployment.replica_at(first).process)

    # The official reloads the page: the same browser (its cookie), a new session, on the replica that is left.
    reloaded = _client(deployment.nginx.url, browser.cookies)
    resumed, chat, *_ = reloaded.predict(assessment_id, api_name="/assessment_resume")
    assert resumed == assessment_id
    assert _official_lines(chat) == HAPPY_PATH[:BEFORE_THE_CRASH]
    for text in HAPPY_PATH[BEFORE_THE_CRASH:]:
        now, chat, *_ = reloaded.predict(text, api_name="/assessment_reply")
        assert now == assessment_id
    assert _official_lines(chat) == HAPPY_PATH
    assert deployment.served()[key] == {first, *(f"127.0.0.1:{r.port}" for r in deployment.replicas if r.process.poll() is None)}

    store = AssessmentStore(deployment.store_url)
    try:
        assessment = store.load(assessment_id)
        events = store.events(assessment_id)
    finally:
        store.close()
    assert [event.user_text for event in events] == [None, *HAPPY_PATH]
    services, government = assessment.records["services"], assessment.records["government"]
    assert (services.current, services.target) == (1, 2)
    assert (government.current, government.target) == (2, 3)
    assert events[-1].state == "summary"
