"""`assistant serve`: user errors are one line and exit code 2."""

from __future__ import annotations

import socket

from typer.testing import CliRunner

from assistant.cli import app
from tests.ui.conftest import free_port


def test_unknown_engine_is_rejected_before_anything_loads(cli_env):
    result = CliRunner().invoke(app, ["serve", "--engine", "gpt"])
    assert result.exit_code == 2
    assert "unknown engine 'gpt'; choose one of: local, openai, extractive" in result.output


def test_a_port_in_use_says_to_choose_another(cli_env, index):
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        result = CliRunner().invoke(app, ["serve", "--port", str(port), "--engine", "extractive"])
    assert result.exit_code == 2
    assert f"cannot serve on 127.0.0.1:{port}" in result.output and "choose another with --port" in result.output
    assert "Traceback" not in result.output
