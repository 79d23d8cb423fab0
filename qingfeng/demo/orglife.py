"""The demo's 组织生活: each branch's meetings over the year in every state, its talks and its 民主评议党员.

Per branch: every month of this year before the current one, the meetings the 条例 asks for (二中 skipped
主题党日 three times, so its compliance shows red); a 支委会, a 支部党员大会 and a 党课 held lately (attendance and
minutes recorded), a 主题党日 published for next week with a 请假 waiting for the secretary, a 党小组会 still a
draft, and a 党课 going on now (its 扫码签到 code on the secretary's page, some already signed in); 一中 also has
a 支部党员大会 recorded below quorum. Talks over the year (and a 督办约谈 answering the branch's first 约谈 step,
if the ladder reached one); last year's 民主评议 finished, this year's open with half the branch voted.
Every status comes from the workflow, performed by the branch secretary (else the org admin), except the past
months' meetings, written in bulk with their history; built once (detected by any meeting in the demo county),
after the demo campaign, so only the demo accounts are told of what is published.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from qingfeng.campaigns.models import Campaign
from qingfeng.demo import vocabulary
from qingfeng.demo.orgs import DEMO_COMMITTEE_CODE, refresh_statistics
from qingfeng.ledger.models import Supervision
from qingfeng.orglife.models import (
    Criticism,
    Evaluation,
    EvaluationParticipant,
    EvaluationTally,
    Grade,
    Meeting,
    MeetingAttendance,
    Talk,
)
from qingfeng.orglife.services import cast, criticism_to_problem, request_leave
from qingfeng.orglife.workflow import evaluation_workflow, meeting_workflow
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member, Org, Role
from qingfeng.reports import compliance_ladder

SEED = 20261201
K = Meeting.Kind
A = MeetingAttendance
# kind, title, days from today (negative: held), hour it starts
HELD = [
    (K.COMMITTEE, "研究发展党员和党费收缴工作", -75, 16),
    (K.GENERAL_ASSEMBLY, "传达学习上级会议精神", -45, 15),
    (K.PARTY_LECTURE, "书记讲党课：践行宗旨，担当作为", -20, 15),
]
MINUTES = "书记主持会议，传达有关文件精神；与会党员逐一发言，结合工作实际谈认识和打算。"
DECISIONS = "一、按计划推进下一阶段工作；二、下次会议前各党员提交学习笔记。"
NOTICE = "请全体党员准时参加，不能参加的请在会前向支部书记请假。"


def load_orglife_demo(stdout=None) -> bool:
    """Create the demo meetings unless some exist; True if they were created now."""
    committee = Org.objects.filter(code=DEMO_COMMITTEE_CODE).first()
    if committee is None or Meeting.objects.filter(org__path__startswith=committee.path).exists():
        return False
    rng = random.Random(SEED)
    admin = get_user_model().objects.get(username="zuzhibu")
    secretaries = {role.org_id: role.user for role in Role.objects.filter(kind=Role.Kind.SECRETARY)}
    branches = list(Org.objects.filter(path__startswith=committee.path, kind=Org.Kind.BRANCH).order_by("path"))
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    count = 0
    with transaction.atomic():
        for branch in branches:
            members = list(Member.objects.filter(org=branch, is_active=True).order_by("name_pinyin", "pk"))
            if not members:
                continue
            by = secretaries.get(branch.pk, admin)
            for kind, title, days, hour in HELD:
                _held(branch, by, members, kind, title, now + datetime.timedelta(days=days), hour, rng)
            _published(branch, by, members, now + datetime.timedelta(days=6), rng)
            group = Org.objects.filter(path__startswith=branch.path, kind=Org.Kind.GROUP).order_by("path").first()
            _meeting(branch, by, K.GROUP, "学习讨论本季度重点工作", now + datetime.timedelta(days=12), 16,
                     [m for m in members if group is None or m.group_id == group.pk] or members)
            count += 5 + _signing_in_now(branch, by, members, now) + _below_quorum(branch, by, members, now)
            count += _year_of_life(branch, by, members, now)
            _talks(branch, by, members, now)
            _criticisms(branch, by, members)
            _evaluations(branch, by, members, now)
        _democratic_life(committee, admin, now, rng)
    # bulk writes and queryset updates above send no signal: the kept 组织生活 figures are counted afresh (unless
    # whoever suspended the counts counts everything at the end: load_demo)
    if not tallies.is_suspended():
        tallies.rebuild(["branches", "compliance", "hours"])
    refresh_statistics()
    compliance_ladder.run()  # this month's 应办提醒 to every secretary, and the ladder for last month
    if stdout:
        stdout.write(f"已创建演示组织生活 (demo meetings created)：{count} 次会议\n")
    return True


def _meeting(branch, by, kind, title, day, hour, invited) -> Meeting:
    starts = day.replace(hour=hour)
    meeting = Meeting.objects.create(
        org=branch, kind=kind, title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
        place=f"{branch.name}党员活动室", agenda="一、学习有关文件\n二、讨论\n三、书记小结", notice=NOTICE,
        host=invited[0], recorder=invited[-1], created_by=by)
    A.objects.bulk_create([A(meeting=meeting, member=m) for m in invited])
    return meeting


def _held(branch, by, members, kind, title, day, hour, rng) -> None:
    meeting = _meeting(branch, by, kind, title, day, hour, members)
    meeting_workflow.perform(by, meeting, "publish")
    rows = list(A.objects.filter(meeting=meeting))
    for row in rows:  # nine in ten present; of the rest most on leave with a reason, some absent
        draw = rng.random()
        row.status = A.Status.PRESENT if draw < 0.9 else A.Status.LEAVE if draw < 0.96 else A.Status.ABSENT
        row.reason = rng.choice(vocabulary.ABSENCE_REASONS) if row.status == A.Status.LEAVE else ""
    A.objects.bulk_update(rows, ["status", "reason"])
    Meeting.objects.filter(pk=meeting.pk).update(minutes=MINUTES, decisions=DECISIONS)
    meeting.refresh_from_db()
    meeting_workflow.perform(by, meeting, "record")
    # published a week before and recorded the same day, as it happened (the workflow stamps today)
    Meeting.objects.filter(pk=meeting.pk).update(published_at=meeting.starts_at - datetime.timedelta(days=7),
                                                 recorded_at=meeting.starts_at + datetime.timedelta(hours=4))


def _published(branch, by, members, day, rng) -> None:
    meeting = _meeting(branch, by, K.THEME_DAY, "重温入党誓词，开展志愿服务", day, 9, members)
    meeting_workflow.perform(by, meeting, "publish")
    asking = [m for m in members if m.user_id is None]  # not the demo member: her request is hers to make
    if asking:
        row = A.objects.get(meeting=meeting, member=rng.choice(asking))
        request_leave(row, rng.choice(vocabulary.ABSENCE_REASONS))


def _signing_in_now(branch, by, members, now) -> int:
    """A 党课 started this hour, in its sign-in window for four hours: half the members without a login (the
    demo accounts scan for themselves) signed in by the code five minutes before the start."""
    meeting = _meeting(branch, by, K.PARTY_LECTURE, "专题党课：以案为鉴，弘扬清风正气", now, now.hour, members)
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=meeting.starts_at + datetime.timedelta(hours=4), hours=2)
    meeting = meeting_workflow.perform(by, meeting, "publish")
    early = [m.pk for m in members[: len(members) // 2] if m.user_id is None]
    A.objects.filter(meeting=meeting, member__in=early).update(
        status=A.Status.PRESENT, signed_in_at=meeting.starts_at - datetime.timedelta(minutes=5))
    return 1


def _below_quorum(branch, by, members, now) -> int:
    """一中's 支部党员大会 with exactly half of its 正式党员 there (the 预备党员 too, who have no vote): recorded,
    flagged 未达到法定人数 and not counted for compliance."""
    if branch.code != "QF-JY-02":
        return 0
    meeting = _meeting(branch, by, K.GENERAL_ASSEMBLY, "研究推荐优秀共产党员人选", now - datetime.timedelta(days=10),
                       16, members)
    meeting_workflow.perform(by, meeting, "publish")
    full = [m for m in members if m.category == Member.Category.FULL]
    there = {m.pk for m in full[: len(full) // 2]} | {m.pk for m in members if m not in full}
    A.objects.filter(meeting=meeting, member__in=there).update(status=A.Status.PRESENT)
    A.objects.filter(meeting=meeting).exclude(member__in=there).update(status=A.Status.LEAVE,
                                                                        reason=vocabulary.ABSENCE_REASONS[0])
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes=MINUTES, decisions="未达到法定人数，推荐人选另行召开党员大会表决。")
    meeting.refresh_from_db()
    meeting_workflow.perform(by, meeting, "record")
    return 1


# A year of organization life before this month, recorded after the fact (补录): what the compliance grid reads.
# kind, title, day of the month, hour, 学时; monthly in every month, quarterly in the quarter's month named,
# 组织生活会 in January.
MONTHLY = [(K.COMMITTEE, "研究部署本月支部工作", 5, 16, 0), (K.THEME_DAY, "主题党日：学习交流、志愿服务", 10, 9, 2)]
QUARTERLY = {2: (K.GENERAL_ASSEMBLY, "支部党员大会：通报季度工作", 20, 15, 0),
             3: (K.PARTY_LECTURE, "书记讲党课：学思践悟，笃行实干", 25, 15, 4)}  # month within the quarter
YEARLY = {1: (K.ORG_LIFE, "组织生活会暨民主评议党员大会", 18, 14, 0)}
GROUP_MEETING = ("党小组学习讨论", 15, 16, 0)
# 二中 skipped its 主题党日 in these months: red in the grid; every other branch held everything.
MISSED = {"QF-JY-03": {(K.THEME_DAY, 3), (K.THEME_DAY, 6), (K.THEME_DAY, 8)}}


def branch_meetings(month: int) -> list[tuple]:
    """(kind, title, day, hour, 学时) of the meetings of the whole branch or its 支委 in `month` (the 党小组会, one
    per group, apart); qingfeng.demo.synth holds the same year."""
    wanted = [*MONTHLY]
    if (month - 1) % 3 + 1 in QUARTERLY:
        wanted.append(QUARTERLY[(month - 1) % 3 + 1])
    if month in YEARLY:
        wanted.append(YEARLY[month])
    return wanted


def _year_of_life(branch, by, members, now) -> int:
    """Every month of this year before the current one: the meetings the 条例 asks for, held, with attendance.

    Written in bulk (with their history, as 补录会议记录), not step by step through the workflow: about 700
    meetings over the county. 党员大会 and 支委会 are quorate, as the quorum rule would record them."""
    rng = random.Random(f"{SEED}-{branch.code}")
    groups = list(Org.objects.filter(path__startswith=branch.path, kind=Org.Kind.GROUP).order_by("path"))
    zone = timezone.get_current_timezone()
    committee = [m for m in members if m.committee_post]
    planned = []  # (kind, title, starts, hours, invited)
    for month in range(1, now.month):
        wanted = branch_meetings(month)
        title, day, hour, hours = GROUP_MEETING
        wanted += [(K.GROUP, f"{group.name}：{title}", day, hour, hours, group) for group in groups]
        for kind, title, day, hour, hours, *group in wanted:
            if (kind, month) in MISSED.get(branch.code, ()):
                continue
            invited = ([m for m in members if m.group_id == group[0].pk] if group
                       else committee if kind == K.COMMITTEE else members)
            starts = datetime.datetime(now.year, month, day, hour, tzinfo=zone)
            if branch.founded_on and starts.date() < branch.founded_on:
                continue  # before the branch was founded
            planned.append((kind, title, starts, hours, invited or members))
    meetings = [Meeting(
        org=branch, kind=kind, title=title, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2),
        place=f"{branch.name}党员活动室", agenda="一、学习有关文件\n二、讨论\n三、书记小结", notice=NOTICE,
        minutes=MINUTES, decisions=DECISIONS, host=invited[0], recorder=invited[-1], hours=hours,
        status=Meeting.Status.HELD, published_at=starts - datetime.timedelta(days=7),
        recorded_at=starts + datetime.timedelta(hours=4), created_by=by, created_at=starts - datetime.timedelta(days=7),
    ) for kind, title, starts, hours, invited in planned]
    attendance = {}  # meeting's index -> its rows
    for index, (meeting, (*_planned, invited)) in enumerate(zip(meetings, planned, strict=True)):
        rows = attendance[index] = [_attendance(member, rng) for member in invited]
        if meeting.kind == K.GENERAL_ASSEMBLY or (meeting.kind == K.COMMITTEE and committee):
            voting = [r for r in rows if meeting.kind == K.COMMITTEE or r.member.category == Member.Category.FULL]
            if sum(r.status == A.Status.PRESENT for r in voting) * 2 <= len(voting):
                for row in voting:
                    row.status, row.reason = A.Status.PRESENT, ""
            meeting.quorum_met = True
    # bulk_create sets each meeting's id (SQLite and PostgreSQL return them), so its rows can point at it.
    bulk_create_with_history(meetings, Meeting, default_user=by, default_change_reason="补录会议记录")
    for index, meeting in enumerate(meetings):
        for row in attendance[index]:
            row.meeting = meeting
    bulk_create_with_history([row for rows in attendance.values() for row in rows], A, default_user=by,
                             default_change_reason="补录会议记录")
    return len(meetings)


def _attendance(member, rng) -> MeetingAttendance:
    """Nine in ten present; of the rest most on leave with a reason, some absent (as `_held` records)."""
    draw = rng.random()
    status = A.Status.PRESENT if draw < 0.9 else A.Status.LEAVE if draw < 0.96 else A.Status.ABSENT
    return A(member=member, status=status,
             reason=rng.choice(vocabulary.ABSENCE_REASONS) if status == A.Status.LEAVE else "")


def _talks(branch, by, members, now) -> None:
    """谈心谈话 over the year: the secretary with the committee and with members, members with each other, a
    提醒谈话; and a 督办约谈 answering the branch's first 约谈 step of the ladder, if it has one."""
    if len(members) < 2:
        return
    secretary = next((m for m in members if m.committee_post == Member.CommitteePost.SECRETARY), members[0])
    others = [m for m in members if m != secretary]
    for index, (kind, summary, follow_ups, months) in enumerate(vocabulary.TALKS):
        talkee = others[index % len(others)]
        talker = others[(index + 1) % len(others)] if kind == Talk.Kind.MEMBERS and len(others) > 1 else secretary
        date = (now - datetime.timedelta(days=30 * months)).date()
        if talker == talkee or (branch.founded_on and date < branch.founded_on):
            continue
        talk = Talk(org=branch, kind=kind, talker=talker, talkee=talkee, summary=summary, follow_ups=follow_ups,
                    date=date, place=f"{branch.name}党员活动室", created_by=by)
        talk._change_reason = "登记谈心谈话"
        talk.save()
    step = (Supervision.objects.filter(level=Supervision.Level.TALK, rectification__org=branch, talk__isnull=True)
            .select_related("rectification__owner").order_by("pk").first())
    if step is not None and step.rectification.owner != secretary:
        talk = Talk(org=branch, kind=Talk.Kind.SUPERVISION, talker=secretary, talkee=step.rectification.owner,
                    supervision=step, date=now.date(), summary="就整改逾期约谈，分析原因，明确完成时限。",
                    follow_ups="一周内报送整改进展", created_by=by)
        talk._change_reason = "登记谈心谈话"
        talk.save()


