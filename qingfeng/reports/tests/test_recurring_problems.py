"""普遍性问题 and near-copy self-inspections on the campaign dashboard and in the summary report: who sees what."""

import html
import io
import re

import pytest
from django.urls import reverse
from docx import Document as Docx

from qingfeng.ledger.tests.factories import ProblemFactory
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.originality.models import Document, Match

THEORY = ("理论学习不够深入，学用结合不紧密", "对党的创新理论学习不深不透，存在学用脱节现象")
SECRET = "据信访举报，理论学习不够深入，学用结合不紧密"


@pytest.fixture
def recurring(campaign, world):
    """The same problem in A (alice, bob) and in B (carol, dave), a confidential one in B, and A's near-copies."""
    dave = MemberFactory(org=world.b, name="赵刚")
    for member, text in ((world.alice, THEORY[0]), (world.bob, THEORY[1]), (world.carol, THEORY[1]),
                         (dave, THEORY[0])):
        ProblemFactory(campaign=campaign, member=member, description=text)
    ProblemFactory(campaign=campaign, member=dave, source="petition", description=SECRET)

    def inspection(member):
        return Document.objects.create(kind=Document.Kind.INSPECTION, org=member.org, member=member,
                                       campaign=campaign, title="对照检查材料", text="……",
                                       status=Document.Status.CHECKED, score=0.92)

    alice, bob = inspection(world.alice), inspection(world.bob)
    Match.objects.create(document=bob, source=alice, score=0.92)
    return campaign


def dashboard(client, campaign, org=None):
    """The dashboard page, and the 普遍性问题 card it asks for once shown, as the browser puts them together."""
    query = f"?org={org.pk}" if org else ""
    page = client.get(reverse("campaign_dashboard", args=[campaign.pk]) + query)
    assert page.status_code == 200
    body = page.content.decode()
    [card_url] = re.findall(r'hx-get="([^"]*/recurring/[^"]*)"', body)
    assert card_url.startswith(reverse("campaign_recurring", args=[campaign.pk]))
    card = client.get(html.unescape(card_url))
    assert card.status_code == 200
    return body.replace('<p class="small text-muted" id="recurring-loading">', card.content.decode() + "<p hidden>")


def counts(body):
    """(problems, members, orgs) of each group listed."""
    rows = body.split('id="recurring-groups"')[1].split("</table>")[0].split("<tr data-group=")[1:]
    return [tuple(int(row.split(f"data-{key}>")[1].split("<")[0]) for key in ("problems", "members", "orgs"))
            for row in rows]


def test_the_county_sees_the_problem_grouped_across_its_branches(recurring, world, login):
    body = dashboard(login(world.admin), recurring)
    assert counts(body) == [(4, 4, 2)]
    assert "普遍性问题" in body and THEORY[0] in body and THEORY[1] in body  # the samples, to expand


def test_a_branch_secretary_sees_the_groups_of_her_branchs_problems_only(recurring, world, login):
    assert counts(dashboard(login(world.sec_a), recurring)) == [(2, 2, 1)]
    assert counts(dashboard(login(world.sec_b), recurring)) == [(2, 2, 1)]


def test_a_confidential_problems_text_appears_only_to_discipline(recurring, world, login):
    for user in (world.admin, world.leader, world.inspector, world.sec_b):
        assert SECRET not in dashboard(login(user), recurring), user
    body = dashboard(login(world.discipline), recurring)
    assert SECRET in body and counts(body) == [(5, 4, 2)]


def test_a_member_has_no_dashboard_so_no_card(recurring, world, login):
    for name in ("campaign_dashboard", "campaign_recurring"):
        page = login(world.alice_user).get(reverse(name, args=[recurring.pk]))
        assert page.status_code == 403
        assert THEORY[1].encode() not in page.content


def test_the_card_comes_after_the_figures(recurring, world, login, django_assert_max_num_queries):
    """The page reads no problem text: the grouping is the card's own request."""
    client = login(world.admin)
    page = client.get(reverse("campaign_dashboard", args=[recurring.pk])).content.decode()
    assert THEORY[0] not in page and 'id="recurring-groups"' not in page
    assert "正在归类" in page
    card = client.get(reverse("campaign_recurring", args=[recurring.pk]) + f"?org={world.b.pk}").content.decode()
    assert THEORY[1] in card and counts(card) == [(2, 2, 1)]


def test_near_copy_self_inspections_are_listed_to_who_may_read_both(recurring, world, login):
    bob = Document.objects.get(member=world.bob)
    body = dashboard(login(world.sec_a), recurring)
    assert "对照检查材料雷同（1 对）" in body
    pair = body.split('id="near-copy-pairs"')[1].split("</table>")[0]
    assert "王强" in pair and "张丽" in pair and "92.0%" in pair
    assert f'href="{reverse("originality_report", args=[bob.pk])}"' in pair
    assert 'id="near-copies"' in dashboard(login(world.admin), recurring)


def test_the_near_copy_card_is_left_out_where_there_are_none(recurring, world, login):
    assert 'id="near-copies"' not in dashboard(login(world.sec_b), recurring)  # A's pair is not hers to read
    assert 'id="near-copies"' not in dashboard(login(world.admin), recurring, world.b)


# --- the summary report ---


def report(client, campaign, org=None):
    page = client.get(reverse("campaign_summary_document", args=[campaign.pk]) + (f"?org={org.pk}" if org else ""))
    assert page.status_code == 200
    return Docx(io.BytesIO(page.content))


def recurring_table(doc):
    [table] = [t for t in doc.tables if t.rows[0].cells[1].text == "问题概述"]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_summary_report_has_a_table_of_recurring_problems(recurring, world, login):
    doc = report(login(world.admin), recurring)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "表2　普遍性问题" in body  # no problem was found against a checklist item: no 表2 of those
    assert "以下1类问题在多名党员或多个组织中普遍存在" in body
    assert recurring_table(doc) == [["序号", "问题概述", "涉及问题数", "涉及党员数", "涉及组织数"],
                                    ["1", THEORY[0], "4", "4", "2"]]


def test_the_summary_report_counts_what_its_reader_may_see(recurring, world, login):
    assert recurring_table(report(login(world.sec_a), recurring, world.a))[1][2:] == ["2", "2", "1"]
    leader = report(login(world.leader), recurring)
    assert SECRET not in "".join(cell.text for table in leader.tables for row in table.rows for cell in row.cells)
    assert recurring_table(report(login(world.discipline), recurring))[1][2:] == ["5", "4", "2"]


def test_past_its_limit_the_card_and_the_report_say_which_problems_were_grouped(recurring, world, login,
                                                                              monkeypatch):
    from qingfeng.originality import recurring as grouping

    client = login(world.admin)
    assert "按最近登记" not in dashboard(client, recurring)
    assert "按最近登记" not in "\n".join(p.text for p in report(client, recurring).paragraphs)
    monkeypatch.setattr(grouping, "MAX_PROBLEMS", 3)  # the admin sees four
    assert "本范围问题较多，按最近登记的 3 条问题归并" in dashboard(client, recurring)
    paragraphs = "\n".join(p.text for p in report(client, recurring).paragraphs)
    assert "（问题较多，按最近登记的3条问题归并统计）" in paragraphs


def test_a_report_without_recurring_problems_has_no_such_section(campaign, world, login):
    ProblemFactory(campaign=campaign, member=world.alice, description=THEORY[0])
    doc = report(login(world.admin), campaign)
    assert "普遍性问题" not in "\n".join(p.text for p in doc.paragraphs)
    assert not [t for t in doc.tables if t.rows[0].cells[1].text == "问题概述"]
