"""A background job of any kind: queued, run by huey, its page shows progress, then its file, data or error."""

import pytest
from django.urls import reverse

from qingfeng.core import jobs
from qingfeng.core.jobs import JobResult
from qingfeng.core.models import Job
from qingfeng.core.tests.factories import UserFactory
from qingfeng.core.tests.job_kinds import PDF, run

pytestmark = pytest.mark.usefixtures("job_kinds")


def detail(job):
    return reverse("export_job_detail", args=[job.pk])


def download(job):
    return reverse("export_job_download", args=[job.pk])


def test_a_started_job_runs_once_the_transaction_commits_and_keeps_its_data(
        world, login, huey_immediate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(world.sec_a, "originality", {"documents": 2}, total=2)
        assert Job.objects.get(pk=job.pk).status == "pending"
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.file.name, job.finished_at is not None) == ("done", 2, 2, "", True)
    assert job.result == {"checked": 2, "similar": []}
    page = login(world.sec_a).get(detail(job)).content.decode()
    assert '<h1 class="h4 mb-3">原创性检查</h1>' in page and "已完成" in page and 'data-qf-percent="100"' in page
    assert "hx-trigger" not in page and download(job) not in page
    assert "本页保留 7 天，之后自动删除。" in page


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValueError, match="unknown job kind"):
        jobs.start(world.sec_a, "nothing", {}, total=1)
    assert not Job.objects.exists()


def test_a_result_is_a_file_with_its_name_or_data(world):
    for wrong in [{}, {"file": "exports/1.pdf"}, {"file": "exports/1.pdf", "filename": "a.pdf", "data": {}}]:
        with pytest.raises(ValueError):
            JobResult(**wrong)


def test_a_file_result_is_downloaded_by_its_requester(world, login):
    job = run(world.sec_a, "report")
    assert (job.status, job.done, job.total, job.filename, job.result) == ("done", 1, 1, "报告.pdf", None)
    client = login(world.sec_a)
    assert download(job) in client.get(detail(job)).content.decode()
    response = client.get(download(job))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf" and "attachment" in response["Content-Disposition"]


def test_a_job_that_raises_is_failed_and_its_page_shows_the_error(world, login):
    job = run(world.sec_a, "broken", total=4)
    assert (job.status, job.done, job.error, job.finished_at is not None) == ("failed", 2, "磁盘已满", True)
    client = login(world.sec_a)
    page = client.get(detail(job)).content.decode()
    assert "失败" in page and "磁盘已满" in page and "hx-trigger" not in page and download(job) not in page
    assert client.get(download(job)).status_code == 404


def test_the_page_shows_the_progress_and_polls_until_the_job_ends(world, login):
    job = Job.objects.create(kind="report", total=4, done=1, status=Job.Status.RUNNING, requested_by=world.sec_a)
    client = login(world.sec_a)
    page = client.get(detail(job)).content.decode()
    assert "生成报告" in page and "进行中" in page and "1 / 4" in page
    assert f'hx-get="{detail(job)}" hx-trigger="every 2s"' in page
    partial = client.get(detail(job), headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="export-job"') and "<html" not in partial
    # the bar's width comes from qingfeng.js: no inline style (CSP)
    assert 'data-qf-percent="25"' in partial and "style=" not in partial
    assert client.get(download(job)).status_code == 404  # nothing to download yet


def test_only_the_requester_sees_the_page_and_the_download(world, login):
    job = run(world.sec_a, "report")
    root = UserFactory(username="root")
    root.is_superuser = True
    root.save()
    for user in [world.sec_b, world.admin, world.discipline, world.alice_user, root]:
        client = login(user)
        assert client.get(detail(job)).status_code == 404
        assert client.get(download(job)).status_code == 404


def test_someone_logged_out_is_sent_to_log_in(world, client):
    job = run(world.sec_a, "report")
    for url in [detail(job), download(job)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
