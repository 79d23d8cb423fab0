"""组织生活: an org's meetings, their notice, 请假, attendance and minutes.

Who sees a meeting: whoever may view its org by role, and every member invited to it, once it is
published (a draft is its managers' alone). The secretaries and org admins over the org manage it:
draft, publish, decide leave requests, record attendance and minutes.
"""

from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from qingfeng.core.pages import form_page, step
from qingfeng.core.paging import paginate_table, parse_id
from qingfeng.core.permissions import anywhere, can, get_allowed_or_404, visible_to
from qingfeng.core.uploads import serve
from qingfeng.core.workflow import WorkflowError

from ..criticisms import CRITICISM_KINDS, ToProblemForm, problem_campaigns, takes_criticism
from ..filters import MeetingFilter
from ..forms import LeaveForm, MeetingForm, RecordForm, managing_orgs
from ..life import LIFE_KINDS, preparation
from ..models import Criticism, Meeting, MeetingAttendance, MeetingFile
from ..quorum import QUORUM_KINDS, quorum
from ..services import decide_leave, mark_reported, record_meeting, recount_quorum, request_leave, set_invitees
from ..signin import is_open, qr_svg, signin_url
from ..tables import MeetingTable
from ..workflow import meeting_workflow

MEETINGS_PER_PAGE = 25
A = MeetingAttendance
# 出席, 列席, 请假, 缺席, then not yet recorded: the order the meeting page lists attendance in.
STATUS_ORDER = Case(*(When(status=s, then=Value(rank)) for rank, s in enumerate(
    (A.Status.PRESENT, A.Status.OBSERVER, A.Status.LEAVE, A.Status.ABSENT))), default=Value(9))


def attendance_counts(rows) -> dict[str, int]:
    """应到 (the invited), and how many were 出席 / 列席 / 请假 / 缺席 / not yet recorded."""
    counts = dict.fromkeys([*A.Status.values, ""], 0)
    for row in rows:
        counts[row.status] += 1
    return {"expected": len(rows), "unrecorded": counts.pop(""), **counts}


@login_required
def meeting_list(request):
    meetings = visible_to(request.user, Meeting).select_related("org").order_by("-starts_at", "-id")
    meeting_filter = MeetingFilter(request.GET, queryset=meetings, user=request.user)
    # A filter that does not validate is shown with its message and no rows, never silently dropped.
    table = MeetingTable(meeting_filter.qs if meeting_filter.is_valid() else meetings.none())
    paginate_table(request, table, MEETINGS_PER_PAGE)
    chosen = meeting_filter.chosen("org")
    # 导出会议台账 (reports) of the org and year chosen here; for who sees an org's meetings by role.
    register = {"org": chosen.pk if chosen else "", "year": meeting_filter.chosen("year") or ""}
    return render(request, "orglife/meeting_list.html", {
        "filter": meeting_filter, "table": table, "may_create": managing_orgs(request.user).exists(),
        "chosen_org": chosen, "may_export": anywhere(request.user, "view"),
        "register_query": urlencode({key: value for key, value in register.items() if value})})


@login_required
def meeting_create(request):
    orgs = managing_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied
    wanted = parse_id(request.GET.get("org", ""))
    org = orgs.filter(pk=wanted).first() if wanted else None
    form = MeetingForm(request.POST or None, user=request.user, org=org,
                       instance=Meeting(created_by=request.user))

    def save(form):
        if not can(request.user, "manage_meetings", form.cleaned_data["org"]):
            raise PermissionDenied
        form.instance._change_reason = "起草会议"
        with transaction.atomic():
            meeting = form.save()
            set_invitees(meeting, form.cleaned_data["invitees"])
        return meeting

    return form_page(request, form, save=save, template="core/form.html",
                     done=lambda m: f"已保存会议「{m.title}」（草稿），确认无误后请发布会议通知",
                     to="meeting_detail", title="新建会议")


