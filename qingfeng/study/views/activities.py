"""学: a campaign's study activities, their attendance and materials.

Who sees an activity: whoever may view it by role, and every member on its attendance
list (an activity has no owner, so attending is what makes it a member's own). The
same rule lets a member download the activity's materials.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Count, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse

from qingfeng.campaigns.context import campaign_context, load_campaign, refuse_if_closed
from qingfeng.core.pages import form_page
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import can, visible_to
from qingfeng.core.uploads import serve
from qingfeng.orgs.models import Member

from ..filters import StudyActivityFilter
from ..forms import AttendanceForm, StudyActivityForm, recording_orgs
from ..models import Attendance, StudyActivity, StudyMaterial
from ..services import replace_attendance
from ..tables import StudyActivityTable

ACTIVITIES_PER_PAGE = 25
# 出席, then 请假, then 缺席: the order the activity page lists its attendance in.
STATUS_ORDER = Case(*(When(status=status, then=Value(rank)) for rank, status in enumerate(Attendance.Status.values)))


def attendance_counts(statuses) -> dict[str, int]:
    """应到 (expected), and how many of them were 出席 / 请假 / 缺席 (keyed by status)."""
    counts = dict.fromkeys(Attendance.Status.values, 0)
    for status in statuses:
        counts[status] += 1
    return {"expected": sum(counts.values()), **counts}


def activities_for(user, campaign):
    """The campaign's activities the user may see: by role, or because they attended (their Scope's readers)."""
    return visible_to(user, StudyActivity).filter(campaign=campaign)


@login_required
def study_list(request, campaign_pk):
    campaign = load_campaign(request, campaign_pk)
    activities = (activities_for(request.user, campaign).select_related("org")
                  .annotate(present=Count("attendance", filter=Q(attendance__status=Attendance.Status.PRESENT)),
                            total=Count("attendance"))
                  .order_by("-date", "-id"))
    activity_filter = StudyActivityFilter(request.GET, queryset=activities)
    # A filter that does not validate is shown with its message and no rows, never silently dropped.
    table = StudyActivityTable(activity_filter.qs if activity_filter.is_valid() else activities.none())
    paginate_table(request, table, ACTIVITIES_PER_PAGE)
    return render(request, "study/study_list.html", campaign_context(
        request, campaign, "study", filter=activity_filter, table=table,
        may_record=not campaign.is_closed and recording_orgs(request.user, campaign).exists()))


@login_required
def study_create(request, campaign_pk):
    campaign = load_campaign(request, campaign_pk)
    form = StudyActivityForm(request.POST or None, request.FILES or None, user=request.user, campaign=campaign,
                             instance=StudyActivity(campaign=campaign, created_by=request.user))
    if not form.fields["org"].queryset.exists():
        raise PermissionDenied
    if refuse_if_closed(request, campaign):
        return redirect("study_list", campaign.pk)

    def save(form):
        if not can(request.user, "record_study", form.cleaned_data["org"]):
            raise PermissionDenied
        form.instance._change_reason = "登记学习活动"
        with transaction.atomic():
            activity = form.save()
            for upload, mime in form.cleaned_data["materials"]:
                activity.materials.create(file=upload, original_name=upload.name[:200], content_type=mime,
                                          size=upload.size, uploaded_by=request.user)
        return activity

    return form_page(request, form, save=save, template="study/study_form.html",
                     done=lambda activity: f"已登记学习活动「{activity.topic}」，请登记出勤情况",
                     to=lambda activity: reverse("study_attendance", args=[campaign.pk, activity.pk]),
                     **campaign_context(request, campaign, "study"))


@login_required
def study_detail(request, campaign_pk, pk):
    campaign = load_campaign(request, campaign_pk)
    activity = get_object_or_404(
        activities_for(request.user, campaign).select_related("org", "created_by"), pk=pk)
    # Who sees the activity by role (not as an attendee) reads everyone's attendance; an attendee her own.
    sees_all = can(request.user, "view", activity.org)
    attendance = list(visible_to(request.user, activity.attendance.select_related("member")
                                 .order_by(STATUS_ORDER, "member__name_pinyin", "member_id")))
    return render(request, "study/study_detail.html", campaign_context(
        request, campaign, "study", activity=activity, attendance=attendance, sees_all=sees_all,
        counts=attendance_counts(a.status for a in attendance),
        materials=visible_to(request.user, activity.materials.order_by("id")),
        may_record=can(request.user, "record_study", activity) and not campaign.is_closed))


@login_required
def study_attendance(request, campaign_pk, pk):
    campaign = load_campaign(request, campaign_pk)
    # Seen as on its page (a member sees what she attended), so one she may not record is a 403, not a 404.
    activity = get_object_or_404(activities_for(request.user, campaign).select_related("org"), pk=pk)
    if not can(request.user, "record_study", activity):
        raise PermissionDenied
    if refuse_if_closed(request, campaign):
        return redirect("study_detail", campaign.pk, activity.pk)
    current = {a.member_id: a for a in visible_to(request.user, activity.attendance.all(), "record_study")}
    # The org's active roster, plus anyone already recorded who has left it since.
    members = (visible_to(request.user, Member)
               .filter(Q(org__path__startswith=activity.org.path, is_active=True) | Q(pk__in=list(current)))
               .order_by("name_pinyin", "pk"))
    form = AttendanceForm(request.POST or None, members=members, current=current)

    def save(form):
        replace_attendance(activity, form.attendance())
        return activity

    def done(_):
        counts = attendance_counts(status for _, status, _ in form.attendance())
        return (f"已保存出勤情况：应到 {counts['expected']} 人，实到 {counts['present']} 人，"
                f"请假 {counts['leave']} 人，缺席 {counts['absent']} 人")

    return form_page(request, form, save=save, done=done, template="study/study_attendance.html",
                     to=lambda _: reverse("study_detail", args=[campaign.pk, activity.pk]),
                     **campaign_context(request, campaign, "study", activity=activity))


@login_required
def material_download(request, campaign_pk, pk):
    campaign = load_campaign(request, campaign_pk)
    material = get_object_or_404(visible_to(request.user, StudyMaterial).filter(activity__campaign=campaign), pk=pk)
    return serve(material.file, material.original_name, material.content_type)


urlpatterns = [
    path("campaigns/<int:campaign_pk>/study/", study_list, name="study_list"),
    path("campaigns/<int:campaign_pk>/study/new/", study_create, name="study_create"),
    path("campaigns/<int:campaign_pk>/study/<int:pk>/", study_detail, name="study_detail"),
    path("campaigns/<int:campaign_pk>/study/<int:pk>/attendance/", study_attendance, name="study_attendance"),
    path("campaigns/<int:campaign_pk>/study/materials/<int:pk>/", material_download, name="material_download"),
]
