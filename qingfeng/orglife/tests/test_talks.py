"""谈心谈话: recorded by the secretary, read by the two who talked, checked on the way in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.orglife.models import Talk
from qingfeng.orgs.models import Member, Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory


def talk_data(world, **overrides):
    data = {"org": world.a.pk, "kind": Talk.Kind.COMMITTEE_MEMBER, "talker": world.bob.pk, "talkee": world.alice.pk,
            "date": "2026-11-20", "place": "党员活动室", "summary": "谈工作和思想状况。\n交流学习体会。",
            "follow_ups": "下月再谈一次"}
    return {**data, **overrides}


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 11, 30))


def test_the_secretary_records_a_talk_and_the_two_read_it(world, login, today):
    response = login(world.sec_a).post(reverse("talk_create"), talk_data(world))
    talk = Talk.objects.get()
    assert response.url == reverse("talk_detail", args=[talk.pk])
    assert (talk.org, talk.talker, talk.talkee, talk.date, talk.created_by) == (
        world.a, world.bob, world.alice, datetime.date(2026, 11, 20), world.sec_a)
    assert talk.history.get().history_change_reason == "登记谈心谈话"
    page = login(world.alice_user).get(reverse("talk_detail", args=[talk.pk])).content.decode()
    assert "王强与张丽的谈心谈话" in page and "谈工作和思想状况。<br>交流学习体会。" in page
    assert "talk-edit" not in page and "修改记录" not in page  # she reads it, never edits it or its history
    assert "张丽" in login(world.alice_user).get(reverse("talk_list")).content.decode()


def test_a_member_reads_only_the_talks_she_was_part_of(world, login, today):
    other = MemberFactory(org=world.a, name="陈新")
    Talk.objects.create(org=world.a, kind=Talk.Kind.MEMBERS, talker=world.bob, talkee=other,
                        date=datetime.date(2026, 11, 1), summary="别人的谈话", created_by=world.sec_a)
    page = login(world.alice_user).get(reverse("talk_list"))
    assert page.context["table"].paginator.count == 0
    talk = Talk.objects.get()
    assert login(world.alice_user).get(reverse("talk_detail", args=[talk.pk])).status_code == 404


@pytest.mark.parametrize("overrides, field, message", [
    ({"talkee": "bob"}, "talkee", "谈话对象不能是谈话人本人"),
    ({"date": "2026-12-01"}, "date", "谈话日期不能晚于今天：请在谈话之后登记"),
    ({"date": "2026-13-01"}, "date", None),
    ({"summary": ""}, "summary", "请填写此项"),
    ({"talker": "carol"}, "talker", None),  # another branch's member is no choice of hers
    ({"org": "b"}, "org", None),  # nor another branch
    ({"talker": "999999"}, "talker", None),
])
def test_bad_input_names_the_field_and_saves_nothing(world, login, today, overrides, field, message):
    named = {"bob": world.bob.pk, "carol": world.carol.pk, "b": world.b.pk}
    data = talk_data(world, **{k: named.get(v, v) for k, v in overrides.items()})
    response = login(world.sec_a).post(reverse("talk_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert not Talk.objects.exists()


def test_an_org_admin_over_the_branch_records_for_any_of_its_members(world, login, today):
    data = talk_data(world, org=world.g.pk, talker=world.alice.pk, talkee=world.carol.pk,
                     kind=Talk.Kind.REMINDER)
    login(world.admin).post(reverse("talk_create"), data)
    assert Talk.objects.get().org == world.g


def test_an_edit_is_kept_in_the_history_and_the_org_stays(world, login, today):
    login(world.sec_a).post(reverse("talk_create"), talk_data(world))
    talk = Talk.objects.get()
    login(world.sec_a).post(reverse("talk_edit", args=[talk.pk]),
                            talk_data(world, org=world.b.pk, follow_ups="已落实"))
    talk.refresh_from_db()
    assert (talk.follow_ups, talk.org) == ("已落实", world.a)
    page = login(world.sec_a).get(reverse("talk_detail", args=[talk.pk])).content.decode()
    assert "修改谈心谈话记录" in page and "登记谈心谈话" in page
    # the other branch's secretary never reaches it
    assert login(world.sec_b).post(reverse("talk_edit", args=[talk.pk]), talk_data(world)).status_code == 404


def test_the_list_filters_by_kind_and_year_and_refuses_nonsense(world, login, today):
    for kind, date in [(Talk.Kind.MEMBERS, datetime.date(2026, 3, 1)), (Talk.Kind.REMINDER, datetime.date(2025, 3, 1))]:
        Talk.objects.create(org=world.a, kind=kind, talker=world.bob, talkee=world.alice, date=date,
                            summary="谈话", created_by=world.sec_a)
    client = login(world.sec_a)

    def count(**params):
        return client.get(reverse("talk_list"), params).context["table"].paginator.count

    assert (count(), count(kind="reminder"), count(year=2026), count(org=world.a.pk)) == (2, 1, 1, 2)
    assert count(org=world.b.pk) == 0 and count(kind="xyz") == 0


def test_a_talk_answers_a_supervision_step_and_the_rectification_links_it(campaign, world, login, today):
    from qingfeng.ledger.models import Supervision
    from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory

    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice),
                                         measure="完善备课记录", due_in_days=-40)
    step = Supervision.objects.create(rectification=rectification, level=Supervision.Level.TALK,
                                      due_date=rectification.due_date, note="逾期 40 天，约谈")
    page = login(world.sec_a).get(reverse("rectification_detail", args=[rectification.pk])).content.decode()
    assert "尚未约谈" in page
    form = login(world.sec_a).get(reverse("talk_create")).context["form"]
    assert list(form.fields["supervision"].queryset) == [step]

    wrong = login(world.sec_a).post(reverse("talk_create"), talk_data(
        world, supervision=step.pk, kind=Talk.Kind.SUPERVISION, talkee=world.bob.pk, talker=world.alice.pk))
    assert wrong.context["form"].errors["talkee"] == ["所办约谈的对象是张丽"]
    kindless = login(world.sec_a).post(reverse("talk_create"), talk_data(world, kind=Talk.Kind.SUPERVISION))
    assert kindless.context["form"].errors["supervision"] == ["督办约谈请选择所办的约谈督办记录"]
    assert not Talk.objects.exists()

    login(world.sec_a).post(reverse("talk_create"), talk_data(world, supervision=step.pk, kind=Talk.Kind.SUPERVISION))
    talk = Talk.objects.get()
    assert talk.supervision == step
    page = login(world.alice_user).get(reverse("rectification_detail", args=[rectification.pk])).content.decode()
    assert "已约谈（2026年11月20日）" in page and reverse("talk_detail", args=[talk.pk]) in page
    # answered: it is offered no more
    assert not login(world.sec_a).get(reverse("talk_create")).context["form"].fields["supervision"].queryset.exists()
    # The talk's page links back to the rectification for who may open it: not for the talker, a plain member.
    bob_user = UserFactory(username="bob", role=Role.Kind.MEMBER, org=world.a)
    Member.objects.filter(pk=world.bob.pk).update(user=bob_user)
    link = f'href="{reverse("rectification_detail", args=[rectification.pk])}"'
    assert link in login(world.alice_user).get(reverse("talk_detail", args=[talk.pk])).content.decode()
    talker_page = login(bob_user).get(reverse("talk_detail", args=[talk.pk])).content.decode()
    assert "督办约谈" in talker_page and link not in talker_page
