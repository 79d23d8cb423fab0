"""The migration to 出席 / 请假 / 缺席 keeps what each old row said: ticked → 出席, unticked → 缺席 with its reason."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from qingfeng.study.models import Attendance

BEFORE = [("study", "0001_initial")]


def migrate(targets=None):
    """Migrate to `targets`, or to the latest of every app (as the tests after this one expect)."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_present_becomes_attended_and_unticked_becomes_absent(world, campaign):
    old = migrate(BEFORE)
    try:
        activity = old.get_model("study", "StudyActivity").objects.create(
            campaign_id=campaign.pk, org_id=world.a.pk, kind="group_study", date=timezone.localdate(),
            topic="集中学习", created_by_id=world.admin.pk)
        attendance = old.get_model("study", "Attendance").objects
        attendance.create(activity_id=activity.pk, member_id=world.alice.pk, present=True)
        attendance.create(activity_id=activity.pk, member_id=world.bob.pk, present=False, absence_reason="出差")
    finally:
        migrate()
    rows = {row.member_id: (row.status, row.reason) for row in Attendance.objects.all()}
    assert rows == {world.alice.pk: ("present", ""), world.bob.pk: ("absent", "出差")}
