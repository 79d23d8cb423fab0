"""谈心谈话 in compliance: each 支委 talks with each member of the branch once a year (figures.talk_coverage)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingfeng.orglife.models import Talk
from qingfeng.orgs.models import Member
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports.figures import Cell, talk_coverage


def talk(world, talker, talkee, date=datetime.date(2026, 3, 1), org=None):
    return Talk.objects.create(org=org or talker.org, kind=Talk.Kind.MEMBERS, talker=talker, talkee=talkee,
                               date=date, summary="谈话", created_by=world.sec_a)


def committee(*members):
    for member, post in zip(members, ("secretary", "organization", "propaganda"), strict=False):
        Member.objects.filter(pk=member.pk).update(committee_post=post)


def test_each_committee_member_with_each_member_either_way_round(world):
    chen = MemberFactory(org=world.a, name="陈新")
    committee(world.alice, world.bob)  # 一中: 2 支委 among 3 members: 2 × 2 pairs
    talk(world, world.alice, chen)
    talk(world, chen, world.bob)  # a member may start the talk
    talk(world, world.alice, world.bob)  # two 支委: counts for both
    talk(world, world.alice, chen, date=datetime.date(2025, 12, 31))  # another year
    coverage = talk_coverage(world.admin, world.c, 2026, today=datetime.date(2027, 1, 5))
    a = coverage[world.a.path]
    assert (a.covered, a.expected, a.state) == (4, 4, Cell.OK)
    # 二中 has no 支委 on record: nothing is asked of it
    assert (coverage[world.b.path].expected, coverage[world.b.path].state) == (0, Cell.OK)


def test_a_missing_pair_is_red_once_the_year_is_over_and_pending_before(world):
    committee(world.alice)
    MemberFactory(org=world.a, name="陈新")
    talk(world, world.alice, world.bob)
    during = talk_coverage(world.sec_a, world.a, 2026, today=datetime.date(2026, 12, 1))[world.a.path]
    after = talk_coverage(world.sec_a, world.a, 2026, today=datetime.date(2027, 1, 1))[world.a.path]
    assert (during.covered, during.expected, during.missing, during.state) == (1, 2, 1, Cell.PENDING)
    assert after.state == Cell.MISSING


def test_a_talk_with_someone_of_another_branch_or_inactive_counts_nothing(world):
    committee(world.alice)
    talk(world, world.alice, world.carol, org=world.g)  # 二中's member
    gone = MemberFactory(org=world.a, name="周退", is_active=False)
    talk(world, world.alice, gone)
    a = talk_coverage(world.admin, world.c, 2026, today=datetime.date(2027, 1, 1))[world.a.path]
    assert (a.covered, a.expected) == (0, 1)


def test_four_queries_whatever_the_number_of_branches_and_talks(world):
    committee(world.alice)
    talk(world, world.alice, world.bob)
    talk_coverage(world.admin, world.c, 2026)  # warm: the user's roles, read once per request
    with CaptureQueriesContext(connection) as few:
        talk_coverage(world.admin, world.c, 2026)
    for n in range(3):
        member = MemberFactory(org=world.b, name=f"党员{n}", committee_post="other")
        talk(world, member, world.carol)
    with CaptureQueriesContext(connection) as more:
        talk_coverage(world.admin, world.c, 2026)
    assert len(few) == len(more) == 4, "\n".join(q["sql"][:300] for q in more.captured_queries)


def test_the_grid_shows_the_talk_column(world, login):
    committee(world.alice)
    talk(world, world.alice, world.bob, date=datetime.date.today())
    page = login(world.admin).get(reverse("orglife_compliance"), {"org": world.c.pk}).content.decode()
    assert "谈心谈话" in page and "已谈 1/1 对" in page and "未登记支委" in page
