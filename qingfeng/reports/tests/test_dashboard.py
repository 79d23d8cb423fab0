"""The campaign dashboard: who may open it for which org, what it shows, and what it costs."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.core.testing import pinned_queries
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Member, Org
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.study.models import Attendance, Reflection, StudyActivity


def url(campaign, org=None):
    base = reverse("campaign_dashboard", args=[campaign.pk])
    return f"{base}?org={org.pk}" if org else base


def figure(body: str, key: str) -> str:
    start = body.index(f'data-figure="{key}">') + len(f'data-figure="{key}">')
    return body[start:body.index("<", start)]


def test_a_leader_sees_the_whole_campaign_without_confidential_problems(records, world, login):
    page = login(world.leader).get(url(records))
    assert page.status_code == 200
    body = page.content.decode()
    assert '<span id="dashboard-org">清风县委</span>' in body
    assert (figure(body, "members"), figure(body, "problems"), figure(body, "rectifications_overdue"),
            figure(body, "completion_rate"), figure(body, "on_time_rate")) == ("3", "1", "1", "50.0%", "100.0%")
    assert figure(body, "participation_rate") == "0.0%"
    assert "逾期的整改措施甲" in body
    assert "保密来源的整改措施" not in body
    assert 'data-source="信访举报"' not in body
    start = body.index('<script id="dashboard-data" type="application/json">')
    data = json.loads(body[body.index(">", start) + 1:body.index("</script>", start)])
    assert [r["name"] for r in data["subOrgs"]] == ["教育局党总支"]
    assert f'href="?org={world.g.pk}"' in body  # drill down


def test_discipline_counts_the_confidential_problem(records, world, login):
    body = login(world.discipline).get(url(records)).content.decode()
    assert (figure(body, "problems"), figure(body, "rectifications_overdue"), figure(body, "completion_rate")) == (
        "2", "2", "33.3%")
    assert "保密来源的整改措施" in body
    assert 'data-source="信访举报">1<' in body


def test_drilling_down_shows_the_sub_org_and_its_sub_orgs(records, world, login):
    page = login(world.leader).get(url(records, world.g))
    body = page.content.decode()
    assert '<span id="dashboard-org">教育局党总支</span>' in body
    assert [r.org for r in page.context["ranking"]] == [world.a, world.b]
    assert f'<a href="?org={world.c.pk}">清风县委</a>' in body  # the way back up

    body = login(world.leader).get(url(records, world.a)).content.decode()
    assert 'id="no-sub-orgs"' in body  # a party group is not ranked
    assert figure(body, "members") == "2"


def section(body: str, title_id: str) -> str:
    """The <section> whose heading has id `title_id`."""
    start = body.rindex("<section", 0, body.index(f'id="{title_id}"'))
    return body[start:body.index("</section>", start)]


def test_sources_and_statuses_have_headings_of_their_own(records, world, login):
    body = login(world.leader).get(url(records)).content.decode()
    assert 'id="problems-by-source"' not in section(body, "dimension-title")
    sources = section(body, "source-title")
    assert ">问题来源</h2>" in sources and 'data-source="自己找">1<' in sources
    statuses = section(body, "status-title")
    assert 'id="rectifications-by-status"' in statuses and 'data-status="已销号">1<' in statuses


def test_the_weekly_chart_starts_in_the_campaigns_first_week(records, world, login):
    page = login(world.leader).get(url(records))
    start = min(p.start for p in records.phases.all())
    first = start - datetime.timedelta(days=start.weekday())
    weeks = page.context["data"]["weeks"]
    assert weeks[0]["week"] == first.strftime("%m-%d")
    assert len(weeks) == (timezone.localdate() - first).days // 7 + 1 < 26


def test_a_branch_dashboard_ranks_its_members_by_their_progress(records, world, login):
    page = login(world.sec_a).get(url(records, world.a))
    body = page.content.decode()
    assert page.context["ranking"] == []
    # 张丽 owns both rectifications of branch A (one accepted, one overdue); 王强 none.
    assert [(p.member, p.rectifications, p.rectifications_accepted, p.rectifications_overdue)
            for p in page.context["members"]] == [(world.alice, 2, 1, 1), (world.bob, 0, 0, 0)]
    ranking = section(body, "ranking-title")
    assert ">党员进展情况</h2>" in ranking
    assert f'<tr data-member="{world.alice.pk}">' in ranking and ">50.0%<" in ranking
    assert "李梅" not in ranking  # branch B's member


def test_a_dashboard_with_sub_orgs_ranks_them_not_members(records, world, login):
    page = login(world.leader).get(url(records, world.g))
    assert page.context["members"] == []
    assert 'id="member-ranking"' not in page.content.decode()


def test_the_ledger_export_button_posts_the_campaign_and_the_org(records, world, login):
    body = login(world.leader).get(url(records, world.g)).content.decode()
    form = body[body.index(f'<form method="post" action="{reverse("ledger_export")}">'):]
    form = form[:form.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form and 'id="export-ledger"' in form
    assert f'name="campaign" value="{records.pk}"' in form and f'name="org" value="{world.g.pk}"' in form


def test_rates_without_a_denominator_show_a_dash(campaign, world, login):
    body = login(world.leader).get(url(campaign, world.b)).content.decode()
    assert figure(body, "completion_rate") == "—"
    assert figure(body, "on_time_rate") == "—"


def test_the_dashboard_shows_organization_life_of_the_subtree(records, world, login, organization_life):
    last = organization_life
    members = Member.objects.filter(is_active=True, org__path__startswith=world.c.path).count()
    body = login(world.leader).get(url(records)).content.decode()
    assert f"{last.month}月达标支部" in body and figure(body, "orglife_green") == "50.0%"  # A of A and B
    assert f"{last.year}年有缺项支部" in body and figure(body, "orglife_with_missing") == "1"  # B
    assert figure(body, "orglife_hours_met") == f"{100 / members:.1f}%"  # Alice only (Bob was not present)
    assert f'href="{reverse("orglife_compliance")}?org={world.c.pk}&amp;year={last.year}"' in body
    # branch A's secretary: her branch only, green
    body = login(world.sec_a).get(url(records, world.a)).content.decode()
    assert figure(body, "orglife_green") == "100.0%" and figure(body, "orglife_with_missing") == "0"


def test_a_secretary_starts_at_and_sees_only_their_branch(records, world, login):
    client = login(world.sec_a)
    page = client.get(url(records))
    assert page.status_code == 200
    assert page.context["org"] == world.a
    body = page.content.decode()
    assert (figure(body, "members"), figure(body, "rectifications_overdue")) == ("2", "1")
    assert client.get(url(records, world.a)).status_code == 200
    assert client.get(url(records, world.b)).status_code == 404
    assert client.get(url(records, world.g)).status_code == 404
    assert client.get(url(records, world.c)).status_code == 404


def test_the_navbar_names_the_org_the_dashboard_shows(records, world, login):
    def navbar_org(response):
        found = re.search(r'id="working-org"[^>]*>\s*当前组织：<a[^>]*>([^<]+)</a>', response.content.decode())
        return found and found.group(1)

    client = login(world.admin)
    assert navbar_org(client.get(url(records))) == "清风县委"
    assert navbar_org(client.get(url(records, world.b))) == "二中党支部"
    assert navbar_org(login(world.sec_a).get(url(records))) == "一中党支部"


def test_another_branch_secretary_gets_404_on_branch_a(records, world, login):
    client = login(world.sec_b)
    assert client.get(url(records, world.a)).status_code == 404
    assert client.get(url(records)).context["org"] == world.b


def test_a_member_cannot_open_the_dashboard(records, world, login):
    client = login(world.alice_user)
    assert client.get(url(records)).status_code == 403  # she sees the campaign, not its dashboard
    assert client.get(url(records, world.a)).status_code == 404


def test_an_org_outside_the_campaign_or_a_bad_id_is_not_found(campaign, world, login):
    narrow = Campaign.objects.create(org=world.a, title="一中专项", created_by=world.admin, status="active")
    client = login(world.admin)
    assert client.get(url(narrow, world.b)).status_code == 404
    assert client.get(url(narrow, world.c)).status_code == 404
    assert client.get(url(narrow)).context["org"] == world.a
    assert client.get(url(campaign) + "?org=abc").status_code == 404
    assert client.get(reverse("campaign_dashboard", args=[999999])).status_code == 404


def test_a_draft_campaign_is_not_found_for_a_leader(world, login):
    draft = Campaign.objects.create(org=world.c, title="草稿", created_by=world.admin)
    assert login(world.leader).get(url(draft)).status_code == 404
    assert login(world.admin).get(url(draft)).status_code == 200


def test_anonymous_users_are_sent_to_log_in(campaign, client):
    page = client.get(url(campaign))
    assert page.status_code == 302
    assert "/login/" in page.url


def test_the_campaign_page_links_to_its_dashboard(campaign, world, login):
    body = login(world.leader).get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert f'href="{url(campaign, world.c)}"' in body
    body = login(world.alice_user).get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert "数据看板" not in body


def grow(world, campaign, n):
    """More branches, members, study, reflections, problems and rectifications under G and B."""
    today = timezone.localdate()
    for i in range(n):
        branch = Org.create(world.g, code=f"X{n}-{i}", name=f"扩展支部{n}-{i}", kind=Org.Kind.BRANCH)
        for org in (branch, world.b):
            member = MemberFactory(org=org, name=f"成员{n}-{i}")
            activity = StudyActivity.objects.create(campaign=campaign, org=org, kind="seminar", date=today,
                                                    topic="研讨", created_by=world.admin)
            Attendance.objects.create(activity=activity, member=member)
            Reflection.objects.create(campaign=campaign, member=member, org=org, title="t", body="b",
                                      status="accepted", submitted_at=timezone.now())
            problem = ProblemFactory(campaign=campaign, member=member, source="petition" if i % 3 == 0 else "self")
            RectificationFactory(problem=problem, due_in_days=i - n // 2)
            RectificationFactory(problem=problem, due_in_days=-i, status="accepted", accepted_at=timezone.now())


VIEWS = [
    ("reports.campaign_dashboard", "admin", lambda w: None),
    ("reports.campaign_dashboard.branch", "sec_a", lambda w: w.a),
]


@pytest.mark.parametrize(("name", "username", "org"), VIEWS, ids=[v[0] for v in VIEWS])
def test_query_count_is_pinned_and_flat(records, world, client, name, username, org):
    client.force_login(getattr(world, username))
    address = url(records, org(world))
    client.get(address)  # warm: session, content types
    for size in (3, 30):
        grow(world, records, size)
        with pinned_queries(name):
            page = client.get(address)
        assert page.status_code == 200
