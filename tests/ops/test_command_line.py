"""The command line: the project's commands only, and no server warnings."""

from __future__ import annotations

import hashlib
import subprocess
import sys

from click.testing import CliRunner

from service.cli import main

PROJECT_COMMANDS = {"create-key", "db-upgrade", "ingest", "load-fixtures", "reanalyze"}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from service.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120)


def test_help_lists_the_project_commands_and_no_flask_options():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1].split()
    assert set(listed) >= PROJECT_COMMANDS
    assert not {"run", "shell", "routes"} & set(listed)
    for flask_option in ("--env-file", "--app", "--debug", "--version"):
        assert flask_option not in result.output


def test_create_key_prints_a_key_and_its_hash_and_no_warning():
    result = _run("create-key")
    assert result.returncode == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    key = lines[0].rsplit(" ", 1)[1]
    assert lines[-1] == "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    assert "API_KEY_HASHES configured" not in result.stdout


def test_help_of_a_command_builds_no_application():
    result = _run("ingest", "--help")
    assert result.returncode == 0 and "Usage:" in result.stdout
    assert result.stderr == ""


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output
