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


def setting(expression, **env):
    """A settings value as a fresh process sees it with `env`."""
    code = f"import qingfeng.settings as s; print({expression})"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env=clean_env(**env), timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_background_jobs_go_to_redis_when_it_is_configured(tmp_path):
    assert setting("s.HUEY['huey_class']", QF_DATA_DIR=str(tmp_path)) == "huey.SqliteHuey"
    assert setting("s.HUEY['huey_class'], s.HUEY['url'], sep=' | '", QF_REDIS_URL="redis://127.0.0.1:6379/3",
                   QF_DATA_DIR=str(tmp_path)) == "huey.RedisHuey | redis://127.0.0.1:6379/3"


def test_the_sqlite_database_runs_in_wal_mode(tmp_path):
    code = ("from django.db import connection as c; k = c.cursor(); "
            "k.execute('PRAGMA journal_mode'); print(k.fetchone()[0])")
    env = {k: v for k, v in clean_env(QF_DATA_DIR=str(tmp_path)).items() if k != "QF_DATABASE_URL"}
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT,
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.stdout.strip() == "wal", result.stderr


def test_the_console_script_runs_management_commands(tmp_path):
    script = Path(sys.executable).with_name("qingfeng")
    result = subprocess.run([script, "check"], cwd=ROOT, capture_output=True, text=True,
                            env=clean_env(QF_DATA_DIR=str(tmp_path)), timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sends_a_content_security_policy_without_inline_script_or_style(tmp_path):
    # `/` redirects to the login page: a response without templates, so no collected static files needed.
    code = ("from django.test import Client; "
            "print(Client().get('/', secure=True, headers={'host': 'qingfeng.example.org'})"
            "['Content-Security-Policy'])")
    result = manage("shell", "--no-imports", "-c", code, QF_ENV="production", QF_SECRET_KEY="p" * 64,
                    QF_ALLOWED_HOSTS="qingfeng.example.org", QF_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "script-src 'self'" in result.stdout and "style-src 'self'" in result.stdout
    assert "unsafe-inline" not in result.stdout and "unsafe-eval" not in result.stdout
