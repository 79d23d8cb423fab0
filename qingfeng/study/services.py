"""学 beyond a single save: attendance recorded at once, and who submitted a reflection."""

from django.db import transaction
from django.db.models import Count, Q

from qingfeng.campaigns.context import campaign_members
from qingfeng.core.permissions import visible_to
from qingfeng.orgs import tallies

from .models import Attendance, Reflection


def replace_attendance(activity, rows) -> None:
    """Record `rows` (member, status, reason) as the attendance of those members, at once.

    Rows of members no longer on the form (transferred away since) are kept.
    """
    with transaction.atomic(), tallies.batch():
        activity.attendance.filter(member__in=[member for member, _, _ in rows]).delete()
        Attendance.objects.bulk_create([
            Attendance(activity=activity, member=member, status=status, reason=reason)
            for member, status, reason in rows
        ])
        # bulk_create sends no signal: its rows are counted here, read back with each member as she stands now
        tallies.saved_in_bulk(Attendance, Attendance.objects.filter(
            activity=activity, member__in=[member for member, _, _ in rows]).select_related("activity", "member"))


def reflection_counts(user, campaign) -> list[dict]:
    """Per org, in tree order: active members, members who submitted a reflection, members with one accepted."""
    rows: dict[int, dict] = {}
    for row in (campaign_members(user, campaign).order_by()
                .values("org_id", "org__name", "org__path").annotate(members=Count("pk"))):
        rows[row["org_id"]] = {"org": row["org__name"], "path": row["org__path"], "members": row["members"],
                               "submitted": 0, "accepted": 0}
    accepted = Q(status=Reflection.Status.ACCEPTED)
    for row in (visible_to(user, Reflection).filter(campaign=campaign).exclude(status=Reflection.Status.DRAFT)
                .order_by().values("org_id", "org__name", "org__path")
                .annotate(submitted=Count("member", distinct=True),
                          accepted=Count("member", distinct=True, filter=accepted))):
        entry = rows.setdefault(row["org_id"], {"org": row["org__name"], "path": row["org__path"], "members": 0})
        entry.update(submitted=row["submitted"], accepted=row["accepted"])
    return sorted(rows.values(), key=lambda r: r["path"])
