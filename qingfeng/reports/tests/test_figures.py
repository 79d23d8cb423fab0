"""campaign_figures and friends: every figure, exact, on a hand-built campaign at a frozen date."""

import datetime
import zoneinfo

import pytest
from freezegun import freeze_time

from qingfeng.campaigns.models import Campaign
from qingfeng.inspection.models import Commitment, SelfInspection
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Org
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports.figures import (
    accepted_per_week,
    campaign_figures,
    member_progress,
    most_common_items,
    overdue_list,
    ranked,
    sub_org_figures,
)
from qingfeng.study.models import Attendance, Reflection, StudyActivity

TODAY = datetime.date(2026, 6, 15)  # a Monday
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC


def at(*args, tz=SHANGHAI):
    return datetime.datetime(*args, tzinfo=tz)


@pytest.fixture
def frozen():
    with freeze_time("2026-06-15 10:00:00+08:00"):
        yield


@pytest.fixture
def data(frozen, campaign, world):
    """Branch A: alice, bob. Branch B: carol (and a member who left). One confidential problem in B.

    Rectifications (today 2026-06-15):
      r1 alice  open,        due 06-20
      r2 alice  in progress, due 06-10  → overdue
      r3 bob    accepted 06-08 04:00 Shanghai (06-07 in UTC), due 06-08 → on time, week of 06-08
      r4 bob    accepted 06-06 04:00 Shanghai (06-05 in UTC), due 06-05 → late, week of 06-01
      r5 carol  petition (confidential), open, due 06-01 → overdue
      r6 carol  submitted,   due 06-30
    """
    admin = world.admin
    items = {i.code: i for i in campaign.checklist.categories.get(code="1").items.all()}
    items |= {i.code: i for i in campaign.checklist.categories.get(code="2").items.all()}

    study_a = StudyActivity.objects.create(campaign=campaign, org=world.a, kind="group_study", date=TODAY,
                                           topic="集中学习", created_by=admin)
    study_b = StudyActivity.objects.create(campaign=campaign, org=world.b, kind="seminar", date=TODAY,
                                           topic="专题研讨", created_by=admin)
    Attendance.objects.create(activity=study_a, member=world.alice, status="present")
    Attendance.objects.create(activity=study_a, member=world.bob, status="leave", reason="出差")
    Attendance.objects.create(activity=study_b, member=world.carol, status="present")

    left = MemberFactory(org=world.b, name="已调离", is_active=False)
    now = at(2026, 6, 10, 9)

    def reflect(member, status, submitted=True):
        Reflection.objects.create(campaign=campaign, member=member, org=member.org, title="体会", body="……",
                                  status=status, submitted_at=now if submitted else None)

    reflect(world.alice, "returned")
    reflect(world.alice, "accepted")  # alice counts once
    reflect(world.bob, "submitted")
    reflect(world.carol, "draft", submitted=False)
    reflect(left, "accepted")  # not an active member: not counted
    SelfInspection.objects.create(campaign=campaign, member=world.alice, org=world.a, status="submitted")
    SelfInspection.objects.create(campaign=campaign, member=world.carol, org=world.b, status="draft")
    SelfInspection.objects.create(campaign=campaign, member=left, org=world.b, status="submitted")
    for member in (world.alice, world.carol):
        Commitment.objects.create(campaign=campaign, member=member, org=member.org, text="承诺",
                                  signed_name=member.name, signed_by=admin)

    alice_p = ProblemFactory(campaign=campaign, member=world.alice, checklist_item=items["1.1"], dimension="政治素质")
    bob_p = ProblemFactory(campaign=campaign, member=world.bob, source="superior", checklist_item=items["2.1"],
                           dimension="工作作风")
    carol_secret = ProblemFactory(campaign=campaign, member=world.carol, source="petition", checklist_item=items["2.2"],
                                  dimension="工作作风", confidential_detail="举报人：某某")
    carol_p = ProblemFactory(campaign=campaign, member=world.carol, source="public", dimension="")

    def days(d):
        return (d - TODAY).days

    RectificationFactory(problem=alice_p, due_in_days=days(datetime.date(2026, 6, 20)))
    RectificationFactory(problem=alice_p, due_in_days=days(datetime.date(2026, 6, 10)), status="in_progress")
    RectificationFactory(problem=bob_p, due_in_days=days(datetime.date(2026, 6, 8)), status="accepted",
                         accepted_at=at(2026, 6, 7, 20, tz=UTC))
    RectificationFactory(problem=bob_p, due_in_days=days(datetime.date(2026, 6, 5)), status="accepted",
                         accepted_at=at(2026, 6, 5, 20, tz=UTC))
    RectificationFactory(problem=carol_secret, due_in_days=days(datetime.date(2026, 6, 1)))
    RectificationFactory(problem=carol_p, due_in_days=days(datetime.date(2026, 6, 30)), status="submitted")

    # Another campaign's records count nowhere here.
    other = Campaign.objects.create(org=world.c, title="另一项", created_by=admin, status="active")
    RectificationFactory(problem=ProblemFactory(campaign=other, member=world.alice), due_in_days=-3)
    Reflection.objects.create(campaign=other, member=world.carol, org=world.b, title="t", body="b",
                              status="accepted", submitted_at=now)
    return campaign


