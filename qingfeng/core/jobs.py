"""Background jobs: a Job row tracks one, huey runs it; any app may queue a kind of its own.

An app registers a kind (in AppConfig.ready) with `register_kind`: the function that does the work
and the label its progress page shows. `start` records the job and enqueues `run_job` once the
transaction commits. The worker calls the kind's function as `function(job, progress)` with the
requester in `job.requested_by` (so permissions are those of the requester at run time) and
`progress(done)` to move the count; it returns a `JobResult`: a file it wrote where `export_path` said
(under MEDIA_ROOT; with an object store configured, a local temporary file that `run_job` then saves into
the storage), or data kept in `Job.result` for the owning app's page to read.
Only the requester may see the job, download its file or retry it (core/views_jobs.py).

A job ends, done or failed, whatever happens to its consumer. One that raises is failed with the
error; one whose consumer stops (SIGTERM past the shutdown timeout, or SIGINT: core/tasks.py) or dies
(kill -9, a machine lost: its heartbeat stops, `recover` finds it) is failed with INTERRUPTED; one
the queue refuses (Redis down) is failed with QUEUE_DOWN. A failed job loses the file it had begun,
and its requester may queue it again (`retry`). `delete_expired` deletes finished jobs with their
files JOB_FILES_DAYS after they end.
"""

import logging
import tempfile
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from huey.contrib.djhuey import HUEY, db_task

from .models import Job
from .uploads import local_path

log = logging.getLogger(__name__)

INTERRUPTED = "服务停止，任务中断，请重试"
QUEUE_DOWN = "后台任务服务暂时不可用，任务未能开始，请稍后重试"
EXPORTS = "exports"  # in the file storage; each file a job writes there is named "<job id>-…" (export_path)
PENDING, RUNNING, DONE, FAILED = Job.Status.PENDING, Job.Status.RUNNING, Job.Status.DONE, Job.Status.FAILED


@dataclass(frozen=True)
class Kind:
    function: str  # dotted path of `function(job, progress) -> JobResult`
    label: str  # what the progress page calls the job, e.g. 导出整改台账


@dataclass(frozen=True)
class JobResult:
    """What a job produced: a file (its name in the file storage and the name it downloads as) or data."""

    file: str = ""
    filename: str = ""
    data: Any = None  # JSON, kept in Job.result
    done: int | None = None  # the final count when it differs from the total counted at the start

    def __post_init__(self):
        if bool(self.file) == (self.data is not None) or bool(self.file) != bool(self.filename):
            raise ValueError("a job's result is either a file with its filename, or data")


# kind -> Kind; each app registers its own
KINDS: dict[str, Kind] = {}


def register_kind(kind: str, function: str, label: str) -> None:
    """Apps name the function that runs a job of `kind` (in AppConfig.ready), by dotted path."""
    KINDS[kind] = Kind(function, label)


def label_of(kind: str) -> str:
    # a kind no app registers any more still has its page, under its code
    return KINDS[kind].label if kind in KINDS else kind


def sync_max_rows() -> int:
    return settings.EXPORT_SYNC_MAX_ROWS


def export_path(job: Job, suffix: str) -> tuple[str, Path]:
    """Where a job's file goes: (its name in the file storage, the local path the job writes). With files in
    an object store that path is a temporary file, which `run_job` saves into the storage when the job ends."""
    name = f"{EXPORTS}/{job.pk}-{uuid.uuid4().hex[:12]}{suffix}"
    full = local_path(name) or _staging() / name
    full.parent.mkdir(parents=True, exist_ok=True)
    return name, full


def _staging() -> Path:
    """This machine's folder for job files on their way into an object store."""
    return Path(tempfile.gettempdir()) / "qingfeng-jobs"


def _store(result: JobResult) -> JobResult:
    """A job's file written to the staging folder goes into the object store, and leaves this machine."""
    if not result.file or local_path(result.file) is not None:
        return result
    staged = _staging() / result.file
    with staged.open("rb") as file:
        name = default_storage.save(result.file, File(file))
    staged.unlink()
    return replace(result, file=name)


def start(user, kind: str, params: dict, total: int) -> Job:
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, params=params, total=total, requested_by=user)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int) -> None:
    """Hand a job to the queue. A queue that refuses it (Redis down) fails the job with a message: the
    requester's page says so, where the request would otherwise have ended in a 500."""
    try:
        run_job(job_id)
    except Exception:
        log.exception("job %s could not be queued", job_id)
        fail(job_id, QUEUE_DOWN)


def retryable(job: Job) -> bool:
    return job.status == FAILED and job.kind in KINDS


