from django.urls import reverse

from qingfeng.orgs.models import Member

DATA = {
    "name": "刘新", "gender": "male", "ethnicity": "回族", "birth_date": "1995-04-02",
    "join_date": "2020-06-30", "category": "full", "position": "教师", "phone": "139 0000 1111",
}


def test_a_secretary_adds_a_member_to_their_branch(world, login):
    page = login(world.sec_a).post(reverse("member_create", args=[world.a.pk]), DATA)
    assert page.status_code == 302
    member = Member.objects.get(name="刘新")
    assert member.org == world.a and member.ethnicity == "回族" and member.phone == "13900001111"
    assert member.history.first().history_type == "+"


def test_members_are_added_to_branches_only(world, login):
    page = login(world.admin).post(reverse("member_create", args=[world.g.pk]), DATA)
    assert page.status_code == 302
    assert not Member.objects.filter(name="刘新").exists()


def test_a_future_join_date_is_named(world, login):
    page = login(world.sec_a).post(reverse("member_create", args=[world.a.pk]),
                                   {**DATA, "join_date": "2999-01-01"})
    assert "入党日期不能晚于今天" in page.content.decode()
    assert not Member.objects.filter(name="刘新").exists()


def test_a_leader_and_other_secretary_are_refused(world, login):
    assert login(world.leader).post(reverse("member_create", args=[world.a.pk]), DATA).status_code == 403
    assert login(world.sec_b).post(reverse("member_create", args=[world.a.pk]), DATA).status_code == 404
    assert not Member.objects.filter(name="刘新").exists()
