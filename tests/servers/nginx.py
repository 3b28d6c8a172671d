"""nginx in front of app replicas, configured with the README's own example (its ```nginx block).

The README's block is taken as written; only what ties it to a real site is replaced: the replicas' addresses
become the test's loopback ports, and `listen 443 ssl` with its certificate lines becomes a plain loopback port.
Around it goes what a test needs to run nginx as an unprivileged process: pid, logs and temporary files in its
own directory, and an access log that records which replica served each request.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.servers.processes import free_port, stop, wait_for_port

INSTALL_HINT = "apt-get install nginx"
_UPSTREAM_SERVER = re.compile(r"^([ \t]*)server\s+[\w.\-\[\]:]+:\d+([^;]*);")

_FRAME = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log notice;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {dir}/temp/body;
    proxy_temp_path {dir}/temp/proxy;
    fastcgi_temp_path {dir}/temp/fastcgi;
    uwsgi_temp_path {dir}/temp/uwsgi;
    scgi_temp_path {dir}/temp/scgi;
    log_format replicas '$smc_replica|$upstream_addr|$status|$request';
    access_log {dir}/access.log replicas;

{site}
}}
"""


def readme_nginx_block(readme: Path) -> str:
    """The nginx example of the README's deployment section, exactly as written there."""
    blocks = re.findall(r"```nginx\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
    if len(blocks) != 1:
        raise AssertionError(f"expected one nginx example in {readme}, found {len(blocks)}")
    return blocks[0]


def site_config(block: str, port: int, replicas: list[str]) -> str:
    """The README's block serving on 127.0.0.1:port over the given replicas ("host:port"), without TLS."""
    lines: list[str] = []
    replaced = False
    for line in block.splitlines(keepends=True):
        found = _UPSTREAM_SERVER.match(line)
        if found is None:
            lines.append(line)
        elif not replaced:  # the example's servers become ours, with the example's options
            lines += [f"{found.group(1)}server {replica}{found.group(2)};\n" for replica in replicas]
            replaced = True
    if not replaced:
        raise AssertionError("the nginx example names no upstream server")
    site = re.sub(r"listen\s+443\s+ssl\s*;", f"listen 127.0.0.1:{port};", "".join(lines))
    return re.sub(r"^[ \t]*ssl_certificate(_key)?\s.*\n", "", site, flags=re.M)


def nginx_binary() -> str | None:
    """The nginx program (Debian installs it in /usr/sbin, which an ordinary user's PATH may lack)."""
    return shutil.which("nginx", path=f"{os.environ.get('PATH', '')}{os.pathsep}/usr/sbin")


@dataclass
class Nginx:
    """nginx running in the foreground from its own directory, as `nobody` when the tests run as root."""

    port: int
    directory: Path
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def access_log(self) -> list[tuple[str, str, str, str]]:
        """(sticky key, replica address, status, request line) of each request served so far."""
        rows = []
        path = self.directory / "access.log"
        for line in path.read_text(errors="replace").splitlines() if path.exists() else []:
            key, upstream, status, request = line.split("|", 3)
            rows.append((key, upstream, status, request))
        return rows

    def errors(self) -> str:
        path = self.directory / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        stop(self.process)
        shutil.rmtree(self.directory, ignore_errors=True)


def start_nginx(readme: Path, replicas: list[str]) -> Nginx:
    """Generate the configuration from the README into a new directory, check it with `nginx -t` and start it."""
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError(f"nginx is not installed ({INSTALL_HINT})")
    directory = Path(tempfile.mkdtemp(prefix="smc-nginx-"))
    port = free_port()
    (directory / "temp").mkdir()
    site = site_config(readme_nginx_block(readme), port, replicas)
    (directory / "nginx.conf").write_text(_FRAME.format(dir=directory, site=site), encoding="utf-8")
    prefix: list[str] = []
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        for path in (directory, directory / "temp"):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)
        prefix = ["runuser", "-u", "nobody", "--"]
    command = [*prefix, binary, "-p", str(directory), "-c", str(directory / "nginx.conf"), "-e", str(directory / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if checked.returncode != 0:
        raise AssertionError(f"nginx rejects the configuration generated from the README:\n{checked.stderr}\n"
                             f"{(directory / 'nginx.conf').read_text()}")
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, start_new_session=True)
    wait_for_port(port, 30, process, directory / "error.log")  # no request: the replicas' logs stay the officials'
    return Nginx(port, directory, process)

