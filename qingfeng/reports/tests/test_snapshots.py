"""Snapshots of large subtrees: the same figures as live, served only to whoever they fit, only today."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import UserFactory
from qingfeng.reports import snapshots
from qingfeng.reports.models import FigureSnapshot
from qingfeng.reports.tasks import refresh_figure_snapshots


@pytest.fixture
def records(records, world):
    """The shared records, and one more open rectification in branch B."""
    RectificationFactory(problem=ProblemFactory(campaign=records, member=world.carol), due_in_days=9)
    return records


def summary(board: snapshots.Dashboard) -> dict:
    def row(x):
        return {name: getattr(x, name) for name in snapshots._SCALARS} | {"org": x.org.pk}

    return {"figures": row(board.figures), "ranking": [row(x) for x in board.ranking], "weeks": board.weeks,
            "overdue": [(r.pk, r.days_overdue) for r in board.overdue], "orglife": board.orglife}


@pytest.mark.parametrize("username", ["admin", "leader", "discipline"])
@pytest.mark.parametrize("org", ["c", "g"])
def test_a_snapshot_shows_what_the_live_figures_show(records, world, username, org):
    user, org = getattr(world, username), getattr(world, org)
    live = snapshots.dashboard(records, user, org)
    snapshots.refresh(min_members=1)
    served = snapshots.dashboard(records, user, org)
    assert served.computed_at is not None and live.computed_at is None
    assert summary(served) == summary(live)
    assert list(served.figures.problems_by_category) == list(live.figures.problems_by_category)  # order kept


def test_confidential_problems_count_only_in_the_discipline_snapshot(records, world):
    snapshots.refresh(min_members=1)
    assert snapshots.dashboard(records, world.leader, world.c).figures.problems == 2
    assert snapshots.dashboard(records, world.discipline, world.c).figures.problems == 3


def test_large_subtrees_only_are_snapshotted(records, world):
    # C and G hold 3 members, A 2, B 1.
    assert snapshots.refresh(min_members=2) == 6
    assert set(FigureSnapshot.objects.values_list("org__code", flat=True)) == {"C", "G", "A"}
    snapshots.refresh(min_members=3)  # A is no longer large: its snapshots go
    assert set(FigureSnapshot.objects.values_list("org__code", flat=True)) == {"C", "G"}


def test_a_narrower_view_is_computed_live(records, world):
    snapshots.refresh(min_members=1)
    assert snapshots.dashboard(records, world.sec_a, world.a).computed_at is None
    # Discipline on one branch only, leader of the whole: neither snapshot fits.
    mixed = UserFactory(username="mixed", role=Role.Kind.LEADER, org=world.c)
    Role.objects.create(user=mixed, org=world.b, kind=Role.Kind.DISCIPLINE)
    board = snapshots.dashboard(records, mixed, world.c)
    assert board.computed_at is None and board.figures.problems == 3


def test_yesterdays_snapshot_is_not_served(records, world):
    snapshots.refresh(today=timezone.localdate() - datetime.timedelta(days=1), min_members=1)
    assert snapshots.dashboard(records, world.leader, world.c).computed_at is None


def test_the_page_says_the_figures_come_from_a_snapshot(records, world, login):
    snapshots.refresh(min_members=1)
    # after the snapshot
    RectificationFactory(problem=ProblemFactory(campaign=records, member=world.bob), due_in_days=-1)
    body = login(world.leader).get(reverse("campaign_dashboard", args=[records.pk])).content.decode()
    assert "数据每 10 分钟更新一次" in body
    assert 'data-figure="problems">2<' in body  # as of the snapshot, not 3
    body = login(world.sec_a).get(reverse("campaign_dashboard", args=[records.pk])).content.decode()
    assert "数据每 10 分钟更新一次" not in body


def test_the_command_and_the_periodic_job_refresh(records, world, capsys, settings):
    settings.FIGURES_SNAPSHOT_MIN_MEMBERS = 3
    call_command("refresh_figures")
    assert "已更新 4 份统计快照" in capsys.readouterr().out
    FigureSnapshot.objects.all().delete()
    refresh_figure_snapshots.call_local()
    assert FigureSnapshot.objects.count() == 4


def test_a_closed_campaign_keeps_no_snapshot(records, world):
    snapshots.refresh(min_members=1)
    records.status = records.Status.CLOSED
    records.save()
    snapshots.refresh(min_members=1)
    assert not FigureSnapshot.objects.exists()


def test_the_command_refuses_a_threshold_below_one(db):
    with pytest.raises(CommandError, match="至少为 1"):
        call_command("refresh_figures", "--min-members", "0")