def statuses(**nonzero):
    return {s: nonzero.get(s, 0) for s in ("open", "in_progress", "submitted", "accepted", "returned")}


def test_a_leader_sees_every_figure_but_the_confidential_problem(data, world):
    f = campaign_figures(data, world.leader)
    assert f.as_of == TODAY
    assert (f.members, f.participants, f.participation_rate) == (3, 2, 2 / 3)
    assert (f.reflections_submitted, f.reflection_submission_rate) == (2, 2 / 3)
    assert (f.reflections_accepted, f.reflection_acceptance_rate) == (1, 1 / 3)
    assert (f.inspections_submitted, f.inspection_rate) == (1, 1 / 3)
    assert (f.commitments_signed, f.commitment_rate) == (2, 2 / 3)
    assert f.study_activities == 2
    assert f.problems == 3
    assert f.problems_by_source == {"self": 1, "superior": 1, "criticism": 0, "inspection_tour": 0,
                                    "discipline": 0, "petition": 0, "public": 1}
    assert f.problems_by_category == {"理想信念方面": 1, "工作作风方面": 1, "其他来源": 1}
    assert f.problems_by_dimension == {"政治素质": 1, "担当作为": 0, "工作本领": 0, "工作作风": 1, "未标注维度": 1}
    assert f.rectifications == 5
    assert f.rectifications_by_status == statuses(open=1, in_progress=1, accepted=2, submitted=1)
    assert (f.rectifications_accepted, f.completion_rate) == (2, 0.4)
    assert f.rectifications_overdue == 1
    # Days are Shanghai days: r4, accepted on its due date in UTC, was a day late in Shanghai.
    assert (f.rectifications_on_time, f.on_time_rate) == (1, 0.5)


def test_discipline_also_counts_the_confidential_problem_and_its_rectification(data, world):
    f = campaign_figures(data, world.discipline)
    assert f.problems == 4
    assert f.problems_by_source["petition"] == 1
    assert f.problems_by_category == {"理想信念方面": 1, "工作作风方面": 2, "其他来源": 1}
    assert f.problems_by_dimension["工作作风"] == 2
    assert f.rectifications == 6
    assert f.rectifications_overdue == 2
    assert f.completion_rate == pytest.approx(1 / 3)
    assert (f.members, f.participants, f.reflections_submitted) == (3, 2, 2)


def test_a_secretary_sees_only_their_branch(data, world):
    f = campaign_figures(data, world.sec_a)
    assert (f.members, f.participants, f.reflections_submitted, f.reflections_accepted,
            f.inspections_submitted, f.commitments_signed, f.problems, f.rectifications,
            f.rectifications_overdue, f.rectifications_on_time, f.completion_rate) == (
        2, 1, 2, 1, 1, 1, 2, 4, 1, 1, 0.5)


def test_figures_narrow_to_a_sub_org(data, world):
    f = campaign_figures(data, world.discipline, world.b)
    assert f.org == world.b
    assert (f.members, f.participants, f.reflections_submitted, f.inspections_submitted,
            f.commitments_signed, f.problems, f.rectifications, f.rectifications_overdue) == (
        1, 1, 0, 0, 1, 2, 2, 1)
    assert f.completion_rate == 0
    assert f.on_time_rate is None  # nothing accepted: no denominator



def test_member_figures_follow_the_members_current_branch_not_where_the_record_was_made(data, world):
    # bob submitted his reflection in A, then moved to B: it now counts for B, whatever its org.
    world.bob.org = world.b
    world.bob.save()
    a, b = (campaign_figures(data, world.leader, org) for org in (world.a, world.b))
    assert (a.members, a.reflections_submitted, a.participants) == (1, 1, 1)
    assert (b.members, b.reflections_submitted, b.participants) == (2, 1, 1)
    rows = sub_org_figures(data, world.leader, world.g)
    assert [(r.members, r.reflections_submitted) for r in rows] == [(1, 1), (2, 1)]
    assert campaign_figures(data, world.leader).reflections_submitted == 2

def test_overdue_is_counted_at_the_day_asked_for(data, world):
    assert campaign_figures(data, world.leader, today=datetime.date(2026, 6, 10)).rectifications_overdue == 0
    assert campaign_figures(data, world.leader, today=datetime.date(2026, 6, 11)).rectifications_overdue == 1
    assert campaign_figures(data, world.leader, today=datetime.date(2026, 6, 21)).rectifications_overdue == 2


