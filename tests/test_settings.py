"""Production settings: refuse unsafe defaults, and pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SETUP = "import django; django.setup()"


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    # A deployment's environment, not the test run's: nothing that the test harness sets (for
    # instance DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests) leaks into the checks.
    clean = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ}
    clean.update({"DJANGO_SETTINGS_MODULE": "jilin_grid.settings", "JILIN_GRID_ENV": "production", **env})
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_refuses_the_default_secret_key():
    result = _run(["-c", SETUP])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _run(["-c", SETUP], SECRET_KEY="short-key")

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_debug_on():
    result = _run(["-c", SETUP], SECRET_KEY=secrets.token_urlsafe(64), DEBUG="1", ALLOWED_HOSTS="portal.example.org")

    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_starts_with_a_real_key_and_debug_off():
    result = _run(
        ["-c", f"{SETUP}; from django.conf import settings; print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)"],
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True"


def test_check_deploy_is_clean_under_production_settings():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.org",
        CSRF_TRUSTED_ORIGINS="https://portal.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _database_settings(**env: str) -> str:
    code = f"{SETUP}; from django.conf import settings; d = settings.DATABASES['default']; "
    code += "print(d['ENGINE'].rsplit('.', 1)[-1], d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    result = _run(["-c", code], JILIN_GRID_ENV="development", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_connections_are_kept_and_checked_on_sqlite_and_postgresql_alike(tmp_path):
    sqlite = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    postgresql = "postgres://portal@db.example.org:5432/jilin_grid"

    assert _database_settings(DATABASE_URL=sqlite) == "sqlite3 60 True"
    assert _database_settings(DATABASE_URL=postgresql) == "postgresql 60 True"
    assert _database_settings(DATABASE_URL=sqlite, DB_CONN_MAX_AGE="0") == "sqlite3 0 True"
