import re

from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.tests.factories import CampaignFactory
from qingfeng.core.permissions import visible_to
from qingfeng.ledger.models import Problem, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory
from qingfeng.reports.figures import ToReview, to_review
from qingfeng.study.models import Reflection


def submitted_reflection(campaign, member):
    return Reflection.objects.create(campaign=campaign, member=member, org=member.org, title="学习体会",
                                     body="正文", status=Reflection.Status.SUBMITTED,
                                     submitted_at=timezone.now())


def test_a_member_sees_what_is_due(campaign, world, login):
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice), measure="完善备课记录",
                         due_in_days=-2)
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.bob), measure="别人的任务")
    body = login(world.alice_user).get(reverse("my_work")).content.decode()
    assert "作风专项整治" in body
    assert "尚未撰写" in body and "尚未填写" in body and "尚未签署" in body
    assert "完善备课记录" in body and "逾期" in body
    assert "别人的任务" not in body


def test_accepted_rectifications_leave_the_members_list(campaign, world, login):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice),
                                         measure="已完成的任务")
    Rectification.objects.filter(pk=rectification.pk).update(status=Rectification.Status.ACCEPTED)
    assert "已完成的任务" not in login(world.alice_user).get(reverse("my_work")).content.decode()


def test_a_secretary_sees_what_waits_for_review_in_their_branch_only(campaign, world, login):
    submitted_reflection(campaign, world.alice)
    carol_reflection = submitted_reflection(campaign, world.carol)
    body = login(world.sec_a).get(reverse("my_work")).content.decode()
    assert "待我审阅" in body and "张丽" in body
    assert reverse("reflection_detail", args=[campaign.pk, carol_reflection.pk]) not in body
    assert "张丽" not in login(world.sec_b).get(reverse("my_work")).content.decode()


def test_what_waits_for_review_is_what_the_rule_lets_each_user_review(campaign, world, login):
    """我的's counts come from the kept counts: for every kind of viewer, the same numbers as counting the records
    `visible_to(…, "review")` finds, across two campaigns, with confidential problems, overdue items in every open
    status, and records of the reviewer's own (which nobody reviews, so her counts leave them out)."""
    S = Rectification.Status
    other = CampaignFactory(org=world.g, created_by=world.admin, title="第二个专项")
    sec_a_member = MemberFactory(org=world.a, name="赵书记", user=world.sec_a)
    discipline_member = MemberFactory(org=world.b, name="钱纪检", user=world.discipline)
    people = [world.alice, world.bob, world.carol, sec_a_member, discipline_member]
    for i, member in enumerate(people):
        for c in (campaign, other):
            if i != 1:
                submitted_reflection(c, member)
            for j, (status, days) in enumerate([(S.SUBMITTED, -3), (S.SUBMITTED, 5), (S.OPEN, -1), (S.IN_PROGRESS, -9),
                                                (S.RETURNED, -2), (S.ACCEPTED, -4), (S.OPEN, 0)]):
                source = Problem.Source.DISCIPLINE if (i + j) % 3 == 0 else Problem.Source.SELF
                RectificationFactory(problem=ProblemFactory(campaign=c, member=member, source=source),
                                     due_in_days=days, status=status)
    superuser = UserFactory(username="root")
    superuser.is_superuser = True
    superuser.save()
    today = timezone.localdate()
    seen = set()
    for user in (world.admin, world.sec_a, world.sec_b, world.leader, world.inspector, world.discipline,
                 world.alice_user, superuser):
        rectifications = visible_to(user, Rectification, "review")
        expected = ToReview(
            reflections=visible_to(user, Reflection, "review").filter(status=Reflection.Status.SUBMITTED).count(),
            rectifications=rectifications.filter(status=S.SUBMITTED).count(),
            overdue=rectifications.filter(Rectification.overdue_q(today)).count())
        assert to_review(user, today) == expected, user.username
        seen.add((expected.reflections, expected.rectifications, expected.overdue))
    assert len(seen) >= 5  # the users differ: a rule that counted the same for all would fail
    assert to_review(world.sec_a, today).reflections == 2  # alice's in each campaign, not her own; bob wrote none
    # the page shows them
    body = login(world.discipline).get(reverse("my_work")).content.decode()
    counted = to_review(world.discipline, today)
    assert f"辖区内逾期未销号的整改：{counted.overdue} 条" in body and counted.overdue > 0


def test_a_leader_has_nothing_to_review(campaign, world, login):
    submitted_reflection(campaign, world.alice)
    body = login(world.leader).get(reverse("my_work")).content.decode()
    assert "待我审阅" not in body


