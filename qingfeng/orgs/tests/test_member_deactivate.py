import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qingfeng.orgs.models import Member


def test_a_secretary_deactivates_and_the_record_stays(world, login):
    client = login(world.sec_a)
    page = client.post(reverse("member_deactivate", args=[world.bob.pk]), {"reason": "出党"})
    assert page.status_code == 302
    world.bob.refresh_from_db()
    assert not world.bob.is_active
    assert world.bob.history.first().history_change_reason == "停用：出党"
    client.post(reverse("member_deactivate", args=[world.bob.pk]), {"reason": "误操作"})
    world.bob.refresh_from_db()
    assert world.bob.is_active


def test_a_reason_is_required(world, login):
    page = login(world.sec_a).post(reverse("member_deactivate", args=[world.bob.pk]), {"reason": ""})
    assert page.status_code == 200
    world.bob.refresh_from_db()
    assert world.bob.is_active


def test_members_are_never_hard_deleted(world):
    with pytest.raises(ValidationError):
        world.bob.delete()
    assert Member.objects.filter(pk=world.bob.pk).exists()


def test_refused_users(world, login):
    for user, status in [(world.sec_b, 404), (world.leader, 403), (world.alice_user, 404)]:
        page = login(user).post(reverse("member_deactivate", args=[world.bob.pk]), {"reason": "x"})
        assert page.status_code == status
    world.bob.refresh_from_db()
    assert world.bob.is_active
