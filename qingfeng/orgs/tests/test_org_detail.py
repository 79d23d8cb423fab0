from django.urls import reverse

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


def test_it_remembers_the_working_org(world, login):
    client = login(world.sec_a)
    client.get(url(world.a))
    body = client.get(reverse("org_tree")).content.decode()
    assert "当前组织" in body and "一中党支部" in body


def test_ancestors_outside_the_scope_are_named_but_not_linked(world, login):
    body = login(world.sec_a).get(url(world.a)).content.decode()
    assert "教育局党总支" in body
    assert reverse("org_detail", args=[world.g.pk]) not in body
    body = login(world.admin).get(url(world.a)).content.decode()
    assert reverse("org_detail", args=[world.g.pk]) in body
