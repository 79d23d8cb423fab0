"""Names sort by pinyin (艾 ai, 李 li, 王 wang, 张 zhang), as people expect, not by character code."""

import re

import pytest
from django.urls import reverse

from qingfeng.orgs.models import Member, Org
from qingfeng.orgs.pinyin import sort_key
from qingfeng.orgs.roster import import_roster
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.orgs.tests.test_roster import row, xlsx

PINYIN_ORDER = ["艾米", "李强", "王芳", "张丽"]


@pytest.fixture
def branch(world):
    """A branch whose members were registered in character-code order, the order pinyin must undo."""
    branch = Org.create(world.g, code="P", name="三中党支部", kind=Org.Kind.BRANCH)
    for name in sorted(PINYIN_ORDER):
        MemberFactory(org=branch, name=name)
    return branch


def test_the_key_orders_names_by_pinyin_and_tone():
    assert sorted(PINYIN_ORDER, reverse=True, key=sort_key) == PINYIN_ORDER[::-1]
    assert sort_key("张丽") == "zhang1li4"
    assert sort_key("李强") < sort_key("连") < sort_key("刘")  # li3qiang2, lian2, liu2: syllable by syllable


def test_a_surname_reads_as_a_surname():
    assert sort_key("曾国藩").startswith("zeng1")
    assert sort_key("单田芳").startswith("shan4")
    assert sort_key("王曾") == "wang2ceng2"  # only the first character is a surname


def test_saving_fills_the_key_and_keeps_it_with_the_name(world):
    member = MemberFactory(org=world.a, name="艾米")
    assert Member.objects.get(pk=member.pk).name_pinyin == "ai4mi3"
    member.name = "李强"
    member.save(update_fields=["name"])
    assert Member.objects.get(pk=member.pk).name_pinyin == "li3qiang2"


def test_the_member_list_shows_names_in_pinyin_order(world, login, branch):
    body = login(world.admin).get(reverse("org_detail", args=[branch.pk])).content.decode()
    shown = re.findall("|".join(PINYIN_ORDER), body)
    assert shown == PINYIN_ORDER


def test_sorting_the_member_list_by_name_uses_pinyin(world, login, branch):
    url = reverse("org_detail", args=[branch.pk])
    body = login(world.admin).get(url, {"sort": "-name"}).content.decode()
    assert re.findall("|".join(PINYIN_ORDER), body) == PINYIN_ORDER[::-1]


def test_a_roster_import_fills_the_key(world):
    import_roster(xlsx([row(姓名="艾米"), row(姓名="王芳", 出生日期="1990-01-02")]), world.sec_a, world.a)
    keys = dict(Member.objects.filter(name__in=["艾米", "王芳"]).values_list("name", "name_pinyin"))
    assert keys == {"艾米": "ai4mi3", "王芳": "wang2fang1"}
