"""督办: the deadline ladder the daily job (proposals/tasks.py) drives over every part of an item still being handled.

A part is an `Assignment` of an item 办理中 whose unit has not finished it (`done_at` null: a co-unit that handed
its part to the lead unit, or a lead unit that replied, is left alone). With N = REMIND_DAYS_BEFORE and
M = ESCALATE_AFTER_DAYS, counting days overdue as today − the assignment's deadline:

    提醒 REMIND     from N days before the deadline up to the deadline itself → the unit's handlers (the nearest
                    holders of `handle_proposals` walking up from the unit: its secretary, else who manages above).
    催办 URGE       overdue (at least one day) → the unit's handlers and the office's intake people (the nearest
                    holders of `intake_proposals` on the item).
    督办 SUPERVISE  overdue at least M days → those, and whoever manages the org above the unit: the nearest holders
                    of `handle_proposals` walking up from the unit's parent, skipping the unit's own handlers (a
                    unit with no secretary is handled from above already, so its 督办 goes one level further up).
    约谈 TALK       overdue at least 2M days → the discipline users (纪检) of the nearest org up the tree from the
                    unit that has any: a talk is suggested to them.

Each step is one `ProposalNotice` row (assignment, level, deadline), unique: running the job again sends nothing
twice, and a new deadline (二次办理 gives the lead unit one) starts the ladder again. A step is taken when its
condition holds on the day the job runs (an item first seen 20 days overdue gets 催办, 督办 and 约谈 at once, and no
提醒), and is recorded even when nobody could be told: its note says why. Messages go through
`core.notifications.notify_each`, which drops whoever may not see the record they are about.

Cost, as the ledger's ladder (ledger/supervision.py): per level, candidates are read by a deadline window that
already excludes the steps taken (NOT EXISTS on the unique index) in keyset batches of BATCH; each batch costs a
fixed handful of queries whatever its size (the roles on every org up the batch's units, the grants of those
people, one insert of notices, one of notifications). A run racing another redoes its batch row by row.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import Truncator

from qingfeng.core.notifications import Message, allowed_recipients, take_steps
from qingfeng.core.permissions import action, can, preload_grants
from qingfeng.orgs.models import Org, Role

from .models import Assignment, Proposal, ProposalNotice

log = logging.getLogger(__name__)

REMIND_DAYS_BEFORE = 3  # N: 提醒 from this many days before the deadline
ESCALATE_AFTER_DAYS = 7  # M: 督办 at M days overdue, 约谈 at 2M
BATCH = 500
Level = ProposalNotice.Level
COUNT_KEYS = {Level.REMIND: "remind", Level.URGE: "urge", Level.SUPERVISE: "supervise", Level.TALK: "talk"}
HANDLE, INTAKE = "handle_proposals", "intake_proposals"


def run(today: datetime.date) -> dict[str, int]:
    """Take every step of the ladder due on `today`; how many of each level, and notifications sent."""
    counts = dict.fromkeys([*COUNT_KEYS.values(), "notifications"], 0)
    with translation.override(settings.LANGUAGE_CODE):
        for level, window in windows(today).items():
            for batch in _batches(_candidates(level, window)):
                steps, sent = _escalate(batch, level, today)
                counts[COUNT_KEYS[level]] += steps
                counts["notifications"] += sent
    log.info("proposal ladder for %s: %s", today, counts)
    return counts


def windows(today: datetime.date) -> dict[int, dict]:
    """The deadlines for which each level's condition holds on `today`, as queryset filters."""
    day = datetime.timedelta(days=1)
    return {
        Level.REMIND: {"deadline__gte": today, "deadline__lte": today + REMIND_DAYS_BEFORE * day},
        Level.URGE: {"deadline__lt": today},
        Level.SUPERVISE: {"deadline__lte": today - ESCALATE_AFTER_DAYS * day},
        Level.TALK: {"deadline__lte": today - 2 * ESCALATE_AFTER_DAYS * day},
    }


def _candidates(level, window):
    taken = ProposalNotice.objects.filter(assignment=OuterRef("pk"), level=level, deadline=OuterRef("deadline"))
    return (Assignment.objects.filter(proposal__status=Proposal.Status.HANDLING, done_at__isnull=True, **window)
            .filter(~Exists(taken)).select_related("unit", "proposal__office").order_by("pk"))


def _batches(queryset):
    last = 0
    while batch := list(queryset.filter(pk__gt=last)[:BATCH]):
        yield batch
        last = batch[-1].pk


@dataclass
class Group:
    """People told of one step for one reason, and why nobody was, if nobody was."""

    users: list
    about: object  # what they are told about (and may see): the assignment, or the item for the office
    url: str
    nobody: str


