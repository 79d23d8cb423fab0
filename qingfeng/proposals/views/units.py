"""承办: a unit's items, read through its assignment, its progress, a co-unit's finished part and the lead unit's reply.

A unit's people see an item only through the assignment that gave it to them (`get_allowed_or_404` on the
Assignment, then its proposal and what hangs off it); the submitter's phone reaches them masked (`shown`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qingfeng.core.pages import form_page
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import anywhere, can, get_allowed_or_404, visible_to
from qingfeng.core.uploads import serve

from .. import services
from ..filters import AssignmentFilter
from ..forms import ProgressForm, ReplyForm, refused_on_form
from ..models import Assignment, Progress, Proposal, ProposalFile, Reply
from ..tables import AssignmentTable
from ..workflow import proposal_workflow

PER_PAGE = 25
S = Proposal.Status


def _assignment(request, pk, name="view"):
    return get_allowed_or_404(request.user, Assignment.objects.select_related(
        "unit", "proposal__category", "proposal__office", "proposal__lead_unit"), pk, name)


@login_required
def assignment_list(request):
    if not anywhere(request.user, "view"):  # a member without a role: her own submissions
        return redirect("my_proposals")
    rows = visible_to(request.user, Assignment).select_related("unit", "proposal").order_by("deadline", "pk")
    row_filter = AssignmentFilter(request.GET, queryset=rows)
    table = AssignmentTable(row_filter.qs if row_filter.is_valid() else rows.none())
    paginate_table(request, table, PER_PAGE)
    return render(request, "proposals/assignment_list.html", {"filter": row_filter, "table": table})


@login_required
def assignment_detail(request, pk):
    assignment = _assignment(request, pk)
    proposal = assignment.proposal
    user = request.user
    may_handle = can(user, "handle_proposals", assignment) and proposal.status == S.HANDLING
    return render(request, "proposals/assignment_detail.html", {
        "assignment": assignment, "proposal": proposal, "working_org": assignment.unit,
        "files": list(visible_to(user, ProposalFile).filter(proposal=proposal).order_by("pk")),
        "assignments": visible_to(user, Assignment).filter(proposal=proposal).select_related("unit"),
        "progress": visible_to(user, Progress).filter(proposal=proposal).select_related(
            "assignment__unit", "created_by"),
        "replies": visible_to(user, Reply).filter(proposal=proposal).select_related("unit"),
        "overdue": services.part_overdue(assignment),
        "may_progress": may_handle, "progress_form": ProgressForm() if may_handle else None,
        "may_finish": may_handle and not assignment.lead and assignment.done_at is None,
        "may_reply": may_handle and assignment.lead})


@login_required
@require_POST
def assignment_progress(request, pk):
    """办理进展 of any assigned unit while the item is 办理中, with files checked by content."""
    assignment = _assignment(request, pk, "handle_proposals")
    form = ProgressForm(request.POST, request.FILES)
    if assignment.proposal.status != S.HANDLING:
        messages.error(request, f"当前状态为「{assignment.proposal.get_status_display()}」，不能登记办理进展")
    elif not form.is_valid():
        messages.error(request, "未保存办理进展：" + "；".join(
            f"{form.fields[name].label}：{error}" for name, errors in form.errors.items() for error in errors))
    else:
        data = form.cleaned_data
        services.post_progress(request.user, assignment, data["text"], data["public"], data["files"])
        messages.success(request, "已登记办理进展" + ("，提交人可见" if data["public"] else ""))
    return redirect("assignment_detail", assignment.pk)


@login_required
@require_POST
def assignment_done(request, pk):
    """A co-unit hands its part to the lead unit (协办完成)."""
    assignment = _assignment(request, pk, "handle_proposals")
    if assignment.lead:
        messages.error(request, "主办单位以答复办结本单位的办理，不需要标记协办完成")
    elif assignment.done_at is not None:
        messages.error(request, "本单位的协办已标记完成")
    elif assignment.proposal.status != S.HANDLING:
        messages.error(request, f"当前状态为「{assignment.proposal.get_status_display()}」，不能标记协办完成")
    else:
        services.finish_part(request.user, assignment)
        messages.success(request, "已标记协办完成，主办单位已收到通知")
    return redirect("assignment_detail", assignment.pk)


@login_required
def assignment_reply(request, pk):
    """答复意见: the lead unit's, while the item is 办理中."""
    assignment = _assignment(request, pk, "handle_proposals")
    proposal = assignment.proposal
    if not assignment.lead:
        messages.error(request, "只有主办单位可以答复；协办单位请登记办理进展并标记协办完成")
        return redirect("assignment_detail", assignment.pk)
    if proposal.status != S.HANDLING:
        messages.error(request, f"当前状态为「{proposal.get_status_display()}」，不能答复")
        return redirect("assignment_detail", assignment.pk)
    form = ReplyForm(request.POST or None, request.FILES or None)

    save = refused_on_form(lambda form: services.reply(request.user, proposal, form.cleaned_data["text"],
                                                       form.cleaned_data["files"]))
    units = visible_to(request.user, Assignment).filter(proposal=proposal).select_related("unit")
    pending = [a.unit.name for a in units if not a.lead and a.done_at is None]
    return form_page(request, form, save=save, done=f"已答复：{proposal.number}，受理单位和提交人可见",
                     to=lambda _: reverse("assignment_detail", args=[assignment.pk]),
                     template="proposals/reply_form.html",
                     title=f"答复：{proposal.number} {proposal.title}", assignment=assignment,
                     proposal=proposal, working_org=assignment.unit, pending=pending,
                     label=proposal_workflow.by_name["reply"].label)


@login_required
def assignment_file(request, pk, file_pk):
    """A file of the item, to whoever reads its assignment (404 for a file of another item)."""
    assignment = _assignment(request, pk)
    files = visible_to(request.user, ProposalFile).filter(proposal=assignment.proposal_id)
    upload = get_object_or_404(files, pk=file_pk)
    return serve(upload.file, upload.original_name, upload.content_type)
