from django.urls import reverse


def form(member, **changes):
    data = {
        "name": member.name, "gender": member.gender, "ethnicity": member.ethnicity,
        "birth_date": member.birth_date.isoformat(), "join_date": member.join_date.isoformat(),
        "category": member.category, "position": member.position, "group": member.group_id or "",
        "phone": member.phone,
    }
    data.update(changes)
    return data


def test_a_secretary_edits_and_history_is_kept(world, login):
    client = login(world.sec_a)
    page = client.post(reverse("member_edit", args=[world.bob.pk]), form(world.bob, position="校长"))
    assert page.status_code == 302
    world.bob.refresh_from_db()
    assert world.bob.position == "校长"
    latest = world.bob.history.first()
    assert latest.history_user == world.sec_a
    assert latest.diff_against(latest.prev_record).changed_fields == ["position"]


def test_a_wrong_date_is_named(world, login):
    client = login(world.sec_a)
    page = client.post(reverse("member_edit", args=[world.bob.pk]),
                       form(world.bob, join_date="1980-01-01", birth_date="1990-01-01"))
    assert page.status_code == 200
    assert "入党日期必须晚于出生日期" in page.content.decode()
    world.bob.refresh_from_db()
    assert world.bob.birth_date.year == 1990 and world.bob.join_date.year == 2010


def test_a_group_of_another_branch_is_refused(world, login):
    from qingfeng.orgs.models import Org

    other_group = Org.create(world.b, code="B1", name="二中党小组", kind=Org.Kind.GROUP)
    page = login(world.admin).post(reverse("member_edit", args=[world.bob.pk]),
                                   form(world.bob, group=other_group.pk))
    assert page.status_code == 200
    world.bob.refresh_from_db()
    assert world.bob.group is None


def test_a_bad_phone_is_named(world, login):
    page = login(world.sec_a).post(reverse("member_edit", args=[world.bob.pk]),
                                   form(world.bob, phone="12345"))
    assert "请填写 11 位手机号码" in page.content.decode()


def test_a_leader_is_refused(world, login):
    assert login(world.leader).get(reverse("member_edit", args=[world.bob.pk])).status_code == 403


def test_a_member_cannot_edit_even_their_own_record(world, login):
    client = login(world.alice_user)
    page = client.post(reverse("member_edit", args=[world.alice.pk]), form(world.alice, name="X"))
    assert page.status_code == 403
    world.alice.refresh_from_db()
    assert world.alice.name == "张丽"


def test_another_branch_secretary_is_refused(world, login):
    assert login(world.sec_b).get(reverse("member_edit", args=[world.bob.pk])).status_code == 404


def test_a_secretary_names_a_member_to_the_committee(world, login):
    page = login(world.sec_a).post(reverse("member_edit", args=[world.bob.pk]),
                                   form(world.bob, committee_post="organization"))
    assert page.status_code == 302
    world.bob.refresh_from_db()
    assert world.bob.get_committee_post_display() == "组织委员"
    assert "组织委员" in login(world.sec_a).get(reverse("member_detail", args=[world.bob.pk])).content.decode()
