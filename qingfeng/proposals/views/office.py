"""受理: the office's list of items, an item's whole file, and what the office does to it.

Who reads: whoever views the office's org by role (its managers, leaders, inspectors, discipline); who acts:
`intake_proposals` there (the office's org admin and secretary). A member who submitted from the app reads her
own item on 我的提案, never here (the office's page carries its internal notes).
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
from qingfeng.core.workflow import WorkflowError

from .. import services
from ..filters import ProposalFilter
from ..forms import AssignForm, MergeForm, NoteForm, refused_on_form
from ..models import Assignment, Progress, Proposal, ProposalFile, ProposalNotice, Rating, Reply
from ..tables import ProposalTable
from ..workflow import proposal_workflow

PER_PAGE = 25
S = Proposal.Status
BUTTONS = ("accept", "refer", "reject", "close")  # the office's steps taken by a button; the rest have forms
MERGEABLE = proposal_workflow.by_name["merge"].sources
ASSIGNABLE = (S.PENDING, S.ACCEPTED)  # services.assign takes an item still 待受理 in first


@login_required
def proposal_list(request):
    # Who reads no office's records by role: a unit's people go to what they were given, a member to her own.
    if not services.at_an_office(request.user, "view"):
        return redirect("assignment_list" if anywhere(request.user, "view") else "my_proposals")
    items = visible_to(request.user, Proposal).select_related("category", "lead_unit").order_by("-submitted_at", "-pk")
    item_filter = ProposalFilter(request.GET, queryset=items)
    # A filter that does not validate is shown with its message and no rows, never silently dropped.
    table = ProposalTable(item_filter.qs if item_filter.is_valid() else items.none())
    paginate_table(request, table, PER_PAGE)
    return render(request, "proposals/proposal_list.html", {
        "filter": item_filter, "table": table,
        "may_configure": services.at_an_office(request.user, "configure_proposals")})


def _office_item(request, pk, name):
    """The item, for one who may take action `name` on it (404 outside the user's scope, else 403)."""
    return get_allowed_or_404(request.user, Proposal.objects.select_related("office"), pk, name)


@login_required
def proposal_detail(request, pk):
    proposal = get_object_or_404(visible_to(request.user, Proposal).select_related(
        "office", "category", "lead_unit", "merged_into", "submitted_by"), pk=pk)
    if not can(request.user, "view", proposal.office):
        # not the office's: a unit reads it on its assignment's page, a submitter on 我的提案
        mine = visible_to(request.user, Assignment).filter(proposal=proposal).order_by("-lead", "pk").first()
        return redirect("assignment_detail", mine.pk) if mine else redirect("my_proposal", proposal.pk)
    user = request.user
    may_intake = can(user, "intake_proposals", proposal)
    # what the office may do now: the workflow's buttons, the forms (交办, 合并) and 公开答复
    forms = {"may_merge": may_intake and proposal.status in MERGEABLE,
             "may_assign": may_intake and proposal.status in ASSIGNABLE,
             "may_publish": may_intake and proposal.status in (S.REPLIED, S.CLOSED)}
    transitions = proposal_workflow.allowed(user, proposal)
    return render(request, "proposals/proposal_detail.html", {
        "proposal": proposal, "working_org": proposal.office, "transitions": transitions, **forms,
        "has_actions": bool(transitions) or any(forms.values()),
        "files": visible_to(user, ProposalFile).filter(proposal=proposal).order_by("pk"),
        "assignments": visible_to(user, Assignment).filter(proposal=proposal).select_related("unit"),
        "progress": visible_to(user, Progress).filter(proposal=proposal).select_related(
            "assignment__unit", "created_by"),
        "replies": visible_to(user, Reply).filter(proposal=proposal).select_related("unit"),
        "ratings": visible_to(user, Rating).filter(proposal=proposal),
        "notices": visible_to(user, ProposalNotice).filter(assignment__proposal=proposal).select_related(
            "assignment__unit"),
        "steps": proposal.history.exclude(history_change_reason__isnull=True).exclude(history_change_reason="")
        .select_related("history_user").order_by("history_date", "history_id"),
        "overdue": services.overdue(proposal),
        "note_form": NoteForm(initial={"internal_note": proposal.internal_note}) if may_intake else None})


@login_required
@require_POST
def proposal_action(request, pk):
    """The office's buttons (受理, 留作参考, 不予受理, 办结) and its internal note."""
    proposal = get_object_or_404(visible_to(request.user, Proposal), pk=pk)
    name = request.POST.get("action", "")
    to = reverse("proposal_detail", args=[proposal.pk])
    if name == "note":
        form = NoteForm(request.POST)
        if form.is_valid():
            services.set_note(request.user, proposal, form.cleaned_data["internal_note"])
            messages.success(request, "已保存内部备注")
        else:
            messages.error(request, f"未保存内部备注：{form.errors['internal_note'][0]}")
        return redirect(to)
    if name not in BUTTONS:
        messages.error(request, "未知的操作")
        return redirect(to)
    try:
        proposal = services.act(request.user, proposal, name, request.POST.get("text", ""))
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已{proposal_workflow.by_name[name].label}：{proposal.number}")
    return redirect(to)


def _office_form(request, proposal, form, *, label: str, open_in, act, done):
    """合并 / 交办: the form titled `label`, which says when the item's status does not allow it; a valid POST
    takes the step by `act(form)`, a refusal of the workflow landing on the form."""
    closed = "" if proposal.status in open_in else f"当前状态为「{proposal.get_status_display()}」，不能{label}"
    return form_page(request, form, save=refused_on_form(act), done=done, to="proposal_detail",
                     title=f"{label}：{proposal.number} {proposal.title}", working_org=proposal.office, notice=closed)


@login_required
def proposal_merge(request, pk):
    proposal = _office_item(request, pk, "intake_proposals")
    form = MergeForm(request.POST or None, user=request.user, proposal=proposal)
    return _office_form(
        request, proposal, form, label="合并", open_in=MERGEABLE,
        act=lambda form: services.merge(request.user, proposal, form.cleaned_data["target"],
                                        form.cleaned_data["reason"]),
        done=lambda merged: f"已将{merged.number}并入{merged.merged_into.number}，提交人可见合并说明")


@login_required
def proposal_assign(request, pk):
    proposal = _office_item(request, pk, "intake_proposals")
    form = AssignForm(request.POST or None, user=request.user, proposal=proposal)
    return _office_form(
        request, proposal, form, label="交办", open_in=ASSIGNABLE,
        act=lambda form: services.assign(request.user, proposal, **form.cleaned_data),
        done=lambda assigned: f"已交办：{assigned.number}，主办单位{assigned.lead_unit.name}已收到通知")


@login_required
@require_POST
def proposal_publish(request, pk):
    """公开答复 on or off: the item's title, content and reply on the public list."""
    proposal = _office_item(request, pk, "intake_proposals")
    published = request.POST.get("published") == "1"
    try:
        services.set_published(request.user, proposal, published)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已公开答复" if published else "已取消公开")
    return redirect("proposal_detail", proposal.pk)


@login_required
def proposal_file(request, pk):
    """An item's file, to whoever reads the office's records."""
    upload = get_allowed_or_404(request.user, ProposalFile, pk)
    return serve(upload.file, upload.original_name, upload.content_type)
