"""组织生活 compliance and 学时 (reports.figures.meeting_compliance, study_hours) at frozen dates."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from qingfeng.campaigns.tests.factories import CampaignFactory
from qingfeng.orglife.models import Evaluation, Meeting, MeetingAttendance, Requirement
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.models import Member, Org
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports.figures import Cell, below_target, meeting_compliance, study_hours
from qingfeng.study.models import Attendance, StudyActivity

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
K = Meeting.Kind
YEAR = 2026
TODAY = datetime.date(2026, 5, 20)  # in Q2; January to April have ended


def at(month, day, hour=10, minute=0, year=YEAR):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def held(org, kind, when, user, **fields):
    return MeetingFactory(org=org, kind=kind, starts_at=when, status=Meeting.Status.HELD, created_by=user, **fields)


def rule(org, subject, period, minimum, user):
    return Requirement.objects.create(org=org, subject=subject, period=period, minimum=minimum, changed_by=user)


def only(world, *subjects):
    """Make only `subjects` required (monthly, once) on the committee, so each test states its own kinds."""
    for subject in Requirement.Subject.values:
        if subject not in subjects and not subject.startswith("hours"):
            rule(world.c, subject, Requirement.Period.MONTH, 0, world.admin)


def cells(compliance, org):
    row = next(r for r in compliance.rows if r.org == org)
    return {m.month: (m.state, m.missing) for m in row.months}


@pytest.fixture
def grid(world):
    def compute(org=None, year=YEAR, today=TODAY, user=None):
        return meeting_compliance(user or world.admin, org or world.c, year, today)
    return compute


def test_a_meeting_at_half_past_eleven_local_on_the_last_day_counts_for_that_month(world, grid):
    only(world, "committee")
    held(world.a, K.COMMITTEE, at(1, 31, 23, 30), world.sec_a)  # 15:30 UTC: still January both ways
    held(world.a, K.COMMITTEE, at(3, 1, 0, 30), world.sec_a)  # Feb 28 16:30 UTC: March in Shanghai
    a = cells(grid(), world.a)
    assert a[1] == (Cell.OK, [])
    assert a[2] == (Cell.MISSING, ["支委会"])
    assert a[3] == (Cell.OK, [])


def test_a_quarterly_kind_is_satisfied_by_a_meeting_in_any_month_of_the_quarter(world, grid):
    only(world, "general_assembly")
    held(world.a, K.GENERAL_ASSEMBLY, at(2, 10), world.sec_a)
    held(world.a, K.GENERAL_ASSEMBLY, at(3, 31, 23, 59), world.sec_a)  # both in Q1: Q2 still has none
    a, b = cells(grid(), world.a), cells(grid(), world.b)
    assert [a[m][0] for m in (1, 2, 3)] == [Cell.OK, Cell.OK, Cell.OK]  # judged in March only
    assert b[3] == (Cell.MISSING, ["支部党员大会"]) and b[1] == b[2] == (Cell.OK, [])
    # May is current: the quarter still runs, so it is 进行中 at worst and says what is still to hold
    assert a[5] == (Cell.OK, ["支部党员大会（本季度）"])
    assert a[6] == (Cell.FUTURE, []) and a[12] == (Cell.FUTURE, [])


def test_the_current_month_is_in_progress_until_satisfied(world, grid):
    only(world, "committee", "theme_day")
    held(world.a, K.THEME_DAY, at(5, 3), world.sec_a)
    assert cells(grid(), world.a)[5] == (Cell.PENDING, ["支委会"])
    held(world.a, K.COMMITTEE, at(5, 4), world.sec_a)
    assert cells(grid(), world.a)[5] == (Cell.OK, [])


def test_a_meeting_below_quorum_or_not_held_does_not_count(world, grid):
    only(world, "committee")
    held(world.a, K.COMMITTEE, at(1, 5), world.sec_a, quorum_met=False)
    held(world.a, K.COMMITTEE, at(2, 5), world.sec_a, quorum_met=True)
    held(world.a, K.COMMITTEE, at(3, 5), world.sec_a, quorum_met=None)  # no quorum recorded: counts
    MeetingFactory(org=world.a, kind=K.COMMITTEE, starts_at=at(4, 5), created_by=world.sec_a,
                   status=Meeting.Status.PUBLISHED)
    a = cells(grid(), world.a)
    assert [a[m][0] for m in (1, 2, 3, 4)] == [Cell.MISSING, Cell.OK, Cell.OK, Cell.MISSING]


def test_the_defaults_of_the_regulations_apply_without_rules(world, grid):
    """No Requirement rows: 支委会, 党小组会 and 主题党日 monthly, 党员大会 and 党课 quarterly, 组织生活会 yearly."""
    last_year = grid(year=2025)
    assert cells(last_year, world.a)[1] == (Cell.MISSING, ["支委会", "党小组会（一中第一党小组）", "主题党日"])
    assert cells(last_year, world.a)[3][1] == [
        "支委会", "党小组会（一中第一党小组）", "支部党员大会", "党课", "主题党日"]
    assert cells(last_year, world.a)[12][1][-2:] == ["组织生活会", "民主评议党员"]
    # branch B has no 党小组: no 党小组会 is required of it
    assert cells(last_year, world.b)[1] == (Cell.MISSING, ["支委会", "主题党日"])
    assert last_year.compliant == 0 and len(last_year.rows) == 2


def test_the_nearest_rule_up_the_tree_wins(world, grid):
    only(world, "party_lecture")  # the committee's rule for 党课: monthly (once)
    rule(world.g, "party_lecture", Requirement.Period.QUARTER, 2, world.admin)  # the general branch's: twice a quarter
    rule(world.b, "party_lecture", Requirement.Period.MONTH, 0, world.admin)  # branch B: none
    held(world.a, K.PARTY_LECTURE, at(1, 10), world.sec_a)
    a, b = cells(grid(), world.a), cells(grid(), world.b)
    assert a[1] == (Cell.OK, []) and a[3] == (Cell.MISSING, ["党课"])
    held(world.a, K.PARTY_LECTURE, at(3, 10), world.sec_a)
    assert cells(grid(), world.a)[3] == (Cell.OK, [])
    assert all(state != Cell.MISSING for state, _missing in b.values())
    # seen from the branch itself, the same rules apply (the general branch's is inherited)
    assert cells(grid(org=world.a, user=world.sec_a), world.a)[3] == (Cell.OK, [])


def test_each_group_needs_its_own_group_meeting(world, grid):
    only(world, "group")
    a2 = Org.create(world.a, code="A2", name="一中第二党小组", kind=Org.Kind.GROUP)
    dan = MemberFactory(org=world.a, group=a2, name="赵丹")
    held(world.a, K.GROUP, at(1, 8), world.sec_a, invited=[world.alice])
    held(world.a, K.GROUP, at(2, 8), world.sec_a, invited=[world.alice])
    held(world.a, K.GROUP, at(2, 9), world.sec_a, invited=[dan])
    a = cells(grid(), world.a)
    assert a[1] == (Cell.MISSING, ["党小组会（一中第二党小组）"])
    assert a[2] == (Cell.OK, [])
    assert cells(grid(), world.b)[1] == (Cell.OK, [])  # no groups, nothing required


def test_a_branch_is_compliant_when_no_month_ended_red(world, grid):
    only(world, "theme_day")
    for month in range(1, 6):
        held(world.a, K.THEME_DAY, at(month, 1), world.sec_a)
    compliance = grid()
    assert [r.compliant for r in compliance.rows] == [True, False]
    assert compliance.compliant == 1 and compliance.compliant_in(4) == 1 and compliance.compliant_in(6) == 0


def test_a_branch_founded_mid_quarter_is_judged_from_its_first_whole_period(world, grid):
    only(world, "committee", "general_assembly")
    rule(world.c, "general_assembly", Requirement.Period.QUARTER, 1, world.admin)
    Org.objects.filter(pk=world.a.pk).update(founded_on=datetime.date(YEAR, 2, 15))
    Org.objects.filter(pk=world.b.pk).update(founded_on=datetime.date(YEAR, 4, 1))  # on a quarter's first day
    a, b = cells(grid(), world.a), cells(grid(), world.b)
    # A: nothing asked before March; March asks its 支委会 but not Q1's 党员大会, which began before A existed
    assert a[1] == a[2] == (Cell.BEFORE, [])
    assert a[3] == (Cell.MISSING, ["支委会"])
    assert a[4] == (Cell.MISSING, ["支委会"])
    assert a[5] == (Cell.PENDING, ["支委会", "支部党员大会（本季度）"])  # Q2 is A's first whole quarter
    # B, founded on April 1: April and the second quarter are judged in full
    assert [b[m][0] for m in (1, 2, 3)] == [Cell.BEFORE] * 3
    assert b[4] == (Cell.MISSING, ["支委会"])
    assert b[5] == (Cell.PENDING, ["支委会", "支部党员大会（本季度）"])
    assert [r.compliant for r in grid().rows] == [False, False]
    # a year before the founding is all 未成立 (past) or 未到期; a year after is judged in full
    assert {state for state, _ in cells(grid(year=2025), world.a).values()} == {Cell.BEFORE}
    assert cells(grid(year=2027, today=datetime.date(2027, 3, 1)), world.a)[1] == (Cell.MISSING, ["支委会"])


def test_a_decided_democratic_review_of_the_year_counts_in_december(world, grid):
    only(world, "democratic_review")
    rule(world.c, "democratic_review", Requirement.Period.YEAR, 1, world.admin)
    Evaluation.objects.create(org=world.a, year=2025, status=Evaluation.Status.DONE, created_by=world.sec_a)
    Evaluation.objects.create(org=world.b, year=2025, status=Evaluation.Status.CLOSED, created_by=world.sec_b)
    Evaluation.objects.create(org=world.b, year=2024, status=Evaluation.Status.DONE, created_by=world.sec_b)
    last_year = grid(year=2025)
    assert cells(last_year, world.a)[12] == (Cell.OK, [])
    assert cells(last_year, world.b)[12] == (Cell.MISSING, ["民主评议党员"])  # voting closed, results not decided
    assert cells(last_year, world.b)[11] == (Cell.OK, [])  # a yearly subject is judged in December only
    # this year, before December: still to do, said in the current month
    assert cells(grid(), world.a)[5] == (Cell.OK, ["民主评议党员（本年度）"])


def test_a_secretary_sees_her_branch_only(world, grid):
    compliance = grid(user=world.sec_a)
    assert [r.org for r in compliance.rows] == [world.a]


def test_the_grid_costs_six_queries_however_many_branches_and_meetings(world, grid):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            grid()
        return len(captured)

    held(world.a, K.COMMITTEE, at(1, 5), world.sec_a, invited=[world.alice])
    grid()  # the user's roles, read once per request
    before = queries()
    for n in range(3):
        branch = Org.create(world.g, code=f"X{n}", name=f"新支部{n}", kind=Org.Kind.BRANCH)
        Org.create(branch, code=f"X{n}1", name=f"新小组{n}", kind=Org.Kind.GROUP)
        held(branch, K.GROUP, at(2, 5), world.admin, invited=[MemberFactory(org=branch)])
        Evaluation.objects.create(org=branch, year=YEAR, status=Evaluation.Status.DONE, created_by=world.admin)
    assert before == queries() == 6


# --- 学时 ---


@pytest.fixture
def hours(world):
    """alice: a 党课 of 4 hours and a study activity of 3, both attended; bob, a 书记: the 党课 only."""
    world.bob.committee_post = Member.CommitteePost.SECRETARY
    world.bob.save()
    lecture = held(world.a, K.PARTY_LECTURE, at(3, 1), world.sec_a, hours=Decimal("4"),
                   invited=[world.alice, world.bob])
    lecture.attendance.update(status=MeetingAttendance.Status.PRESENT)
    skipped = held(world.a, K.THEME_DAY, at(4, 1), world.sec_a, hours=Decimal("8"), invited=[world.alice])
    skipped.attendance.update(status=MeetingAttendance.Status.ABSENT)
    campaign = CampaignFactory(org=world.c, created_by=world.admin)
    activity = StudyActivity.objects.create(campaign=campaign, org=world.a, kind="group_study",
                                            date=datetime.date(YEAR, 2, 1), topic="集中学习", hours=Decimal("3"),
                                            created_by=world.admin)
    Attendance.objects.create(activity=activity, member=world.alice, status=Attendance.Status.PRESENT)
    Attendance.objects.create(activity=activity, member=world.bob, status=Attendance.Status.LEAVE)
    last_year = StudyActivity.objects.create(campaign=campaign, org=world.a, kind="group_study",
                                             date=datetime.date(YEAR - 1, 12, 31), topic="去年", hours=Decimal("9"),
                                             created_by=world.admin)
    Attendance.objects.create(activity=last_year, member=world.alice, status=Attendance.Status.PRESENT)


def by_name(rows):
    return {m.name: (m.hours, m.target, m.is_leader) for m in rows}


def test_hours_sum_attended_meetings_and_activities_of_the_year_against_each_target(world, hours):
    assert by_name(study_hours(world.admin, world.c, YEAR)) == {
        "张丽": (Decimal("7"), Decimal("32"), False),
        "王强": (Decimal("4"), Decimal("56"), True),  # 书记: the leaders' target
        "李梅": (Decimal("0"), Decimal("32"), False),
    }


def test_a_rule_below_changes_the_target_of_its_subtree_only(world, hours):
    rule(world.a, "hours_member", Requirement.Period.YEAR, 6, world.admin)
    rule(world.c, "hours_leader", Requirement.Period.YEAR, 4, world.admin)
    rows = study_hours(world.admin, world.c, YEAR)
    assert by_name(rows)["张丽"][1] == 6 and by_name(rows)["李梅"][1] == 32 and by_name(rows)["王强"][1] == 4
    assert sorted(m.name for m in rows.filter(hours__lt=F("target"))) == ["李梅"]
    assert [m.name for m in study_hours(world.sec_a, world.a, YEAR).filter(hours__lt=F("target"))] == []


def test_hours_cost_one_query(world, hours):
    study_hours(world.admin, world.c, YEAR)  # the user's roles, read once per request
    with CaptureQueriesContext(connection) as captured:
        list(study_hours(world.admin, world.c, YEAR).filter(hours__lt=F("target")))
    assert len(captured) == 2  # the rules, then the members


def test_below_target_selects_the_same_members_and_hours_as_filtering_on_the_hours(world, hours):
    rule(world.a, "hours_member", Requirement.Period.YEAR, 6, world.admin)  # 张丽's 7 reach it
    rule(world.c, "hours_leader", Requirement.Period.YEAR, 4, world.admin)  # 王强's 4 reach it
    assert [m.name for m in below_target(world.admin, world.c, YEAR)] == ["李梅"]
    for user in (world.admin, world.sec_a, world.alice_user):
        for org in (world.c, world.a, world.b):
            annotated = study_hours(user, org, YEAR).filter(hours__lt=F("target")).order_by("pk")
            assert (list(below_target(user, org, YEAR).order_by("pk").values_list("pk", "hours", "target"))
                    == list(annotated.values_list("pk", "hours", "target")))
