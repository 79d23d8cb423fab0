"""The escalation ladder 提醒 → 催办 → 督办 → 约谈, run by the daily job with frozen dates.

The campaign fixture has N = 3 (remind 3 days before) and M = 7 (督办 at 7 days overdue,
约谈 at 14).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from qingfeng.campaigns.models import Campaign
from qingfeng.core.models import Notification
from qingfeng.ledger.models import Rectification, Supervision
from qingfeng.ledger.supervision import run_escalation
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Org, Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory

Level = Supervision.Level
DUE = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def run_on(django_capture_on_commit_callbacks):
    """Run the job as it runs in production on `day`: today is that day, mail goes out on commit."""

    def _run(day):
        with freeze_time(f"{day.isoformat()} 04:00:00"), django_capture_on_commit_callbacks(execute=True):
            return run_escalation(timezone.localdate())

    return _run


@pytest.fixture
def people(world):
    """Everyone the ladder can reach has an email address; alice's rectification has a leader."""
    for user in (world.alice_user, world.sec_a, world.sec_b, world.admin, world.discipline, world.leader,
                 world.inspector):
        user.email = f"{user.username}@example.org"
        user.save()
    world.chief_user = UserFactory(username="chief")
    world.chief_user.email = "chief@example.org"
    world.chief_user.save()
    world.chief = MemberFactory(org=world.a, name="赵校长", user=world.chief_user)
    return world


def rectification_due(campaign, member, due=DUE, source="self", leader=None):
    rect = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=member, source=source), leader=leader)
    Rectification.objects.filter(pk=rect.pk).update(due_date=due)
    rect.refresh_from_db()
    return rect


def told(user, level_title):
    return Notification.objects.filter(user=user, title__startswith=level_title).count()


def levels(rect):
    return sorted(Supervision.objects.filter(rectification=rect).values_list("level", flat=True))


def test_each_level_fires_on_its_day_and_not_the_day_before(campaign, people, run_on):
    rect = rectification_due(campaign, people.alice, leader=people.chief)
    first_day = {}
    for offset in range(-6, 16):
        run_on(DUE + offset * DAY)
        for level in levels(rect):
            first_day.setdefault(level, offset)
    assert first_day == {Level.REMIND: -3, Level.URGE: 1, Level.SUPERVISE: 7, Level.TALK: 14}
    assert levels(rect) == [Level.REMIND, Level.URGE, Level.SUPERVISE, Level.TALK]  # each once
    assert set(Supervision.objects.values_list("due_date", flat=True)) == {DUE}
    assert not Supervision.objects.exclude(created_by=None).exists()


def test_reminding_tells_the_owner_only(campaign, people, run_on, mailoutbox):
    rectification_due(campaign, people.alice, leader=people.chief)
    assert run_on(DUE - 4 * DAY)["remind"] == 0
    assert mailoutbox == []

    counts = run_on(DUE - 3 * DAY)

    assert counts == {"remind": 1, "urge": 0, "supervise": 0, "talk": 0, "notifications": 1}
    note = Notification.objects.get()
    assert note.user == people.alice_user
    assert note.title == "提醒：整改还有3天到期"
    assert "2026年6月15日" in note.body and "制定学习计划并落实" in note.body
    assert [m.to for m in mailoutbox] == [["alice@example.org"]]
    assert mailoutbox[0].subject == note.title


def test_urging_tells_the_owner_and_the_responsible_leader(campaign, people, run_on, mailoutbox):
    rectification_due(campaign, people.alice, leader=people.chief)
    run_on(DUE)
    assert told(people.alice_user, "催办") == 0

    counts = run_on(DUE + DAY)

    assert counts["urge"] == 1 and counts["notifications"] == 2
    assert told(people.alice_user, "催办：整改已逾期1天") == 1
    assert told(people.chief_user, "催办：整改已逾期1天") == 1
    assert sorted(m.to[0] for m in mailoutbox if m.subject.startswith("催办")) == [
        "alice@example.org", "chief@example.org"]


def test_supervising_tells_the_branch_secretary(campaign, people, run_on, mailoutbox):
    rectification_due(campaign, people.alice)
    run_on(DUE + 6 * DAY)
    assert not Notification.objects.filter(title__startswith="督办").exists()

    assert run_on(DUE + 7 * DAY)["supervise"] == 1

    supervised = Notification.objects.filter(title__startswith="督办")
    assert [n.user for n in supervised] == [people.sec_a]
    assert supervised[0].title == "督办：张丽的整改已逾期7天"
    assert ["sec_a@example.org"] in [m.to for m in mailoutbox]
    assert told(people.sec_b, "") == told(people.admin, "") == 0


