import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.demo.synth import Synth
from qingfeng.inspection.models import Commitment, InspectionAnswer, SelfInspection
from qingfeng.ledger.models import Evidence, Problem, Rectification, Supervision
from qingfeng.orgs.models import Member, Org, Role
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.study.models import Reflection

MEMBERS = 300


@pytest.fixture
def region(world):
    """A tiny synthetic region beside the conftest world."""
    return Synth(MEMBERS, seed=7).run()


def subtree(model, committee, **filters):
    if model is Org:
        return Org.objects.filter(path__startswith=committee.path, **filters)
    return model.objects.filter(org__path__startswith=committee.path, **filters)


def test_it_makes_a_new_top_level_committee_with_the_asked_number_of_members(region, world):
    assert region.depth == 1 and region.code.startswith("SYN")
    assert subtree(Member, region).count() == MEMBERS
    assert Org.objects.get(pk=world.c.pk).code == "C"  # the existing tree is untouched
    branches = subtree(Org, region, kind=Org.Kind.BRANCH).annotate(n=Count("members"))
    assert all(1 <= b.n <= 60 for b in branches)
    assert all(m.org.kind == Org.Kind.BRANCH and m.group.path.startswith(m.org.path)
               for m in subtree(Member, region).select_related("org", "group"))


def test_its_tree_is_what_treebeard_would_have_built(region):
    assert all(problems == [] for problems in Org.objects.find_problems())
    for org in Org.objects.filter(path__startswith=region.path):
        assert org.depth == len(org.path) // Org.steplen
        assert org.numchild == Org.objects.filter(path__startswith=org.path, depth=org.depth + 1).count()
    # treebeard can keep adding under synthetic nodes, and the ORM keeps making ids.
    branch = subtree(Org, region, kind=Org.Kind.BRANCH).first()
    group = Org.create(branch, code="SYN-TEST-G", name="新党小组", kind=Org.Kind.GROUP)
    assert group.path.startswith(branch.path) and group.depth == 4
    MemberFactory(org=branch, name="新党员")
    assert Org.objects.find_problems() == ([], [], [], [], [])


def test_it_gives_about_two_problems_and_three_rectifications_per_member(region):
    problems = subtree(Problem, region).count()
    rectifications = subtree(Rectification, region).count()
    assert 1.7 * MEMBERS <= problems <= 2.3 * MEMBERS
    assert 2.6 * MEMBERS <= rectifications <= 3.4 * MEMBERS
    sources = dict(subtree(Problem, region).values_list("source").annotate(n=Count("pk")))
    assert sources[Problem.Source.SELF] > 0.8 * problems
    confidential = sum(sources.get(s, 0) for s in Problem.CONFIDENTIAL_SOURCES)
    assert confidential < 0.05 * problems
    assert not subtree(Problem, region, source=Problem.Source.SELF, checklist_item=None).exists()
    assert not subtree(Problem, region, dimension="").exists()
    answers = InspectionAnswer.objects.filter(inspection__org__path__startswith=region.path)
    assert answers.count() == answers.values("inspection", "item").distinct().count() > 0


def test_its_status_mix_is_roughly_the_asked_one(region):
    total = subtree(Rectification, region).count()
    share = {s: n / total for s, n in subtree(Rectification, region).values_list("status").annotate(n=Count("pk"))}
    S = Rectification.Status
    for status, expected in [(S.ACCEPTED, 0.45), (S.IN_PROGRESS, 0.25), (S.OPEN, 0.15), (S.SUBMITTED, 0.10),
                             (S.RETURNED, 0.05)]:
        assert abs(share[status] - expected) < 0.06, status
    today = timezone.localdate()
    dues = subtree(Rectification, region).values_list("due_date", flat=True)
    assert all(abs((d - today).days) <= 90 for d in dues)
    assert min(dues) < today - datetime.timedelta(days=60) and max(dues) > today + datetime.timedelta(days=60)


def test_every_accepted_rectification_has_evidence_and_an_acceptance_time(region):
    accepted = subtree(Rectification, region, status=Rectification.Status.ACCEPTED)
    assert accepted.exists()
    assert not accepted.filter(accepted_at=None).exists()
    assert not accepted.filter(evidence=None).exists()
    assert not accepted.exclude(accepted_at__lte=timezone.now()).exists()
    assert not subtree(Rectification, region).exclude(status=Rectification.Status.ACCEPTED).filter(
        accepted_at__isnull=False).exists()
    assert Evidence.objects.filter(rectification__org__path__startswith=region.path).exclude(
        rectification__status__in=["accepted", "submitted"]).count() == 0


def test_overdue_items_have_supervision_steps_and_none_twice(region):
    rows = Supervision.objects.filter(rectification__org__path__startswith=region.path)
    assert rows.exists()
    assert not rows.values("rectification", "level", "due_date").annotate(n=Count("pk")).filter(n__gt=1).exists()
    overdue = subtree(Rectification, region).filter(Rectification.overdue_q())
    assert not overdue.filter(supervisions=None).exists()
    assert not rows.filter(rectification__status=Rectification.Status.ACCEPTED).exists()


