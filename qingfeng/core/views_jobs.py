"""A background job's page (its progress, then its file, 「已完成」 or its failure with 重试) and its file:
the requester's alone."""

import mimetypes
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from qingfeng.core import jobs
from qingfeng.core.models import Job
from qingfeng.core.permissions import get_allowed_or_404
from qingfeng.core.uploads import EVIDENCE_TYPES, serve


@login_required
def job_detail(request, pk):
    # Only the requester: anyone else gets a 404, as for any record outside their scope.
    job = get_allowed_or_404(request.user, Job, pk)
    template = "core/_job_status.html" if request.htmx else "core/job.html"
    return render(request, template, {"job": job, "label": jobs.label_of(job.kind), "retryable": jobs.retryable(job),
                                      "kept_days": settings.JOB_FILES_DAYS})


@login_required
@require_POST
def job_retry(request, pk):
    # A job that is not failed (a second click) is left as it is: the page shows where it stands.
    job = get_allowed_or_404(request.user, Job, pk)
    jobs.retry(job)
    return redirect("export_job_detail", job.pk)


@login_required
def job_download(request, pk):
    job = get_allowed_or_404(request.user, Job, pk)
    if job.status != Job.Status.DONE or not job.file:
        raise Http404
    return serve(job.file, job.filename, content_type(job.filename))


def content_type(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    known = (mime for extensions, mime in EVIDENCE_TYPES.values() if suffix in extensions)
    # Evidence types first (their names are checked); anything else a job writes, such as a .zip, by its suffix.
    return next(known, None) or mimetypes.guess_type(filename)[0] or "application/octet-stream"
