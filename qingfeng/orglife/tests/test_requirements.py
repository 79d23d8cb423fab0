"""组织生活要求: an org admin sees the rules in force for an org, changes them for its subtree and resets them,
with history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from qingfeng.orglife.models import Requirement
from qingfeng.orglife.rules import RuleBook

S, P = Requirement.Subject, Requirement.Period


def page(org):
    return reverse("requirement_list", args=[org.pk])


def rows(response) -> dict[str, str]:
    """subject -> the row's text, as the table shows it."""
    html = response.content.decode()
    found = {}
    for subject in S.values:
        start = html.index(f'data-subject="{subject}"')
        found[subject] = html[start:html.index("</tr>", start)]
    return found


@pytest.fixture
def admin(login, world):
    return login(world.admin)


def test_it_shows_the_defaults_and_what_is_inherited_from_above(admin, world):
    Requirement.objects.create(org=world.g, subject=S.THEME_DAY, period=P.QUARTER, minimum=2, changed_by=world.admin)
    shown = rows(admin.get(page(world.a)))
    assert "每季度至少 2 次" in shown["theme_day"] and "继承自教育局党总支" in shown["theme_day"]
    assert "每月至少 1 次" in shown["committee"] and "默认" in shown["committee"]
    assert "每年至少 56 学时" in shown["hours_leader"]
    assert "恢复继承" not in shown["theme_day"]  # not this org's own rule


def test_it_sets_a_rule_for_the_subtree_and_keeps_the_history(admin, world):
    response = admin.post(page(world.g), {"subject": S.COMMITTEE, "period": P.QUARTER, "minimum": "2"})
    assert response.status_code == 302 and response.url == f"{page(world.g)}?subject=committee"
    after = admin.get(response.url).content.decode()  # the form shows the rule just saved, to change it again
    assert 'value="2.0"' in after or 'value="2"' in after
    assert RuleBook(world.a).effective(world.a.path)[S.COMMITTEE].minimum == 2  # the branch below follows it
    admin.post(page(world.g), {"subject": S.COMMITTEE, "period": P.MONTH, "minimum": "0"})
    shown = admin.get(page(world.g))
    assert "不作要求" in rows(shown)["committee"] and "本组织设定" in rows(shown)["committee"]
    history = shown.content.decode().split('id="requirement-history"')[1]
    assert history.count("支委会") == 2 and "设定" in history and "修改" in history


def test_it_resets_to_the_inherited_rule(admin, world):
    Requirement.objects.create(org=world.c, subject=S.PARTY_LECTURE, period=P.MONTH, minimum=1, changed_by=world.admin)
    Requirement.objects.create(org=world.a, subject=S.PARTY_LECTURE, period=P.YEAR, minimum=3, changed_by=world.admin)
    response = admin.post(reverse("requirement_reset", args=[world.a.pk]), {"subject": S.PARTY_LECTURE}, follow=True)
    assert "已恢复「党课」为继承的要求" in response.content.decode()
    assert "继承自清风县委" in rows(response)["party_lecture"]
    assert "恢复继承" in response.content.decode().split('id="requirement-history"')[1]
    assert not Requirement.objects.filter(org=world.a).exists()


@pytest.mark.parametrize("data, field, message", [
    ({"subject": S.HOURS_MEMBER, "period": P.MONTH, "minimum": "3"}, "period", "学时要求只能按年设定"),
    ({"subject": S.THEME_DAY, "period": P.MONTH, "minimum": "-1"}, "minimum", "0"),
    ({"subject": S.THEME_DAY, "period": P.MONTH, "minimum": "1.5"}, "minimum", "会议次数须为整数"),
])
def test_it_refuses_a_bad_rule_naming_the_field(admin, world, data, field, message):
    response = admin.post(page(world.a), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not Requirement.objects.exists()


def test_hours_may_be_fractional(admin, world):
    admin.post(page(world.a), {"subject": S.HOURS_MEMBER, "period": P.YEAR, "minimum": "40.5"})
    assert Requirement.objects.get(org=world.a, subject=S.HOURS_MEMBER).minimum == Decimal("40.5")


def test_a_secretary_or_leader_may_not_change_rules(login, world):
    for user in (world.sec_a, world.leader):
        client = login(user)
        assert client.post(page(world.a), {"subject": S.COMMITTEE, "period": P.MONTH, "minimum": "0"}
                           ).status_code == 403
        assert client.post(reverse("requirement_reset", args=[world.a.pk]), {"subject": S.COMMITTEE}
                           ).status_code == 403
    assert login(world.sec_b).post(page(world.a), {"subject": S.COMMITTEE, "period": P.MONTH, "minimum": "0"}
                                   ).status_code == 404
    assert not Requirement.objects.exists()


def test_a_forged_subject_resets_nothing(admin, world):
    Requirement.objects.create(org=world.a, subject=S.COMMITTEE, period=P.MONTH, minimum=2, changed_by=world.admin)
    response = admin.post(reverse("requirement_reset", args=[world.a.pk]), {"subject": "nonsense"}, follow=True)
    assert "请选择要恢复的事项" in response.content.decode()
    assert Requirement.objects.filter(org=world.a).count() == 1


def test_the_edit_link_fills_the_form_with_the_rule_in_force(admin, world):
    form = admin.get(page(world.a) + "?subject=general_assembly").context["form"]
    assert form.initial == {"subject": "general_assembly", "period": "quarter", "minimum": Decimal(1)}
