"""Large exports run in the background: an ExportJob row tracks them, huey writes the file.

A view counts the rows; over `settings.EXPORT_SYNC_MAX_ROWS` it calls `start`, which records
the job and enqueues `run_export_job` once the transaction commits. The worker runs the
exporter named for the job's kind as the requesting user (so permissions are those of the
requester at run time), writes under MEDIA_ROOT/exports/, and updates the progress as it goes.
Only the requester may see the job or download its file.
"""

import logging
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from huey.contrib.djhuey import db_task

from .models import ExportJob

log = logging.getLogger(__name__)
audit = logging.getLogger("qingfeng.audit")

# kind -> "module.function(job, progress) -> (rows, filename, written path)"; each app registers its own
EXPORTERS: dict[str, str] = {}


def register_exporter(kind: str, function: str) -> None:
    """Apps name the function that writes a job of `kind` (in AppConfig.ready), by dotted path."""
    EXPORTERS[kind] = function


def log_export(user, kind: str, rows: int, **details) -> None:
    """Who took personal data out of the system: one audit line per export (logger qingfeng.audit)."""
    extra = "".join(f" {k}={v}" for k, v in details.items())
    audit.info("export user=%s kind=%s rows=%d%s", user.get_username(), kind, rows, extra)


def sync_max_rows() -> int:
    return settings.EXPORT_SYNC_MAX_ROWS


def export_path(job: ExportJob, suffix: str) -> tuple[str, Path]:
    """Where a job's file goes: (name relative to MEDIA_ROOT, absolute path)."""
    name = f"exports/{job.pk}-{uuid.uuid4().hex[:12]}{suffix}"
    full = Path(settings.MEDIA_ROOT) / name
    full.parent.mkdir(parents=True, exist_ok=True)
    return name, full


def start(user, kind: str, params: dict, total: int) -> ExportJob:
    if kind not in EXPORTERS:
        raise ValueError(f"unknown export kind {kind!r}")
    job = ExportJob.objects.create(kind=kind, params=params, total=total, requested_by=user)
    transaction.on_commit(lambda: run_export_job(job.pk))
    return job


@db_task()
def run_export_job(job_id: int) -> None:
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING)

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(done=done)

    try:
        rows, filename, name = import_string(EXPORTERS[job.kind])(job, progress)
    except Exception as error:  # the user sees that it failed; the log keeps why
        log.exception("export job %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(error)[:500], finished_at=timezone.now())
        return
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE, done=rows, total=rows, file=name, filename=filename,
        finished_at=timezone.now())
