"""Tools for proving the assistant stays on this machine: a network namespace without network, and an audit hook.

`network_isolation()` returns the command prefix that runs a command in a fresh network namespace (only a
loopback interface, down until `ip link set lo up`). `SocketRecorder` installs a `sitecustomize` module that
records every socket destination a Python process (and its Python children) tries to reach, through the
interpreter's audit events, so that even an attempt that fails is seen.
"""

from __future__ import annotations

import ipaddress
import json
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

SITECUSTOMIZE = '''"""Records socket destinations through audit events (written by tests/hardening/offline.py)."""
import json as _json
import os as _os
import sys as _sys

_LOG = _os.environ.get("SMC_TEST_SOCKET_LOG")
_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.bind", "socket.sendto", "socket.sendmsg"}


def _record(event, args):
    if event not in _EVENTS:
        return
    if event == "socket.getaddrinfo":
        address = [args[0], args[1]]
    else:
        address = args[1] if len(args) > 1 else None
    if isinstance(address, bytes):
        address = address.decode("utf-8", "replace")
    line = _json.dumps({"pid": _os.getpid(), "event": event, "address": address}, default=repr) + "\\n"
    fd = _os.open(_LOG, _os.O_WRONLY | _os.O_APPEND | _os.O_CREAT, 0o644)
    try:
        _os.write(fd, line.encode())
    finally:
        _os.close(fd)


if _LOG:
    _sys.addaudithook(_record)
'''

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_local(record: dict) -> bool:
    """Whether a recorded socket event stays on this machine: loopback, a unix socket, or an unspecified bind."""
    address = record["address"]
    if address is None or isinstance(address, str):  # a unix socket path (or abstract name)
        return True
    host = address[0]
    if host in (None, "") or (isinstance(host, str) and host.lower() in LOCAL_NAMES):
        return True
    if isinstance(host, int):  # AF_NETLINK and friends: (pid, groups), no remote host
        return True
    try:
        ip = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False  # a host name other than localhost: resolving it is already an attempt to go out
    if record["event"] == "socket.bind" and ip.is_unspecified:
        return True
    return ip.is_loopback


@dataclass
class SocketRecorder:
    """A directory holding the recording sitecustomize and the log it writes to."""

    directory: Path

    def __post_init__(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
        self.log = self.directory / "sockets.jsonl"

    def env(self, env: dict[str, str]) -> dict[str, str]:
        """env with the recorder active (keeping an existing PYTHONPATH behind it)."""
        path = str(self.directory) + (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        return env | {"PYTHONPATH": path, "SMC_TEST_SOCKET_LOG": str(self.log)}

    def records(self) -> list[dict]:
        """Every socket event recorded so far."""
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines() if line.strip()]

    def outbound(self) -> list[dict]:
        """The recorded events whose destination is not on this machine."""
        return [record for record in self.records() if not is_local(record)]


class IsolationUnavailable(RuntimeError):
    """Neither `unshare -n` nor `ip netns` can create a network namespace here."""


@dataclass
class NetworkIsolation:
    """How to run a command without network; `close()` removes a namespace made with `ip netns add`."""

    prefix: list[str]
    namespace: str | None = None

    def close(self) -> None:
        if self.namespace:
            subprocess.run(["ip", "netns", "del", self.namespace], capture_output=True, timeout=30)


def network_isolation() -> NetworkIsolation:
    """`unshare -n` when it works, else a namespace made with `ip netns add`; IsolationUnavailable otherwise."""
    failures = []
    try:
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True, timeout=30)
        if probe.returncode == 0:
            return NetworkIsolation(["unshare", "-n"])
        failures.append(f"`unshare -n true` exited {probe.returncode}: {probe.stderr.strip()}")
    except OSError as error:
        failures.append(f"`unshare -n true` could not run: {error}")
    name = f"smc-test-{uuid.uuid4().hex[:8]}"
    try:
        added = subprocess.run(["ip", "netns", "add", name], capture_output=True, text=True, timeout=30)
        if added.returncode == 0:
            return NetworkIsolation(["ip", "netns", "exec", name], namespace=name)
        failures.append(f"`ip netns add {name}` exited {added.returncode}: {added.stderr.strip()}")
    except OSError as error:
        failures.append(f"`ip netns add {name}` could not run: {error}")
    raise IsolationUnavailable("; ".join(failures))
