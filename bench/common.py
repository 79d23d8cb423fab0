"""Shared by the benchmarks: Django against a given database, a throwaway PostgreSQL cluster, timers.

Not a test module: pytest does not collect `bench/`.
"""

import contextlib
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str | None, data_dir: str) -> None:
    """Point Django at `database_url` (None: a fresh SQLite file in `data_dir`) and migrate."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "qingfeng.settings"
    os.environ["QF_DATA_DIR"] = data_dir
    if database_url:
        os.environ["QF_DATABASE_URL"] = database_url
    else:
        os.environ.pop("QF_DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@contextlib.contextmanager
def postgres_cluster():
    """A throwaway PostgreSQL cluster on loopback, as scripts/with-postgres.sh makes; yields its URL."""
    bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]
    tmp = Path(tempfile.mkdtemp(prefix="qingfeng-bench-pg."))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    as_pg = []
    if os.getuid() == 0:  # initdb refuses to run as root
        shutil.chown(tmp, "postgres")
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = tmp / "data"
    try:
        subprocess.run([*as_pg, bindir / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--locale=C.UTF-8"], check=True, stdout=subprocess.DEVNULL)
        options = (f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off -c synchronous_commit=off "
                   "-c full_page_writes=off -c shared_buffers=512MB -c work_mem=32MB -c max_wal_size=4GB")
        subprocess.run([*as_pg, bindir / "pg_ctl", "-D", data, "-l", tmp / "server.log", "-w", "-o", options,
                        "start"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([*as_pg, bindir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
                        "qingfeng"], check=True)
        yield f"postgres://postgres@127.0.0.1:{port}/qingfeng"
    finally:
        subprocess.run([*as_pg, bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)


def on_database(sqlite: bool, run, *args) -> None:
    """run(url, *args) on a fresh SQLite file (url None) or in a throwaway PostgreSQL cluster."""
    if sqlite:
        run(None, *args)
    else:
        with postgres_cluster() as url:
            run(url, *args)


def timed(fn, repeat: int = 5, warmup: int = 1) -> list[float]:
    """Seconds of each of `repeat` calls of `fn`, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def median(times: list[float]) -> float:
    return statistics.median(times)


def percentile(times: list[float], p: float) -> float:
    ordered = sorted(times)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def machine() -> list[str]:
    """The lines the docs record: cores, CPU, RAM, OS, Python, Django, database."""
    from django.db import connection

    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kib = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    import django

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            db = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            db = f"SQLite {cursor.fetchone()[0]}"
    return [
        f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
        f"machine: {os.cpu_count()} cores, {cpu}, {ram} RAM, {platform.system()} {platform.release()}",
        f"software: Python {platform.python_version()}, Django {django.get_version()}, {db}",
    ]


def synth(members: int, seed: int, orglife: bool = True):
    """Run the synthetic region generator; returns the Synth (committee, campaign, users, timings)."""
    from qingfeng.demo.synth import Synth

    s = Synth(members, seed=seed, orglife=orglife)
    s.run()
    return s


class Server:
    """GET requests through the project's WSGI application (`qingfeng.wsgi`, what gunicorn serves), logged in as
    `user`: the server time of a page as production spends it.

    Django's test Client renders through the test framework's instrumented templates, which send a signal with a copy
    of the context for every template rendered: ~10 ms more per 整改台账 page here, and the copies it keeps grew the
    heap by ~2,400 objects a request, so the garbage collector's full walks, 70-120 ms each, grew and came more often.
    Do not call `setup_test_environment()` in the same process: it instruments every template."""

    def __init__(self, user):
        from django.conf import settings
        from django.test import Client

        import qingfeng.wsgi  # after synth: freezes what the process holds, as a freshly started worker has it

        client = Client()
        client.force_login(user)  # only to make a session
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        self.application = qingfeng.wsgi.application

    def get(self, path: str, params: dict | None = None) -> int:
        """The response's status code; the body is read whole, as a server would send it."""
        import io
        import sys
        from urllib.parse import urlencode

        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": urlencode(params or {}),
                   "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
                   "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_COOKIE": self.cookie, "wsgi.url_scheme": "http",
                   "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr}
        status = []
        body = self.application(environ, lambda line, headers, *exc: status.append(line))
        try:
            b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()  # as a server does: request_finished, connections tidied
        return int(status[0].split()[0])


class Laps(dict):
    """Seconds per named part, one entry per call (the first is the warm-up)."""

    def __call__(self, name, fn, *args):
        started = time.perf_counter()
        result = fn(*args)
        self.setdefault(name, []).append(time.perf_counter() - started)
        return result


def pick_branch(committee, size: int):
    """The branch of `committee`'s subtree with the number of members nearest `size` (first by path), with `n`."""
    from django.db.models import Count

    from qingfeng.orgs.models import Org

    branches = (Org.objects.filter(path__startswith=committee.path, kind=Org.Kind.BRANCH)
                .annotate(n=Count("members")).order_by("path"))
    return min(branches, key=lambda b: (abs(b.n - size), b.path))


def postgres_settings() -> str:
    """The server settings the docs record beside the timings."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('max_parallel_workers_per_gather'), current_setting('jit'), "
                       "current_setting('work_mem'), current_setting('shared_buffers')")
        workers, jit, work_mem, shared_buffers = cursor.fetchone()
    return (f"postgresql: max_parallel_workers_per_gather={workers}, jit={jit}, work_mem={work_mem}, "
            f"shared_buffers={shared_buffers}")