def test_the_organization_department_sees_each_sub_org(campaign, world, login):
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice), due_in_days=-1)
    body = login(world.admin).get(reverse("my_work")).content.decode()
    assert "各单位进展" in body and "教育局党总支" in body


def test_it_requires_login(db, client):
    assert client.get(reverse("my_work")).status_code == 302


def test_query_counts_are_pinned_and_flat(campaign, world, client):
    from qingfeng.core.testing import pinned_queries

    for username in ("alice_user", "sec_a", "admin"):
        client.force_login(getattr(world, username))
        client.get(reverse("my_work"))
        for size in (2, 12):
            for i in range(size):
                problem = ProblemFactory(campaign=campaign, member=world.alice if i % 2 else world.carol)
                RectificationFactory(problem=problem, due_in_days=i - size)
                submitted_reflection(campaign, world.alice if i % 2 else world.carol)
            with pinned_queries(f"campaigns.my_work.{username}"):
                assert client.get(reverse("my_work")).status_code == 200


def sub_org_row(body: str, name: str) -> list[str]:
    row = body[body.index(f">{name}</a>"):]
    row = row[:row.index("</tr>")]
    return re.findall(r"<td>(?:<span[^>]*>)?(\d+)", row)


def test_confidential_problems_count_on_the_board_only_for_discipline(campaign, world, login):
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice), due_in_days=-1)
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.carol, source="petition"),
                         due_in_days=-1)
    admin = sub_org_row(login(world.admin).get(reverse("my_work")).content.decode(), "教育局党总支")
    # Only launchers get the board: a launcher who also holds the discipline role counts the petition.
    launcher_in_discipline = UserFactory(username="admin_discipline", role=Role.Kind.ORG_ADMIN, org=world.c)
    Role.objects.create(user=launcher_in_discipline, org=world.c, kind=Role.Kind.DISCIPLINE)
    discipline = sub_org_row(login(launcher_in_discipline).get(reverse("my_work")).content.decode(), "教育局党总支")
    # 党员, 心得, 对照检查, 承诺, 问题, 整改, 已销号, 逾期
    assert admin[4:] == ["1", "1", "0", "1"]
    assert discipline[4:] == ["2", "2", "0", "2"]


def test_a_leader_finds_the_dashboard_of_each_active_campaign(campaign, world, login):
    body = login(world.leader).get(reverse("my_work")).content.decode()
    assert f'href="{reverse("campaign_dashboard", args=[campaign.pk])}">{campaign.title}</a>' in body


def test_a_member_without_a_role_has_no_dashboard(campaign, world, login):
    body = login(world.alice_user).get(reverse("my_work")).content.decode()
    assert reverse("campaign_dashboard", args=[campaign.pk]) not in body


def test_a_member_sees_the_meetings_she_is_invited_to_and_her_leave(world, login):
    def meeting(title, invited, **fields):
        fields.setdefault("status", Meeting.Status.PUBLISHED)
        return MeetingFactory(org=world.a, created_by=world.sec_a, title=title, invited=invited, **fields)

    asked = meeting("请过假的会", [world.alice])
    MeetingAttendance.objects.filter(meeting=asked).update(leave_status=MeetingAttendance.Leave.PENDING,
                                                           leave_reason="外出培训")
    meeting("下周的主题党日", [world.alice, world.bob])
    meeting("没请我的会", [world.bob])
    meeting("还是草稿的会", [world.alice], status=Meeting.Status.DRAFT)
    meeting("已结束的会", [world.alice], starts_at=timezone.now() - timezone.timedelta(days=2),
            ends_at=timezone.now() - timezone.timedelta(days=2, hours=-2))
    body = login(world.alice_user).get(reverse("my_work")).content.decode()
    shown = re.findall(r"主题党日：([^<]+)</span>", body)
    assert sorted(shown) == sorted(["请过假的会", "下周的主题党日"])
    assert "请假待批" in body


def test_the_secretary_sees_leave_requests_to_decide_in_her_branch_only(world, login):
    mine = MeetingFactory(org=world.a, created_by=world.sec_a, invited=[world.alice], title="一中的会",
                          status=Meeting.Status.PUBLISHED)
    other = MeetingFactory(org=world.b, created_by=world.sec_b, invited=[world.carol], title="二中的会",
                           status=Meeting.Status.PUBLISHED)
    for m in (mine, other):
        MeetingAttendance.objects.filter(meeting=m).update(leave_status=MeetingAttendance.Leave.PENDING,
                                                           leave_reason="家中有事")
    body = login(world.sec_a).get(reverse("my_work")).content.decode()
    assert "待我审批的请假" in body and "张丽 · 一中的会" in body and "二中的会" not in body
    assert "待我审批的请假" not in login(world.alice_user).get(reverse("my_work")).content.decode()
