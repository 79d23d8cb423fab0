"""Background jobs: a Job row tracks one, huey runs it; any app may queue a kind of its own.

An app registers a kind (in AppConfig.ready) with `register_kind`: the function that does the work
and the label its progress page shows. `start` records the job and enqueues `run_job` once the
transaction commits. The worker calls the kind's function as `function(job, progress)` with the
requester in `job.requested_by` (so permissions are those of the requester at run time) and
`progress(done)` to move the count; it returns a `JobResult`: a file it wrote under MEDIA_ROOT
(`export_path`), or data kept in `Job.result` for the owning app's page to read.
Only the requester may see the job or download its file (core/views_jobs.py).
"""

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from huey.contrib.djhuey import db_task

from .models import Job

log = logging.getLogger(__name__)
audit = logging.getLogger("qingfeng.audit")


@dataclass(frozen=True)
class Kind:
    function: str  # dotted path of `function(job, progress) -> JobResult`
    label: str  # what the progress page calls the job, e.g. 导出整改台账


@dataclass(frozen=True)
class JobResult:
    """What a job produced: a file (its name under MEDIA_ROOT and the name it downloads as) or data."""

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


def log_export(user, kind: str, rows: int, **details) -> None:
    """Who took personal data out of the system: one audit line per export (logger qingfeng.audit)."""
    extra = "".join(f" {k}={v}" for k, v in details.items())
    audit.info("export user=%s kind=%s rows=%d%s", user.get_username(), kind, rows, extra)


def sync_max_rows() -> int:
    return settings.EXPORT_SYNC_MAX_ROWS


def export_path(job: Job, suffix: str) -> tuple[str, Path]:
    """Where a job's file goes: (name relative to MEDIA_ROOT, absolute path)."""
    name = f"exports/{job.pk}-{uuid.uuid4().hex[:12]}{suffix}"
    full = Path(settings.MEDIA_ROOT) / name
    full.parent.mkdir(parents=True, exist_ok=True)
    return name, full


def start(user, kind: str, params: dict, total: int) -> Job:
    if kind not in KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, params=params, total=total, requested_by=user)
    transaction.on_commit(lambda: run_job(job.pk))
    return job


@db_task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    jobs = Job.objects.filter(pk=job.pk)
    jobs.update(status=Job.Status.RUNNING)

    def progress(done: int) -> None:
        jobs.update(done=done)

    try:
        result = import_string(KINDS[job.kind].function)(job, progress)
    except Exception as error:  # the requester sees that it failed and the message; the log keeps the traceback
        log.exception("job %s (%s) failed", job.pk, job.kind)
        jobs.update(status=Job.Status.FAILED, error=str(error)[:500], finished_at=timezone.now())
        return
    done = job.total if result.done is None else result.done
    jobs.update(status=Job.Status.DONE, done=done, total=done, file=result.file, filename=result.filename,
                result=result.data, finished_at=timezone.now())
