"""组织生活会 / 民主生活会 from preparation to report: 征求意见, talks and 对照检查材料 before, the report after
(the ladder's reminder of a late one: reports/tests/test_compliance_ladder.py)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.inspection.models import SelfInspection
from qingfeng.orglife.life import LIFE_REPORT_DAYS, preparation
from qingfeng.orglife.models import Meeting, Talk
from qingfeng.orglife.tests.factories import MeetingFactory


@pytest.fixture
def life(world):
    start = timezone.now() - datetime.timedelta(days=3)
    return MeetingFactory(org=world.a, created_by=world.sec_a, kind=Meeting.Kind.ORG_LIFE, title="年度组织生活会",
                          starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=Meeting.Status.HELD,
                          invited=[world.alice, world.bob], opinions="")


def test_the_preparation_is_read_from_the_records(world, login, life, campaign):
    before = preparation(world.sec_a, life)
    assert (before.opinions, before.talks, before.inspections, before.invited) == (False, 0, 0, 2)
    Meeting.objects.filter(pk=life.pk).update(opinions="群众座谈会：希望加强家校沟通")
    day = timezone.localdate() - datetime.timedelta(days=10)
    Talk.objects.create(org=world.a, kind=Talk.Kind.MEMBERS, talker=world.alice, talkee=world.bob, date=day,
                        summary="会前谈心", created_by=world.sec_a)
    Talk.objects.create(org=world.a, kind=Talk.Kind.MEMBERS, talker=world.alice, talkee=world.bob,
                        date=day - datetime.timedelta(days=100), summary="太早了", created_by=world.sec_a)
    SelfInspection.objects.create(campaign=campaign, member=world.alice, org=world.a,
                                  status=SelfInspection.Status.SUBMITTED,
                                  submitted_at=timezone.now() - datetime.timedelta(days=5))  # before the meeting
    SelfInspection.objects.create(campaign=campaign, member=world.bob, org=world.a)  # a draft is not submitted
    life.refresh_from_db()
    after = preparation(world.sec_a, life)
    assert (after.opinions, after.talks, after.talked, after.inspections) == (True, 1, 2, 1)
    body = login(world.sec_a).get(reverse("meeting_detail", args=[life.pk])).content.decode()
    assert "会前 60 天内参会人员之间谈话 1 次，涉及 2 / 2 人" in body and "1 / 2 人已提交" in body


def test_the_secretary_records_the_report_once(world, login, life):
    client = login(world.sec_a)
    page = client.get(reverse("meeting_detail", args=[life.pk])).content.decode()
    due = (timezone.localtime(life.starts_at).date() + datetime.timedelta(days=LIFE_REPORT_DAYS))
    assert f"应于 {due.year}年{due.month}月{due.day}日 前上报上级" in page
    client.post(reverse("meeting_report", args=[life.pk]), {"note": "县委组织部，清组〔2026〕12号"})
    life.refresh_from_db()
    first = life.reported_at
    assert first and life.report_note == "县委组织部，清组〔2026〕12号"
    client.post(reverse("meeting_report", args=[life.pk]), {"note": "补充"})
    life.refresh_from_db()
    assert life.reported_at == first  # when it went stays; the note may be corrected
    assert "已于" in client.get(reverse("meeting_detail", args=[life.pk])).content.decode()


def test_only_managers_report_and_only_a_held_life_meeting(world, login, life):
    assert login(world.alice_user).post(reverse("meeting_report", args=[life.pk])).status_code == 403
    assert login(world.sec_b).post(reverse("meeting_report", args=[life.pk])).status_code == 404
    Meeting.objects.filter(pk=life.pk).update(kind=Meeting.Kind.THEME_DAY)
    login(world.sec_a).post(reverse("meeting_report", args=[life.pk]))
    Meeting.objects.filter(pk=life.pk).update(kind=Meeting.Kind.ORG_LIFE, status=Meeting.Status.PUBLISHED)
    login(world.sec_a).post(reverse("meeting_report", args=[life.pk]))
    life.refresh_from_db()
    assert life.reported_at is None
