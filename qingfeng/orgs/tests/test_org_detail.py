import datetime

from django.urls import reverse
from django.utils import timezone

from qingfeng.orgs.models import Member
from qingfeng.orgs.tests.factories import MemberFactory


def url(org, **query):
    from urllib.parse import urlencode

    return reverse("org_detail", args=[org.pk]) + ("?" + urlencode(query) if query else "")


def test_a_secretary_sees_their_members(world, login):
    page = login(world.sec_a).get(url(world.a))
    body = page.content.decode()
    assert page.status_code == 200
    assert "张丽" in body and "王强" in body and "李梅" not in body
    assert "13812345678" in body  # a manager sees full phone numbers


def test_the_committee_page_lists_the_subtree(world, login):
    body = login(world.admin).get(url(world.c)).content.decode()
    assert all(name in body for name in ["张丽", "王强", "李梅"])


def test_a_leader_sees_masked_phones_and_no_edit_actions(world, login):
    body = login(world.leader).get(url(world.a)).content.decode()
    assert "138****5678" in body and "13812345678" not in body
    assert "新增党员" not in body and "导入花名册" not in body


def test_it_refuses_another_branch(world, login):
    assert login(world.sec_a).get(url(world.b)).status_code == 404
    assert login(world.sec_a).get(url(world.c)).status_code == 404


def test_a_member_cannot_open_the_branch_page(world, login):
    assert login(world.alice_user).get(url(world.a)).status_code == 404


def test_it_filters_by_name_and_category(world, login):
    MemberFactory(org=world.a, name="赵预备", category="probationary")
    client = login(world.sec_a)
    body = client.get(url(world.a, name="张")).content.decode()
    assert "张丽" in body and "王强" not in body
    body = client.get(url(world.a, category="probationary")).content.decode()
    assert "赵预备" in body and "张丽" not in body


def test_an_unknown_category_is_said_on_the_form_not_ignored(world, login):
    body = login(world.sec_a).get(url(world.a, category="xyz")).content.decode()
    assert "xyz 不在可用的选项中" in body  # a form error beside the field, as every list shows it

def test_it_hides_inactive_members_unless_asked(world, login):
    world.bob.is_active = False
    world.bob.save()
    client = login(world.sec_a)
    assert "王强" not in client.get(url(world.a)).content.decode()
    assert "王强" in client.get(url(world.a, status="inactive")).content.decode()


def test_it_paginates_and_sorts(world, login):
    for i in range(30):
        MemberFactory(org=world.a, name=f"测试{i:02d}")
    client = login(world.sec_a)
    first = client.get(url(world.a, sort="name")).content.decode()
    second = client.get(url(world.a, sort="name", page=2)).content.decode()
    assert "测试00" in first and "测试29" not in first
    assert "测试29" in second


def working_org(response) -> str | None:
    """The navbar's 当前组织, or None when the page names none."""
    import re

    found = re.search(r'id="working-org"[^>]*>\s*当前组织：<a[^>]*>([^<]+)</a>', response.content.decode())
    return found and found.group(1)


def test_the_navbar_names_the_org_of_the_page_not_the_last_one_visited(world, login, campaign):
    client = login(world.admin)
    assert working_org(client.get(url(world.a))) == "一中党支部"
    assert working_org(client.get(url(world.b))) == "二中党支部"
    # A page of no one org names none, whatever was opened before it.
    assert working_org(client.get(reverse("org_tree"))) is None
    assert working_org(client.get(reverse("my_work"))) is None
    # A member's page names her branch; the campaign page the subtree it shows.
    assert working_org(client.get(reverse("member_detail", args=[world.bob.pk]))) == "一中党支部"
    campaign_page = reverse("campaign_detail", args=[campaign.pk])
    assert working_org(client.get(campaign_page)) == "清风县委"
    assert working_org(client.get(campaign_page, {"org": world.b.pk})) == "二中党支部"


def test_the_navbar_names_no_org_its_user_may_not_open(world, login, campaign):
    client = login(world.alice_user)
    assert working_org(client.get(reverse("member_detail", args=[world.alice.pk]))) is None
    assert working_org(client.get(reverse("campaign_detail", args=[campaign.pk]))) is None


def test_a_party_group_lists_its_members(world, login):
    MemberFactory(org=world.a, name="赵组员", group=world.a1)
    body = login(world.sec_a).get(url(world.a1)).content.decode()
    assert "张丽" in body and "赵组员" in body
    assert "王强" not in body  # in the branch, in no group
    assert "没有符合条件的党员" not in body
    # The branch's page still lists everyone in it, grouped or not.
    body = login(world.sec_a).get(url(world.a)).content.decode()
    assert all(name in body for name in ("张丽", "赵组员", "王强"))


def test_ancestors_outside_the_scope_are_named_but_not_linked(world, login):
    body = login(world.sec_a).get(url(world.a)).content.decode()
    assert "教育局党总支" in body
    assert reverse("org_detail", args=[world.g.pk]) not in body
    body = login(world.admin).get(url(world.a)).content.decode()
    assert reverse("org_detail", args=[world.g.pk]) in body


def test_the_secretary_sees_and_filters_members_past_their_probation(world, login):
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    MemberFactory(org=world.a, name="周新", category=Member.Category.PROBATIONARY, join_date=long_ago)
    MemberFactory(org=world.a, name="吴近", category=Member.Category.PROBATIONARY,
                  join_date=timezone.localdate() - datetime.timedelta(days=30))
    client = login(world.sec_a)
    assert "有 1 名预备党员预备期已满一年" in client.get(url(world.a)).content.decode()
    rows = client.get(url(world.a, category="probation_over")).context["table"].page
    assert [row.record.name for row in rows] == ["周新"]


def test_a_leader_is_not_told_about_probation(world, login):
    MemberFactory(org=world.a, name="周新", category=Member.Category.PROBATIONARY,
                  join_date=timezone.localdate() - datetime.timedelta(days=400))
    assert "预备期已满一年" not in login(world.leader).get(url(world.a)).content.decode()
