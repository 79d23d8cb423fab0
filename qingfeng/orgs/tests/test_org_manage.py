import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qingfeng.orgs.models import Org


def test_an_admin_creates_a_branch(world, login):
    page = login(world.admin).post(reverse("org_create", args=[world.g.pk]),
                                   {"code": "C3", "name": "三中党支部", "kind": "branch"})
    assert page.status_code == 302
    org = Org.objects.get(code="C3")
    assert org.path.startswith(world.g.path) and org.depth == world.g.depth + 1


def test_a_kind_that_cannot_sit_there_is_named(world, login):
    page = login(world.admin).post(reverse("org_create", args=[world.a.pk]),
                                   {"code": "X", "name": "错误", "kind": "general_branch"})
    assert "党总支不能设在党支部之下" in page.content.decode()
    assert not Org.objects.filter(code="X").exists()


def test_a_duplicate_code_is_named(world, login):
    page = login(world.admin).post(reverse("org_create", args=[world.g.pk]),
                                   {"code": "A", "name": "重复", "kind": "branch"})
    assert "组织编码" in page.content.decode()
    assert Org.objects.filter(code="A").count() == 1


def test_a_secretary_cannot_create_or_move_orgs(world, login):
    client = login(world.sec_a)
    assert client.post(reverse("org_create", args=[world.a.pk]),
                       {"code": "A2", "name": "x", "kind": "group"}).status_code == 403
    assert client.post(reverse("org_move", args=[world.a1.pk]), {"parent": world.a.pk}).status_code == 403


def test_an_admin_renames_a_branch_and_records_when_it_was_founded(world, login):
    client = login(world.admin)
    versions = world.a.history.count()
    page = client.post(reverse("org_edit", args=[world.a.pk]), {"name": "县一中党支部", "founded_on": "2026-02-15"})
    assert page.status_code == 302
    a = Org.objects.get(pk=world.a.pk)
    assert (a.name, a.founded_on, a.code, a.kind) == ("县一中党支部", datetime.date(2026, 2, 15), "A", "branch")
    assert a.history.count() == versions + 1 and a.history.first().founded_on == a.founded_on
    assert "2026年2月15日成立" in client.get(reverse("org_detail", args=[a.pk])).content.decode()


def test_a_founding_date_in_the_future_or_malformed_is_named_and_nothing_saved(world, login):
    client = login(world.admin)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for value, message in ((tomorrow.isoformat(), "成立日期不能晚于今天"), ("2026-02-30", "输入一个有效的日期")):
        page = client.post(reverse("org_edit", args=[world.a.pk]), {"name": "改名", "founded_on": value})
        assert page.status_code == 200 and message in page.content.decode()
    assert Org.objects.get(pk=world.a.pk).name == world.a.name


def test_a_secretary_cannot_edit_her_own_branch(world, login):
    client = login(world.sec_a)
    assert client.post(reverse("org_edit", args=[world.a.pk]), {"name": "x"}).status_code == 403
    assert Org.objects.get(pk=world.a.pk).name == world.a.name


def test_moving_a_subtree_keeps_members_and_paths(world, login):
    page = login(world.admin).post(reverse("org_move", args=[world.a.pk]), {"parent": world.c.pk})
    assert page.status_code == 302
    a, a1 = Org.objects.get(code="A"), Org.objects.get(code="A1")
    assert Org.objects.get_parent(a) == world.c
    assert a1.path.startswith(a.path)
    assert set(a.members.values_list("name", flat=True)) == {"张丽", "王强"}
    assert Org.objects.find_problems() == ([], [], [], [], [])
    assert a.history.first().history_change_reason.startswith("移动到")


def test_a_subtree_cannot_move_under_itself(world):
    with pytest.raises(ValidationError):
        world.g.move_under(world.a)


def test_the_move_form_offers_no_descendant(world, login):
    page = login(world.admin).post(reverse("org_move", args=[world.g.pk]), {"parent": world.a.pk})
    assert page.status_code == 200
    assert Org.objects.get(code="A").path.startswith(Org.objects.get(code="G").path)


def test_org_history_is_shown(world, login):
    body = login(world.leader).get(reverse("org_history", args=[world.a.pk])).content.decode()
    assert "创建" in body
    assert login(world.sec_b).get(reverse("org_history", args=[world.a.pk])).status_code == 404
