"""Finished jobs, their pages and files, are deleted JOB_FILES_DAYS (QF_JOB_FILES_DAYS, 7) after they end."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from freezegun import freeze_time

from qingfeng.core import jobs
from qingfeng.core.models import Job
from qingfeng.core.tests.job_kinds import PDF, run

pytestmark = pytest.mark.usefixtures("job_kinds")


def exports() -> list[str]:
    """The file names under MEDIA_ROOT/exports/, each "<job id>-…"."""
    return sorted(path.name for path in (Path(settings.MEDIA_ROOT) / jobs.EXPORTS).iterdir())


@pytest.fixture
def week_old(world):
    """A finished file, a failure, a job whose result is data, and a job still running, all from a week ago."""
    with freeze_time(timezone.now() - timedelta(days=7, hours=1)):
        done = run(world.sec_a, "report")
        failed = run(world.sec_a, "broken")
        data = run(world.sec_a, "originality", documents=2)
        running = Job.objects.create(kind="report", status=Job.Status.RUNNING, requested_by=world.sec_a)
        _name, full = jobs.export_path(running, ".pdf")
        full.write_bytes(PDF[:4])
    return done, failed, data, running


def test_jobs_that_ended_over_the_configured_days_ago_go_with_their_files(world, week_old):
    done, failed, data, running = week_old
    recent = run(world.sec_a, "report")
    assert jobs.delete_expired() == 3
    assert set(Job.objects.values_list("pk", flat=True)) == {running.pk, recent.pk}
    assert sorted(name.split("-")[0] for name in exports()) == sorted([str(running.pk), str(recent.pk)])
    assert Path(recent.file.name).name in exports()


def test_jobs_are_kept_until_the_day_comes(world, week_old, settings):
    settings.JOB_FILES_DAYS = 8
    assert jobs.delete_expired() == 0
    assert Job.objects.count() == 4 and len(exports()) == 2
    with freeze_time(timezone.now() + timedelta(days=1)):
        assert jobs.delete_expired() == 3
    assert list(Job.objects.values_list("status", flat=True)) == ["running"]
    assert [name.split("-")[0] for name in exports()] == [str(week_old[3].pk)]


def test_a_file_already_gone_does_not_stop_the_cleanup(world, week_old):
    done = week_old[0]
    (Path(settings.MEDIA_ROOT) / done.file.name).unlink()
    assert jobs.delete_expired() == 3
    assert not Job.objects.filter(pk=done.pk).exists()