def test_supervising_walks_up_to_the_nearest_secretary_or_org_admin(campaign, people, run_on):
    lonely = Org.create(people.g, code="X", name="三中党支部", kind=Org.Kind.BRANCH)
    dan = MemberFactory(org=lonely, name="周丹")
    rectification_due(campaign, dan)

    run_on(DUE + 7 * DAY)
    # Neither the branch nor the general branch has a secretary or admin: the committee's admin.
    assert [n.user for n in Notification.objects.filter(title__startswith="督办")] == [people.admin]

    g_secretary = UserFactory(username="sec_g", role=Role.Kind.SECRETARY, org=people.g)
    rectification_due(campaign, dan, due=DUE - DAY)
    run_on(DUE + 7 * DAY)
    assert told(g_secretary, "督办") == 1
    assert told(people.admin, "督办") == 1  # still only the first


def test_a_talk_is_suggested_to_discipline(campaign, people, run_on, mailoutbox):
    rectification_due(campaign, people.alice)
    run_on(DUE + 13 * DAY)
    assert told(people.discipline, "建议约谈") == 0

    assert run_on(DUE + 14 * DAY)["talk"] == 1

    assert [n.user for n in Notification.objects.filter(title__startswith="建议约谈")] == [people.discipline]
    assert ["discipline@example.org"] in [m.to for m in mailoutbox]


def test_an_item_first_seen_long_overdue_takes_every_step_that_holds_but_no_reminder(campaign, people, run_on):
    rect = rectification_due(campaign, people.alice, leader=people.chief)

    counts = run_on(DUE + 20 * DAY)

    assert counts == {"remind": 0, "urge": 1, "supervise": 1, "talk": 1, "notifications": 4}
    assert levels(rect) == [Level.URGE, Level.SUPERVISE, Level.TALK]


def test_running_twice_the_same_day_sends_nothing_twice(campaign, people, run_on, mailoutbox):
    rectification_due(campaign, people.alice, leader=people.chief)
    rectification_due(campaign, people.bob, due=DUE + 2 * DAY)
    first = run_on(DUE + 14 * DAY)
    rows, notes, mails = Supervision.objects.count(), Notification.objects.count(), len(mailoutbox)
    assert rows == 3 + 2 and notes > 0 and mails > 0  # bob: 12 days overdue, no 约谈 yet

    again = run_on(DUE + 14 * DAY)

    assert first["talk"] == 1 and again == dict.fromkeys(first, 0)
    assert (Supervision.objects.count(), Notification.objects.count(), len(mailoutbox)) == (rows, notes, mails)


def test_accepted_rectifications_are_left_alone(campaign, people, run_on, mailoutbox):
    rect = rectification_due(campaign, people.alice, leader=people.chief)
    Rectification.objects.filter(pk=rect.pk).update(status=Rectification.Status.ACCEPTED)

    for offset in (-3, 1, 7, 14, 30):
        assert sum(run_on(DUE + offset * DAY).values()) == 0
    assert not Supervision.objects.exists() and not Notification.objects.exists() and mailoutbox == []


@pytest.mark.parametrize("status", [Campaign.Status.DRAFT, Campaign.Status.CLOSED])
def test_campaigns_not_running_are_left_alone(campaign, people, run_on, mailoutbox, status):
    rectification_due(campaign, people.alice)
    Campaign.objects.filter(pk=campaign.pk).update(status=status)

    for offset in (-3, 1, 7, 14):
        assert sum(run_on(DUE + offset * DAY).values()) == 0
    assert not Supervision.objects.exists() and mailoutbox == []


@pytest.mark.parametrize("status", ["open", "in_progress", "submitted", "returned"])
def test_every_status_short_of_accepted_escalates(campaign, people, run_on, status):
    rect = rectification_due(campaign, people.alice)
    Rectification.objects.filter(pk=rect.pk).update(status=status)
    assert run_on(DUE + DAY)["urge"] == 1


def test_a_new_due_date_starts_the_ladder_again(campaign, people, run_on):
    rect = rectification_due(campaign, people.alice)
    run_on(DUE + DAY)
    assert levels(rect) == [Level.URGE]  # first seen overdue: no reminder
    new_due = DUE + 10 * DAY
    Rectification.objects.filter(pk=rect.pk).update(due_date=new_due)

    assert run_on(DUE + 2 * DAY)["urge"] == 0  # not overdue any more, not yet in the reminder window
    assert run_on(new_due - 3 * DAY)["remind"] == 1
    assert run_on(new_due + DAY)["urge"] == 1
    by_due = Supervision.objects.filter(rectification=rect, due_date=new_due)
    assert sorted(by_due.values_list("level", flat=True)) == [Level.REMIND, Level.URGE]
    assert told(people.alice_user, "催办") == 2  # once per deadline


