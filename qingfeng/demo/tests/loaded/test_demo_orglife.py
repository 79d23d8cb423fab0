"""The demo's 组织生活: every branch has meetings in every state, and the demo people see their part."""

from django.urls import reverse
from django.utils import timezone

from qingfeng.demo.orglife import load_orglife_demo
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orgs.models import Member, Org


def test_every_branch_has_meetings_in_every_state(demo):
    branches = Org.objects.filter(kind=Org.Kind.BRANCH, members__isnull=False).distinct()
    assert branches.exists()
    for branch in branches:
        states = set(Meeting.objects.filter(org=branch).values_list("status", flat=True))
        assert states == set(Meeting.Status.values), branch.name
        assert MeetingAttendance.objects.filter(meeting__org=branch, leave_status="pending").exists()


def test_held_meetings_have_attendance_and_minutes(demo):
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    assert held.exists() and not held.filter(minutes="").exists()
    assert not MeetingAttendance.objects.filter(meeting__in=held, status="").exists()
    statuses = set(MeetingAttendance.objects.filter(meeting__in=held).values_list("status", flat=True))
    assert {"present", "leave"} <= statuses
    assert not MeetingAttendance.objects.filter(meeting__in=held, status="leave", reason="").exists()


def test_loading_twice_adds_nothing(demo):
    count = Meeting.objects.count()
    assert load_orglife_demo() is False
    assert Meeting.objects.count() == count


def test_the_secretary_sees_a_leave_to_decide_and_the_member_may_ask_for_one(demo, client):
    client.force_login(Org.objects.get(name="县第一中学党支部").roles.get(kind="secretary").user)
    meeting = Meeting.objects.get(org__name="县第一中学党支部", status=Meeting.Status.PUBLISHED,
                                  starts_at__gt=timezone.now())
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "待审批的请假" in page
    client.force_login(meeting.attendance.get(member__user__username="dangyuan").member.user)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "申请请假" in page
    listing = client.get(reverse("meeting_list")).content.decode()
    assert meeting.title in listing


def test_every_branch_has_a_committee_of_three(demo):
    for branch in Org.objects.filter(kind=Org.Kind.BRANCH, members__isnull=False).distinct():
        posts = sorted(Member.objects.filter(org=branch, is_active=True).exclude(committee_post="")
                       .values_list("committee_post", flat=True))
        assert posts == ["organization", "propaganda", "secretary"], branch.name
    assert Member.objects.get(user__username="shuji_yizhong").committee_post == "secretary"


def test_the_secretary_sees_the_code_of_the_meeting_going_on_now(demo, client):
    client.force_login(Org.objects.get(name="县第一中学党支部").roles.get(kind="secretary").user)
    meeting = Meeting.objects.get(org__name="县第一中学党支部", status=Meeting.Status.PUBLISHED,
                                  starts_at__lte=timezone.now())
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert 'class="qf-qr"' in page and 'id="signin-url"' in page
    signed = meeting.attendance.exclude(signed_in_at=None)
    assert 0 < signed.count() < meeting.attendance.count()
    assert not signed.filter(member__user__username="dangyuan").exists()  # hers to scan
    assert not signed.exclude(status=MeetingAttendance.Status.PRESENT).exists()


def test_one_assembly_was_held_below_quorum(demo, client):
    below = Meeting.objects.get(quorum_met=False, kind=Meeting.Kind.GENERAL_ASSEMBLY)
    assert (below.kind, below.org.code, below.status) == (Meeting.Kind.GENERAL_ASSEMBLY, "QF-JY-02", "held")
    assert not Meeting.objects.filter(kind=Meeting.Kind.GENERAL_ASSEMBLY, status="held").exclude(
        pk=below.pk).exclude(quorum_met=True).exists()  # the other assemblies were quorate
    client.force_login(Org.objects.get(name="县第一中学党支部").roles.get(kind="secretary").user)
    page = client.get(reverse("meeting_detail", args=[below.pk])).content.decode()
    assert "未达到法定人数，本次会议不计入组织生活合规" in page


