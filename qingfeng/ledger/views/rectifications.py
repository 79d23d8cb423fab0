"""改: rectifications with evidence and acceptance, and the 整改台账 that lists them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from qingfeng.core.history import history_entries
from qingfeng.core.pages import form_page, step
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import can, get_allowed_or_404, visible_to
from qingfeng.core.uploads import serve
from qingfeng.core.workflow import WorkflowError

from ..filters import LedgerFilter
from ..forms import EvidenceForm, RectificationForm
from ..models import Evidence, Problem, Rectification
from ..tables import CappedPaginator, LedgerTable, overdue_badge, status_badge
from ..workflow import add_evidence, may_add_evidence, rectification_workflow

LEDGER_PER_PAGE = 25


@login_required
def ledger_list(request):
    rectifications = visible_to(request.user, Rectification).select_related(
        "problem", "owner", "leader", "org")
    ledger_filter = LedgerFilter(request.GET, queryset=rectifications, user=request.user)
    # A filter that does not validate (an org outside the user's scope, a forged id) is refused
    # with its message and no rows, rather than silently dropped.
    rows = ledger_filter.qs if ledger_filter.is_valid() else rectifications.none()
    table = LedgerTable(rows)
    paginate_table(request, table, LEDGER_PER_PAGE, paginator_class=CappedPaginator)
    # The export button posts the filter, not the page of the table nor its order.
    export_params = [(k, v) for k, v in request.GET.items() if k not in ("page", "per_page", "sort")]
    return render(request, "ledger/ledger_list.html",
                  {"filter": ledger_filter, "table": table, "export_params": export_params})


@login_required
def rectification_create(request, pk):
    problem = get_allowed_or_404(request.user, Problem.objects.select_related("campaign", "org"), pk, "assign")
    if problem.campaign.is_closed:
        messages.error(request, "专项工作已结束，不能再新增整改措施")
        return redirect("problem_detail", problem.pk)
    form = RectificationForm(request.POST or None, user=request.user, problem=problem)
    return form_page(request, form, to="rectification_detail",
                     done=lambda rectification: f"已新增整改措施，责任人：{rectification.owner.name}",
                     org=problem.org, title=f"新增整改措施 · {problem}")


def _get_rectification(user, pk, action="view"):
    return get_allowed_or_404(user, Rectification.objects.select_related(
        "problem__campaign", "problem__member", "org", "owner", "leader", "reviewed_by"), pk, action)


@login_required
def rectification_detail(request, pk):
    return _render_detail(request, _get_rectification(request.user, pk))


def _render_detail(request, rectification, evidence_form=None):
    user = request.user
    may_upload = may_add_evidence(user, rectification)
    if may_upload and evidence_form is None:
        evidence_form = EvidenceForm()
    return render(request, "ledger/rectification_detail.html", {
        "rectification": rectification,
        "problem": rectification.problem,
        "may_view_problem": can(user, "view", rectification.problem),
        "status_badge": status_badge(rectification),
        "overdue_badge": overdue_badge(rectification, None),
        "transitions": rectification_workflow.allowed(user, rectification),
        "evidence": visible_to(user, rectification.evidence.all()).select_related("uploaded_by"),
        "evidence_form": evidence_form if may_upload else None,
        "follow_ups": visible_to(user, rectification.follow_ups.all()).select_related("checked_by"),
        "supervisions": visible_to(user, rectification.supervisions.all()).select_related("created_by"),
        "entries": history_entries(rectification, request.user),
    })


@login_required
@require_POST
def rectification_action(request, pk):
    rectification = _get_rectification(request.user, pk)
    return step(request, rectification_workflow, rectification, request.POST.get("action", ""),
                reverse("rectification_detail", args=[rectification.pk]), request.POST.get("text", ""))


@login_required
@require_POST
def evidence_upload(request, pk):
    rectification = _get_rectification(request.user, pk, "own")
    if not may_add_evidence(request.user, rectification):
        messages.error(request, f"当前状态为「{rectification.get_status_display()}」，不能再上传佐证材料")
        return redirect("rectification_detail", rectification.pk)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        # Said at the top of the page too: the form sits below the fold, where a refusal went unseen.
        messages.error(request, "佐证材料未上传：" + "；".join(
            error for errors in form.errors.values() for error in errors))
        return _render_detail(request, rectification, evidence_form=form)
    try:
        evidence = add_evidence(request.user, rectification, file=form.cleaned_data["file"],
                                content_type=form.content_type, note=form.cleaned_data["note"])
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"已上传佐证材料「{evidence}」")
    return redirect("rectification_detail", rectification.pk)


@login_required
def evidence_download(request, pk):
    evidence = get_allowed_or_404(request.user, Evidence.objects.select_related(
        "rectification__org", "rectification__owner", "rectification__problem"), pk)
    if not evidence.file:
        raise Http404
    return serve(evidence.file, evidence.original_name, evidence.content_type)


urlpatterns = [
    path("ledger/", ledger_list, name="ledger_list"),
    path("problems/<int:pk>/rectifications/new/", rectification_create, name="rectification_create"),
    path("rectifications/<int:pk>/", rectification_detail, name="rectification_detail"),
    path("rectifications/<int:pk>/action/", rectification_action, name="rectification_action"),
    path("rectifications/<int:pk>/evidence/", evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/download/", evidence_download, name="evidence_download"),
]
