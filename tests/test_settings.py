"""Settings come from the environment; production refuses to start half-configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run_python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "ENVIRONMENT", "DEBUG", "ALLOWED_HOSTS"}
    }
    base.update(
        DJANGO_SETTINGS_MODULE="leadtogether.settings", LEADTOGETHER_VAR_DIR=str(tmp_path), **env
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=base, check=False
    )


def test_development_generates_and_keeps_a_secret_key(tmp_path: Path):
    first = run_python(CHECK, tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "True"
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    run_python(CHECK, tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_production_requires_a_secret_key(tmp_path: Path):
    result = run_python(CHECK, tmp_path, ENVIRONMENT="production", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_reads_the_secret_key_from_a_file(tmp_path: Path):
    secret = tmp_path / "key.txt"
    secret.write_text("a-production-secret-that-is-long-enough-for-django-1234567890\n")
    result = run_python(
        CHECK,
        tmp_path,
        ENVIRONMENT="production",
        ALLOWED_HOSTS="example.org",
        SECRET_KEY_FILE=str(secret),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_sqlite_runs_in_wal_mode(tmp_path: Path):
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "wal"


def test_the_spreadsheet_limits_come_from_the_environment(tmp_path: Path):
    code = CHECK.replace("settings.DEBUG", "settings.SPREADSHEET_MAX_ROWS")

    result = run_python(code, tmp_path, SPREADSHEET_MAX_ROWS="5_000")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5000"
