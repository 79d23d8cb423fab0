from django.urls import reverse

from qingfeng.campaigns.models import Campaign

URL = reverse("campaign_list")


def test_everyone_in_the_subtree_sees_a_campaign_over_it(campaign, world, login):
    for user in (world.admin, world.leader, world.sec_a, world.sec_b, world.alice_user):
        body = login(user).get(URL).content.decode()
        assert "作风专项整治" in body and "进行中" in body


def test_a_campaign_over_one_branch_is_hidden_from_another(world, login):
    Campaign.objects.create(org=world.b, title="二中专项", created_by=world.admin, status="active")
    assert "二中专项" in login(world.sec_b).get(URL).content.decode()
    assert "二中专项" in login(world.leader).get(URL).content.decode()
    for user in (world.sec_a, world.alice_user):
        assert "二中专项" not in login(user).get(URL).content.decode()


def test_the_list_filters_by_status(campaign, world, login):
    Campaign.objects.create(org=world.c, title="草稿专项", created_by=world.admin)
    body = login(world.admin).get(URL + "?status=draft").content.decode()
    assert "草稿专项" in body and "作风专项整治" not in body


def test_new_campaign_is_offered_to_an_org_admin_only(campaign, world, login):
    assert "新建专项工作" in login(world.admin).get(URL).content.decode()
    for user in (world.sec_a, world.leader, world.alice_user):
        assert "新建专项工作" not in login(user).get(URL).content.decode()


def test_the_list_requires_login(db, client):
    assert client.get(URL).status_code == 302
