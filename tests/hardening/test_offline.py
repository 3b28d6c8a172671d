"""The offline guarantee: the CLI and the app work in a network namespace with no network at all, and never even
try to reach anything but loopback (Chroma telemetry, Hugging Face, Gradio analytics are all off).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from tests.hardening.conftest import ASSISTANT, base_env, free_port, run_cli
from tests.hardening.offline import IsolationUnavailable, SocketRecorder, network_isolation

QUESTION = "宿州的口罩预约运行了多少天？"

CLIENT = textwrap.dedent('''
    """Waits for the app on 127.0.0.1:PORT, asks one question through gradio_client, prints the reply as JSON."""
    import json, os, sys, time, urllib.request

    port, server_pid, patience, question = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    url = f"http://127.0.0.1:{port}/"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + patience
    while True:
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            sys.exit("the app exited before answering")
        try:
            opener.open(url, timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"the app did not answer on {url} within {patience:.0f} s")
            time.sleep(0.5)
    from gradio_client import Client

    messages, _ = Client(url, verbose=False).predict(question, [], "zh", api_name="/ask")
    print(json.dumps(messages[-1], ensure_ascii=False))
''')


@pytest.fixture(scope="module")
def isolation():
    """The command prefix that runs a command without network; fails (never skips) when none can be made."""
    try:
        made = network_isolation()
    except IsolationUnavailable as error:
        pytest.fail(f"cannot create a network namespace: {error}")
    yield made.prefix
    made.close()


@pytest.fixture()
def env(index, settings) -> dict[str, str]:
    """The CLI's environment over the session's (already built) index, extractive engine."""
    return base_env(settings)


def _isolated(prefix: list[str], *args: str, env: dict[str, str], timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, str(ASSISTANT), *args], env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def test_the_namespace_really_has_no_network(isolation):
    # Only a loopback interface, and it is down: not even 127.0.0.1 is reachable until it is brought up.
    probe = subprocess.run([*isolation, sys.executable, "-c", textwrap.dedent("""
        import socket
        for host, port in (("1.1.1.1", 53), ("127.0.0.1", 9)):
            try:
                socket.create_connection((host, port), timeout=3)
                print(host, "reachable")
            except OSError as error:
                print(host, "unreachable", error.errno)
        """)], capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr
    assert "reachable" not in probe.stdout.replace("unreachable", ""), probe.stdout


def test_retrieve_and_ask_work_without_network(isolation, env):
    retrieved = _isolated(isolation, "retrieve", QUESTION, "--json", env=env)
    assert retrieved.returncode == 0, retrieved.stderr
    results = json.loads(retrieved.stdout)["results"]
    assert len(results) == 5 and any("27天" in result["text"] for result in results)

    asked = _isolated(isolation, "ask", QUESTION, "--engine", "extractive", "--json", env=env)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert not answer["refused"] and "27天" in answer["answer"] and answer["citations"], answer


def test_the_cli_attempts_no_outbound_connection(tmp_path, env):
    recorder = SocketRecorder(tmp_path / "recorder")
    hooked = recorder.env(env)
    for args in (["retrieve", QUESTION, "--json"], ["ask", QUESTION, "--engine", "extractive", "--json"]):
        result = run_cli(*args, env=hooked)
        assert result.returncode == 0, result.stderr
        json.loads(result.stdout)
    # the recorder itself works: a probe process under the same hook logs its (local) connection attempt
    probe = subprocess.run([sys.executable, "-c", "import socket; s = socket.socket(); s.settimeout(1)\n"
                            "try: s.connect(('127.0.0.1', 9))\nexcept OSError: pass"], env=hooked, timeout=60)
    assert probe.returncode == 0
    assert any(record["event"] == "socket.connect" for record in recorder.records())
    assert recorder.outbound() == []


def test_the_app_serves_answers_without_network_and_stays_on_loopback(isolation, tmp_path, env):
    recorder = SocketRecorder(tmp_path / "recorder")
    (tmp_path / "client.py").write_text(CLIENT, encoding="utf-8")
    port = free_port()
    script = textwrap.dedent(f"""
        ip link set lo up || exit 97
        "{ASSISTANT}" serve --port {port} --engine extractive > "{tmp_path / 'serve.log'}" 2>&1 &
        server=$!
        "{sys.executable}" "{tmp_path / 'client.py'}" {port} $server 300 "{QUESTION}"
        status=$?
        kill $server 2>/dev/null
        wait $server
        exit $status
    """)
    result = subprocess.run([*isolation, "sh", "-c", script], env=recorder.env(env), capture_output=True, text=True,
                            timeout=420)
    log = (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace") if (tmp_path / "serve.log").exists() else ""
    assert result.returncode == 0, f"status {result.returncode}\n{result.stderr}\napp log:\n{log}"
    reply = json.loads(result.stdout.strip().splitlines()[-1])
    content = reply["content"][0]["text"] if isinstance(reply["content"], list) else reply["content"]
    assert "27天" in content and "smc-cite" in content, content
    assert "Traceback" not in log, log
    binds = [record for record in recorder.records() if record["event"] == "socket.bind" and record["address"][1] == port]
    assert binds, "the app's listening socket was not recorded"
    assert {record["address"][0] for record in binds} == {"127.0.0.1"}  # the default binding is loopback only
    assert recorder.outbound() == [], recorder.outbound()
