from django.urls import reverse

from qingfeng.campaigns.models import Campaign, KeyTask


def url(campaign):
    return reverse("campaign_task_add", args=[campaign.pk])


def test_a_secretary_adds_an_optional_task_for_their_branch(campaign, world, login):
    client = login(world.sec_a)
    page = client.post(url(campaign), {"org": world.a.pk, "title": "师德师风警示教育", "description": "结合案例"})
    task = KeyTask.objects.get(required=False)
    assert (task.org, task.title, task.description) == (world.a, "师德师风警示教育", "结合案例")
    assert "已为「一中党支部」添加自选动作" in client.get(page["Location"]).content.decode()


def test_the_branch_sees_its_optional_task_and_another_branch_does_not(campaign, world, login):
    KeyTask.objects.create(campaign=campaign, title="一中自选", required=False, org=world.a)
    detail = reverse("campaign_detail", args=[campaign.pk])
    assert "一中自选" in login(world.alice_user).get(detail).content.decode()
    assert "一中自选" in login(world.leader).get(detail).content.decode()
    assert "一中自选" not in login(world.sec_b).get(detail).content.decode()


def test_a_secretary_cannot_add_a_task_for_another_branch(campaign, world, login):
    client = login(world.sec_a)
    page = client.post(url(campaign), {"org": world.b.pk, "title": "冒名"})
    assert "未添加自选动作" in client.get(page["Location"]).content.decode()
    assert not KeyTask.objects.filter(required=False).exists()


def test_a_title_is_required(campaign, world, login):
    client = login(world.sec_a)
    page = client.post(url(campaign), {"org": world.a.pk, "title": ""})
    assert "未添加自选动作：自选动作：" in client.get(page["Location"]).content.decode()


def test_who_may_not_add_optional_tasks(campaign, world, login):
    for user in (world.leader, world.inspector, world.alice_user):
        assert login(user).post(url(campaign), {"org": world.a.pk, "title": "x"}).status_code == 403
    over_b = Campaign.objects.create(org=world.b, title="二中专项", created_by=world.admin)
    assert login(world.sec_a).post(url(over_b), {"org": world.a.pk, "title": "x"}).status_code == 404
    assert login(world.sec_a).get(url(campaign)).status_code == 405
    assert not KeyTask.objects.filter(required=False).exists()


def test_the_form_is_shown_to_secretaries_only(campaign, world, login):
    detail = reverse("campaign_detail", args=[campaign.pk])
    assert "添加自选动作" in login(world.sec_a).get(detail).content.decode()
    assert "添加自选动作" not in login(world.leader).get(detail).content.decode()
