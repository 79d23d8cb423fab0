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
