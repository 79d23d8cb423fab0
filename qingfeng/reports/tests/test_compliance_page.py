"""The 组织生活合规 page: the grid as each role may see it, drill-down, the year, and members below their 学时."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.models import Member, Org
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports.figures import BelowTargetPages, below_target, compliance_summary, meeting_compliance

URL = reverse("orglife_compliance")


@pytest.fixture
def frozen(monkeypatch):
    """2026-05-20 in Shanghai: January to April have ended."""
    from django.utils import timezone
    monkeypatch.setattr(timezone, "localdate", lambda value=None, timezone=None: datetime.date(2026, 5, 20))


def grid_rows(response) -> list[str]:
    return [row.org.name for row in response.context["rows"]]


def test_the_county_admin_sees_every_branch_with_the_kinds_missing(login, world, frozen):
    MeetingFactory(org=world.a, kind=Meeting.Kind.COMMITTEE, status=Meeting.Status.HELD, created_by=world.sec_a,
                   starts_at=datetime.datetime(2026, 1, 9, 9, tzinfo=datetime.UTC))
    response = login(world.admin).get(URL)
    html = response.content.decode()
    assert grid_rows(response) == ["一中党支部", "二中党支部"]
    assert "缺：党小组会（一中第一党小组）、主题党日" in html  # branch A in January: its 支委会 was held
    assert "缺：支委会、主题党日" in html  # branch B
    assert 'id="compliance-summary">全年无缺项支部：<strong>0</strong> / 2' in html
    assert f'href="?org={world.a.pk}&amp;year=2026"' in html  # drill down into the branch
    assert 'id="requirements-link"' in html


def test_drilling_into_a_branch_narrows_the_grid_and_its_members(login, world, frozen):
    response = login(world.admin).get(URL, {"org": world.b.pk})
    assert grid_rows(response) == ["二中党支部"]
    assert [m.name for m in response.context["table"].data] == ["李梅"]  # 0 of 32 学时


def test_a_secretary_sees_her_branch_and_no_other(login, world, frozen):
    client = login(world.sec_a)
    response = client.get(URL)
    assert grid_rows(response) == ["一中党支部"] and 'id="requirements-link"' not in response.content.decode()
    assert sorted(m.name for m in response.context["table"].data) == ["张丽", "王强"]
    assert client.get(URL, {"org": world.b.pk}).status_code == 404
    assert client.get(URL, {"org": "1x"}).status_code == 404


def test_a_member_without_a_viewing_role_has_no_grid(login, world):
    assert login(world.alice_user).get(URL).status_code == 403
    assert login(world.alice_user).get(URL, {"org": world.a.pk}).status_code == 404


def test_another_year_is_shown_when_asked_and_nonsense_shows_this_one(login, world, frozen):
    client = login(world.leader)
    assert client.get(URL, {"year": "2025"}).context["year"] == 2025
    for asked in ("1999", "2028", "abc", "²", "9" * 5000):
        assert client.get(URL, {"year": asked}).context["year"] == 2026
    assert "未到期" in client.get(URL, {"year": "2027"}).content.decode()


def test_a_leader_below_the_target_of_leaders_is_listed(login, world, frozen):
    world.bob.committee_post = Member.CommitteePost.SECRETARY
    world.bob.save()
    html = login(world.admin).get(URL, {"org": world.a.pk}).content.decode()
    assert "56（书记和班子成员）" in html and "32（党员）" in html


# --- The page at any scale: the whole subtree from the kept counts, the grid and the members a page at a time ---

def present(meeting, members):
    """Mark `members` 出席 one by one, as the secretary's form saves them (the kept 学时 follow each save)."""
    for row in meeting.attendance.filter(member__in=members):
        row.status = MeetingAttendance.Status.PRESENT
        row.save()


@pytest.fixture
def county(world):
    """Five branches under the county (two more under the 党总支, one directly under the county, one founded in
    May), meetings held in some months of 2025 and 2026 by some of them, 21 members, a 书记 among them, and
    学时 from a lecture some attended: the grid and the 学时 differ from branch to branch."""
    kind = Org.Kind
    extra = [Org.create(world.g, code="D", name="三中党支部", kind=kind.BRANCH),
             Org.create(world.g, code="E", name="四中党支部", kind=kind.BRANCH),
             Org.create(world.c, code="F", name="县医院党支部", kind=kind.BRANCH)]
    extra[1].founded_on = datetime.date(2026, 5, 1)  # 未成立 January to April: compliant
    extra[1].save()
    people = [world.alice, world.bob, world.carol]
    for i, branch in enumerate(extra):
        people += [MemberFactory(org=branch, name=f"党员{i}{j}") for j in range(6)]
    MemberFactory(org=world.g, name="总支干事")  # a member of the 党总支 itself: before its branches in the list
    people[3].committee_post = Member.CommitteePost.SECRETARY
    people[3].save()
    for branch, month, kinds in ((world.a, 1, "committee theme_day"), (world.b, 2, "committee"),
                                 (extra[0], 1, "committee theme_day group"), (extra[2], 4, "theme_day")):
        for k in kinds.split():
            MeetingFactory(org=branch, kind=k, status=Meeting.Status.HELD, created_by=world.admin,
                           starts_at=datetime.datetime(2026, month, 9, 2, tzinfo=datetime.UTC))
    MeetingFactory(org=world.a, kind="committee", status=Meeting.Status.HELD, created_by=world.admin,
                   starts_at=datetime.datetime(2025, 6, 9, 2, tzinfo=datetime.UTC))
    lecture = MeetingFactory(org=extra[0], kind="party_lecture", status=Meeting.Status.HELD, created_by=world.admin,
                             starts_at=datetime.datetime(2026, 3, 9, 2, tzinfo=datetime.UTC), hours=40,
                             invited=people)
    present(lecture, people[::2])  # 40 学时: above 32 for members, below 56 for the 书记
    return SimpleNamespace(**vars(world), extra=extra, people=people)


