from django.urls import reverse


def test_it_shows_the_top_of_the_users_scope(world, login):
    page = login(world.admin).get(reverse("org_tree"))
    assert page.status_code == 200
    assert "清风县委" in page.content.decode()


def test_a_secretary_starts_at_their_branch(world, login):
    body = login(world.sec_a).get(reverse("org_tree")).content.decode()
    assert "一中党支部" in body
    assert "清风县委" not in body
    assert "二中党支部" not in body


def test_it_loads_children_for_htmx(world, login):
    page = login(world.admin).get(reverse("org_children", args=[world.g.pk]), HTTP_HX_REQUEST="true")
    body = page.content.decode()
    assert "一中党支部" in body and "二中党支部" in body
    assert "<html" not in body  # a fragment, not a page


def test_it_refuses_children_of_another_branch(world, login):
    assert login(world.sec_a).get(reverse("org_children", args=[world.b.pk])).status_code == 404


def test_a_member_has_no_tree(world, login):
    body = login(world.alice_user).get(reverse("org_tree")).content.decode()
    assert "尚未在任何党组织担任" in body


def test_it_requires_login(world, client):
    page = client.get(reverse("org_tree"))
    assert page.status_code == 302 and reverse("login") in page["Location"]
