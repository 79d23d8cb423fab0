"""The 组织生活 figures of the dashboard (reports.figures.orglife_figures) read the counts kept per org
(orglife.counts): after each kind of change they equal the figures computed from the records, as before, and a
recount from the records (tallies.repair) finds nothing to fix."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qingfeng.campaigns.tests.factories import CampaignFactory
from qingfeng.orglife import counts as orglife_counts
from qingfeng.orglife.models import Evaluation, Meeting, MeetingAttendance, Requirement
from qingfeng.orglife.rules import RuleBook
from qingfeng.orglife.services import set_invitees
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member, Org, Tally
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports.figures import (
    OrgLifeFigures,
    below_target,
    meeting_compliance,
    orglife_figures,
    study_hours,
)
from qingfeng.study.models import Attendance, StudyActivity

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
K, S, P = Meeting.Kind, Requirement.Subject, Requirement.Period
PRESENT, ABSENT = MeetingAttendance.Status.PRESENT, MeetingAttendance.Status.ABSENT
FAMILIES = ["branches", "compliance", "hours"]
YEAR = timezone.localdate().year
DAYS = [datetime.date(YEAR, 5, 20), datetime.date(YEAR, 2, 1), datetime.date(YEAR, 1, 10),
        datetime.date(YEAR, 12, 31), datetime.date(YEAR + 1, 1, 10)]


def reference(user, org, today) -> OrgLifeFigures:
    """orglife_figures as it was computed from the records before the counts were kept."""
    last = today.replace(day=1) - datetime.timedelta(days=1)
    book = RuleBook(org)
    grid = meeting_compliance(user, org, last.year, today, book)
    members = study_hours(user, org, today.year, book).count()
    below = below_target(user, org, today.year, book).count()
    return OrgLifeFigures(year=last.year, month=last.month, branches=len(grid.rows),
                          green=grid.compliant_in(last.month), with_missing=len(grid.rows) - grid.compliant,
                          members=members, hours_met=members - below)


def at(month, day, hour=10, year=YEAR):
    return datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)


def held(org, kind, when, user, invited=(), **fields):
    return MeetingFactory(org=org, kind=kind, starts_at=when, status=Meeting.Status.HELD, created_by=user,
                          invited=list(invited), **fields)


def attend(meeting, member, status=PRESENT):
    row = MeetingAttendance.objects.get(meeting=meeting, member=member)
    row.status = status
    row.save()


@pytest.fixture
def check(world):
    views = [(world.admin, world.c), (world.admin, world.g), (world.sec_a, world.a), (world.sec_b, world.b)]

    def compare(*extra):
        for year in (YEAR - 1, YEAR + 1):  # the daily job ran in the first days of each year DAYS read
            orglife_counts.open_year(year)
        for user, org in views + list(extra):
            org = Org.objects.get(pk=org.pk)
            for today in DAYS:
                assert orglife_figures(user, org, today) == reference(user, org, today), (org.name, today)
        assert tallies.repair(FAMILIES) == []
    return compare


def test_the_kept_figures_follow_every_kind_of_change(world, check):
    a, b, c, sec = world.a, world.b, world.c, world.sec_a
    check()
    # a month of every kind at A, some at B; the 党课 counts 学时 for those present
    for month in (1, 2, 3, 4):
        held(a, K.COMMITTEE, at(month, 5), sec)
        held(a, K.THEME_DAY, at(month, 6), sec)
        held(b, K.THEME_DAY, at(month, 6), world.sec_b)
    held(a, K.GENERAL_ASSEMBLY, at(2, 10), sec, quorum_met=True)
    lecture = held(a, K.PARTY_LECTURE, at(3, 12), sec, invited=[world.alice, world.bob], hours=Decimal("20"))
    attend(lecture, world.alice)
    attend(lecture, world.bob)
    check()
    attend(lecture, world.bob, ABSENT)
    # 党小组会: each group of A needs its own, counted for the groups of its invitees
    a2 = Org.create(a, code="A2", name="一中第二党小组", kind=Org.Kind.GROUP)
    dan = MemberFactory(org=a, group=a2, name="赵丹")
    for month in (1, 2, 3):
        held(a, K.GROUP, at(month, 8), sec, invited=[world.alice])
    held(a, K.GROUP, at(2, 9), sec, invited=[dan])
    check()
    # a draft invites in bulk (no signal), then is held
    draft = MeetingFactory(org=a, kind=K.GROUP, starts_at=at(1, 20), created_by=sec)
    set_invitees(draft, [dan])
    draft.status = Meeting.Status.HELD
    draft.save()
    check()
    # below quorum it no longer counts; moved to another month it counts there
    assembly = Meeting.objects.get(org=a, kind=K.GENERAL_ASSEMBLY)
    assembly.quorum_met = False
    assembly.save()
    check()
    assembly.quorum_met, assembly.starts_at = True, at(4, 2)
    assembly.save()
    lecture.hours = Decimal("40")
    lecture.save()
    check()
    # a rule of the county: 支委会 quarterly, 学时 of members 10; then changed, then gone
    rule = Requirement.objects.create(org=c, subject=S.COMMITTEE, period=P.QUARTER, minimum=1,
                                      changed_by=world.admin)
    hours = Requirement.objects.create(org=c, subject=S.HOURS_MEMBER, period=P.YEAR, minimum=Decimal("10"),
                                       changed_by=world.admin)
    check()
    rule.minimum = 2
    rule.save()
    hours.minimum = 0
    hours.save()
    check()
    rule.delete()
    check()
    # 民主评议党员 decided for A
    evaluation = Evaluation.objects.create(org=a, year=YEAR, created_by=world.admin)
    evaluation.status = Evaluation.Status.DONE
    evaluation.save()
    check()
    # a branch founded in March under the general branch, and B's founding date set
    new = Org.create(world.g, code="N", name="三中党支部", kind=Org.Kind.BRANCH, founded_on=datetime.date(YEAR, 3, 15))
    held(new, K.THEME_DAY, at(4, 3), world.admin)
    b.founded_on = datetime.date(YEAR, 4, 1)
    b.save()
    check((world.admin, new))
    # a study activity's 学时, then its date moved into the next year
    campaign = CampaignFactory(org=c, created_by=world.admin)
    activity = StudyActivity.objects.create(campaign=campaign, org=b, kind="group_study",
                                            date=datetime.date(YEAR, 4, 8), topic="学习", hours=Decimal("12"),
                                            created_by=world.admin)
    Attendance.objects.create(activity=activity, member=world.carol, status=Attendance.Status.PRESENT)
    check()
    activity.date = datetime.date(YEAR + 1, 1, 3)
    activity.save()
    check()
    # members move: Dan to B (out of his group), Alice to A's second group, Bob onto the 支委
    dan.org, dan.group = b, None
    dan.save()
    world.alice.group = a2
    world.alice.save()
    world.bob.committee_post = Member.CommitteePost.ORGANIZATION
    world.bob.save()
    check()
    # a bulk move as the roster import does it, then a member leaving
    Member.objects.filter(pk=dan.pk).update(org=a, group=a2)
    tallies.members_changed([dan.pk], {a.pk, b.pk})
    check()
    world.carol.is_active = False
    world.carol.save()
    # a group closed, a meeting deleted, a branch closed
    world.a1.is_active = False
    world.a1.save()
    Meeting.objects.filter(pk=draft.pk).get().delete()
    b.is_active = False
    b.save()
    check()


def test_the_dashboard_reads_one_query(world):
    held(world.a, K.THEME_DAY, at(1, 6), world.sec_a)
    with CaptureQueriesContext(connection) as queries:
        orglife_figures(world.admin, world.c, datetime.date(YEAR, 5, 20))
    assert len(queries) == 1


def test_a_new_year_has_its_rows_from_the_first_day(world):
    """Nothing happened yet in the year: the job makes its rows, so a branch founded later in the year is not red
    for the months before its founding."""
    a = world.a
    a.founded_on = datetime.date(YEAR + 1, 6, 1)
    a.save()
    scope = orglife_counts.scope(YEAR + 1)
    Tally.objects.filter(scope=scope).delete()
    first = orglife_counts.open_year(YEAR + 1)
    assert Tally.objects.filter(scope=scope, family="compliance", org=a, key="clean:5").exists()  # June is red
    # the branches once; the orgs' 学时 again while no member has reached a target (no row says so)
    assert 0 < orglife_counts.open_year(YEAR + 1) < first
    assert tallies.repair(FAMILIES) == []
    assert orglife_counts.scope(YEAR) in orglife_counts.compliance_scopes()


def test_attendance_recorded_by_a_save_counts_for_the_dashboard(world, organization_life):
    """The dashboard test's fixture, with Alice's attendance saved rather than updated in bulk."""
    rows = MeetingAttendance.objects.filter(meeting__kind=K.PARTY_LECTURE, member=world.alice)
    rows.update(status="")  # undo the fixture's queryset update (which sent no signal) and record it by a save
    attend(rows.get().meeting, world.alice)
    figures = orglife_figures(world.leader, world.c)
    assert (figures.branches, figures.green, figures.with_missing, figures.hours_met) == (2, 1, 1, 1)
    assert figures == reference(world.leader, world.c, timezone.localdate())


def test_moving_orgs_is_recounted_by_moved_marks(world):
    """Org.move_under moves the rolled rows (tallies.moved); what the move changes beyond (the rules from above, a
    group's branch) is recounted by `moved_marks`, which tallies.moved touches after it (`on_moved`)."""
    a2 = Org.create(world.a, code="A2", name="一中第二党小组", kind=Org.Kind.GROUP)
    dan = MemberFactory(org=world.a, group=a2, name="赵丹")
    held(world.a, K.GROUP, at(1, 8), world.sec_a, invited=[dan])
    Requirement.objects.create(org=world.g, subject=S.COMMITTEE, period=P.MONTH, minimum=0, changed_by=world.admin)
    Requirement.objects.create(org=world.g, subject=S.HOURS_MEMBER, period=P.YEAR, minimum=0, changed_by=world.admin)
    assert tallies.repair(FAMILIES) == []
    for org, parent in ((a2, world.b), (world.a, world.c)):
        org = Org.objects.get(pk=org.pk)
        org.move_under(Org.objects.get(pk=parent.pk))
        assert tallies.repair(FAMILIES) == []


def test_a_meeting_of_a_past_year_brings_that_year_into_the_counts_of_every_branch(world):
    """Held meetings only this year; a branch founded this year is 未成立 (not red) all of last year. A meeting
    of last year recorded now brings last year into the years the counts hold: the new branch's clean year is
    counted too, not only the meeting's branch (repair, which recounts every such year, finds nothing)."""
    this_year = timezone.localdate().year
    new = Org.create(world.g, code="N", name="新建党支部", kind=Org.Kind.BRANCH)
    new.founded_on = datetime.date(this_year, 1, 1)
    new.save()
    MeetingFactory(org=world.a, kind=K.COMMITTEE, status=Meeting.Status.HELD, created_by=world.sec_a,
                   starts_at=timezone.now() - datetime.timedelta(days=1))
    assert tallies.repair(FAMILIES) == []
    MeetingFactory(org=world.b, kind=K.COMMITTEE, status=Meeting.Status.HELD, created_by=world.sec_b,
                   starts_at=datetime.datetime(this_year - 1, 6, 9, 2, tzinfo=datetime.UTC))
    last_year = orglife_counts.scope(this_year - 1)
    assert Tally.objects.filter(scope=last_year, family="compliance", org=new, key="clean:12", rolled=False).exists()
    assert tallies.repair(FAMILIES) == []
    Evaluation.objects.create(org=world.a, year=this_year - 3, created_by=world.admin)
    assert tallies.repair(FAMILIES) == []  # an evaluation's year is held alone: nothing opened between
