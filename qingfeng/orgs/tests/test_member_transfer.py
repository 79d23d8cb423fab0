from django.urls import reverse

from qingfeng.orgs.models import Transfer


def post(client, member, to_org, **extra):
    data = {"to_org": to_org.pk, "date": "2026-10-01", "reason": "工作调动", **extra}
    return client.post(reverse("member_transfer", args=[member.pk]), data)


def test_an_admin_transfers_a_member_and_it_is_kept(world, login):
    assert post(login(world.admin), world.alice, world.b).status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.org == world.b and world.alice.group is None
    transfer = Transfer.objects.get()
    assert (transfer.from_org, transfer.to_org, transfer.reason) == (world.a, world.b, "工作调动")
    assert transfer.created_by == world.admin
    latest = world.alice.history.first()
    assert "组织关系转接" in latest.history_change_reason
    assert set(latest.diff_against(latest.prev_record).changed_fields) == {"org", "group"}


def test_the_transfer_shows_on_the_member_page_and_in_history(world, login):
    client = login(world.admin)
    post(client, world.alice, world.b)
    body = client.get(reverse("member_detail", args=[world.alice.pk])).content.decode()
    assert "工作调动" in body
    history = client.get(reverse("member_history", args=[world.alice.pk])).content.decode()
    assert "一中党支部" in history and "二中党支部" in history


def test_a_secretary_cannot_transfer_into_a_branch_outside_their_scope(world, login):
    page = post(login(world.sec_a), world.alice, world.b)
    assert page.status_code == 200
    world.alice.refresh_from_db()
    assert world.alice.org == world.a
    assert not Transfer.objects.exists()


def test_a_future_date_is_refused(world, login):
    page = post(login(world.admin), world.alice, world.b, date="2999-01-01")
    assert "转接日期不能晚于今天" in page.content.decode()
    assert not Transfer.objects.exists()


def test_refused_users(world, login):
    assert post(login(world.sec_b), world.alice, world.b).status_code == 404
    assert post(login(world.leader), world.alice, world.b).status_code == 403
    assert post(login(world.alice_user), world.alice, world.b).status_code == 403
    assert not Transfer.objects.exists()
