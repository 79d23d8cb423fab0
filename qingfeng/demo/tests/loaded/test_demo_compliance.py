"""The demo's year of organization life as the compliance grid reads it: every branch compliant but 二中, which
skipped its 主题党日 in March, June and August; members and leaders below their 学时 are listed."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from qingfeng.demo.orgs import DEMO_COMMITTEE_CODE
from qingfeng.orglife.models import Meeting
from qingfeng.orgs.models import Org
from qingfeng.reports.figures import Cell, meeting_compliance, study_hours


def test_every_branch_but_erzhong_is_compliant(demo):
    today = timezone.localdate()
    county = Org.objects.get(code=DEMO_COMMITTEE_CODE)
    grid = meeting_compliance(get_user_model().objects.get(username="zuzhibu"), county, today.year, today)
    failing = {row.org.code: {m.month: m.missing for m in row.months if m.state == Cell.MISSING}
               for row in grid.rows if not row.compliant}
    missed = {month: ["主题党日"] for month in (3, 6, 8) if month < today.month}
    assert failing == ({"QF-JY-03": missed} if missed else {})
    assert grid.compliant == len(grid.rows) - bool(missed)


def test_the_year_is_recorded_with_history_and_hours(demo):
    today = timezone.localdate()
    held = Meeting.objects.filter(status=Meeting.Status.HELD, starts_at__year=today.year,
                                  title__contains="学思践悟")  # the year's 党课
    assert held.exists() and not held.filter(hours=0).exists()
    assert Meeting.history.filter(history_change_reason="补录会议记录").count() >= held.count()
    county = Org.objects.get(code=DEMO_COMMITTEE_CODE)
    below = study_hours(get_user_model().objects.get(username="zuzhibu"), county, today.year).filter(
        hours__lt=F("target"))
    if today.month > 6:  # by then most members have passed 32 学时, and the 支委 not 56
        assert below.filter(is_leader=True).exists()
        assert below.count() < study_hours(get_user_model().objects.get(username="zuzhibu"), county,
                                           today.year).count()


def test_the_branch_founded_200_days_ago_is_judged_from_its_first_whole_period(demo):
    today = timezone.localdate()
    branch = Org.objects.get(code="QF-NY-03")
    assert branch.founded_on == today - datetime.timedelta(days=200)
    year = branch.founded_on.year
    grid = meeting_compliance(get_user_model().objects.get(username="zuzhibu"), branch, year, today)
    states = {m.month: m.state for m in grid.rows[0].months}
    before = [m for m in range(1, 13) if datetime.date(year, m, 1) < branch.founded_on]
    assert before and all(states[m] == Cell.BEFORE for m in before)
    assert Cell.MISSING not in states.values()
    assert not Meeting.objects.filter(org=branch, starts_at__date__lt=branch.founded_on).exists()