def test_it_makes_an_active_campaign_with_study_and_review_records(region):
    campaign = Campaign.objects.get(org=region)
    assert campaign.status == Campaign.Status.ACTIVE and campaign.checklist is not None
    assert 0.6 * MEMBERS < Reflection.objects.filter(campaign=campaign).count() < MEMBERS
    assert 0.7 * MEMBERS < SelfInspection.objects.filter(campaign=campaign).count() < MEMBERS
    assert 0.6 * MEMBERS < Commitment.objects.filter(campaign=campaign).count() < MEMBERS
    assert Role.objects.filter(org=region, kind=Role.Kind.ORG_ADMIN).count() == 1


def test_a_second_run_makes_a_separate_region_with_its_own_codes(region):
    second = Synth(50, seed=8).run()
    assert second.pk != region.pk and second.code != region.code
    first_codes = set(subtree(Org, region).values_list("code", flat=True))
    second_codes = set(subtree(Org, second).values_list("code", flat=True))
    assert first_codes.isdisjoint(second_codes)
    assert subtree(Member, second).count() == 50
    assert Org.objects.find_problems() == ([], [], [], [], [])


def test_the_command_prints_rows_per_second(world):
    out = io.StringIO()
    call_command("synth", "--members", "40", "--seed", "3", stdout=out)
    assert "SYN1" in out.getvalue() and "rows/s" in out.getvalue()
    assert Member.objects.filter(org__path__startswith=Org.objects.get(code="SYN1").path).count() == 40


def test_the_command_refuses_a_size_below_one(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--members"):
        call_command("synth", "--members", "0", stdout=io.StringIO())


@pytest.fixture
def summer(monkeypatch):
    """15 July 2026 (Asia/Shanghai): January to June are past months, July is the current one."""
    frozen = datetime.datetime(2026, 7, 15, 2, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: frozen)
    return frozen.date()


def test_it_gives_a_year_of_meetings_with_green_and_red_cells_and_study_hours(world, summer):
    from django.contrib.auth import get_user_model
    from django.db.models import F

    from qingfeng.orglife.models import Meeting, MeetingAttendance
    from qingfeng.reports.figures import Cell, meeting_compliance, study_hours

    synth = Synth(600, seed=3)
    region = synth.run()
    admin = get_user_model().objects.get(username=f"{region.code.lower()}-orgadmin")
    meetings = subtree(Meeting, region)
    assert meetings.exists() and not meetings.exclude(status=Meeting.Status.HELD).exists()
    assert not meetings.filter(starts_at__gte=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC)).exists()
    assert set(meetings.values_list("kind", flat=True)) == {
        Meeting.Kind.COMMITTEE, Meeting.Kind.GROUP, Meeting.Kind.GENERAL_ASSEMBLY, Meeting.Kind.PARTY_LECTURE,
        Meeting.Kind.THEME_DAY, Meeting.Kind.ORG_LIFE}
    # 支委: three to five per branch; a 支委会 invites them, a 党小组会 one group, the others the whole branch.
    branches = subtree(Org, region, kind=Org.Kind.BRANCH).annotate(
        committee=Count("members", filter=~Q(members__committee_post="")), n=Count("members"))
    assert all(min(3, b.n) <= b.committee <= 5 for b in branches)
    rows = MeetingAttendance.objects.filter(meeting__org__path__startswith=region.path)
    assert not rows.filter(meeting__kind=Meeting.Kind.COMMITTEE, member__committee_post="").exists()
    assert rows.filter(meeting__kind=Meeting.Kind.GROUP).values("meeting").annotate(
        groups=Count("member__group", distinct=True)).filter(groups__gt=1).count() == 0
    assert rows.filter(status=MeetingAttendance.Status.LEAVE).exclude(reason="").exists()
    assert not rows.filter(status=MeetingAttendance.Status.LEAVE, reason="").exists()
    assert meetings.filter(kind__in=[Meeting.Kind.COMMITTEE, Meeting.Kind.GENERAL_ASSEMBLY],
                           quorum_met=True).exists()

    grid = meeting_compliance(admin, region, 2026, summer)
    assert len(grid.rows) == branches.count()
    past = [month.state for row in grid.rows for month in row.months[:6]]
    assert Cell.OK in past and Cell.MISSING in past
    assert 0 < grid.compliant < len(grid.rows)
    hours = study_hours(admin, region, 2026)
    assert hours.count() == 600
    assert sum(m.hours for m in hours) > 0
    assert 0 < hours.filter(hours__lt=F("target")).count() <= 600


def test_it_can_leave_organization_life_out(world):
    from qingfeng.orglife.models import Meeting

    region = Synth(50, seed=8, orglife=False).run()
    assert subtree(Member, region).count() == 50
    assert not subtree(Meeting, region).exists()


def test_it_writes_the_counts_of_its_region_as_a_recount_finds_them(region):
    from qingfeng.orgs import tallies
    from qingfeng.orgs.models import Tally

    # every family kept something for the region (the campaign's, the roster's, organization life's)
    families = set(Tally.objects.filter(org__path__startswith=region.path).values_list("family", flat=True))
    assert {"members", "participants", "problems", "rectifications", "ranked", "compliance", "hours"} <= families
    assert tallies.repair(root=region) == []
    assert tallies.repair() == []  # nothing outside it was touched either


def test_fill_refuses_a_tree_that_has_counts_already(region):
    from qingfeng.orgs import tallies

    with pytest.raises(ValueError, match="repair"):
        tallies.fill(region)
    with pytest.raises(ValueError, match="root"):
        tallies.fill(Org.objects.filter(path__startswith=region.path, depth=2).first())