def test_every_branch_has_talks_and_a_finished_and_an_open_evaluation(demo):
    from qingfeng.orglife.models import Evaluation, EvaluationParticipant, EvaluationTally, Talk

    year = timezone.localdate().year
    for branch in Org.objects.filter(kind=Org.Kind.BRANCH, members__is_active=True).distinct():
        if branch.founded_on and branch.founded_on.year == year:  # 驻村工作队: founded this year, talks since
            assert Talk.objects.filter(org=branch).exists()
            assert not Evaluation.objects.filter(org=branch, year=year - 1).exists()
            assert not Talk.objects.filter(org=branch, date__lt=branch.founded_on).exists()
            continue
        assert Talk.objects.filter(org=branch).count() >= 3, branch.name
        done = Evaluation.objects.get(org=branch, year=year - 1)
        rows = EvaluationParticipant.objects.filter(evaluation=done)
        assert done.status == Evaluation.Status.DONE and not rows.filter(result="").exists()
        assert rows.filter(result="excellent").count() <= rows.count() * done.excellent_cap // 100
        # everyone voted for everyone else: each gets one vote from each of the others
        votes = sum(EvaluationTally.objects.filter(evaluation=done).values_list("votes", flat=True))
        assert votes == rows.count() * (rows.count() - 1)
        assert Evaluation.objects.get(org=branch, year=year).status == Evaluation.Status.OPEN
    # 李晓梅 (dangyuan) has this year's ballot still to cast; some of her branch have voted
    mine = EvaluationParticipant.objects.get(evaluation__year=year, member__user__username="dangyuan")
    assert not mine.has_voted
    assert EvaluationParticipant.objects.filter(evaluation=mine.evaluation, has_voted=True).exists()
    # a 督办约谈 answers a 约谈 step where the ladder reached one
    answered = Talk.objects.filter(kind=Talk.Kind.SUPERVISION, supervision__isnull=False)
    assert all(t.talkee == t.supervision.rectification.owner for t in answered)


def test_a_life_meeting_has_criticism_one_of_them_a_problem_of_the_campaign(demo):
    from qingfeng.orglife.models import Criticism

    items = Criticism.objects.filter(meeting__org__name="县第一中学党支部").select_related("problem")
    assert {c.kind for c in items} == {"self", "mutual"}
    problem = next(c.problem for c in items if c.problem)
    assert (problem.source, problem.campaign, problem.member) == ("criticism", demo, items[0].member)


def test_every_secretary_is_told_what_is_due_this_month(demo):
    from qingfeng.core.models import Notification

    month = timezone.localdate().month
    told = Notification.objects.filter(user__username="shuji_yizhong", title__contains=f"{month}月应召开的会议")
    assert told.count() == 1 and "主题党日" in told.get().body


def test_the_life_meetings_were_prepared_and_reported_but_one_is_late(demo):
    from qingfeng.core.models import Notification

    lives = Meeting.objects.filter(kind=Meeting.Kind.ORG_LIFE, status=Meeting.Status.HELD).exclude(opinions="")
    assert lives.exists()
    late = lives.filter(reported_at__isnull=True)
    assert {m.org.name for m in late} == {"县第二中学党支部"}
    assert Notification.objects.filter(user__username="shuji_erzhong", title__contains="逾期未上报").count() == 1


def test_a_leadership_teams_democratic_life_meeting_turned_criticism_into_a_problem(demo):
    from qingfeng.orglife.models import Criticism

    life = Meeting.objects.get(kind=Meeting.Kind.DEMOCRATIC_LIFE, status=Meeting.Status.HELD)
    assert life.org.kind == Org.Kind.GENERAL_BRANCH and life.reported_at and life.opinions
    invited = Member.objects.filter(pk__in=life.attendance.values("member_id"))
    assert invited.count() >= 2 and not invited.filter(is_leading_cadre=False).exists()
    items = Criticism.objects.filter(meeting=life)
    assert items.count() == 4 and items.filter(problem__source="criticism").count() == 1