def test_rates_are_none_without_a_denominator(frozen, campaign, world):
    f = campaign_figures(campaign, world.leader, world.a)
    assert f.members == 2
    assert (f.rectifications, f.completion_rate, f.on_time_rate) == (0, None, None)
    empty = Org.create(world.g, code="E", name="空支部", kind=Org.Kind.BRANCH)
    f = campaign_figures(campaign, world.leader, empty)
    assert (f.members, f.participation_rate, f.reflection_submission_rate, f.inspection_rate) == (0, None, None, None)


def test_sub_org_figures_give_the_core_figures_per_direct_sub_org(data, world):
    rows = sub_org_figures(data, world.leader, world.g)
    assert [r.org for r in rows] == [world.a, world.b]
    a, b = rows
    assert (a.members, a.participants, a.reflections_submitted, a.reflections_accepted, a.inspections_submitted,
            a.commitments_signed, a.problems, a.rectifications, a.rectifications_accepted,
            a.rectifications_overdue, a.rectifications_on_time) == (2, 1, 2, 1, 1, 1, 2, 4, 2, 1, 1)
    assert (a.completion_rate, a.on_time_rate, a.participation_rate) == (0.5, 0.5, 0.5)
    assert (b.members, b.participants, b.reflections_submitted, b.inspections_submitted, b.commitments_signed,
            b.problems, b.rectifications, b.rectifications_overdue, b.completion_rate) == (1, 1, 0, 0, 1, 1, 1, 0, 0)
    assert [r.org for r in ranked(rows)] == [world.a, world.b]

    secret_b = sub_org_figures(data, world.discipline, world.g)[1]
    assert (secret_b.problems, secret_b.rectifications, secret_b.rectifications_overdue) == (2, 2, 1)


def test_sub_org_figures_leave_out_groups_and_what_the_user_cannot_see(data, world):
    assert sub_org_figures(data, world.leader, world.a) == []  # only a party group below
    assert [r.org for r in sub_org_figures(data, world.leader, world.c)] == [world.g]
    assert sub_org_figures(data, world.leader, world.c)[0].rectifications == 5
    rows = sub_org_figures(data, world.sec_a, world.g)  # b is not theirs to see
    assert [(r.org, r.members, r.rectifications) for r in rows] == [(world.a, 2, 4)]


def test_ranking_puts_sub_orgs_with_nothing_to_rectify_last(data, world):
    empty = Org.create(world.g, code="E", name="空支部", kind=Org.Kind.BRANCH)
    rows = ranked(sub_org_figures(data, world.leader, world.g))
    assert [(r.org.pk, r.completion_rate) for r in rows] == [(world.a.pk, 0.5), (world.b.pk, 0.0), (empty.pk, None)]


def test_sub_org_figures_cost_the_same_queries_however_many_sub_orgs(data, world, django_assert_num_queries):
    sub_org_figures(data, world.leader, world.g)  # the user's roles are read once and kept
    # the sub-orgs and their kept counts (orgs.tallies)
    with django_assert_num_queries(2):
        sub_org_figures(data, world.leader, world.g)
    for i in range(6):
        branch = Org.create(world.g, code=f"N{i}", name=f"新支部{i}", kind=Org.Kind.BRANCH)
        RectificationFactory(problem=ProblemFactory(campaign=data, member=MemberFactory(org=branch, name=f"新{i}")),
                             due_in_days=-i)
    with django_assert_num_queries(2):
        rows = sub_org_figures(data, world.leader, world.g)
    assert len(rows) == 8
    assert [r.rectifications_overdue for r in rows[2:]] == [0, 1, 1, 1, 1, 1]


def test_a_ranking_of_many_sub_orgs_gives_each_the_figures_of_its_own_page(data, world):
    # past tallies.FEW_ORGS the ranking reads each family on its own, the orgs' ids as one parameter
    from qingfeng.ledger.models import Problem
    from qingfeng.orgs import tallies

    for i in range(tallies.FEW_ORGS + 3):
        branch = Org.create(world.g, code=f"M{i}", name=f"多支部{i}", kind=Org.Kind.BRANCH)
        source = Problem.Source.DISCIPLINE if i % 4 == 0 else Problem.Source.SELF
        problem = ProblemFactory(campaign=data, source=source, member=MemberFactory(org=branch, name=f"多{i}"))
        for days in range(i % 3 + 1):
            RectificationFactory(problem=problem, due_in_days=(days * 20) - 25)
    core = ("members", "problems", "rectifications", "rectifications_accepted", "rectifications_overdue",
            "rectifications_on_time", "participants", "inspections_submitted")
    for user in (world.leader, world.discipline):
        rows = sub_org_figures(data, user, world.g)
        assert len(rows) == tallies.FEW_ORGS + 5
        assert sum(r.rectifications_overdue for r in rows) > 0
        for row in rows:
            alone = campaign_figures(data, user, row.org)
            assert [getattr(row, f) for f in core] == [getattr(alone, f) for f in core], row.org.name
        hidden = sum(r.problems for r in sub_org_figures(data, world.leader, world.g))
        assert sum(r.problems for r in sub_org_figures(data, world.discipline, world.g)) > hidden


