"""The deadline ladder over the units' parts: who hears of each step, once per deadline."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from qingfeng.core.models import Notification
from qingfeng.core.permissions import nearest_holders
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import UserFactory
from qingfeng.proposals import ladder, services
from qingfeng.proposals.models import ProposalNotice
from qingfeng.proposals.workflow import CodeHolder

from .factories import assigned

L = ProposalNotice.Level
ASSIGNED = datetime.date(2026, 3, 1)
DEADLINE = datetime.date(2026, 3, 11)  # ten days after
M = ladder.ESCALATE_AFTER_DAYS


def day(offset: int) -> datetime.date:
    """`offset` days after the deadline (before it, if negative)."""
    return DEADLINE + datetime.timedelta(days=offset)


@pytest.fixture
def part(world):
    """一中 leads an item handed over on 1 March, due 11 March; 二中 co-handles it."""
    with freeze_time(ASSIGNED):
        proposal, _code = assigned(world, co_units=[world.b], days=10)
    Notification.objects.all().delete()
    return proposal.assignments.get(unit=world.a)


def bell() -> set[str]:
    return set(Notification.objects.values_list("user__username", flat=True))


def test_nothing_before_the_reminder_window(part):
    assert ladder.run(day(-ladder.REMIND_DAYS_BEFORE - 1))["remind"] == 0
    assert not ProposalNotice.objects.exists() and not bell()


@pytest.mark.parametrize("offset", [-ladder.REMIND_DAYS_BEFORE, 0])
def test_a_reminder_goes_to_the_units_handlers_from_n_days_before_to_the_deadline(part, offset):
    counts = ladder.run(day(offset))
    assert (counts["remind"], counts["urge"]) == (2, 0)  # the lead unit and the co-unit
    assert bell() == {"sec_a", "sec_b"}
    notice = ProposalNotice.objects.get(assignment=part)
    assert (notice.level, notice.deadline) == (L.REMIND, DEADLINE)
    assert "已通知：" in notice.note


def test_the_reminder_goes_to_who_nearest_holders_names(part, world):
    ladder.run(day(0))
    assert {n.user for n in Notification.objects.filter(url__contains=f"/{part.pk}/")} == set(
        nearest_holders("handle_proposals", part))


def test_a_day_overdue_the_unit_and_the_office_are_urged(part):
    counts = ladder.run(day(1))
    assert (counts["remind"], counts["urge"], counts["supervise"]) == (0, 2, 0)  # first seen late: no 提醒
    lead = set(Notification.objects.filter(title__startswith="催办", url__contains="/assignments/").values_list(
        "user__username", flat=True))
    assert lead == {"sec_a", "sec_b"}
    office = Notification.objects.filter(url__endswith=f"/proposals/{part.proposal_id}/")
    assert set(office.values_list("user__username", flat=True)) == {"admin"}
    assert office.count() == 2  # once per late part: 一中's and 二中's
    assert "已逾期1天" in ProposalNotice.objects.get(assignment=part).note


def test_m_days_overdue_whoever_manages_above_the_unit_is_told_too(part, world):
    secretary_g = UserFactory(username="sec_g", role=Role.Kind.SECRETARY, org=world.g)  # 教育局党总支, above 一中
    ladder.run(day(M))
    users = set(Notification.objects.filter(title__startswith="督办").values_list("user__username", flat=True))
    assert users == {"sec_a", "sec_b", "admin", secretary_g.username}
    assert "sec_g" not in {n.user.username for n in Notification.objects.filter(title__startswith="催办")}
    supervise = ProposalNotice.objects.get(assignment=part, level=L.SUPERVISE)
    assert (secretary_g.get_full_name() or "sec_g") in supervise.note


def test_supervision_skips_the_units_own_handlers_and_goes_up(part, world):
    """No secretary above 一中 but the county's admin: the 督办 reaches her, once, as the office and as the manager
    above."""
    ladder.run(day(M))
    notes = Notification.objects.filter(title__startswith="督办")
    assert sorted(notes.values_list("user__username", flat=True)) == ["admin", "admin", "sec_a", "sec_b"]
    # once per part (一中's and 二中's), not twice per part
    assert notes.filter(user=world.admin, url__endswith=f"/proposals/{part.proposal_id}/").count() == 2


def test_2m_days_overdue_the_discipline_users_are_asked_to_talk(part):
    counts = ladder.run(day(2 * M))
    assert counts == {"remind": 0, "urge": 2, "supervise": 2, "talk": 2, "notifications": counts["notifications"]}
    talk = set(Notification.objects.filter(title__startswith="建议约谈").values_list("user__username", flat=True))
    assert talk == {"discipline"}


def test_running_again_sends_nothing_twice(part):
    first = ladder.run(day(2 * M))
    count = Notification.objects.count()
    assert ladder.run(day(2 * M)) == dict.fromkeys(first, 0)
    assert ladder.run(day(2 * M + 1)) == dict.fromkeys(first, 0)
    assert Notification.objects.count() == count
    assert ProposalNotice.objects.count() == 6  # two parts × 催办, 督办, 约谈 (first seen late: no 提醒)


def test_a_second_round_starts_the_ladder_again(part, world):
    with freeze_time(day(0)):
        ladder.run(day(0))
        services.reply(world.sec_a, part.proposal, "已修复")
        proposal = services.rate(CodeHolder(part.proposal_id), part.proposal, "unsatisfied", "没修好")
    part.refresh_from_db()
    assert part.deadline == proposal.deadline > DEADLINE
    counts = ladder.run(part.deadline)
    assert counts["remind"] == 1  # the lead unit's new deadline; the co-unit's part is not reopened
    assert ProposalNotice.objects.filter(assignment=part, level=L.REMIND).count() == 2


def test_a_co_unit_that_handed_its_part_over_is_left_alone(part, world):
    co_part = part.proposal.assignments.get(unit=world.b)
    services.finish_part(world.sec_b, co_part)
    ladder.run(day(2 * M))
    assert not ProposalNotice.objects.filter(assignment=co_part).exists()
    assert "sec_b" not in bell()


def test_an_item_no_longer_handled_is_left_alone(part, world):
    with freeze_time(day(-1)):
        services.reply(world.sec_a, part.proposal, "已修复")  # the lead unit's part is done; the item 已答复
    assert ladder.run(day(2 * M)) == {"remind": 0, "urge": 0, "supervise": 0, "talk": 0, "notifications": 0}


def test_a_step_nobody_can_be_told_of_is_recorded_with_the_reason(part, world):
    Role.objects.filter(kind=Role.Kind.DISCIPLINE).delete()
    ladder.run(day(2 * M))
    talk = ProposalNotice.objects.get(assignment=part, level=L.TALK)
    assert "未能通知任何人" in talk.note and "纪检" in talk.note
    assert not Notification.objects.filter(title__startswith="建议约谈").exists()


def test_a_reminder_with_no_handler_anywhere_up_says_so(part, world):
    for user in (world.sec_a, world.admin):
        user.is_active = False
        user.save()
    ladder.run(day(0))
    assert "未能提醒承办单位：一中党支部" in ProposalNotice.objects.get(assignment=part).note


def test_the_cost_of_a_batch_does_not_grow_with_its_size(world):
    def queries(items: int) -> int:
        ProposalNotice.objects.all().delete()
        with freeze_time(ASSIGNED):
            for _ in range(items):
                assigned(world, co_units=[world.b], days=10)
        with CaptureQueriesContext(connection) as context:
            ladder.run(day(2 * M))
        return len(context.captured_queries)

    assert queries(1) == queries(6)
