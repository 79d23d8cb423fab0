"""督: the escalation ladder that the daily job drives over every open rectification.

For each rectification not yet accepted (销号) in an active campaign, with the campaign's
N = `remind_days_before` and M = `escalate_after_days`, counting days overdue as
today − due date:

    提醒 REMIND     from N days before the due date up to the due date itself
                    → the owner (责任人).
    催办 URGE       overdue (at least one day) → the owner and the responsible leader (责任领导).
    督办 SUPERVISE  overdue at least M days (and at least one) → the secretaries of the nearest
                    org, walking up from the rectification's org, that has any; where an org has
                    no secretary its org admins stand in. On a confidential problem (纪检监察,
                    信访举报) the discipline users instead: secretaries never learn of those.
    约谈 TALK       overdue at least 2M days (and at least one) → the discipline users of the
                    nearest org up the tree that has any: a talk is suggested to them.

Nobody is told to supervise their own work: the owner is skipped, and where the owner is the
only secretary (or discipline user) of an org, the step goes on up the tree. Every recipient
must be allowed to see the rectification (a 责任领导 outside the discipline role is never told
of a confidential one). Only people with a login are told; a step is recorded even when
nobody could be.
Each step is one `Supervision` row (rectification, level, due date); the unique
constraint on those three makes a step happen once per deadline: running the job
again the same day sends nothing twice, and a new due date starts the ladder again.
A step is taken when its condition holds on the day the job runs, so an item first
seen 20 days overdue gets 催办, 督办 and (when 2M ≤ 20) 约谈 at once, and no 提醒.

Cost: per active campaign and level, candidates are read by a due-date window that
already excludes the steps taken (NOT EXISTS on the unique index), in keyset batches
of BATCH rows; each batch costs a fixed handful of queries whatever its size (roles,
supervision rows and notifications are read and written in bulk). No cursor stays
open across the writes, so the job behaves alike on SQLite and PostgreSQL and can
stop and resume anywhere. Concurrent runs (several consumers) are safe: the loser of a
race on a row hits the unique constraint and that batch is redone row by row.
"""

import datetime
import logging

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.formats import date_format

from qingfeng.campaigns.models import Campaign
from qingfeng.core.notifications import Message, allowed_recipients, take_steps
from qingfeng.core.permissions import preload_grants
from qingfeng.ledger.models import Rectification, Supervision
from qingfeng.orgs.models import Org, Role

log = logging.getLogger(__name__)

BATCH = 500
Level = Supervision.Level
OPEN_STATUSES = [s for s in Rectification.Status.values if s != Rectification.Status.ACCEPTED]
COUNT_KEYS = {Level.REMIND: "remind", Level.URGE: "urge", Level.SUPERVISE: "supervise", Level.TALK: "talk"}


def run_escalation(today: datetime.date) -> dict[str, int]:
    """Take every step of the ladder that is due on `today`; return how many of each, and notifications."""
    counts = dict.fromkeys([*COUNT_KEYS.values(), "notifications"], 0)
    with translation.override(settings.LANGUAGE_CODE):
        for campaign in Campaign.objects.filter(status=Campaign.Status.ACTIVE).order_by("pk"):
            for level, window in windows(campaign, today).items():
                for batch in _batches(_candidates(campaign, level, window)):
                    steps, notes = _escalate(batch, level, today, campaign)
                    counts[COUNT_KEYS[level]] += steps
                    counts["notifications"] += notes
    log.info("escalation for %s: %s", today, counts)
    return counts


def windows(campaign: Campaign, today: datetime.date) -> dict[int, dict]:
    """The due dates for which each level's condition holds on `today`, as queryset filters."""
    day = datetime.timedelta(days=1)
    m = campaign.escalate_after_days
    return {
        Level.REMIND: {"due_date__gte": today, "due_date__lte": today + campaign.remind_days_before * day},
        Level.URGE: {"due_date__lt": today},
        Level.SUPERVISE: {"due_date__lte": today - max(m, 1) * day},
        Level.TALK: {"due_date__lte": today - max(2 * m, 1) * day},
    }


def _candidates(campaign, level, window):
    taken = Supervision.objects.filter(rectification=OuterRef("pk"), level=level, due_date=OuterRef("due_date"))
    return (
        Rectification.objects.filter(problem__campaign=campaign, status__in=OPEN_STATUSES, **window)
        .filter(~Exists(taken))
        .select_related("org", "problem", "owner__user", "leader__user")
        .order_by("pk")
    )


def _batches(queryset):
    last = 0
    while batch := list(queryset.filter(pk__gt=last)[:BATCH]):
        yield batch
        last = batch[-1].pk


