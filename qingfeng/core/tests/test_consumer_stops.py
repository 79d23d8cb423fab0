"""A real consumer (`manage.py run_huey`) stops in the middle of a job: killed, the next consumer fails the
job; on SIGTERM it lets a short job finish and fails one still running past its shutdown timeout; on SIGINT
it fails it at once. A failed job's page offers 重试 and stops polling, and no file is left behind.

The consumers are subprocesses on the test's database. On PostgreSQL that is the test database itself,
whose rows the test commits (transactional_db). SQLite's test database lives in this process's memory, so
the consumers work on a file copy of it, copied back once they have stopped.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from huey.contrib.djhuey import HUEY
from huey.storage import SqliteStorage

from qingfeng.core import jobs
from qingfeng.core.models import Job
from qingfeng.core.tests import slow_job
from qingfeng.core.tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = "qingfeng.core.tests.consumer_settings"
HEARTBEAT = 0.2  # consumer_settings.JOB_HEARTBEAT_SECONDS


class Consumers:
    """Starts consumers on `data` (QF_DATA_DIR: their queue and media) and the test's database."""

    def __init__(self, data: Path):
        self.data = data
        self.copy = data / "db.sqlite3" if connection.vendor == "sqlite" else None
        self.database_url = ""
        self.started: list[subprocess.Popen] = []

    def queue(self, job: Job) -> None:
        storage = SqliteStorage(HUEY.name, filename=str(self.data / "huey.sqlite3"))
        storage.enqueue(HUEY.serialize_task(jobs.run_job.s(job.pk)))
        storage.close()

    def start(self, *options: str) -> subprocess.Popen:
        self.database_url = self.database_url or self._share()
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
        env.update(QF_DATA_DIR=str(self.data), QF_DATABASE_URL=self.database_url, QF_HUEY_IMMEDIATE="0")
        with (self.data / f"consumer-{len(self.started)}.log").open("w") as log:
            process = subprocess.Popen([sys.executable, "manage.py", "run_huey", "--settings", SETTINGS, *options],
                                       cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen, how: signal.Signals) -> int:
        process.send_signal(how)
        try:
            return process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the consumer did not stop on {how.name}\n{self.logs()}")

    def reload(self, job: Job) -> Job:
        """The job as the consumers left it (on SQLite, once they have stopped)."""
        if self.copy:
            with closing(sqlite3.connect(self.copy)) as copy:
                copy.backup(connection.connection)
        job.refresh_from_db()
        return job

    def logs(self) -> str:
        return "\n".join(log.read_text() for log in sorted(self.data.glob("consumer-*.log")))

    def kill_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
                process.wait()

    def _share(self) -> str:
        if not self.copy:
            db = connection.settings_dict
            return (f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST']}:{db['PORT']}/"
                    f"{quote(db['NAME'])}")
        connection.ensure_connection()
        with closing(sqlite3.connect(self.copy)) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{self.copy}"


@pytest.fixture
def consumers(transactional_db, tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"  # where the consumers write: QF_DATA_DIR/media
    # registered here too, as in the consumers: the page offers 重试 for a kind an app registers
    monkeypatch.setitem(jobs.KINDS, slow_job.KIND, jobs.Kind(f"{slow_job.__name__}.write_slowly", slow_job.LABEL))
    running = Consumers(tmp_path)
    yield running
    running.kill_all()


@pytest.fixture
def requester(transactional_db):
    return UserFactory(username="sec_a")


def slow(requester, consumers, steps: int) -> Job:
    """A job that writes a line every tenth of a second for `steps` steps, queued for the consumers."""
    job = Job.objects.create(kind=slow_job.KIND, params={"steps": steps}, total=steps, requested_by=requester)
    consumers.queue(job)
    return job


def files(job) -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / jobs.EXPORTS).glob(f"{job.pk}-*"))


def lines(job) -> int:
    written = files(job)
    return len(written[0].read_text().splitlines()) if written else 0


def wait_for(condition, what: str, consumers: Consumers, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {what}\n{consumers.logs()}")
        time.sleep(0.05)


def test_a_killed_consumer_s_job_is_failed_by_the_next_consumer_and_its_file_removed(consumers, requester, client):
    job = slow(requester, consumers, steps=600)
    first = consumers.start()
    # a line is written after the previous step's progress is saved: the third line means some progress is kept
    wait_for(lambda: lines(job) >= 3, "the job to save some progress", consumers)
    first.kill()  # kill -9: no handler runs, the job is left `running` with its half-written file
    first.wait()
    time.sleep(5 * HEARTBEAT)  # its heartbeat has been silent for four beats
    assert files(job)

    second = consumers.start()
    wait_for(lambda: not files(job), "the next consumer to fail the job", consumers)
    assert consumers.stop(second, signal.SIGTERM) == 0
    job = consumers.reload(job)
    assert (job.status, job.error, job.finished_at is not None) == ("failed", jobs.INTERRUPTED, True)
    assert 0 < job.done < 600

    client.force_login(requester)
    page = client.get(reverse("export_job_detail", args=[job.pk])).content.decode()
    assert jobs.INTERRUPTED in page and 'id="job-retry"' in page and "hx-trigger" not in page


def test_on_sigterm_the_consumer_lets_a_running_job_finish(consumers, requester):
    job = slow(requester, consumers, steps=20)  # two seconds, within the 30-second shutdown timeout
    consumer = consumers.start()
    wait_for(lambda: files(job), "the job to start", consumers)
    assert consumers.stop(consumer, signal.SIGTERM) == 0
    job = consumers.reload(job)
    assert (job.status, job.done, job.error) == ("done", 20, "")
    assert files(job) == [Path(settings.MEDIA_ROOT) / job.file.name]
    assert files(job)[0].read_text().splitlines() == [str(step) for step in range(20)]


@pytest.mark.parametrize("how, options", [(signal.SIGTERM, ["--shutdown-timeout", "1"]), (signal.SIGINT, [])],
                         ids=["sigterm-past-the-shutdown-timeout", "sigint"])
def test_a_job_still_running_when_the_consumer_stops_is_failed_and_its_file_removed(
        consumers, requester, how, options):
    job = slow(requester, consumers, steps=600)  # a minute
    consumer = consumers.start(*options)
    wait_for(lambda: files(job), "the job to start", consumers)
    assert consumers.stop(consumer, how) == 0
    job = consumers.reload(job)
    assert (job.status, job.error) == ("failed", jobs.INTERRUPTED)
    assert files(job) == []
