"""The organization-life ladder, run daily by huey (reports/tasks.py): computed from the records, never reported.

- At the start of each month, each branch's secretaries are told what is due: the monthly kinds, and in a quarter's
  (a year's) first month the quarterly (yearly) ones, by the rules in force (orglife.rules).
- A month that ended with a required kind missing (`figures.meeting_compliance`, the same judgement as the
  组织生活合规 grid) goes up a ladder by how many months in a row were missed: 提醒 to the branch's secretaries;
  催办 to them and to whoever manages meetings at the nearest org above; 督办 also to whoever may supervise there.

- A 组织生活会 or 民主生活会 held and not reported to the superior within its LIFE_REPORT_DAYS: its secretaries and
  whoever manages meetings at the nearest org above are told (once per org and month of the meeting).

Every message is recorded in `ComplianceNotice` (one per branch, month and level), so a daily run tells each once
and a day the job missed is made up the next. It acts for nobody: the figures are computed as a stand-in leader of
each top org, and a message reaches only who may see the branch (core.notifications).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from qingfeng.core.notifications import Message, notify_each
from qingfeng.core.permissions import nearest_holders, stand_in, visible_to
from qingfeng.orglife.life import LIFE_KINDS, report_due
from qingfeng.orglife.models import Meeting, Requirement
from qingfeng.orglife.rules import GRID_SUBJECTS, RuleBook
from qingfeng.orgs.models import Org, Role

from .figures import Cell, meeting_compliance
from .models import ComplianceNotice

L = ComplianceNotice.Level
P = Requirement.Period


def due_this_month(rules, month: int) -> list[str]:
    """The kinds a branch must hold in `month`: monthly ones, and quarterly (yearly) ones in a quarter's (the year's)
    first month, as people read them."""
    due = []
    for rule in rules:
        if rule.period == P.MONTH:
            due.append(f"{rule.label}（至少 {rule.minimum:g} 次）" if rule.minimum > 1 else str(rule.label))
        elif rule.period == P.QUARTER and month % 3 == 1:
            due.append(f"{rule.label}（本季度）")
        elif rule.period == P.YEAR and month == 1:
            due.append(f"{rule.label}（本年度）")
    return due


def missed_in_a_row(months, month: int) -> int:
    """How many months up to `month` (of one year's grid row) ended with something missing, in a row."""
    count = 0
    for cell in reversed(months[:month]):
        if cell.state != Cell.MISSING:
            break
        count += 1
    return count


def run(today: datetime.date | None = None) -> int:
    """Send what is due this month and the ladder for last month, once each; the number of messages recorded."""
    today = today or timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    sent = {(n.org_id, n.year, n.month, n.level) for n in ComplianceNotice.objects.filter(
        sent_at__date__gte=today - datetime.timedelta(days=400))}
    notices, messages = [], []

    def tell(branch, year, month, level, users, title, body, missing="", url=""):
        if (branch.pk, year, month, level) in sent:
            return
        sent.add((branch.pk, year, month, level))
        notices.append(ComplianceNotice(org=branch, year=year, month=month, level=level, missing=missing[:500]))
        url = url or f"{reverse('orglife_compliance')}?org={branch.pk}&year={year}"
        messages.append(Message(tuple(users), branch, title, body, url))

    for root in Org.objects.filter(depth=1, is_active=True).order_by("path"):
        viewer = stand_in(Role.Kind.LEADER, root.path)
        book = RuleBook(root)
        grid = meeting_compliance(viewer, root, last.year, today)
        for row in grid.rows:
            branch = row.org
            secretaries = nearest_holders("manage_meetings", branch)
            rules = [r for s, r in book.effective(branch.path).items() if s in GRID_SUBJECTS and r.required]
            due = due_this_month(rules, today.month) if not (branch.founded_on and branch.founded_on > today) else []
            if due:
                tell(branch, today.year, today.month, L.DUE, secretaries, f"{branch.name}：{today.month}月应召开的会议",
                     "本月应召开：" + "、".join(due) + "。请按时召开并在系统中登记出勤和会议记录。")
            cell = row.months[last.month - 1]
            if cell.state != Cell.MISSING:
                continue
            in_a_row = missed_in_a_row(row.months, last.month)
            level = L.REMIND if in_a_row == 1 else L.URGE if in_a_row == 2 else L.SUPERVISE
            users = list(secretaries)
            parent = Org.objects.filter(path=branch.path[:-branch.steplen]).first() if level >= L.URGE else None
            if level >= L.URGE and parent is not None:
                users += nearest_holders("manage_meetings", parent)
            if level >= L.SUPERVISE and parent is not None:
                users += nearest_holders("supervise", parent)
            missing = "、".join(str(kind) for kind in cell.missing)
            streak = f"，已连续 {in_a_row} 个月未达标" if in_a_row > 1 else ""
            tell(branch, last.year, last.month, level, users,
                 f"【{L(level).label}】{branch.name}{last.month}月组织生活未达标",
                 f"{last.year}年{last.month}月缺：{missing}{streak}。请尽快补开并在系统中登记。", missing)
        for meeting in visible_to(viewer, Meeting).filter(
                kind__in=LIFE_KINDS, status=Meeting.Status.HELD, reported_at__isnull=True,
                starts_at__date__gte=today - datetime.timedelta(days=365)).select_related("org").order_by("starts_at"):
            due = report_due(meeting)
            if today <= due:
                continue
            held = timezone.localtime(meeting.starts_at)
            parent = Org.objects.filter(path=meeting.org.path[:-meeting.org.steplen]).first()
            users = nearest_holders("manage_meetings", meeting) + (
                nearest_holders("manage_meetings", parent) if parent else [])
            tell(meeting.org, held.year, held.month, L.LIFE_REPORT, users,
                 f"【催办】{meeting.org.name}{meeting.get_kind_display()}逾期未上报",
                 f"{held:%Y年%m月%d日}召开的{meeting.get_kind_display()}「{meeting.title}」应于{due:%Y年%m月%d日}前上报上级，"
                 "请尽快上报并在会议页面登记。", url=reverse("meeting_detail", args=[meeting.pk]))
    ComplianceNotice.objects.bulk_create(notices)
    notify_each(messages)
    return len(notices)
