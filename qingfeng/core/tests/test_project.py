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
        env=clean_env(QF_ENV="production", QF_SECRET_KEY="k" * 60, QF_DEBUG="1", QF_DATA_DIR="/tmp/unused"),
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


def test_production_refuses_to_start_without_a_data_dir(tmp_path):
    # Not a path beside the code: after `pip install .` that is inside the venv's site-packages.
    for env in ({"QF_DEBUG": "0"}, {"QF_ENV": "production", "QF_SECRET_KEY": "s" * 64}):
        result = manage("check", QF_DATA_DIR="", **env)
        assert result.returncode != 0
        assert "QF_DATA_DIR must be set" in result.stderr


def test_the_data_dir_defaults_to_var_of_the_working_directory_outside_production(tmp_path):
    # Development, and the demo as `make run` serves it (QF_DEBUG=0 QF_DEMO=1).
    for env in ({}, {"QF_DEBUG": "0", "QF_DEMO": "1"}):
        result = subprocess.run(
            [sys.executable, "-c", "import qingfeng.settings as s; print(s.DATA_DIR, s.REAL_SERVER)"],
            cwd=tmp_path, capture_output=True, text=True, timeout=60,
            env=clean_env(QF_DATA_DIR="", PYTHONPATH=str(ROOT), **env))
        assert result.stdout.split() == [str(tmp_path / "var"), "False"], result.stderr


def test_the_mail_server_comes_from_one_url(tmp_path):
    fields = "s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL"
    assert setting(fields, QF_EMAIL_URL="smtp+tls://qf%40example.org:p@mail.example.org", QF_DATA_DIR=str(tmp_path)) \
        == "django.core.mail.backends.smtp.EmailBackend mail.example.org 587 qf@example.org True False"
    # QF_EMAIL_BACKEND still names the backend; the URL gives the server.
    assert setting("s.EMAIL_BACKEND, s.EMAIL_HOST", QF_EMAIL_URL="smtps://mail.example.org",
                   QF_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", QF_DATA_DIR=str(tmp_path)) \
        == "django.core.mail.backends.locmem.EmailBackend mail.example.org"


def test_a_wrong_mail_url_stops_the_start_without_showing_the_password(tmp_path):
    result = manage("check", QF_EMAIL_URL="smpt://qf:secret-password@mail.example.org", QF_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "QF_EMAIL_URL" in result.stderr and "secret-password" not in result.stderr


def test_the_lockout_reads_the_client_address_through_the_trusted_proxies_setting(tmp_path):
    assert setting("s.TRUSTED_PROXIES, s.AXES_CLIENT_IP_CALLABLE", QF_TRUSTED_PROXIES="1",
                   QF_DATA_DIR=str(tmp_path)) == "1 qingfeng.core.clients.client_address"
    assert manage("check", QF_TRUSTED_PROXIES="-1", QF_DATA_DIR=str(tmp_path)).returncode != 0
