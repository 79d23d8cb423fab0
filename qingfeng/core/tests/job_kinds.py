"""Kinds of job the core tests register (the `job_kinds` fixture in conftest.py), and `run`, which plays
the consumer for one job."""

import time

from qingfeng.core import jobs
from qingfeng.core.jobs import JobResult
from qingfeng.core.models import Job

PDF = b"%PDF-1.4\n%%EOF\n"


def check_originality(job, progress):
    progress(1)
    return JobResult(data={"checked": job.params["documents"], "similar": []})


def write_report(job, progress):
    name, full = jobs.export_path(job, ".pdf")
    full.write_bytes(PDF)
    return JobResult(file=name, filename="报告.pdf", done=1)


def run_out_of_disk(job, progress):
    progress(2)
    raise OSError("磁盘已满")


def write_half_then_fail(job, progress):
    _name, full = jobs.export_path(job, ".pdf")
    full.write_bytes(PDF[:4])
    raise OSError("磁盘已满")


def write_while_the_consumer_stops(job, progress):
    name, full = jobs.export_path(job, ".pdf")
    full.write_bytes(PDF)
    jobs.fail(job.pk, jobs.INTERRUPTED)  # what the consumer's shutdown does from its main thread meanwhile
    return JobResult(file=name, filename="报告.pdf")


def outlive_four_heartbeats(job, progress):
    time.sleep(job.params["seconds"])
    jobs.recover()  # another consumer's sweep, while this one still runs
    return JobResult(data={"slept": job.params["seconds"]})


KINDS = [
    ("originality", "check_originality", "原创性检查"),
    ("report", "write_report", "生成报告"),
    ("broken", "run_out_of_disk", "生成报告"),
    ("half", "write_half_then_fail", "生成报告"),
    ("stopping", "write_while_the_consumer_stops", "生成报告"),
    ("long", "outlive_four_heartbeats", "生成报告"),
]


def run(user, kind, total=2, **params) -> Job:
    job = Job.objects.create(kind=kind, params=params, total=total, requested_by=user)
    jobs.run_job.call_local(job.pk)
    job.refresh_from_db()
    return job