def _escalate(batch, level, today, campaign) -> tuple[int, int]:
    roles = _roles_above(batch) if level in (Level.SUPERVISE, Level.TALK) else {}
    preload_grants([u for users in roles.values() for u in users]
                   + [u for rect in batch for u in (rect.owner.user, rect.leader.user if rect.leader else None)])
    steps = []
    for rect in batch:
        users = recipients(rect, level, roles)
        title, body = _text(rect, level, today, campaign)
        told = "已通知：" + "、".join(u.get_full_name() or u.username for u in users) if users else _nobody(rect, level)
        row = Supervision(rectification=rect, level=level, due_date=rect.due_date,
                          note=f"{body}\n{told}", created_by=None)
        steps.append((row, Message(tuple(users), rect, title, body, _detail_url(rect.pk))))
    return take_steps([(row, [message]) for row, message in steps])


def _nobody(rect: Rectification, level: int) -> str:
    """Why this step told nobody, in words the secretary can act on."""
    if level == Level.REMIND:
        return f"未能发送提醒：责任人{rect.owner.name}还没有开通登录账号（或账号已停用），请线下告知"
    if level == Level.URGE:
        people = "、".join(dict.fromkeys(m.name for m in (rect.owner, rect.leader) if m))
        return f"未能发送提醒：{people}都还没有开通登录账号（或账号已停用），请线下告知"
    if level == Level.SUPERVISE and not rect.problem.is_confidential:
        return "未能发送提醒：上级党组织还没有开通书记或党务管理员的登录账号，请线下督办"
    return "未能发送提醒：上级党组织还没有开通纪检的登录账号，请线下处理"


def recipients(rect: Rectification, level: int, roles: dict) -> list:
    """Who is told of this step; `roles` maps (org path, role kind) to users, for the upper levels."""
    owner = rect.owner.user
    if level == Level.REMIND:
        people = [owner]
    elif level == Level.URGE:
        people = [owner, rect.leader.user if rect.leader else None]
    elif level == Level.SUPERVISE and not rect.problem.is_confidential:
        people = _nearest(rect, roles, [Role.Kind.SECRETARY, Role.Kind.ORG_ADMIN])
    else:
        people = _nearest(rect, roles, [Role.Kind.DISCIPLINE])
    return allowed_recipients(people, rect)


def _chain(path: str) -> list[str]:
    """The org's path and its ancestors' paths, nearest first."""
    step = Org.steplen
    return [path[:i] for i in range(len(path), 0, -step)]


def _nearest(rect: Rectification, roles: dict, kinds: list[str]) -> list:
    """The users of the nearest org up the tree holding the first of `kinds` found there, other than the
    rectification's owner: nobody supervises their own work."""
    owner_id = rect.owner.user_id
    for org_path in _chain(rect.org.path):
        for kind in kinds:
            if users := [u for u in roles.get((org_path, kind), []) if u.pk != owner_id]:
                return users
    return []


def _roles_above(batch) -> dict:
    """Secretaries, org admins and discipline users on the batch's orgs and their ancestors: one query."""
    paths = {p for rect in batch for p in _chain(rect.org.path)}
    kinds = [Role.Kind.SECRETARY, Role.Kind.ORG_ADMIN, Role.Kind.DISCIPLINE]
    roles: dict[tuple[str, str], list] = {}
    for role in (Role.objects.filter(org__path__in=paths, kind__in=kinds, user__is_active=True)
                 .select_related("user", "org").order_by("pk")):
        roles.setdefault((role.org.path, role.kind), []).append(role.user)
    return roles


def _text(rect, level, today, campaign) -> tuple[str, str]:
    due = date_format(rect.due_date, "DATE_FORMAT")
    measure = rect.measure if len(rect.measure) <= 40 else rect.measure[:40] + "…"
    where = f"【{campaign.title}】{rect.org.name} {rect.owner.name}的整改措施「{measure}」整改时限为{due}"
    late = (today - rect.due_date).days
    if level == Level.REMIND:
        left = (rect.due_date - today).days
        when = "今天到期" if left == 0 else f"还有{left}天到期"
        return f"提醒：整改{when}", f"{where}，{when}，请按时完成并提交验收。"
    if level == Level.URGE:
        return f"催办：整改已逾期{late}天", f"{where}，已逾期{late}天，请抓紧整改并提交验收。"
    if level == Level.SUPERVISE:
        return (f"督办：{rect.owner.name}的整改已逾期{late}天",
                f"{where}，已逾期{late}天，请督促责任人限期完成。")
    return (f"建议约谈：{rect.owner.name}的整改已逾期{late}天",
            f"{where}，已逾期{late}天，建议对责任人进行约谈。")


def _detail_url(pk: int) -> str:
    try:
        return reverse("rectification_detail", args=[pk])
    except NoReverseMatch:  # the detail page lands with the ledger views
        return ""
