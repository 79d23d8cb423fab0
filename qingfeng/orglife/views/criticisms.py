"""批评意见: recorded by the meeting's managers after a 组织生活会 or 民主生活会, each turned into a 查摆问题 with one
click. The member criticized reads the items about her on the meeting page; the problem page says where it came from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from qingfeng.core.pages import form_page
from qingfeng.core.permissions import get_allowed_or_404, visible_to
from qingfeng.core.workflow import WorkflowError
from qingfeng.orgs.models import Member

from ..criticisms import CriticismForm, ToProblemForm, problem_campaigns, takes_criticism
from ..models import Criticism, Meeting, MeetingAttendance
from ..services import criticism_to_problem


@login_required
def criticism_create(request, pk):
    meeting = get_allowed_or_404(request.user, Meeting.objects.select_related("org"), pk, "manage_meetings")
    if not takes_criticism(meeting):
        messages.error(request, "只有已召开的组织生活会、民主生活会才登记批评意见")
        return redirect("meeting_detail", pk)
    # the invited: who took part in the 生活会
    invited = visible_to(request.user, MeetingAttendance, "manage_meetings").filter(meeting=meeting)
    members = visible_to(request.user, Member, "manage_meetings").filter(
        pk__in=invited.values("member_id")).order_by("name_pinyin", "pk")
    form = CriticismForm(request.POST or None, members=members,
                         instance=Criticism(meeting=meeting, created_by=request.user))

    def save(form):
        form.instance._change_reason = "登记批评意见"
        return form.save()

    return form_page(request, form, save=save, done="已登记批评意见",
                     to=lambda item: reverse("meeting_detail", args=[pk]) + "#criticisms",
                     title=f"登记批评意见 · {meeting.title}", working_org=meeting.org)


@login_required
@require_POST
def criticism_problem(request, pk):
    """转为问题: the item becomes a 查摆问题 (source 批评意见) of the chosen active campaign."""
    item = get_allowed_or_404(request.user, Criticism.objects.select_related("meeting", "member__org"), pk,
                              "manage_meetings")
    form = ToProblemForm(request.POST, campaigns=problem_campaigns(request.user, item.member.org))
    if not form.is_valid():
        messages.error(request, "未转为问题：" + "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            problem = criticism_to_problem(request.user, item, form.cleaned_data["campaign"])
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"已转为「{problem.campaign.title}」的查摆问题，请布置整改措施")
    return redirect(reverse("meeting_detail", args=[item.meeting_id]) + f"#criticism-{item.pk}")


urlpatterns = [
    path("orglife/<int:pk>/criticisms/new/", criticism_create, name="criticism_create"),
    path("orglife/criticisms/<int:pk>/problem/", criticism_problem, name="criticism_problem"),
]
