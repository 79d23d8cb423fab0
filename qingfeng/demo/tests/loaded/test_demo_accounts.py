"""The demo shows members with a login and members without one, so 开通账号 has somebody to open."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from qingfeng.orgs.models import Member

User = get_user_model()


def test_a_few_members_sign_in_and_the_rest_wait_for_an_account(demo, client):
    members = Member.objects.filter(is_active=True)
    signing_in = members.filter(user__is_active=True).values_list("user__username", flat=True)
    assert set(signing_in) == {"shuji_yizhong", "shuji_erzhong", "dangyuan"}
    waiting = members.filter(user__isnull=True, org__name="县第一中学党支部")
    assert waiting.count() >= 10

    client.force_login(User.objects.get(username="shuji_yizhong"))
    page = client.get(reverse("member_detail", args=[waiting.first().pk])).content.decode()
    assert "开通账号" in page and "尚未开通" in page
    branch = client.get(reverse("org_detail", args=[waiting.first().org_id])).content.decode()
    assert "批量开通账号" in branch and "角色" in branch
