import datetime

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


def test_a_missing_field_is_asked_for_in_the_products_words(world, login):
    page = login(world.sec_a).post(reverse("member_create", args=[world.a.pk]), {**DATA, "name": ""})
    body = page.content.decode()
    assert "请填写此项" in body and "该字段是必填项" not in body
    assert not Member.objects.filter(name="").exists()


def test_a_date_typed_the_chinese_way_is_read(world, login):
    page = login(world.sec_a).post(reverse("member_create", args=[world.a.pk]), {**DATA, "birth_date": "1995年4月2日"})
    assert page.status_code == 302
    assert Member.objects.get(name="刘新").birth_date == datetime.date(1995, 4, 2)


def test_date_inputs_round_trip_iso_and_the_page_shows_chinese_dates(world, login):
    client = login(world.sec_a)
    form = client.get(reverse("member_edit", args=[world.alice.pk])).content.decode()
    assert 'type="date"' in form and 'value="1985-05-01"' in form  # what <input type="date"> needs
    page = client.post(reverse("member_edit", args=[world.alice.pk]),
                       {**DATA, "name": "张丽", "birth_date": "1985-05-01"})
    assert page.status_code == 302 and Member.objects.get(pk=world.alice.pk).birth_date == datetime.date(1985, 5, 1)
    shown = client.get(reverse("member_detail", args=[world.alice.pk])).content.decode()
    assert "1985年5月1日" in shown and "1985-05-01" not in shown


def test_a_too_long_field_says_how_long_it_may_be_in_the_products_words(world, login):
    page = login(world.sec_a).post(reverse("member_create", args=[world.a.pk]), {**DATA, "position": "长" * 300})
    body = page.content.decode()
    assert "最多 100 字（现有 300 字）" in body and "确保该变量" not in body
    assert not Member.objects.filter(name="刘新").exists()