def test_confidential_problems_are_supervised_by_discipline_and_never_reach_secretaries(
        campaign, people, run_on, mailoutbox):
    rect = rectification_due(campaign, people.alice, source="petition")

    for offset in range(-3, 15):
        run_on(DUE + offset * DAY)

    assert levels(rect) == [Level.REMIND, Level.URGE, Level.SUPERVISE, Level.TALK]
    assert told(people.alice_user, "提醒") == 1 and told(people.alice_user, "催办") == 1
    assert told(people.discipline, "督办") == 1 and told(people.discipline, "建议约谈") == 1
    for secretary in (people.sec_a, people.sec_b, people.admin):
        assert told(secretary, "") == 0
        assert [secretary.email] not in [m.to for m in mailoutbox]


@pytest.mark.parametrize("source", ["petition", "discipline"])
def test_the_responsible_leader_is_never_told_of_a_confidential_rectification(campaign, people, run_on, source):
    rect = rectification_due(campaign, people.alice, source=source, leader=people.chief)

    for offset in range(-3, 15):
        run_on(DUE + offset * DAY)

    assert levels(rect) == [Level.REMIND, Level.URGE, Level.SUPERVISE, Level.TALK]
    assert told(people.chief_user, "") == 0
    assert "赵校长" not in "".join(Supervision.objects.values_list("note", flat=True))
    # Every notification of every step went to someone who may open the rectification.
    from qingfeng.core.permissions import can

    for note in Notification.objects.select_related("user"):
        assert can(note.user, "view", rect), note.user


def test_every_step_reaches_only_people_who_may_open_the_rectification(campaign, people, run_on):
    from qingfeng.core.permissions import can

    rects = [rectification_due(campaign, people.alice, source=source, leader=people.chief)
             for source in ("self", "superior", "petition", "discipline")]
    for offset in range(-3, 15):
        run_on(DUE + offset * DAY)

    # (alice was also told of the 上级点评 problem registered about her: not a step of the ladder)
    notes = list(Notification.objects.filter(url__startswith="/rectifications/").select_related("user"))
    assert len(notes) >= 4 * 4
    for note in notes:
        rect = next(r for r in rects if note.url == f"/rectifications/{r.pk}/")
        assert can(note.user, "view", rect), (note.user, note.title, rect.problem.source)


def test_a_secretarys_own_overdue_task_is_supervised_from_the_org_above(campaign, people, run_on):
    # The branch secretary is a member of the branch too, and owns this rectification.
    secretary = MemberFactory(org=people.a, name="钱书记", user=people.sec_a)
    rect = rectification_due(campaign, secretary)

    run_on(DUE + 7 * DAY)

    assert levels(rect) == [Level.URGE, Level.SUPERVISE]
    assert told(people.sec_a, "督办") == 0
    # No secretary or admin on the general branch: the committee's org admin.
    assert [n.user for n in Notification.objects.filter(title__startswith="督办")] == [people.admin]


def test_discipline_problems_too_skip_the_secretary(campaign, people, run_on):
    rectification_due(campaign, people.alice, source="discipline")
    run_on(DUE + 7 * DAY)
    assert [n.user for n in Notification.objects.filter(title__startswith="督办")] == [people.discipline]


def test_a_step_is_recorded_even_when_nobody_can_be_told(campaign, people, run_on, mailoutbox):
    rect = rectification_due(campaign, people.bob)  # bob has no login

    counts = run_on(DUE - DAY)

    assert counts["remind"] == 1 and counts["notifications"] == 0
    assert Supervision.objects.get(rectification=rect).note.endswith(
        "\n未能发送提醒：责任人王强还没有开通登录账号（或账号已停用），请线下告知")
    assert mailoutbox == []


def test_an_urge_nobody_could_receive_names_the_owner_and_leader(campaign, people, run_on):
    rect = rectification_due(campaign, people.bob, leader=people.carol)  # neither has a login
    run_on(DUE + DAY)
    note = Supervision.objects.get(rectification=rect, level=Level.URGE).note
    assert note.endswith("\n未能发送提醒：王强、李梅都还没有开通登录账号（或账号已停用），请线下告知")


def test_people_without_an_email_address_get_the_bell_only(campaign, world, run_on, mailoutbox):
    rectification_due(campaign, world.alice)  # nobody in the plain world has an address
    assert run_on(DUE)["notifications"] == 1
    assert Notification.objects.get().user == world.alice_user
    assert mailoutbox == []