def _evaluations(branch, by, members, now) -> None:
    """民主评议党员: last year's finished (everyone voted, results within the 30 % cap, none 不合格 but one
    基本合格), this year's under way (half have voted; the demo member 李晓梅 has not, so she can)."""
    if len(members) < 2:
        return
    rng = random.Random(f"{SEED}-evaluation-{branch.code}")
    for year, done in [(now.year - 1, True), (now.year, False)]:
        if branch.founded_on and branch.founded_on.year > year:
            continue  # founded after that year
        evaluation = Evaluation(org=branch, year=year, created_by=by)
        evaluation._change_reason = "开展民主评议"
        evaluation.save()
        rows = EvaluationParticipant.objects.bulk_create(
            EvaluationParticipant(evaluation=evaluation, member=m) for m in members)
        EvaluationTally.objects.bulk_create(
            EvaluationTally(evaluation=evaluation, member=m, grade=g) for m in members for g in Grade.values)
        for row in rows:
            row.self_evaluation = vocabulary.SELF_EVALUATION
            row.submitted_at = (timezone.now() if not done else
                                datetime.datetime(year, 12, 20, 10, tzinfo=timezone.get_current_timezone()))
            row._change_reason = "提交个人总结"
            row.save(update_fields=["self_evaluation", "submitted_at"])
        voters = rows if done else [r for r in rows[: len(rows) // 2] if r.member.user is None or
                                    r.member.user.username != "dangyuan"]
        for voter in voters:
            cast(voter, [(other.member_id, rng.choices(Grade.values, weights=(30, 60, 8, 2))[0])
                         for other in rows if other is not voter])
        if not done:
            continue
        evaluation = evaluation_workflow.perform(by, evaluation, "close")
        ranked = sorted(rows, key=lambda r: -EvaluationTally.objects.get(
            evaluation=evaluation, member=r.member, grade=Grade.EXCELLENT).votes)
        excellent = len(rows) * evaluation.excellent_cap // 100
        for index, row in enumerate(ranked):
            row.result = (Grade.EXCELLENT if index < excellent else Grade.BASIC if index == len(ranked) - 1
                          else Grade.QUALIFIED)
            row._change_reason = "评定结果"
            row.save(update_fields=["result"])
        evaluation_workflow.perform(by, evaluation, "decide")


def _criticisms(branch, by, members) -> None:
    """The branch's 组织生活会 of the year: its 征求意见 and report to the superior (二中's is overdue), and 批评意见 —
    a 自我批评 and a 相互批评, the first turned into a 查摆问题 of the demo campaign (so the 整改台账 shows a problem
    that came from the meeting)."""
    life = Meeting.objects.filter(org=branch, kind=K.ORG_LIFE, status=Meeting.Status.HELD).order_by("starts_at").first()
    campaign = Campaign.objects.filter(status=Campaign.Status.ACTIVE, org__path__in=[
        branch.path[:i] for i in range(branch.steplen, len(branch.path) + 1, branch.steplen)]).order_by("pk").first()
    if life is None or len(members) < 2:
        return
    # prepared with opinions collected, and reported to the superior in time — but by 二中, which is late
    life.opinions = vocabulary.LIFE_OPINIONS
    if branch.code not in MISSED:
        life.reported_at = life.starts_at + datetime.timedelta(days=7)
        life.report_note = "书面报送县委组织部"
    life._change_reason = "补录会前准备和上报情况"
    life.save(update_fields=["opinions", "reported_at", "report_note"])
    pair = vocabulary.CRITICISMS[branch.pk % len(vocabulary.CRITICISMS)]
    target, critic = members[1], members[0]
    items = [Criticism(meeting=life, member=target, kind=Criticism.Kind.SELF, text=pair[0], created_by=by),
             Criticism(meeting=life, member=target, kind=Criticism.Kind.MUTUAL, critic=critic, text=pair[1],
                       created_by=by)]
    for item in items:
        item._change_reason = "登记批评意见"
        item.save()
    if campaign is not None:
        criticism_to_problem(by, items[0], campaign)


def _democratic_life(committee, by, now, rng) -> None:
    """A 党总支 leadership team's 民主生活会 held three weeks ago: the 关键少数 of its subtree invited, opinions
    collected, reported; each criticized, one item turned into a 查摆问题."""
    general = Org.objects.filter(path__startswith=committee.path, kind=Org.Kind.GENERAL_BRANCH).order_by("path").first()
    if general is None:
        return
    team = list(Member.objects.filter(org__path__startswith=general.path, is_active=True, is_leading_cadre=True)
                .order_by("name_pinyin", "pk"))
    if len(team) < 2:
        return
    _held(general, by, team, K.DEMOCRATIC_LIFE, "领导班子专题民主生活会", now - datetime.timedelta(days=21), 9, rng)
    life = Meeting.objects.filter(org=general, kind=K.DEMOCRATIC_LIFE).latest("starts_at")
    life.opinions = vocabulary.LIFE_OPINIONS
    life.reported_at = life.starts_at + datetime.timedelta(days=5)
    life.report_note = "书面报送县委"
    life._change_reason = "补录会前准备和上报情况"
    life.save(update_fields=["opinions", "reported_at", "report_note"])
    items = []
    for index, member in enumerate(team[:2]):
        pair = vocabulary.CRITICISMS[index % len(vocabulary.CRITICISMS)]
        items.append(Criticism(meeting=life, member=member, kind=Criticism.Kind.SELF, text=pair[0], created_by=by))
        items.append(Criticism(meeting=life, member=member, kind=Criticism.Kind.MUTUAL, critic=team[1 - index],
                               text=pair[1], created_by=by))
    for item in items:
        item._change_reason = "登记批评意见"
        item.save()
    campaign = Campaign.objects.filter(status=Campaign.Status.ACTIVE, org=committee).order_by("pk").first()
    if campaign is not None:
        criticism_to_problem(by, items[1], campaign)
