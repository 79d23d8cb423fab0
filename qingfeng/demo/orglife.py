"""The demo's 组织生活: each branch's meetings over the last months, in every state.

Per branch: a 支委会, a 支部党员大会 and a 党课 held (attendance and minutes recorded), a 主题党日
published for next week with a 请假 waiting for the secretary, and a 党小组会 still a draft.
Every status comes from the workflow, performed by the branch secretary (else the org admin);
built once (detected by any meeting in the demo county), after the demo campaign, so only the
demo accounts are told of what is published.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qingfeng.demo import vocabulary
from qingfeng.demo.orgs import DEMO_COMMITTEE_CODE
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orglife.services import request_leave
from qingfeng.orglife.workflow import meeting_workflow
from qingfeng.orgs.models import Member, Org, Role

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
            count += 5
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


def _published(branch, by, members, day, rng) -> None:
    meeting = _meeting(branch, by, K.THEME_DAY, "重温入党誓词，开展志愿服务", day, 9, members)
    meeting_workflow.perform(by, meeting, "publish")
    asking = [m for m in members if m.user_id is None]  # not the demo member: her request is hers to make
    if asking:
        row = A.objects.get(meeting=meeting, member=rng.choice(asking))
        request_leave(row, rng.choice(vocabulary.ABSENCE_REASONS))
