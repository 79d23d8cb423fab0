"""One gunicorn.conf.py serves `make run` (scripts/serve.sh) and production alike."""

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

from qingfeng.core.tests.test_project import ROOT, clean_env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def first_answer(port, seconds=30) -> int:
    """The status of `HEAD /` once the server listens."""
    deadline = time.monotonic() + seconds
    while True:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("HEAD", "/")
            return connection.getresponse().status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
        finally:
            connection.close()


def test_gunicorn_serves_on_host_and_port_with_the_access_log_on_stdout(tmp_path):
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py", "qingfeng.wsgi"], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
        env=clean_env(HOST="127.0.0.1", PORT=str(port), WEB_CONCURRENCY="1", QF_DATA_DIR=str(tmp_path)))
    try:
        assert first_answer(port) == 302  # `/` sends the anonymous visitor to the login page
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert '"HEAD / HTTP/1.1" 302' in out, err
    assert f"Listening at: http://127.0.0.1:{port}" in err


def test_its_settings_outlast_slow_documents_and_default_to_loopback(monkeypatch):
    for variable in ("HOST", "PORT", "WEB_CONCURRENCY"):
        monkeypatch.delenv(variable, raising=False)
    settings = {}
    exec((ROOT / "gunicorn.conf.py").read_text(), settings)  # our own config file, as gunicorn reads it
    assert settings["bind"] == "127.0.0.1:8000" and settings["workers"] == 2 and settings["threads"] == 4
    assert settings["timeout"] == 120 and settings["accesslog"] == "-"


def test_serve_sh_and_the_production_steps_use_it():
    assert '"$bin/gunicorn" -c gunicorn.conf.py qingfeng.wsgi' in (ROOT / "scripts/serve.sh").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "gunicorn -c gunicorn.conf.py qingfeng.wsgi" in readme
    assert "gunicorn qingfeng.wsgi" not in readme.replace("gunicorn -c gunicorn.conf.py qingfeng.wsgi", "")


def test_the_wsgi_application_freezes_what_it_loaded_out_of_the_garbage_collectors_walk():
    """qingfeng.wsgi: the project as loaded (views included) is frozen, so a full collection no longer walks it."""
    script = ("import gc, sys; import qingfeng.wsgi; "
              "print(gc.get_freeze_count(), 'qingfeng.ledger.views.rectifications' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env=clean_env(), timeout=120)
    assert result.returncode == 0, result.stderr
    frozen, views_loaded = result.stdout.split()
    assert int(frozen) > 100_000 and views_loaded == "True", result.stdout
