import datetime
import zoneinfo

import pytest
from django.utils import timezone

from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orglife.models import Meeting, MeetingAttendance, Requirement
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.models import Org
from qingfeng.proposals.models import Assignment, Category, Proposal, Reply

Status = Proposal.Status
Rating = Proposal.Rating


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
    present = MeetingAttendance.objects.get(meeting=lecture, member=world.alice)
    present.status = MeetingAttendance.Status.PRESENT
    present.save()  # as the sign-in does: a save, which the kept counts follow
    return last  # the last month that ended


SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month, day, hour=9, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def proposal_year(world):
    """A year of 提案/社情民意 (2026) whose every figure is known (reports/tests/test_proposal_figures.py).

    清风县委 (C, the office) ─ 教育局党总支 (G) ─ 一中党支部 (A), 二中党支部 (B); and 县教育局 (D) directly under C.
    All times Asia/Shanghai; days to reply from 交办 (assigned) to the (last) reply.

      A  a1 民生 closed  replied 10.0 d on time  满意
         a2 民生 closed  replied  5.6 d on time  基本满意
         a3 经济 closed  replied 12.0 d late     未评价 (closed unrated)
         a4 基层 handling
      B  b1 民生 closed  two rounds, replied 30.0 d on time  满意 (after 不满意)
         b2 作风 closed  two rounds, replied 20.0 d late     不满意
         b3 民生 replied              replied 20.0 d late     (awaiting the rating)
         b4 经济 handling, second round after 不满意 (no reply of the round yet)
      D  d1 生态 closed  replied  3.0 d on time  满意
         d2 生态 handling, submitted 12-31 23:30 (still 2026 in Shanghai, 15:30 UTC)
      C  p1 其他 pending · p2 民生 reference · p3 其他 rejected · p4 民生 merged · p5 经济 accepted
         x1 基层 pending, submitted 2026-01-01 00:30 (2025 in UTC): counts in 2026
      not 2026: x2 (A, 2025-12-31 23:50, 不满意; its reply on 2026-01-05 is a January reply), x3 (D, 2027-01-01 00:10,
         which is 2026 in UTC; 不满意)
    """
    d = Org.create(world.c, code="D", name="县教育局", kind=Org.Kind.BRANCH)
    # as migration 0002 seeds them: a browser test's live server flushes the tables between tests
    category = {name: Category.objects.get_or_create(name=name, defaults={"order": order})[0]
                for order, name in enumerate(["经济发展", "民生保障", "作风建设", "基层治理", "生态环境", "其他"])}
    made = {}

    def item(key, unit, status, submitted, category_name, *, assigned=None, deadline=None, replied=(),
             on_time=None, rating="", round_=1, **fields):
        """`replied`: the times of its replies, one per round; the last is the item's replied_at unless it is
        in a round not yet answered."""
        last_reply = replied[-1] if replied and status in (Status.REPLIED, Status.CLOSED) else None
        proposal = Proposal.objects.create(
            office=world.c, title=key, content="……", category=category[category_name], submitted_at=submitted,
            code_digest=key, status=status, lead_unit=unit, assigned_at=assigned, deadline=deadline,
            accepted_at=assigned, replied_at=last_reply, replied_on_time=on_time, rating=rating, round=round_,
            closed_at=last_reply if status == Status.CLOSED else None, **fields)
        if unit is not None:
            Assignment.objects.create(proposal=proposal, unit=unit, lead=True, deadline=deadline)
        for number, when in enumerate(replied, start=1):
            Reply.objects.create(proposal=proposal, round=number, unit=unit, text="答复", created_by=world.admin,
                                 created_at=when)
        made[key] = proposal
        return proposal

    a, b = world.a, world.b
    item("a1", a, Status.CLOSED, at(1, 10), "民生保障", assigned=at(1, 11), deadline=datetime.date(2026, 1, 25),
         replied=[at(1, 21)], on_time=True, rating=Rating.SATISFIED)
    item("a2", a, Status.CLOSED, at(2, 3), "民生保障", assigned=at(2, 4), deadline=datetime.date(2026, 2, 20),
         replied=[at(2, 9, 23, 24)], on_time=True, rating=Rating.BASIC)
    item("a3", a, Status.CLOSED, at(3, 1), "经济发展", assigned=at(3, 2), deadline=datetime.date(2026, 3, 10),
         replied=[at(3, 14)], on_time=False)
    item("a4", a, Status.HANDLING, at(11, 20), "基层治理", assigned=at(11, 21), deadline=datetime.date(2026, 12, 5))
    item("b1", b, Status.CLOSED, at(4, 1), "民生保障", assigned=at(4, 2), deadline=datetime.date(2026, 5, 5),
         replied=[at(4, 12), at(5, 2)], on_time=True, rating=Rating.SATISFIED, round_=2)
    item("b2", b, Status.CLOSED, at(5, 5), "作风建设", assigned=at(5, 6), deadline=datetime.date(2026, 5, 20),
         replied=[at(5, 16), at(5, 26)], on_time=False, rating=Rating.UNSATISFIED, round_=2)
    item("b3", b, Status.REPLIED, at(6, 10), "民生保障", assigned=at(6, 11), deadline=datetime.date(2026, 6, 30),
         replied=[at(7, 1)], on_time=False)
    item("b4", b, Status.HANDLING, at(7, 1), "经济发展", assigned=at(7, 2), deadline=datetime.date(2026, 7, 27),
         replied=[at(7, 12)], rating=Rating.UNSATISFIED, round_=2)
    item("d1", d, Status.CLOSED, at(8, 8), "生态环境", assigned=at(8, 9), deadline=datetime.date(2026, 8, 30),
         replied=[at(8, 12)], on_time=True, rating=Rating.SATISFIED)
    item("d2", d, Status.HANDLING, at(12, 31, 23, 30), "生态环境", assigned=at(1, 2, year=2027),
         deadline=datetime.date(2027, 1, 20))
    item("p1", None, Status.PENDING, at(9, 1), "其他")
    item("p2", None, Status.REFERENCE, at(9, 2), "民生保障", status_reason="留作参考")
    item("p3", None, Status.REJECTED, at(9, 3), "其他", status_reason="不属于受理范围")
    item("p4", None, Status.MERGED, at(10, 5), "民生保障", merged_into=made["a1"])
    item("p5", None, Status.ACCEPTED, at(12, 1), "经济发展")
    item("x1", None, Status.PENDING, at(1, 1, 0, 30), "基层治理")
    item("x2", a, Status.CLOSED, at(12, 31, 23, 50, year=2025), "民生保障", assigned=at(12, 31, 23, 55, year=2025),
         deadline=datetime.date(2026, 1, 10), replied=[at(1, 5)], on_time=True, rating=Rating.UNSATISFIED)
    item("x3", d, Status.CLOSED, at(1, 1, 0, 10, year=2027), "生态环境", assigned=at(1, 2, year=2027),
         deadline=datetime.date(2027, 1, 10), replied=[at(1, 5, year=2027)], on_time=False,
         rating=Rating.UNSATISFIED)
    world.d = Org.objects.get(pk=d.pk)
    return made
