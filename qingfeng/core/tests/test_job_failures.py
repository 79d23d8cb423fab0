"""A job ends, done or failed, whatever happens around it: it runs once however often it is queued, a failure
leaves no file behind, a stopped consumer's job is failed with a message, a dead consumer's job is found by
its silent heartbeat, a job the queue lost is queued again, and a queue that refuses a job fails it with a
message instead of a 500. (A real consumer killed and stopped: test_consumer_stops.py.)"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from qingfeng.core import jobs
from qingfeng.core.models import Job
from qingfeng.core.tests.job_kinds import PDF, run

pytestmark = pytest.mark.usefixtures("job_kinds")


def files(job) -> list[Path]:
    return sorted((Path(settings.MEDIA_ROOT) / jobs.EXPORTS).glob(f"{job.pk}-*"))


def half_written(job) -> Path:
    _name, full = jobs.export_path(job, ".pdf")
    full.write_bytes(PDF[:4])
    return full


def silent_for(beats: int):
    return timezone.now() - beats * timedelta(seconds=settings.JOB_HEARTBEAT_SECONDS)


def test_a_job_queued_twice_runs_once(world):
    job = run(world.sec_a, "report")
    jobs.run_job.call_local(job.pk)
    assert files(job) == [Path(settings.MEDIA_ROOT) / job.file.name]  # the second copy wrote nothing


def test_a_job_failed_before_it_started_never_runs(world):
    job = Job.objects.create(kind="report", total=1, requested_by=world.sec_a)
    jobs.fail(job.pk, jobs.INTERRUPTED)
    jobs.run_job.call_local(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, files(job)) == ("failed", jobs.INTERRUPTED, [])


def test_a_job_that_raises_leaves_no_half_written_file(world):
    job = run(world.sec_a, "half")
    assert (job.status, job.error, job.file.name, files(job)) == ("failed", "磁盘已满", "", [])


def test_a_job_failed_while_it_ran_keeps_neither_result_nor_file(world):
    job = run(world.sec_a, "stopping")
    assert (job.status, job.error, job.file.name, job.filename, files(job)) == (
        "failed", jobs.INTERRUPTED, "", "", [])


def test_a_task_interrupted_by_the_consumer_s_shutdown_fails_its_job_and_removes_its_file(world, login):
    job = Job.objects.create(kind="report", total=4, done=1, status=Job.Status.RUNNING, requested_by=world.sec_a)
    half_written(job)
    jobs.fail_interrupted(jobs.run_job.s(job.pk))
    job.refresh_from_db()
    assert (job.status, job.error, job.finished_at is not None, files(job)) == (
        "failed", jobs.INTERRUPTED, True, [])
    page = login(world.sec_a).get(reverse("export_job_detail", args=[job.pk])).content.decode()
    assert "服务停止，任务中断，请重试" in page and 'id="job-retry"' in page and "hx-trigger" not in page


def test_a_job_that_finished_first_keeps_its_file_when_the_shutdown_comes(world):
    job = run(world.sec_a, "report")
    jobs.fail_interrupted(jobs.run_job.s(job.pk))
    job.refresh_from_db()
    assert (job.status, job.error) == ("done", "") and len(files(job)) == 1


def test_recovery_fails_a_running_job_whose_heartbeat_is_silent_and_leaves_a_live_one(world):
    dead = Job.objects.create(kind="report", status=Job.Status.RUNNING, heartbeat_at=silent_for(5),
                              requested_by=world.sec_a)
    live = Job.objects.create(kind="report", status=Job.Status.RUNNING, heartbeat_at=silent_for(3),
                              requested_by=world.sec_a)
    for job in (dead, live):
        half_written(job)
    jobs.recover()
    dead.refresh_from_db()
    live.refresh_from_db()
    assert (dead.status, dead.error, files(dead)) == ("failed", jobs.INTERRUPTED, [])
    assert (live.status, live.error, len(files(live))) == ("running", "", 1)


def test_recovery_queues_again_a_pending_job_the_queue_lost(world, huey_immediate, monkeypatch):
    lost = Job.objects.create(kind="report", heartbeat_at=silent_for(5), requested_by=world.sec_a)
    waiting = Job.objects.create(kind="report", heartbeat_at=silent_for(5), requested_by=world.sec_a)
    just_queued = Job.objects.create(kind="report", requested_by=world.sec_a)
    monkeypatch.setattr(huey_immediate, "pending", lambda: [jobs.run_job.s(waiting.pk)])  # a long queue
    jobs.recover()
    statuses = Job.objects.in_bulk([lost.pk, waiting.pk, just_queued.pk])
    assert [statuses[job.pk].status for job in (lost, waiting, just_queued)] == ["done", "pending", "pending"]


def test_recovery_leaves_finished_jobs_alone(world):
    done = run(world.sec_a, "report")
    failed = run(world.sec_a, "broken")
    Job.objects.update(heartbeat_at=silent_for(100))
    jobs.recover()
    assert [Job.objects.get(pk=job.pk).status for job in (done, failed)] == ["done", "failed"]
    assert Job.objects.get(pk=failed.pk).error == "磁盘已满"


@pytest.mark.django_db(transaction=True)
def test_a_running_job_beats_so_recovery_leaves_it_running(world, settings):
    # Without the beat, the job below would be four heartbeats silent when the sweep looks at it.
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    job = run(world.sec_a, "long", seconds=0.5)
    assert (job.status, job.result, job.error) == ("done", {"slept": 0.5}, "")
    assert job.heartbeat_at > job.created_at + timedelta(seconds=0.3)


def test_a_queue_that_refuses_the_job_fails_it_with_a_message(
        world, login, huey_immediate, monkeypatch, django_capture_on_commit_callbacks):
    def redis_down(task):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(huey_immediate, "enqueue", redis_down)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(world.sec_a, "report", {}, total=1)
    job.refresh_from_db()
    assert (job.status, job.error, job.finished_at is not None) == ("failed", jobs.QUEUE_DOWN, True)
    page = login(world.sec_a).get(reverse("export_job_detail", args=[job.pk])).content.decode()
    assert "后台任务服务暂时不可用，任务未能开始，请稍后重试" in page and 'id="job-retry"' in page
    assert "6379" not in page
