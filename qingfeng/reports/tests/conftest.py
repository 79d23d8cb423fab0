import datetime

import pytest
from django.utils import timezone

from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orglife.models import Meeting, MeetingAttendance, Requirement
from qingfeng.orglife.tests.factories import MeetingFactory


@pytest.fixture
def records(campaign, world):
    """Branch A: one overdue, one accepted rectification. Branch B: one confidential overdue."""
    alice_p = ProblemFactory(campaign=campaign, member=world.alice)
    RectificationFactory(problem=alice_p, due_in_days=-3, measure="逾期的整改措施甲")
    RectificationFactory(problem=alice_p, due_in_days=5, status="accepted", accepted_at=timezone.now())
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.carol, source="petition"),
                         due_in_days=-8, measure="保密来源的整改措施")
    return campaign


@pytest.fixture
def organization_life(world):
    """Only 主题党日 is required (monthly): branch A held one in every month of the year up to the last that ended,
    B none; Alice attended a 32-学时 党课 this year."""
    for subject in Requirement.Subject.values:
        if subject != Requirement.Subject.THEME_DAY and not subject.startswith("hours"):
            Requirement.objects.create(org=world.c, subject=subject, period="month", minimum=0, changed_by=world.admin)
    today, zone = timezone.localdate(), timezone.get_current_timezone()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    for month in range(1, last.month + 1):
        MeetingFactory(org=world.a, kind=Meeting.Kind.THEME_DAY, status=Meeting.Status.HELD, created_by=world.sec_a,
                       starts_at=datetime.datetime(last.year, month, 10, 10, tzinfo=zone))
    lecture = MeetingFactory(org=world.a, kind=Meeting.Kind.PARTY_LECTURE, status=Meeting.Status.HELD, hours=32,
                             starts_at=datetime.datetime.combine(today, datetime.time(0, 1), zone),
                             created_by=world.sec_a, invited=[world.alice, world.bob])
    MeetingAttendance.objects.filter(meeting=lecture, member=world.alice).update(
        status=MeetingAttendance.Status.PRESENT)
    return last  # the last month that ended
