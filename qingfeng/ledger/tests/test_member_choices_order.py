"""The people a form offers (责任人, 责任领导, the member a problem is about) are listed by pinyin."""

import pytest
from django.urls import reverse

from qingfeng.ledger.tests.factories import ProblemFactory
from qingfeng.orgs.tests.factories import MemberFactory

PINYIN_ORDER = ["艾米", "李强", "王芳", "张丽"]  # 张丽 is world.alice, registered first


@pytest.fixture
def more_members(world):
    for name in ["李强", "王芳", "艾米"]:  # character-code order
        MemberFactory(org=world.a, name=name)


def names(field, wanted):
    return [str(label) for value, label in field.field.choices if any(n in str(label) for n in wanted)]


def test_the_owner_and_leader_choices_are_in_pinyin_order(campaign, world, login, more_members):
    problem = ProblemFactory(campaign=campaign, member=world.alice)
    form = login(world.sec_a).get(reverse("rectification_create", args=[problem.pk])).context["form"]
    assert [label[:2] for label in names(form["owner"], PINYIN_ORDER)] == PINYIN_ORDER
    assert [label[:2] for label in names(form["leader"], PINYIN_ORDER)] == PINYIN_ORDER
