"""Large 整改台账 exports run as a background job (core.jobs; its page and download: core/tests/test_jobs.py)."""

import io
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qingfeng.core import jobs
from qingfeng.core.models import AuditEntry, Job
from qingfeng.ledger.filters import LedgerFilter
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory

URL = reverse("ledger_export")


@pytest.fixture
def huey_immediate():
    from huey.contrib.djhuey import HUEY

    was, HUEY.immediate = HUEY.immediate, True
    yield HUEY
    HUEY.immediate = was


@pytest.fixture
def big_ledger(campaign, world, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    problem = ProblemFactory(campaign=campaign, member=world.alice, description="学习不深入")
    for measure in ["制定学习计划", "撰写学习笔记", "参加专题党课"]:
        RectificationFactory(problem=problem, measure=measure)
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.carol, description="服务态度生硬"),
                         measure="开展服务承诺")
    secret = ProblemFactory(campaign=campaign, member=world.alice, source="petition", description="收受礼金线索")
    RectificationFactory(problem=secret, measure="退还礼金并说明")


def test_over_the_threshold_the_export_becomes_a_job_with_a_progress_page(world, login, big_ledger):
    client = login(world.sec_a)
    response = client.post(URL)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export_job_detail", args=[job.pk])
    assert (job.kind, job.total, job.status, job.requested_by) == ("ledger_xlsx", 3, "pending", world.sec_a)
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in page and "排队中" in page and "0 / 3" in page
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="export-job"') and "<html" not in partial


def test_under_the_threshold_the_file_comes_at_once(world, login, big_ledger, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 3
    response = login(world.sec_a).get(URL)
    assert response.status_code == 200 and not Job.objects.exists()


def test_under_the_threshold_a_post_gets_the_file_at_once_too(world, login, big_ledger, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 3
    response = login(world.sec_a).post(URL, {"owner": "张丽"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Job.objects.exists()


def test_a_get_over_the_threshold_asks_first_and_starts_nothing(world, login, big_ledger):
    client = login(world.admin)
    response = client.get(URL, {"owner": "张丽"})
    assert response.status_code == 200 and not Job.objects.exists()
    page = response.content.decode()
    assert "符合条件的整改措施共 3 条，超过 2 条的导出将在后台生成，完成后可在本页下载" in page
    assert f'<form method="post" action="{URL}">' in page and 'name="csrfmiddlewaretoken"' in page
    assert '<input type="hidden" name="owner" value="张丽">' in page and "开始导出" in page

    client.post(URL, {"owner": "张丽"})  # the button
    assert Job.objects.get().params == {"owner": "张丽"}


def test_a_post_without_the_csrf_token_is_refused(world, big_ledger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    assert client.post(URL).status_code == 403
    assert not Job.objects.exists()


def test_an_invalid_filter_on_post_goes_back_to_the_list_with_its_message(world, login, big_ledger):
    client = login(world.sec_b)
    response = client.post(URL, {"org": world.a.pk})
    assert response.status_code == 302 and response["Location"] == f"{reverse('ledger_list')}?org={world.a.pk}"
    assert LedgerFilter.ORG_OUT_OF_SCOPE in client.get(response["Location"]).content.decode()
    assert not Job.objects.exists()


def test_the_ledger_button_posts_the_filter_without_the_page_or_the_order(world, login, big_ledger):
    page = login(world.admin).get(reverse("ledger_list"), {"owner": "张丽", "page": "2", "sort": "due_date",
                                                          "per_page": "10"}).content.decode()
    form = page[page.index(f'<form method="post" action="{URL}">'):]
    form = form[:form.index("</form>")]
    assert '<input type="hidden" name="owner" value="张丽">' in form and 'id="ledger-export"' in form
    assert 'name="page"' not in form and 'name="sort"' not in form and 'name="per_page"' not in form


def test_the_job_writes_the_file_and_the_requester_downloads_it(
        world, login, big_ledger, huey_immediate, django_capture_on_commit_callbacks):
    client = login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL)
    job = Job.objects.get()
    assert (job.status, job.done, job.total) == ("done", 4, 4)
    assert job.file.name.startswith("exports/") and job.finished_at
    entry = AuditEntry.objects.get(action="export.ledger")
    assert (entry.user, entry.detail) == (world.admin, f"4 条整改措施，后台任务 #{job.pk}")
    page = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in page and "100%" in page and reverse("export_job_download", args=[job.pk]) in page
    download = client.get(reverse("export_job_download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    name = f"清风县委_全部专项工作_整改台账_{timezone.localdate():%Y%m%d}.xlsx"  # as the file downloaded at once
    assert job.filename == name and quote(name) in download["Content-Disposition"]
    ws = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    measure = [cell.value for cell in ws[2]].index("整改措施")
    measures = [r[measure] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert set(measures) == {"制定学习计划", "撰写学习笔记", "参加专题党课", "开展服务承诺"}  # no confidential one
    assert "A3:A5" in {str(r) for r in ws.merged_cells.ranges}


def test_with_the_queue_down_the_export_page_says_so_instead_of_a_500(
        world, login, big_ledger, huey_immediate, monkeypatch, django_capture_on_commit_callbacks):
    def redis_down(task):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(huey_immediate, "enqueue", redis_down)
    client = login(world.sec_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export_job_detail", args=[job.pk])
    assert (job.status, job.error) == ("failed", jobs.QUEUE_DOWN)
    page = client.get(response["Location"]).content.decode()
    assert "后台任务服务暂时不可用，任务未能开始，请稍后重试" in page and "重试</button>" in page
    assert "hx-trigger" not in page


def test_the_job_keeps_the_filters(world, login, big_ledger, huey_immediate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.admin).post(URL, {"owner": "张丽"})
    job = Job.objects.get()
    assert job.params == {"owner": "张丽"}
    assert (job.status, job.done) == ("done", 3)


def test_the_writer_reports_progress_as_it_goes(world, big_ledger, monkeypatch, tmp_path):
    from qingfeng.ledger import exports

    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    seen = []
    ledger_filter = exports.filter_for(world.admin, {})
    exports.write_ledger(exports.ledger_queryset(world.admin, ledger_filter.qs), "台账", tmp_path / "x.xlsx",
                         seen.append)
    assert seen == [2, 4, 4]
