"""重试: the requester queues a failed job again, as the same job, from its page; nobody else may."""

import pytest
from django.urls import reverse

from qingfeng.core import jobs
from qingfeng.core.models import Job
from qingfeng.core.tests.job_kinds import run

pytestmark = pytest.mark.usefixtures("job_kinds")


def retry(job):
    return reverse("export_job_retry", args=[job.pk])


def detail(job):
    return reverse("export_job_detail", args=[job.pk])


def interrupted(user, kind="report") -> Job:
    job = Job.objects.create(kind=kind, total=1, requested_by=user)
    jobs.fail(job.pk, jobs.INTERRUPTED)
    return Job.objects.get(pk=job.pk)


def test_it_runs_the_failed_job_again_and_the_page_shows_the_result(
        world, login, huey_immediate, django_capture_on_commit_callbacks):
    job = interrupted(world.sec_a)
    client = login(world.sec_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry(job))
    assert response.status_code == 302 and response["Location"] == detail(job)
    job.refresh_from_db()
    assert (job.status, job.error, job.done, job.filename) == ("done", "", 1, "报告.pdf")
    page = client.get(detail(job)).content.decode()
    assert "已完成" in page and 'id="export-download"' in page and 'id="job-retry"' not in page
    assert Job.objects.count() == 1


def test_it_queues_the_job_and_the_page_polls_again(world, login):
    job = interrupted(world.sec_a)
    client = login(world.sec_a)
    client.post(retry(job))  # in the test's transaction: queued, not yet run
    job.refresh_from_db()
    assert (job.status, job.error, job.finished_at) == ("pending", "", None)
    page = client.get(detail(job)).content.decode()
    assert "排队中" in page and 'hx-trigger="every 2s"' in page and 'id="job-retry"' not in page


def test_the_failure_page_posts_the_retry_with_its_csrf_token(world, login):
    job = interrupted(world.sec_a)
    page = login(world.sec_a).get(detail(job)).content.decode()
    form = page[page.index(f'<form method="post" action="{retry(job)}"'):]
    form = form[:form.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form and 'id="job-retry">重试</button>' in form
    assert "服务停止，任务中断，请重试" in page


def test_it_requires_the_requester(world, login):
    job = interrupted(world.sec_a)
    for user in [world.sec_b, world.admin, world.alice_user]:
        assert login(user).post(retry(job)).status_code == 404
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", jobs.INTERRUPTED)


def test_it_rejects_get(world, login):
    job = interrupted(world.sec_a)
    assert login(world.sec_a).get(retry(job)).status_code == 405
    assert Job.objects.get().status == "failed"


def test_it_leaves_a_job_that_is_not_failed_as_it_is(world, login):
    done = run(world.sec_a, "report")
    running = Job.objects.create(kind="report", status=Job.Status.RUNNING, done=1, total=2, requested_by=world.sec_a)
    client = login(world.sec_a)
    for job in (done, running):
        assert client.post(retry(job))["Location"] == detail(job)
    assert [(j.status, j.done) for j in Job.objects.order_by("pk")] == [("done", 1), ("running", 1)]


def test_a_kind_no_app_registers_any_more_is_not_retried(world, login):
    job = interrupted(world.sec_a, kind="retired")
    client = login(world.sec_a)
    page = client.get(detail(job)).content.decode()
    assert 'id="job-retry"' not in page and "请联系管理员" in page
    client.post(retry(job))
    assert Job.objects.get().status == "failed"


def test_a_retry_while_the_queue_is_down_fails_again_with_the_message(
        world, login, huey_immediate, monkeypatch, django_capture_on_commit_callbacks):
    def redis_down(task):
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(huey_immediate, "enqueue", redis_down)
    job = interrupted(world.sec_a)
    with django_capture_on_commit_callbacks(execute=True):
        login(world.sec_a).post(retry(job))
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", jobs.QUEUE_DOWN)
