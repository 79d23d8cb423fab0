"""The organization-life ladder (reports.compliance_ladder): what is due at a month's start, then 提醒 → 催办 → 督办
for months that ended with a required kind missing; each message once."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from qingfeng.core.models import Notification
from qingfeng.orglife.life import LIFE_REPORT_DAYS
from qingfeng.orglife.models import Meeting, Requirement
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.models import Org, Role
from qingfeng.orgs.tests.factories import UserFactory
from qingfeng.reports.compliance_ladder import run
from qingfeng.reports.models import ComplianceNotice

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
L = ComplianceNotice.Level


@pytest.fixture
def theme_day_only(world):
    """Only 主题党日 (monthly) and 党课 (quarterly) are required, so each test knows what is due."""
    for subject in Requirement.Subject.values:
        if not subject.startswith("hours"):
            period, minimum = {"theme_day": ("month", 1), "party_lecture": ("quarter", 1)}.get(subject, ("month", 0))
            Requirement.objects.create(org=world.c, subject=subject, period=period, minimum=minimum,
                                       changed_by=world.admin)


def theme_day(world, org, month, secretary):
    start = datetime.datetime(2026, month, 10, 9, tzinfo=SHANGHAI)
    MeetingFactory(org=org, kind=Meeting.Kind.THEME_DAY, starts_at=start, status=Meeting.Status.HELD,
                   created_by=secretary)


def told(user, **fields):
    return list(Notification.objects.filter(user=user, **fields).values_list("title", flat=True))


def test_at_a_quarters_start_the_secretary_is_told_what_is_due(world, theme_day_only):
    assert run(datetime.date(2026, 4, 1)) >= 2
    [title] = told(world.sec_a, title__contains="4月应召开")
    body = Notification.objects.get(user=world.sec_a, title=title).body
    assert "主题党日" in body and "党课（本季度）" in body
    # in May, no quarterly kind is due
    run(datetime.date(2026, 5, 1))
    body = Notification.objects.get(user=world.sec_a, title__contains="5月应召开").body
    assert "主题党日" in body and "党课" not in body


def test_a_missed_month_climbs_the_ladder_month_after_month(world, theme_day_only):
    inspector_g = UserFactory(username="inspector_g", role=Role.Kind.INSPECTOR, org=world.g)
    theme_day(world, world.b, 1, world.sec_b)
    theme_day(world, world.b, 2, world.sec_b)
    theme_day(world, world.b, 3, world.sec_b)  # 二中 holds every month; 一中 none
    run(datetime.date(2026, 2, 1))
    assert told(world.sec_a, title__contains="【提醒】") == ["【提醒】一中党支部1月组织生活未达标"]
    assert not told(world.admin, title__contains="一中党支部1月") and not told(world.sec_b, title__contains="未达标")
    run(datetime.date(2026, 3, 1))
    assert told(world.admin, title__contains="【催办】") == ["【催办】一中党支部2月组织生活未达标"]
    assert "已连续 2 个月未达标" in Notification.objects.get(user=world.sec_a, title__contains="【催办】").body
    run(datetime.date(2026, 4, 1))
    assert told(inspector_g, title__contains="【督办】") == ["【督办】一中党支部3月组织生活未达标"]
    assert {n.level for n in ComplianceNotice.objects.filter(org=world.a)} == {L.DUE, L.REMIND, L.URGE, L.SUPERVISE}


def test_each_message_once_and_a_missed_day_is_made_up(world, theme_day_only):
    first = run(datetime.date(2026, 2, 3))  # the job was down on the 1st and 2nd
    count = Notification.objects.count()
    assert first and run(datetime.date(2026, 2, 4)) == 0 and Notification.objects.count() == count
    missing = ComplianceNotice.objects.get(org=world.a, level=L.REMIND).missing
    assert missing == "主题党日"


def test_a_compliant_branch_hears_only_what_is_due(world, theme_day_only):
    theme_day(world, world.a, 1, world.sec_a)
    run(datetime.date(2026, 2, 1))
    assert told(world.sec_a) == ["一中党支部：2月应召开的会议"]


@pytest.fixture
def life(world):
    """一中's 组织生活会, held three days ago and not yet reported to the superior."""
    start = timezone.now() - datetime.timedelta(days=3)
    return MeetingFactory(org=world.a, created_by=world.sec_a, kind=Meeting.Kind.ORG_LIFE, title="年度组织生活会",
                          starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=Meeting.Status.HELD)


def test_a_late_report_is_chased_once_up_to_the_org_above(world, life):
    late = timezone.localdate() + datetime.timedelta(days=LIFE_REPORT_DAYS)  # 3 days past due
    run(late)
    title = "【催办】一中党支部组织生活会逾期未上报"
    assert Notification.objects.filter(user=world.sec_a, title=title).exists()
    assert Notification.objects.filter(user=world.admin, title=title).exists()
    run(late + datetime.timedelta(days=1))
    assert Notification.objects.filter(user=world.sec_a, title=title).count() == 1


def test_a_report_in_time_is_not_chased(world, life):
    Meeting.objects.filter(pk=life.pk).update(reported_at=timezone.now())
    run(timezone.localdate() + datetime.timedelta(days=LIFE_REPORT_DAYS))
    assert not Notification.objects.filter(title__contains="逾期未上报").exists()


def test_a_branch_is_chased_only_for_months_after_it_was_founded(world, theme_day_only):
    Org.objects.filter(pk=world.a.pk).update(founded_on=datetime.date(2026, 2, 15))
    Org.objects.filter(pk=world.b.pk).update(founded_on=datetime.date(2026, 5, 20))  # not yet, on May 1st
    run(datetime.date(2026, 2, 1))  # January: before 一中 was founded
    assert not told(world.sec_a, title__contains="未达标")
    run(datetime.date(2026, 3, 1))  # February: the month it was founded in, not whole
    assert not told(world.sec_a, title__contains="未达标")
    run(datetime.date(2026, 4, 1))  # March: its first whole month, no 主题党日
    assert told(world.sec_a, title__contains="【提醒】") == ["【提醒】一中党支部3月组织生活未达标"]
    run(datetime.date(2026, 5, 1))
    assert not told(world.sec_b, title__contains="5月应召开")  # 二中 is not founded yet: nothing due
    assert told(world.sec_a, title__contains="5月应召开")
