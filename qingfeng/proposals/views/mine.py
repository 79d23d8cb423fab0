"""我的提案: what a logged-in member submitted from the app, followed and rated as herself.

She reads what the public progress page shows (`progress.public_view`: status, units, dates, the progress entries
marked public, the replies), never the office's internal note or the units' other entries.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import anywhere, visible_to
from qingfeng.core.workflow import WorkflowError

from .. import services
from ..forms import RateForm
from ..models import Proposal
from ..progress import public_view
from ..tables import MyProposalTable

PER_PAGE = 25


def _mine(user):
    # her own: what the permission rule lets her read, narrowed to what she submitted
    return visible_to(user, Proposal).filter(submitted_by=user)


@login_required
def my_proposals(request):
    table = MyProposalTable(_mine(request.user).order_by("-submitted_at", "-pk"))
    paginate_table(request, table, PER_PAGE)
    return render(request, "proposals/my_proposals.html", {"table": table, "staff": anywhere(request.user, "view")})


@login_required
def my_proposal(request, pk):
    proposal = get_object_or_404(_mine(request.user).select_related("category", "merged_into"), pk=pk)
    return render(request, "proposals/my_proposal.html", {
        "proposal": proposal, "item": public_view(proposal),
        "rate_form": RateForm() if proposal.status == Proposal.Status.REPLIED else None,
        "staff": anywhere(request.user, "view")})


@login_required
@require_POST
def my_proposal_rate(request, pk):
    proposal = get_object_or_404(_mine(request.user), pk=pk)
    form = RateForm(request.POST)
    if proposal.status != Proposal.Status.REPLIED:
        # checked first: a rating for the round already rated must not reach the database's unique constraint
        messages.error(request, f"当前状态为「{proposal.get_status_display()}」，不能评价")
    elif not form.is_valid():
        messages.error(request, "未评价：请选择满意、基本满意或不满意")
    else:
        try:
            proposal = services.rate(request.user, proposal, form.cleaned_data["value"], form.cleaned_data["comment"])
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已评价，感谢您的反馈" + (
                "；已退回主办单位二次办理" if proposal.status == Proposal.Status.HANDLING else ""))
    return redirect("my_proposal", proposal.pk)
