"""The figures API: the dashboard's numbers as JSON, under the same permission rule."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from qingfeng.core.testing import pinned_queries
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Member
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports.figures import campaign_figures


def url(campaign, org=None):
    base = reverse("api_campaign_figures", args=[campaign.pk])
    return f"{base}?org={org.pk}" if org else base


def test_it_returns_the_figures_the_dashboard_shows(records, world, login):
    body = login(world.admin).get(url(records)).json()
    expected = campaign_figures(records, world.admin)
    figures = body["figures"]
    assert (figures["org_name"], figures["members"], figures["problems"], figures["rectifications"],
            figures["rectifications_overdue"], figures["completion_rate"]) == ("清风县委", 3, 1, 2, 1, 0.5)
    assert figures["rectifications_by_status"] == {k: v for k, v in expected.rectifications_by_status.items()}
    assert figures["problems_by_source"]["petition"] == 0
    assert figures["as_of"] == timezone.localdate().isoformat()
    assert [s["org_name"] for s in body["sub_orgs"]] == ["教育局党总支"]


def test_it_counts_confidential_problems_for_discipline_only(records, world, login):
    figures = login(world.discipline).get(url(records)).json()["figures"]
    assert (figures["problems"], figures["rectifications_overdue"], figures["problems_by_source"]["petition"]) == (
        2, 2, 1)


def test_it_gives_a_rate_of_null_when_there_is_nothing_to_divide(campaign, world, login):
    figures = login(world.admin).get(url(campaign, world.b)).json()["figures"]
    assert (figures["rectifications"], figures["completion_rate"], figures["on_time_rate"]) == (0, None, None)


def test_a_secretary_gets_their_own_branch(records, world, login):
    body = login(world.sec_a).get(url(records)).json()
    assert body["figures"]["org_name"] == "一中党支部"
    assert body["figures"]["problems"] == 1
    assert body["sub_orgs"] == []


def test_it_refuses_another_branch(records, world, login):
    assert login(world.sec_b).get(url(records, world.a)).status_code == 404


def test_a_member_without_a_role_gets_nothing(records, world, login):
    assert login(world.alice_user).get(url(records)).status_code == 403


def test_it_refuses_a_forged_org(records, world, login):
    client = login(world.admin)
    assert client.get(f"{url(records)}?org=abc").status_code == 404
    assert client.get(f"{url(records)}?org=999999").status_code == 404


def test_it_refuses_a_campaign_outside_the_scope(records, world, login):
    other = records.__class__.objects.get(pk=records.pk)
    other.pk = None
    other.org = world.b
    other.save()
    assert login(world.sec_a).get(url(other)).status_code == 404


def test_it_requires_login(records, client):
    assert client.get(url(records)).status_code == 403
    assert client.get(reverse("api_schema")).status_code == 403


def test_the_schema_describes_the_figures(world, login):
    schema = login(world.leader).get(reverse("api_schema")).content.decode()
    assert "/api/campaigns/{campaign_pk}/figures/" in schema
    assert "completion_rate" in schema


def test_the_schema_is_valid(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "openapi: 3" in (tmp_path / "schema.yml").read_text()


def test_it_makes_the_same_number_of_queries_whatever_the_size(records, world, login):
    client = login(world.admin)
    client.get(url(records))  # warm the session
    with pinned_queries("reports.api_campaign_figures"):
        assert client.get(url(records)).status_code == 200
    for n in range(5):
        member = MemberFactory(org=world.b if n % 2 else world.a, name=f"党员{n}")
        RectificationFactory(problem=ProblemFactory(campaign=records, member=member), due_in_days=n - 2)
    with pinned_queries("reports.api_campaign_figures"):
        assert client.get(url(records)).status_code == 200


def test_it_lists_the_overdue_rectifications_and_the_weeks(records, world, login):
    body = login(world.leader).get(url(records)).json()
    assert [(r["owner"], r["org"], r["days_overdue"]) for r in body["overdue"]] == [("张丽", "一中党支部", 3)]
    start = min(p.start for p in records.phases.all())
    first_monday = start - datetime.timedelta(days=start.weekday())
    weeks = body["accepted_per_week"]
    assert weeks[0]["week"] == first_monday.isoformat()  # the campaign's first week, not 26 weeks back
    assert len(weeks) == (timezone.localdate() - first_monday).days // 7 + 1 and weeks[-1]["accepted"] == 1


def test_it_gives_the_organization_life_of_the_subtree(records, world, login, organization_life):
    last = organization_life
    members = Member.objects.filter(is_active=True, org__path__startswith=world.c.path).count()
    body = login(world.leader).get(reverse("api_campaign_figures", args=[records.pk])).json()
    assert body["orglife"] == {"year": last.year, "month": last.month, "branches": 2, "green": 1, "with_missing": 1,
                               "members": members, "hours_met": 1}