def _meeting(request, pk):
    return get_object_or_404(visible_to(request.user, Meeting).select_related(
        "org", "host", "recorder", "created_by"), pk=pk)


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    # Who sees the meeting by role reads everyone's attendance; an invitee her own.
    sees_all = can(request.user, "view", meeting.org)
    rows = list(visible_to(request.user, meeting.attendance.select_related("member")
                           .order_by(STATUS_ORDER, "member__name_pinyin", "member_id")))
    mine = next((r for r in rows if r.member.user_id == request.user.pk), None)
    may_manage = can(request.user, "manage_meetings", meeting)
    # 扫码签到: during the window its managers show the code (and its address, to send or copy) in the room.
    signin = signin_url(request, meeting) if may_manage and is_open(meeting) else ""
    return render(request, "orglife/meeting_detail.html", {
        "meeting": meeting, "rows": rows, "sees_all": sees_all, "counts": attendance_counts(rows),
        "signin_url": signin, "signin_qr": qr_svg(signin) if signin else "",
        "signed_in": sum(1 for r in rows if r.signed_in_at),
        "quorum": quorum(meeting) if sees_all and meeting.kind in QUORUM_KINDS else None,
        "mine": mine, "may_manage": may_manage, "transitions": meeting_workflow.allowed(request.user, meeting),
        "pending": [r for r in rows if r.leave_status == A.Leave.PENDING] if may_manage else [],
        "may_ask_leave": (mine is not None and meeting.status == Meeting.Status.PUBLISHED
                          and not meeting.has_started and mine.leave_status != A.Leave.GRANTED),
        "files": visible_to(request.user, meeting.files.order_by("id")),
        "leave_form": LeaveForm(), "working_org": meeting.org, **_criticisms(request.user, meeting, may_manage),
        "life": preparation(request.user, meeting) if sees_all and meeting.kind in LIFE_KINDS else None})


def _criticisms(user, meeting, may_manage) -> dict:
    """A 生活会's 批评意见 as the user may read them (the member criticized: hers), and what she may do with them."""
    if meeting.kind not in CRITICISM_KINDS:
        return {}
    items = list(visible_to(user, Criticism).filter(meeting=meeting)
                 .select_related("member", "critic", "problem__campaign"))
    may_convert = may_manage and any(item.problem_id is None for item in items)
    return {"criticisms": items, "takes_criticism": may_manage and takes_criticism(meeting),
            # one list of campaigns serves every item: the org's active campaigns the user registers problems in
            "problem_form": ToProblemForm(campaigns=problem_campaigns(user, meeting.org))
            if may_convert else None}


@login_required
def meeting_edit(request, pk):
    meeting = get_allowed_or_404(request.user, Meeting.objects.select_related("org"), pk, "manage_meetings")
    form = MeetingForm(request.POST or None, user=request.user, instance=meeting)

    def save(form):
        form.instance._change_reason = "修改会议"
        with transaction.atomic():
            recount_quorum(form.instance)  # a held meeting made a 支委会 is counted against the committee
            meeting = form.save()
            if "invitees" in form.cleaned_data:
                set_invitees(meeting, form.cleaned_data["invitees"])
        return meeting

    return form_page(request, form, save=save, template="core/form.html", done="已保存修改",
                     to="meeting_detail", title=f"修改会议：{meeting.title}", meeting=meeting)


@login_required
@require_POST
def meeting_report(request, pk):
    """会后上报: a held 生活会's report went to the superior (with a note: 报送方式、文号)."""
    meeting = get_allowed_or_404(request.user, Meeting.objects.all(), pk, "manage_meetings")
    if meeting.kind not in LIFE_KINDS:
        messages.error(request, "只有组织生活会、民主生活会需要会后上报")
    else:
        try:
            mark_reported(request.user, meeting, request.POST.get("note", ""))
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已登记上报上级")
    return redirect("meeting_detail", pk)


