"""Project-wide checks: settings for production, migrations in step with models."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def clean_env(**env):
    # The browser fixture relaxes async safety for its own thread; a server must not inherit that.
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**base, **env}


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, capture_output=True, text=True,
        env=clean_env(**env), timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        QF_ENV="production", QF_SECRET_KEY="x" * 64 + "production-secret-for-the-check",
        QF_ALLOWED_HOSTS="qingfeng.example.org", QF_DEBUG="1", QF_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage("check", QF_ENV="production", QF_SECRET_KEY="", QF_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "QF_SECRET_KEY" in result.stderr


def test_production_never_runs_with_debug():
    code = "import qingfeng.settings as s; print(s.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        env=clean_env(QF_ENV="production", QF_SECRET_KEY="k" * 60, QF_DEBUG="1"),
    )
    assert result.stdout.strip() == "False"


def test_models_and_migrations_are_in_step(tmp_path):
    result = manage("makemigrations", "--check", "--dry-run", QF_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
