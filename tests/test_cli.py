"""The ``leadtogether`` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from leadtogether import cli


def run_cli(*args: str, var_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the command in a new process against a new, empty SQLite database."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["LEADTOGETHER_VAR_DIR"] = str(var_dir)
    return subprocess.run(
        [sys.executable, "-m", "leadtogether.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_help_lists_the_commands(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ["import", "export", "report", "plgs", "demo", "manage"]:
        assert f"  {name}" in out


def test_an_unknown_command_is_refused(capsys):
    assert cli.main(["frobnicate"]) == 2
    assert "unknown command 'frobnicate'" in capsys.readouterr().err


def test_commands_work_on_a_new_empty_database(tmp_path: Path):
    result = run_cli("plgs", "propose", "--trajectory", "nope", var_dir=tmp_path)
    assert result.returncode == 1
    assert "nope" in result.stderr
    assert "no such table" not in result.stderr
    assert (tmp_path / "leadtogether.sqlite3").exists()


def test_usage_names_the_public_command(tmp_path: Path):
    result = run_cli("report", "--help", var_dir=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: leadtogether report ")


@pytest.mark.parametrize("args", [["manage", "check"]])
def test_manage_passes_through_to_django(tmp_path: Path, args: list[str]):
    result = run_cli(*args, var_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