def retry(job: Job) -> bool:
    """Queue a failed job again, as the same job: its page starts over. False when it is not retryable."""
    if not retryable(job):
        return False
    again = Job.objects.filter(pk=job.pk, status=FAILED).update(
        status=PENDING, done=0, error="", finished_at=None, heartbeat_at=timezone.now())
    if again:  # a second click finds it pending already
        transaction.on_commit(lambda: enqueue(job.pk))
    return bool(again)


def fail(job_id: int, message: str) -> bool:
    """End a pending or running job as failed with `message` and remove the file it had begun.
    False when it had ended already: a job that finished first keeps its file."""
    failed = Job.objects.filter(pk=job_id, status__in=[PENDING, RUNNING]).update(
        status=FAILED, error=message[:500], finished_at=timezone.now())
    if failed:
        _remove_files(job_id)
    return bool(failed)


def fail_interrupted(task) -> None:
    """The consumer stopped while `task` ran (core/tasks.py connects this to huey's `interrupted` signal)."""
    if isinstance(task, run_job.task_class) and fail(task.args[0], INTERRUPTED):
        log.warning("job %s interrupted by the consumer's shutdown: failed", task.args[0])


def recover() -> None:
    """Jobs whose consumer is gone. A running one whose heartbeat has been silent for four beats is failed
    (its worker died: kill -9, the machine lost); a pending one queued that long ago and no longer in the
    queue (the queue lost it, or enqueueing it never happened) is queued again, since nothing of it ran."""
    silent = Job.objects.filter(heartbeat_at__lt=timezone.now() - timedelta(seconds=4 * settings.JOB_HEARTBEAT_SECONDS))
    for job_id in silent.filter(status=RUNNING).values_list("pk", flat=True):
        if fail(job_id, INTERRUPTED):
            log.warning("job %s lost its consumer: failed", job_id)
    lost = set(silent.filter(status=PENDING).values_list("pk", flat=True))
    if lost:
        lost -= {task.args[0] for task in HUEY.pending() if isinstance(task, run_job.task_class)}
        for job_id in lost:
            log.warning("job %s was not in the queue: queued again", job_id)
            Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
            enqueue(job_id)


def delete_expired() -> int:
    """Jobs that ended JOB_FILES_DAYS ago or earlier are deleted, their pages and files with them."""
    cutoff = timezone.now() - timedelta(days=settings.JOB_FILES_DAYS)
    expired = dict(Job.objects.filter(status__in=[DONE, FAILED], finished_at__lt=cutoff).values_list("pk", "file"))
    Job.objects.filter(pk__in=expired).delete()
    for job_id, name in expired.items():
        if name:
            default_storage.delete(name)
        _remove_files(job_id)
    return len(expired)


def _remove_files(job_id: int) -> None:
    for path in (_staging() / EXPORTS).glob(f"{job_id}-*"):
        path.unlink(missing_ok=True)
    try:
        _folders, names = default_storage.listdir(EXPORTS)
    except FileNotFoundError:  # no job has written a file yet
        return
    for name in names:
        if name.startswith(f"{job_id}-"):
            default_storage.delete(f"{EXPORTS}/{name}")


@contextmanager
def _beating(jobs):
    """While a job runs, a thread refreshes its heartbeat; when the process dies the beats stop (`recover`)."""
    stopped = threading.Event()

    def beat():
        try:
            while not stopped.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    jobs.filter(status=RUNNING).update(heartbeat_at=timezone.now())
                except DatabaseError:  # a busy database: the next beat tries again
                    log.warning("job heartbeat not written", exc_info=True)
        finally:
            connection.close()  # this thread's own

    thread = threading.Thread(target=beat, name="job-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join()


@db_task()
def run_job(job_id: int) -> None:
    jobs = Job.objects.filter(pk=job_id)
    # Only a pending job starts: one queued twice (recover) runs once, one failed meanwhile never.
    if not jobs.filter(status=PENDING).update(status=RUNNING, heartbeat_at=timezone.now()):
        return
    job = jobs.select_related("requested_by").get()

    def progress(done: int) -> None:
        jobs.update(done=done)

    try:
        with _beating(jobs):
            result = _store(import_string(KINDS[job.kind].function)(job, progress))
    except Exception as error:  # the requester sees that it failed and the message; the log keeps the traceback
        log.exception("job %s (%s) failed", job.pk, job.kind)
        fail(job.pk, str(error))
        return
    done = job.total if result.done is None else result.done
    finished = jobs.filter(status=RUNNING).update(
        status=DONE, done=done, total=done, file=result.file, filename=result.filename, result=result.data,
        finished_at=timezone.now())
    if not finished:  # failed meanwhile, as its consumer stopped: what it wrote goes too
        _remove_files(job.pk)
