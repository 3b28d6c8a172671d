"""llama.cpp's HTTP server (the one xllamacpp ships) serving a GGUF model over the OpenAI-compatible API.

    python -m tests.servers.model_server MODEL.gguf PORT [--alias NAME] [--api-key KEY] [--threads N] [--ctx N] [--verbose]

It listens on 127.0.0.1:PORT only, prints `LISTENING http://127.0.0.1:PORT` once the model is loaded, and serves
until it is stopped. The tests start it as a separate process, as a model server of a deployment would be.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from tests.servers.processes import free_port, kill, stop, wait_for_http

ALIAS = "qwen2.5-coder-1.5b-instruct"


def serve(model: Path, port: int, alias: str, api_key: str, threads: int, context_tokens: int,
          verbose: bool = False) -> None:
    """Load the model into llama.cpp's server on 127.0.0.1:port and block until SIGTERM or SIGINT."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.model_alias = {alias}
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.n_ctx = context_tokens
    params.n_parallel = 1
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.verbosity = 3 if verbose else 0  # 3: llama.cpp logs each request's timings
    if api_key:
        params.api_keys = [api_key]
    server = xllamacpp.Server(params)
    print(f"LISTENING {server.listening_address}", flush=True)
    done = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: done.set())
    done.wait()
    os._exit(0)  # the server's threads hold the model; the process ends with them


@dataclass
class ModelServer:
    """A model server process started by a test: its OpenAI base URL, model name and key."""

    port: int
    process: subprocess.Popen
    log: Path
    alias: str
    api_key: str

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        stop(self.process)

    def kill(self) -> None:
        """End the server with SIGKILL, as a crashed or powered-off host would."""
        kill(self.process)


def start_model_server(model: Path, directory: Path, *, api_key: str = "", threads: int = 0, context_tokens: int = 4096,
                       env: dict[str, str] | None = None, patience: float = 180) -> ModelServer:
    """Start the server on a free loopback port and wait until its /health answers."""
    port = free_port()
    log = directory / f"model-server-{port}.log"
    command = [sys.executable, "-m", "tests.servers.model_server", str(model), str(port), "--alias", ALIAS,
               "--threads", str(threads or os.cpu_count() or 1), "--ctx", str(context_tokens)]
    if api_key:
        command += ["--api-key", api_key]
    with open(log, "w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                                   cwd=Path(__file__).resolve().parents[2], start_new_session=True)
    server = ModelServer(port, process, log, ALIAS, api_key)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", patience, process, log)
    except BaseException:
        server.stop()
        raise
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("port", type=int)
    parser.add_argument("--alias", default=ALIAS)
    parser.add_argument("--api-key", default="")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--ctx", type=int, default=4096)
    parser.add_argument("--verbose", action="store_true", help="log llama.cpp's timings of each request")
    arguments = parser.parse_args()
    serve(arguments.model, arguments.port, arguments.alias, arguments.api_key, arguments.threads, arguments.ctx,
          arguments.verbose)


if __name__ == "__main__":
    main()
