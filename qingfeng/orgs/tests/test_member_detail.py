import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse


def url(member):
    return reverse("member_detail", args=[member.pk])


def test_a_member_sees_their_own_record_in_full(world, login):
    body = login(world.alice_user).get(url(world.alice)).content.decode()
    assert "张丽" in body and "13812345678" in body
    assert "编辑" not in body


def test_a_member_cannot_see_another_member(world, login):
    assert login(world.alice_user).get(url(world.bob)).status_code == 404


def test_a_secretary_sees_and_may_edit(world, login):
    body = login(world.sec_a).get(url(world.bob)).content.decode()
    assert "王强" in body and "编辑" in body and "转接组织关系" in body


def test_another_branch_is_refused(world, login):
    assert login(world.sec_b).get(url(world.alice)).status_code == 404


def test_a_leader_sees_a_masked_phone(world, login):
    body = login(world.leader).get(url(world.alice)).content.decode()
    assert "138****5678" in body and "13812345678" not in body
    assert "编辑" not in body


def test_a_forged_id_is_not_found(world, login):
    assert login(world.admin).get(reverse("member_detail", args=[999999])).status_code == 404


def test_the_last_sign_in_reads_as_a_chinese_date_and_time(world, login):
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    get_user_model().objects.filter(pk=world.alice_user.pk).update(
        last_login=datetime.datetime(2026, 10, 17, 14, 5, tzinfo=beijing))
    body = login(world.sec_a).get(url(world.alice)).content.decode()
    assert "最近登录：2026年10月17日 14:05" in body