def test_rectifications_accepted_per_week_use_shanghai_weeks_from_the_campaigns_first_week(data, world):
    # The study phase starts on 2026-05-16 (a Saturday): the chart starts that Monday, not weeks before.
    assert min(p.start for p in data.phases.all()) == datetime.date(2026, 5, 16)
    weeks = accepted_per_week(data, world.leader)
    assert weeks == [(datetime.date(2026, 5, 11), 0), (datetime.date(2026, 5, 18), 0),
                     (datetime.date(2026, 5, 25), 0), (datetime.date(2026, 6, 1), 1),
                     (datetime.date(2026, 6, 8), 1), (datetime.date(2026, 6, 15), 0)]
    assert [n for _, n in accepted_per_week(data, world.leader, world.b)] == [0] * 6


def test_the_weeks_of_a_campaign_without_dates_start_the_week_it_was_created(frozen, world):
    campaign = Campaign.objects.create(org=world.c, title="草稿", created_by=world.admin,
                                       created_at=at(2026, 6, 2, 9))
    assert accepted_per_week(campaign, world.leader) == [(datetime.date(2026, 6, 1), 0),
                                                        (datetime.date(2026, 6, 8), 0),
                                                        (datetime.date(2026, 6, 15), 0)]


def test_member_progress_gives_each_member_their_steps_and_rectifications(data, world):
    rows = member_progress(data, world.leader, world.a)
    # bob: 2 of 2 accepted; alice: 0 of 2.
    assert [r.member for r in rows] == [world.bob, world.alice]
    bob, alice = rows
    assert (bob.participated, bob.reflection_submitted, bob.reflection_accepted, bob.inspection_submitted,
            bob.commitment_signed) == (False, True, False, False, False)
    assert (bob.problems, bob.rectifications, bob.rectifications_accepted, bob.completion_rate) == (1, 2, 2, 1)
    assert (alice.participated, alice.reflection_accepted, alice.inspection_submitted, alice.commitment_signed) == (
        True, True, True, True)
    assert (alice.problems, alice.rectifications, alice.rectifications_overdue, alice.completion_rate) == (1, 2, 1, 0)


def test_member_progress_counts_what_the_user_may_see_and_only_active_members(data, world):
    carol = member_progress(data, world.leader, world.b)
    assert [(r.member, r.problems, r.rectifications) for r in carol] == [(world.carol, 1, 1)]
    carol = member_progress(data, world.discipline, world.b)
    assert [(r.member, r.problems, r.rectifications, r.rectifications_overdue) for r in carol] == [
        (world.carol, 2, 2, 1)]
    assert member_progress(data, world.sec_b, world.a) == []


def test_member_progress_is_one_query_however_many_members(data, world, django_assert_num_queries):
    member_progress(data, world.leader, world.a)  # the user's roles are read once and kept
    with django_assert_num_queries(1):
        member_progress(data, world.leader, world.a)
    for i in range(5):
        member = MemberFactory(org=world.a, name=f"新党员{i}")
        RectificationFactory(problem=ProblemFactory(campaign=data, member=member), due_in_days=-i)
    with django_assert_num_queries(1):
        rows = member_progress(data, world.leader, world.a)
    assert len(rows) == 7


def test_the_overdue_list_is_longest_overdue_first_and_hides_confidential(data, world):
    assert [(r.owner, r.days_overdue) for r in overdue_list(data, world.leader)] == [(world.alice, 5)]
    rows = overdue_list(data, world.discipline)
    assert [(r.owner, r.days_overdue) for r in rows] == [(world.carol, 14), (world.alice, 5)]
    assert [r.owner for r in overdue_list(data, world.discipline, limit=1)] == [world.carol]
    assert overdue_list(data, world.discipline, world.a)[0].owner == world.alice


def test_the_most_common_checklist_items_leave_out_what_the_user_cannot_see(data, world):
    bob_p = data.problems.get(member=world.bob)
    ProblemFactory(campaign=data, member=world.bob, checklist_item=bob_p.checklist_item)
    assert most_common_items(data, world.leader) == [("2.1", "形式主义", 2), ("1.1", "学习不深入", 1)]
    assert most_common_items(data, world.discipline) == [
        ("2.1", "形式主义", 2), ("1.1", "学习不深入", 1), ("2.2", "官僚主义", 1)]
    assert most_common_items(data, world.discipline, world.b, limit=1) == [("2.2", "官僚主义", 1)]
