"""Background tasks of core, found by `manage.py run_huey` (which imports each app's tasks module):
the job runner, and what keeps jobs from hanging when a consumer stops or dies (core/jobs.py)."""

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task
from huey.signals import SIGNAL_INTERRUPTED

from . import jobs
from .jobs import run_job

__all__ = ["run_job"]


@HUEY.on_startup()
def recover_jobs_on_start():
    # Each worker thread of a starting consumer: the jobs a consumer killed before it left behind.
    jobs.recover()


@HUEY.signal(SIGNAL_INTERRUPTED)
def fail_interrupted_job(signal, task):
    # Sent as the consumer exits with tasks still running (SIGINT, or SIGTERM past its shutdown timeout).
    jobs.fail_interrupted(task)


# Every five minutes: a job whose consumer died (on any machine) is failed within its heartbeat window
# plus five minutes, even when no consumer restarts.
@db_periodic_task(crontab(minute="*/5"))
def recover_jobs():
    jobs.recover()


@db_periodic_task(crontab(minute="15", hour="3"))
def delete_expired_jobs():
    return jobs.delete_expired()