def test_the_supervision_record_says_what_was_sent_and_to_whom(campaign, people, run_on):
    rect = rectification_due(campaign, people.alice)
    run_on(DUE + 7 * DAY)
    record = Supervision.objects.get(rectification=rect, level=Level.SUPERVISE)
    assert "已逾期7天" in record.note and "sec_a" in record.note
    assert record.due_date == DUE


def test_another_campaigns_days_apply_to_its_own_rectifications(campaign, people, run_on):
    Campaign.objects.filter(pk=campaign.pk).update(remind_days_before=0, escalate_after_days=2)
    campaign.refresh_from_db()
    rect = rectification_due(campaign, people.alice)
    assert run_on(DUE - DAY)["remind"] == 0
    assert run_on(DUE)["remind"] == 1
    assert run_on(DUE + 2 * DAY)["supervise"] == 1
    assert run_on(DUE + 4 * DAY)["talk"] == 1
    assert levels(rect) == [Level.REMIND, Level.URGE, Level.SUPERVISE, Level.TALK]


def test_a_step_another_run_took_meanwhile_is_not_taken_twice(campaign, people, run_on, monkeypatch):
    from qingfeng.ledger import supervision

    taken = rectification_due(campaign, people.alice)
    free = rectification_due(campaign, people.chief)
    # Another consumer took this step between our read and our write: read without excluding it.
    Supervision.objects.create(rectification=taken, level=Level.URGE, due_date=DUE, note="另一次运行")
    monkeypatch.setattr(supervision, "_candidates", lambda campaign, level, window: (
        Rectification.objects.filter(problem__campaign=campaign, status__in=supervision.OPEN_STATUSES, **window)
        .select_related("org", "problem", "owner__user", "leader__user").order_by("pk")))

    counts = run_on(DUE + DAY)

    assert counts["urge"] == 1
    assert told(people.chief_user, "催办") == 1 and told(people.alice_user, "催办") == 0
    assert levels(taken) == [Level.URGE] and levels(free) == [Level.URGE]


@pytest.mark.parametrize("size", [11, 15])
def test_the_job_costs_queries_per_batch_not_per_rectification(campaign, people, run_on, monkeypatch, size):
    from qingfeng.ledger import supervision

    monkeypatch.setattr(supervision, "BATCH", 5)
    for i in range(size):
        member = MemberFactory(org=people.a, name=f"党员{i}", user=UserFactory(username=f"m{i}"))
        rectification_due(campaign, member, due=DUE - i % 3 * DAY)
    with CaptureQueriesContext(connection) as queries:
        counts = run_on(DUE + 20 * DAY)
    assert counts["urge"] == counts["supervise"] == counts["talk"] == size
    # Both sizes make 3 batches per level: campaigns 1; 提醒 1 empty read; then per level
    # 4 reads, and per batch a savepoint pair, 2 inserts, 1 read of the recipients' roles (each must
    # be allowed to see the rectification) and (upper levels) 1 query for the roles above.
    assert len(queries) == 1 + 1 + 3 * 4 + 3 * 3 * 5 + 2 * 3, "\n".join(q["sql"] for q in queries)


@pytest.fixture
def huey_immediate():
    """Tasks run in the test's own process, as in development: no consumer needed."""
    from huey.contrib.djhuey import HUEY

    was, HUEY.immediate = HUEY.immediate, True
    yield HUEY
    HUEY.immediate = was


def test_the_job_is_a_periodic_huey_task_running_each_morning(huey_immediate):
    from qingfeng.ledger import tasks

    def scheduled(hour, minute):
        return [type(t) for t in huey_immediate.read_periodic(datetime.datetime(2026, 6, 15, hour, minute))]

    job = tasks.escalate_rectifications.task_class
    assert job in scheduled(7, 30)
    assert job not in scheduled(7, 31)
    assert job not in scheduled(3, 30)  # nobody is mailed at night


def test_the_task_runs_the_job_for_today(campaign, people, huey_immediate, django_capture_on_commit_callbacks,
                                         mailoutbox):
    from qingfeng.ledger import tasks

    rect = rectification_due(campaign, people.alice)
    with freeze_time("2026-06-16 04:00:00"), django_capture_on_commit_callbacks(execute=True):
        tasks.escalate_rectifications()  # enqueued, and run at once in immediate mode
    assert levels(rect) == [Level.URGE]
    assert [m.to for m in mailoutbox] == [["alice@example.org"]]


def test_the_task_uses_the_local_date(campaign, people):
    from qingfeng.ledger import tasks

    rectification_due(campaign, people.alice)
    # 2026-06-15 17:00 UTC is already the 16th in Beijing: one day overdue.
    with freeze_time("2026-06-15 17:00:00"):
        assert tasks.escalate_rectifications.call_local()["urge"] == 1
