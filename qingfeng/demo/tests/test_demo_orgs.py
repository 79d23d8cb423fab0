from collections import Counter
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from qingfeng.demo.orgs import _ROLE_KIND, DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo
from qingfeng.orgs.models import Member, Org, Role, Transfer, probation_over_q

User = get_user_model()


def counts():
    return {model.__name__: model.objects.count() for model in (Org, Member, User, Role, Transfer)}


def test_builds_the_tree_and_members(db):
    assert load_demo() is True
    kinds = Counter(Org.objects.values_list("kind", flat=True))
    assert kinds[Org.Kind.COMMITTEE] == 1
    assert kinds[Org.Kind.GENERAL_BRANCH] == 3
    assert kinds[Org.Kind.BRANCH] == 12
    assert kinds[Org.Kind.GROUP] >= 12
    committee = Org.objects.get(code="QF")
    direct = Org.objects.get_children(committee).filter(kind=Org.Kind.BRANCH)
    assert 1 <= direct.count() <= 2
    for branch in Org.objects.filter(kind=Org.Kind.BRANCH):
        assert Org.objects.get_children(branch).count() <= 3
        assert branch.members.exists()

    assert 140 <= Member.objects.count() <= 160
    for member in Member.objects.select_related("org", "group"):
        member.full_clean()  # every generated record passes the model's own rules
        assert member.join_date >= member.birth_date.replace(year=member.birth_date.year + 18,
                                                             day=min(member.birth_date.day, 28))
        assert len(member.phone) == 11 and member.phone[:2] in {"13", "15", "18"}
        assert member.history.exists()
    assert Member.objects.values("phone").distinct().count() == Member.objects.count()
    assert Member.objects.filter(group__isnull=False).count() > Member.objects.count() * 0.7


def test_members_in_every_state(db):
    load_demo()
    total = Member.objects.count()
    inactive = Member.objects.filter(is_active=False).count()
    assert 1 <= inactive <= total * 0.1
    probationary = Member.objects.filter(category=Member.Category.PROBATIONARY)
    assert total * 0.05 <= probationary.count() <= total * 0.15
    overdue = probationary.filter(probation_over_q(timezone.localdate()))
    assert [m.org.code for m in overdue] == ["QF-JY-02"]  # one 预备党员 of 一中 is due for 转正
    assert Member.objects.filter(category=Member.Category.FULL).exists()
    cadres = Member.objects.filter(is_leading_cadre=True).count()
    assert total * 0.04 <= cadres <= total * 0.12
    assert set(Member.objects.values_list("gender", flat=True)) == {"male", "female"}
    assert Member.objects.exclude(ethnicity="汉族").count() >= 3
    assert Member.objects.values("ethnicity").distinct().count() >= 3


def test_transfers_and_edits_have_history(db):
    load_demo()
    admin = User.objects.get(username="zuzhibu")
    transfers = Transfer.objects.select_related("member", "from_org", "to_org")
    assert 2 <= transfers.count() <= 3
    for t in transfers:
        assert t.member.org == t.to_org != t.from_org
        assert t.created_by == admin
        reasons = list(t.member.history.values_list("history_change_reason", flat=True))
        assert any(r and "组织关系转接" in r for r in reasons)
    edited = Member.history.filter(history_type="~", history_change_reason__contains="职务")
    assert edited.exists()
    assert edited.first().history_user == admin


def test_every_account_logs_in_with_its_role(db):
    load_demo()
    for account in DEMO_ACCOUNTS:
        assert set(account) == {"username", "role", "org", "note"}
        user = User.objects.get(username=account["username"])
        assert user.check_password(DEMO_PASSWORD)
        role = Role.objects.get(user=user)
        assert role.org.name == account["org"]
        assert role.kind == _ROLE_KIND[account["username"]]
        assert str(role.get_kind_display()).split("（")[0] in account["role"]
        if hasattr(user, "member"):
            assert user.first_name == user.member.name
            assert user.member.org == role.org
    dangyuan = User.objects.get(username="dangyuan")
    yizhong = User.objects.get(username="shuji_yizhong")
    assert dangyuan.member.org == yizhong.member.org
    assert Role.objects.get(user__username="zuzhibu").kind == Role.Kind.ORG_ADMIN
    assert (Role.objects.get(user__username="shuji_erzhong").org
            != Role.objects.get(user__username="shuji_yizhong").org)


def test_second_run_creates_nothing(db):
    assert load_demo() is True
    first = counts()
    history = Member.history.count()
    assert load_demo() is False
    assert counts() == first
    assert Member.history.count() == history


def test_deterministic(db):
    load_demo()
    snapshot = list(Member.objects.order_by("id").values_list(
        "name", "gender", "ethnicity", "birth_date", "position", "phone", "org__code"))
    # Rebuild from scratch inside the same test database and compare.
    Transfer.objects.all().delete()
    Member.history.all().delete()
    Member.objects.all()._raw_delete(Member.objects.db)
    Role.objects.all().delete()
    User.objects.all().delete()
    Org.objects.all().delete()
    load_demo()
    again = list(Member.objects.order_by("id").values_list(
        "name", "gender", "ethnicity", "birth_date", "position", "phone", "org__code"))
    assert again == snapshot


def test_command_prints_every_login_each_time(db):
    for expected in ("已创建", "已存在"):
        out = StringIO()
        call_command("load_demo", stdout=out)
        text = out.getvalue()
        assert expected in text
        assert DEMO_PASSWORD in text
        for account in DEMO_ACCOUNTS:
            assert account["username"] in text
            assert account["role"] in text
