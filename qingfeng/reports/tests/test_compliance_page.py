"""The 组织生活合规 page: the grid as each role may see it, drill-down, the year, and members below their 学时."""

import datetime

import pytest
from django.urls import reverse

from qingfeng.orglife.models import Meeting
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.models import Member

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