@login_required
@require_POST
def meeting_action(request, pk):
    meeting = _meeting(request, pk)
    return step(request, meeting_workflow, meeting, request.POST.get("action", ""),
                reverse("meeting_detail", args=[meeting.pk]),
                done=lambda m: "已发布会议通知，参会人员已收到提醒")


@login_required
@require_POST
def meeting_leave(request, pk):
    """An invitee asks for 请假 before the meeting starts."""
    meeting = _meeting(request, pk)
    row = visible_to(request.user, A, "own").filter(meeting=meeting).first()
    if row is None:  # someone who sees the meeting by role but is not invited
        raise PermissionDenied
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"未提交请假：{form.errors['reason'][0]}")
    else:
        try:
            request_leave(row, form.cleaned_data["reason"])
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已提交请假申请，等待书记审批")
    return redirect("meeting_detail", meeting.pk)


@login_required
@require_POST
def leave_decide(request, pk):
    """The secretary grants (准假) or refuses (不准假) a pending request."""
    row = get_allowed_or_404(request.user, A.objects.select_related("meeting", "member"), pk, "manage_meetings")
    decision = request.POST.get("decision")
    if decision not in ("grant", "refuse"):  # a request without the button's value decides nothing
        messages.error(request, "未处理请假：请选择准假或不准假")
        return redirect("meeting_detail", row.meeting_id)
    grant = decision == "grant"
    try:
        row = decide_leave(request.user, row, grant)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已{'准假' if grant else '不准假'}：{row.member.name}，已通知本人")
    return redirect("meeting_detail", row.meeting_id)


@login_required
def meeting_record(request, pk):
    """After the meeting: attendance by hand, the minutes and decisions; a published meeting becomes 已召开."""
    meeting = get_allowed_or_404(request.user, Meeting.objects.select_related("org"), pk, "manage_meetings")
    if meeting.status == Meeting.Status.DRAFT or not meeting.has_started:
        messages.error(request, "会议尚未发布或尚未开始，开始后才能登记出勤和会议记录")
        return redirect("meeting_detail", meeting.pk)
    rows = visible_to(request.user, meeting.attendance.select_related("member").order_by(
        "member__name_pinyin", "member_id"), "manage_meetings")
    form = RecordForm(request.POST or None, request.FILES or None, meeting=meeting, rows=rows)

    def done(_):
        counts = attendance_counts([SimpleNamespace(status=status) for _, status, _ in form.attendance()])
        return (f"已保存会议记录：应到 {counts['expected']} 人，出席 {counts['present']} 人，"
                f"列席 {counts['observer']} 人，请假 {counts['leave']} 人，缺席 {counts['absent']} 人")

    return form_page(request, form, save=lambda form: record_meeting(request.user, meeting, form), done=done,
                     to="meeting_detail", template="orglife/meeting_record.html", meeting=meeting)


@login_required
def meeting_file(request, pk):
    """A meeting's photo or file, to whoever sees the meeting."""
    upload = get_object_or_404(visible_to(request.user, MeetingFile), pk=pk)
    return serve(upload.file, upload.original_name, upload.content_type)


urlpatterns = [
    path("orglife/", meeting_list, name="meeting_list"),
    path("orglife/new/", meeting_create, name="meeting_create"),
    path("orglife/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("orglife/<int:pk>/edit/", meeting_edit, name="meeting_edit"),
    path("orglife/<int:pk>/action/", meeting_action, name="meeting_action"),
    path("orglife/<int:pk>/report/", meeting_report, name="meeting_report"),
    path("orglife/<int:pk>/leave/", meeting_leave, name="meeting_leave"),
    path("orglife/<int:pk>/record/", meeting_record, name="meeting_record"),
    path("orglife/leave/<int:pk>/decide/", leave_decide, name="leave_decide"),
    path("orglife/files/<int:pk>/", meeting_file, name="meeting_file"),
]