def _escalate(batch, level, today) -> tuple[int, int]:
    roles = _roles_up(batch)
    preload_grants(u for people in roles.values() for u, _kind in people)
    steps = []
    for assignment in batch:
        title, body = _text(assignment, level, today)
        groups, seen = [], set()
        for group in recipients(assignment, level, roles):  # each person told once per step
            allowed = allowed_recipients(group.users, group.about)
            users = [u for u in allowed if u.pk not in seen]
            seen.update(u.pk for u in users)
            groups.append(Group(users, group.about, group.url, "" if allowed else group.nobody))
        told = [u for g in groups for u in g.users]
        note = "\n".join([body, "已通知：" + "、".join(dict.fromkeys(u.get_full_name() or u.username for u in told))
                          if told else "未能通知任何人",
                          *[g.nobody for g in groups if g.nobody]])
        row = ProposalNotice(assignment=assignment, level=level, deadline=assignment.deadline, note=note)
        steps.append((row, [Message(tuple(g.users), g.about, title, body, g.url) for g in groups if g.users]))
    return take_steps(steps)


def recipients(assignment: Assignment, level: int, roles: dict) -> list[Group]:
    """Who is told of this step, in groups; `roles` maps an org path to its (user, role kind) pairs, up the tree."""
    unit, proposal = assignment.unit, assignment.proposal
    unit_url = reverse("assignment_detail", args=[assignment.pk])
    if level == Level.TALK:
        discipline = _nearest(_chain(unit.path), roles, None, assignment, kinds={Role.Kind.DISCIPLINE})
        return [Group(discipline, assignment, unit_url, "未能建议约谈：上级党组织还没有开通纪检的登录账号，请线下处理")]
    handlers = _nearest(_chain(unit.path), roles, HANDLE, assignment)
    groups = [Group(handlers, assignment, unit_url,
                    f"未能提醒承办单位：{unit.name}及其上级还没有开通书记或党务管理员的登录账号，请线下告知")]
    if level >= Level.URGE:
        groups.append(Group(_nearest(_chain(proposal.office.path), roles, INTAKE, proposal), proposal,
                            reverse("proposal_detail", args=[proposal.pk]),
                            f"未能告知受理单位：{proposal.office.name}还没有开通书记或党务管理员的登录账号"))
    if level >= Level.SUPERVISE:
        skip = {u.pk for u in handlers}
        above = _nearest(_chain(unit.path)[1:], roles, HANDLE, assignment, skip=skip)
        groups.append(Group(above, assignment, unit_url,
                            f"未能督办：{unit.name}的上级党组织没有另外的书记或党务管理员的登录账号，请线下督办"))
    return groups


def _chain(path: str) -> list[str]:
    """The org's path and its ancestors' paths, nearest first."""
    return [path[:i] for i in range(len(path), 0, -Org.steplen)]


def _nearest(chain, roles, name, record, kinds=None, skip=frozenset()) -> list:
    """`core.permissions.nearest_holders` for a batch: the users of the first org of `chain` holding a role of
    `kinds` (default: the roles that allow action `name`) who may take `name` on `record` (or view it), other than
    `skip`. The roles were read once for the batch."""
    kinds = kinds or action(name).roles
    for path in chain:
        users = {u.pk: u for u, kind in roles.get(path, ()) if kind in kinds and u.pk not in skip
                 and can(u, name or "view", record)}
        if users:
            return list(users.values())
    return []


def _roles_up(batch) -> dict[str, list]:
    """Every role that may matter on the batch's units, offices and their ancestors: one query."""
    paths = {p for a in batch for org in (a.unit, a.proposal.office) for p in _chain(org.path)}
    kinds = action(HANDLE).roles | action(INTAKE).roles | {Role.Kind.DISCIPLINE}
    roles: dict[str, list] = {}
    for role in (Role.objects.filter(org__path__in=paths, kind__in=kinds, user__is_active=True)
                 .select_related("user", "org").order_by("pk")):
        roles.setdefault(role.org.path, []).append((role.user, role.kind))
    return roles


def _text(assignment, level, today) -> tuple[str, str]:
    proposal = assignment.proposal
    part = "主办" if assignment.lead else "协办"
    due = date_format(assignment.deadline, "DATE_FORMAT")
    what = (f"{assignment.unit.name}{part}的{proposal.get_kind_display()}「{Truncator(proposal.title).chars(30)}」"
            f"（{proposal.number}）办理时限为{due}")
    late = (today - assignment.deadline).days
    if level == Level.REMIND:
        when = "今天到期" if late == 0 else f"还有{-late}天到期"
        return f"提醒：交办事项{when}", f"{what}，{when}，请按时办理并答复。"
    if level == Level.URGE:
        return f"催办：交办事项已逾期{late}天", f"{what}，已逾期{late}天，请抓紧办理并答复。"
    if level == Level.SUPERVISE:
        return (f"督办：{assignment.unit.name}的交办事项已逾期{late}天",
                f"{what}，已逾期{late}天，请督促承办单位限期办结。")
    return (f"建议约谈：{assignment.unit.name}的交办事项已逾期{late}天",
            f"{what}，已逾期{late}天，建议对承办单位负责人进行约谈。")