def test_the_summary_from_the_kept_counts_is_what_judging_every_branch_finds(county, frozen):
    today = datetime.date(2026, 5, 20)
    w = county
    for org in (w.c, w.g, w.a, w.extra[1], w.extra[2]):
        for year in (2025, 2026, 2027):
            summary = compliance_summary(org, year, today)
            grid = meeting_compliance(w.admin, org, year, today)
            assert (summary.branches, summary.compliant, summary.below) == (
                len(grid.rows), grid.compliant, below_target(w.admin, org, year).count()), (org, year)
    summary = compliance_summary(w.c, 2026, today)
    assert (summary.branches, summary.compliant, summary.members, summary.below) == (5, 1, 22, 11)  # not all alike
    assert compliance_summary(w.c, 2019, today).compliant is None  # before any meeting: the page judges the grid


def test_the_members_below_target_are_read_a_page_at_a_time_as_the_whole_list_orders_them(county, frozen):
    w = county
    whole = list(below_target(w.admin, w.c, 2026).order_by("org__path", "name_pinyin", "pk"))
    pages = BelowTargetPages(w.admin, w.c, 2026, compliance_summary(w.c, 2026).below)
    assert len(pages) == len(whole) == 11
    for start in range(len(whole) + 1):
        for stop in range(start, len(whole) + 2):
            assert pages[start:stop] == whole[start:stop], (start, stop)
    def queries():
        with CaptureQueriesContext(connection) as captured:
            BelowTargetPages(w.admin, w.c, 2026, 11)[3:7]
        return len(captured)

    before = queries()  # down the tree and along it by the kept rows, then the rules and the page's members
    last = Org.create(w.c, code="Z", name="最后的党支部", kind=Org.Kind.BRANCH)  # after the page in path order
    for i in range(30):
        MemberFactory(org=last, name=f"新党员{i}")
    assert queries() == before <= 12  # whatever else the subtree holds


def test_the_page_shows_a_page_of_branches_and_counts_the_whole_subtree(county, login, frozen, monkeypatch):
    from qingfeng.reports.views import compliance

    monkeypatch.setattr(compliance, "BRANCHES_PER_PAGE", 2)
    monkeypatch.setattr(compliance, "MEMBERS_PER_PAGE", 4)
    client = login(county.admin)
    first, third = client.get(URL), client.get(URL, {"page": "3"})
    assert grid_rows(first) == ["一中党支部", "二中党支部"] and grid_rows(third) == ["县医院党支部"]
    for response in (first, third, client.get(URL, {"page": "x"})):
        assert 'id="compliance-summary">全年无缺项支部：<strong>1</strong> / 5' in response.content.decode()
    assert grid_rows(client.get(URL, {"page": "99"})) == ["县医院党支部"]  # past the last page: the last
    table = client.get(URL, {"hours-page": "2"}).context["table"]
    assert table.paginator.count == 11 and [m.name for m in table.page.object_list.data] == [
        m.name for m in below_target(county.admin, county.c, 2026).order_by("org__path", "name_pinyin", "pk")[4:8]]
    by_name = client.get(URL, {"hours-sort": "-name"}).context["table"]  # a column's order: the whole list, sorted
    assert [m.name for m in by_name.page.object_list.data] == [
        m.name for m in below_target(county.admin, county.c, 2026).order_by("-name_pinyin", "-pk")[:4]]
    monkeypatch.setattr(compliance, "SORTABLE", 20)  # a subtree of more members than may be sorted: the page's order
    response = client.get(URL, {"hours-sort": "-name"})
    assert [m.name for m in response.context["table"].page.object_list.data] == [
        m.name for m in below_target(county.admin, county.c, 2026).order_by("org__path", "name_pinyin", "pk")[:4]]
    head = response.content.decode().split('id="hours-below"')[1].split("</thead>")[0]
    assert "<a " not in head  # and its headers offer no sort
    monkeypatch.setattr(compliance, "SORTABLE", 5000)
    head = client.get(URL).content.decode().split('id="hours-below"')[1].split("</thead>")[0]
    assert "hours-sort=" in head  # up to SORTABLE they do


def test_odd_parameters_get_a_page_not_an_error(county, login, frozen, monkeypatch):
    from qingfeng.reports.views import compliance

    monkeypatch.setattr(compliance, "MEMBERS_PER_PAGE", 4)
    client = login(county.admin)
    for params in ({"page": "-1"}, {"page": "9" * 400}, {"hours-page": "0"}, {"hours-page": "9" * 400},
                   {"hours-page": "x"}, {"hours-sort": "<script>alert(1)</script>"}, {"hours-sort": "org__phone"},
                   {"hours-per_page": "9" * 50}, {"year": "2025", "hours-page": "3"}):
        response = client.get(URL, params)
        assert response.status_code == 200, params
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert 'id="compliance-summary">全年无缺项支部：' in html
    last = client.get(URL, {"hours-page": "9" * 400}).context["table"]  # past the end: the last page, not empty
    assert [m.name for m in last.page.object_list.data] == [
        m.name for m in below_target(county.admin, county.c, 2026).order_by("org__path", "name_pinyin", "pk")[8:]]
