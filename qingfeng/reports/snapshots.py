"""The dashboard of a large subtree from a snapshot, refreshed in the background.

Aggregating a region of hundreds of thousands of members takes seconds (docs/benchmarks.md), too
long for a page. So a background job (`refresh`, run by huey every few minutes and by
`qingfeng refresh_figures`) computes, for each active campaign, the dashboard of every org whose
subtree holds at least `settings.FIGURES_SNAPSHOT_MIN_MEMBERS` active members, twice: as everyone
who views the whole campaign sees it, and as the discipline role sees it (with confidential
sources). `dashboard` serves a user from today's snapshot when the user views the whole campaign
(a role on its org or above), and computes everything live otherwise: smaller subtrees, users whose
view is narrower, and large subtrees before their first snapshot of the day. Same functions, same
figures (docs/figures.md); the page says when they were computed.
"""

import dataclasses
import datetime
import logging
import time

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.core.permissions import grants, scope_of, stand_in
from qingfeng.ledger.models import Problem, Rectification
from qingfeng.orgs.models import Member, Org, Role

from . import figures as f
from .models import FigureSnapshot

log = logging.getLogger(__name__)

_SCALARS = [x.name for x in dataclasses.fields(f.Figures) if x.name not in ("org", "as_of")]


@dataclasses.dataclass
class Dashboard:
    figures: f.Figures
    ranking: list[f.Figures]  # direct sub-orgs, ranked
    weeks: list[tuple]  # (Monday, accepted that week)
    overdue: list[Rectification]  # longest overdue first, each with days_overdue
    orglife: f.OrgLifeFigures | None = None  # None: read from a snapshot written before it had them
    computed_at: datetime.datetime | None = None  # set when read from a snapshot


def dashboard(campaign: Campaign, user, org: Org, today: datetime.date | None = None) -> Dashboard:
    """What the dashboard shows `user` of `campaign` within `org`: from today's snapshot if one serves them."""
    today = today or timezone.localdate()
    view = snapshot_view(user, campaign)
    if view is not None:
        snapshot = FigureSnapshot.objects.filter(campaign=campaign, org=org, confidential=view, as_of=today).first()
        if snapshot is not None:
            return _load(snapshot, org, today)
    return compute(campaign, user, org, today)


def compute(campaign: Campaign, user, org: Org, today: datetime.date) -> Dashboard:
    return Dashboard(
        figures=f.campaign_figures(campaign, user, org, today),
        ranking=f.ranked(f.sub_org_figures(campaign, user, org, today)),
        weeks=f.accepted_per_week(campaign, user, org, today),
        overdue=f.overdue_list(campaign, user, org, today),
        orglife=f.orglife_figures(user, org, today),
    )


def snapshot_view(user, campaign: Campaign) -> bool | None:
    """Which snapshot shows `user` exactly what they may see: with confidential sources (True), without
    (False), or none (None) when their view does not cover the whole campaign, or covers only part of
    the confidential problems."""
    g = grants(user)
    if g.superuser:
        return True
    path = campaign.org.path
    if not g.allows("view", path):
        return None
    secret = scope_of(Problem).confidential
    if g.allows("view", path, secret):
        return True
    return None if g.prefixes("view", secret) else False


def refresh(today: datetime.date | None = None, min_members: int | None = None) -> int:
    """Recompute the snapshots of every large subtree of every active campaign; drop the others."""
    today = today or timezone.localdate()
    min_members = settings.FIGURES_SNAPSHOT_MIN_MEMBERS if min_members is None else min_members
    written = 0
    kept = []
    for campaign in Campaign.objects.filter(status=Campaign.Status.ACTIVE).select_related("org"):
        viewers = {False: stand_in(Role.Kind.LEADER, campaign.org.path),
                   True: stand_in(Role.Kind.DISCIPLINE, campaign.org.path)}
        for org in large_orgs(campaign, min_members):
            for confidential, viewer in viewers.items():
                started = time.monotonic()
                snapshot, _ = FigureSnapshot.objects.update_or_create(
                    campaign=campaign, org=org, confidential=confidential,
                    defaults={"as_of": today, "computed_at": timezone.now(),
                              "data": _dump(compute(campaign, viewer, org, today))})
                kept.append(snapshot.pk)
                written += 1
                log.info("figures of campaign %s, org %s (confidential: %s) in %.1f s",
                         campaign.pk, org.code, confidential, time.monotonic() - started)
    FigureSnapshot.objects.exclude(pk__in=kept).delete()
    return written


def large_orgs(campaign: Campaign, min_members: int) -> list[Org]:
    """Orgs of the campaign's subtree holding at least `min_members` active members, counted up the tree."""
    per_org = (Member.objects.filter(is_active=True, org__path__startswith=campaign.org.path)
               .values_list("org__path").annotate(n=Count("pk")).order_by())
    step = Org.steplen
    subtree: dict[str, int] = {}
    for path, n in per_org:
        for end in range(len(campaign.org.path), len(path) + 1, step):
            subtree[path[:end]] = subtree.get(path[:end], 0) + n
    paths = [p for p, n in subtree.items() if n >= min_members]
    return list(Org.objects.filter(path__in=paths).order_by("path")) if paths else []


def _dump(board: Dashboard) -> dict:
    # Lists of pairs, not objects: PostgreSQL's jsonb does not keep the order of keys.
    def figures(x: f.Figures) -> dict:
        values = {name: getattr(x, name) for name in _SCALARS}
        return {"org": x.org.pk, **{k: list(v.items()) if isinstance(v, dict) else v for k, v in values.items()}}

    return {
        "figures": figures(board.figures),
        "ranking": [figures(x) for x in board.ranking],
        "weeks": [[monday.isoformat(), n] for monday, n in board.weeks],
        "overdue": [r.pk for r in board.overdue],
        "orglife": dataclasses.asdict(board.orglife),
    }


def _load(snapshot: FigureSnapshot, org: Org, today: datetime.date) -> Dashboard:
    data = snapshot.data
    orgs = Org.objects.in_bulk([x["org"] for x in data["ranking"]])
    orgs[org.pk] = org

    def figures(values: dict) -> f.Figures | None:
        if values["org"] not in orgs:  # an org moved out since the snapshot
            return None
        x = f.Figures(org=orgs[values["org"]], as_of=snapshot.as_of)
        for name in _SCALARS:
            value = values.get(name)
            setattr(x, name, dict(value) if isinstance(value, list) else value)
        return x

    rows = Rectification.objects.select_related("owner", "org", "problem").in_bulk(data["overdue"])
    overdue = [rows[pk] for pk in data["overdue"] if pk in rows]
    for r in overdue:
        r.days_overdue = (today - r.due_date).days
    return Dashboard(
        figures=figures(data["figures"]),
        ranking=[x for x in map(figures, data["ranking"]) if x is not None],
        weeks=[(datetime.date.fromisoformat(monday), n) for monday, n in data["weeks"]],
        overdue=overdue,
        orglife=f.OrgLifeFigures(**data["orglife"]) if "orglife" in data else None,
        computed_at=snapshot.computed_at,
    )
