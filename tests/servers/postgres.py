"""A real PostgreSQL server for the tests: Debian's binaries, `initdb` and `pg_ctl` in a temporary directory,
listening on a free loopback port, with a password as a deployment would have.

PostgreSQL refuses to run as root; when the tests run as root (as CI does) the server runs as the unprivileged
user `nobody`, in a directory of its own under /tmp (the pytest directories are private to root).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.servers.processes import free_port

USER = "smc"
PASSWORD = "smc-test-password"
INSTALL_HINT = "apt-get install postgresql"


def postgres_bin() -> Path | None:
    """The directory of the newest installed PostgreSQL's server binaries (Debian keeps them versioned)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda path: int(Path(path).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path else None


class PostgresServer:
    """One PostgreSQL cluster: `start()`, then `new_database()` for each test, `stop()` at the end."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="smc-postgres-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._names = itertools.count(1)
        self._owner = pwd.getpwnam("nobody") if os.geteuid() == 0 else None

    def _run(self, *command: str, timeout: float = 120) -> subprocess.CompletedProcess:
        """Run one of PostgreSQL's programs, as `nobody` when the tests run as root."""
        argv = [str(self.bin_dir / command[0]), *command[1:]]
        if self._owner is not None:
            argv = ["runuser", "-u", self._owner.pw_name, "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=self.root,
                                stdin=subprocess.DEVNULL)
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}\n{self._log_tail()}")
        return result

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""

    def start(self) -> PostgresServer:
        """initdb a new cluster and start it on 127.0.0.1:port; waits until it accepts connections."""
        password_file = self.root / "password"
        password_file.write_text(PASSWORD + "\n")
        if self._owner is not None:
            for path in (self.root, password_file):
                os.chown(path, self._owner.pw_uid, self._owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", USER, f"--pwfile={password_file}", "--auth=scram-sha-256",
                  "-E", "UTF8", "--locale=C", "--no-sync")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} "
                   "-c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of a database of this server."""
        return f"postgresql+psycopg://{USER}:{PASSWORD}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A new empty database, so that tests never see each other's rows; returns its URL."""
        import psycopg

        name = f"test_{next(self._names)}"
        with psycopg.connect(host="127.0.0.1", port=self.port, user=USER, password=PASSWORD, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its directory."""
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
