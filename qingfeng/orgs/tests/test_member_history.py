import pytest
from django.urls import reverse


def test_it_shows_who_when_and_old_to_new(world, login):
    client = login(world.sec_a)
    world.bob.position = "教研组长"
    world.bob._change_reason = "职务调整"
    world.bob.save()
    body = client.get(reverse("member_history", args=[world.bob.pk])).content.decode()
    assert "职务调整" in body
    assert "职务" in body and "教研组长" in body
    assert "创建" in body


def test_a_member_reads_their_own_history(world, login):
    assert login(world.alice_user).get(reverse("member_history", args=[world.alice.pk])).status_code == 200


def test_refused_users(world, login):
    assert login(world.sec_b).get(reverse("member_history", args=[world.bob.pk])).status_code == 404
    assert login(world.alice_user).get(reverse("member_history", args=[world.bob.pk])).status_code == 404


def changed_phone_and_transferred(world):
    import datetime

    from qingfeng.orgs.services import transfer_member

    world.alice.phone = "13712345678"
    world.alice.save()
    transfer_member(world.alice, to_org=world.b, date=datetime.date(2026, 3, 1), reason="随配偶工作调动",
                    by=world.admin)


@pytest.mark.parametrize("username", ["leader", "inspector", "discipline"])
def test_readers_who_see_a_masked_phone_see_it_masked_in_the_history_too(world, login, username):
    changed_phone_and_transferred(world)
    client = login(getattr(world, username))

    detail = client.get(reverse("member_detail", args=[world.alice.pk])).content.decode()
    history = client.get(reverse("member_history", args=[world.alice.pk])).content.decode()

    for body in (detail, history):
        assert "13812345678" not in body and "13712345678" not in body
        assert "随配偶工作调动" not in body
    assert "138****5678" in history and "137****5678" in history
    assert "组织关系转接" in history  # what happened stays visible; the reason does not


@pytest.mark.parametrize("username", ["admin", "sec_b", "alice_user"])
def test_managers_and_the_member_see_the_phone_and_reasons_in_clear(world, login, username):
    changed_phone_and_transferred(world)
    history = login(getattr(world, username)).get(reverse("member_history", args=[world.alice.pk])).content.decode()
    assert "13812345678" in history and "13712345678" in history
    assert "随配偶工作调动" in history


def test_a_rename_shows_the_name_not_its_sort_key(world, login):
    world.bob.name = "艾强"
    world.bob.save()
    body = login(world.sec_a).get(reverse("member_history", args=[world.bob.pk])).content.decode()
    assert "艾强" in body and "姓名拼音" not in body and "ai4qiang2" not in body
