"""我的: what waits for me — as a member, as a reviewer, as the organization department."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.core.permissions import anywhere, top_orgs, visible_to
from qingfeng.inspection.models import Commitment, SelfInspection
from qingfeng.ledger.models import Rectification
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.study.models import Reflection

from ..figures import sub_org_figures, to_review


@login_required
def my_work(request):
    user = request.user
    today = timezone.localdate()
    campaigns = list(visible_to(user, Campaign).filter(status=Campaign.Status.ACTIVE).select_related("org"))
    context = {"today": today, "campaigns": campaigns}
    # Whoever holds a viewing role (leader, inspector, discipline, secretary, org admin) reads dashboards.
    sees_figures = anywhere(user, "view")
    context["dashboards"] = campaigns if sees_figures else []
    context["sees_compliance"] = sees_figures  # 组织生活合规 and the 提案 figures of the org where the role starts

    member = getattr(user, "member", None)
    if member is not None:
        ids = [c.pk for c in campaigns]
        reflections = {r.campaign_id: r for r in visible_to(user, Reflection)
                       .filter(member=member, campaign_id__in=ids).order_by("created_at")}
        inspections = {i.campaign_id: i for i in visible_to(user, SelfInspection)
                       .filter(member=member, campaign_id__in=ids)}
        signed = set(visible_to(user, Commitment).filter(member=member, campaign_id__in=ids)
                     .values_list("campaign_id", flat=True))
        context["member_rows"] = [
            {"campaign": c, "reflection": reflections.get(c.pk), "inspection": inspections.get(c.pk),
             "signed": c.pk in signed}
            for c in campaigns
        ]
        # Meetings she is invited to that have not ended, with her 请假 (asked on the meeting's page).
        context["my_meetings"] = list(
            visible_to(user, MeetingAttendance, "own").filter(
                member=member, meeting__status=Meeting.Status.PUBLISHED, meeting__ends_at__gte=timezone.now())
            .select_related("meeting").order_by("meeting__starts_at")[:10])
        context["my_rectifications"] = list(
            visible_to(user, Rectification, "own").exclude(status=Rectification.Status.ACCEPTED)
            .select_related("problem").order_by("due_date"))

    reviewable_reflections = visible_to(user, Reflection, "review").filter(status=Reflection.Status.SUBMITTED)
    reviewable_rectifications = visible_to(user, Rectification, "review").filter(
        status=Rectification.Status.SUBMITTED)
    pending_leave = visible_to(user, MeetingAttendance, "manage_meetings").filter(
        leave_status=MeetingAttendance.Leave.PENDING, meeting__status=Meeting.Status.PUBLISHED,
        meeting__starts_at__gt=timezone.now())
    context["leave_to_decide"] = list(pending_leave.select_related("meeting", "member")
                                      .order_by("meeting__starts_at")[:20])
    # the counts from those kept with every change (a region's 组织部 would otherwise count the region's records)
    counted = to_review(user, today)
    context["to_review"] = {
        "reflections": reviewable_reflections.select_related("member", "campaign")[:20] if counted.reflections else [],
        "reflection_count": counted.reflections,
        "rectifications": (reviewable_rectifications.select_related("owner", "problem")[:20]
                           if counted.rectifications else []),
        "rectification_count": counted.rectifications,
        "overdue_count": counted.overdue,
    }

    # The organization department: each active campaign's state per direct sub-org.
    launch_roots = list(top_orgs(user, "launch"))
    if launch_roots:
        boards = []
        for campaign in campaigns:
            root = next((o for o in launch_roots if campaign.org.path.startswith(o.path)), None)
            if root is None:
                continue
            boards.append({"campaign": campaign, "rows": [
                {"org": figures.org, "counts": figures}
                for figures in sub_org_figures(campaign, user, campaign.org, today)
            ]})
        context["boards"] = boards
    return render(request, "reports/mine.html", context)


urlpatterns = [
    path("me/", my_work, name="my_work"),
]
