"""专项工作: list, create and edit, open and close, 自选动作, and the campaign page.

The page's figures come from the apps above through `signals.campaign_shown` (reports computes them).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Min, Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qingfeng.core.pages import form_page, step
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import can, get_allowed_or_404, grants, top_orgs, visible_to
from qingfeng.orgs.models import Org

from ..context import CLOSED_MESSAGE, campaign_scope, task_orgs
from ..filters import CampaignFilter
from ..forms import CampaignForm, OptionalTaskForm
from ..models import Campaign, KeyTask
from ..signals import campaign_shown
from ..tables import CampaignTable
from ..workflow import campaign_workflow, missing_to_launch

PER_PAGE = 25
OPTIONAL_TASKS_SHOWN = 50


@login_required
def campaign_list(request):
    campaigns = (
        visible_to(request.user, Campaign).select_related("org", "checklist")
        .annotate(first_day=Min("phases__start"), last_day=Max("phases__end"))
        .order_by("-created_at", "-id")
    )
    campaign_filter = CampaignFilter(request.GET, queryset=campaigns)
    # A filter that does not validate is shown with its message and no rows, never silently dropped.
    table = CampaignTable(campaign_filter.qs if campaign_filter.is_valid() else campaigns.none())
    paginate_table(request, table, PER_PAGE)
    return render(request, "campaigns/campaign_list.html", {
        "filter": campaign_filter,
        "table": table,
        "may_launch": top_orgs(request.user, "launch").exists(),
    })


@login_required
def campaign_create(request):
    if not top_orgs(request.user, "launch").exists():
        raise PermissionDenied
    form = CampaignForm(request.POST if request.method == "POST" else None,
                        instance=Campaign(created_by=request.user), user=request.user)
    return form_page(request, form, template="campaigns/campaign_form.html", title="新建专项工作",
                     done=lambda campaign: f"已建立专项工作「{campaign.title}」（草稿），设置完成后请启动",
                     to="campaign_detail")


@login_required
def campaign_edit(request, pk):
    campaign = get_allowed_or_404(request.user, Campaign, pk, "launch")
    if campaign.is_closed:
        messages.error(request, CLOSED_MESSAGE)
        return redirect("campaign_detail", campaign.pk)
    form = CampaignForm(request.POST if request.method == "POST" else None, instance=campaign, user=request.user)
    return form_page(request, form, template="campaigns/campaign_form.html", done="已保存修改", to="campaign_detail",
                     campaign=campaign, title=f"编辑「{campaign.title}」")


def _transition(request, pk, name):
    campaign = get_allowed_or_404(request.user, Campaign, pk, "launch")
    return step(request, campaign_workflow, campaign, name, reverse("campaign_detail", args=[campaign.pk]),
                done=lambda campaign: f"专项工作「{campaign.title}」{campaign.get_status_display()}")


@require_POST
@login_required
def campaign_activate(request, pk):
    return _transition(request, pk, "activate")


@require_POST
@login_required
def campaign_close(request, pk):
    return _transition(request, pk, "close")


@require_POST
@login_required
def campaign_task_add(request, pk):
    campaign = get_allowed_or_404(request.user, Campaign.objects.select_related("org"), pk)
    orgs = task_orgs(request.user, campaign)
    if not orgs.exists():
        raise PermissionDenied
    if campaign.is_closed:
        messages.error(request, CLOSED_MESSAGE)
        return redirect("campaign_detail", campaign.pk)
    form = OptionalTaskForm(request.POST, orgs=orgs, instance=KeyTask(campaign=campaign, required=False))
    if form.is_valid():
        task = form.save()
        messages.success(request, f"已为「{task.org}」添加自选动作「{task.title}」")
    else:
        errors = "；".join(f"{form[name].label}：{'、'.join(e)}" if name != "__all__" else "、".join(e)
                          for name, e in form.errors.items())
        messages.error(request, f"未添加自选动作：{errors}")
    return redirect("campaign_detail", campaign.pk)


@login_required
def campaign_detail(request, pk):
    user = request.user
    campaign = get_allowed_or_404(user, Campaign.objects.select_related("org", "checklist").prefetch_related("phases"),
                                  pk)
    scope = campaign_scope(request, campaign)
    today = timezone.localdate()
    optional_tasks = list(visible_to(user, campaign.key_tasks.filter(
        Q(required=False, org__path__startswith=scope.path)
        & (Q(org__in=visible_to(user, Org)) | Q(org__path__in=grants(user).ancestor_paths()))
    )).select_related("org")[:OPTIONAL_TASKS_SHOWN + 1])
    may_launch = can(user, "launch", campaign)
    return render(request, "campaigns/campaign_detail.html", {
        "campaign": campaign,
        "phases": [(p, p.start <= today <= p.end) for p in campaign.phases.all()],
        "required_tasks": list(visible_to(user, campaign.key_tasks.filter(required=True))),
        "optional_tasks": optional_tasks[:OPTIONAL_TASKS_SHOWN],
        "more_tasks": len(optional_tasks) > OPTIONAL_TASKS_SHOWN,
        "scope": scope,
        # The navbar names the subtree the page shows, when the user may open its page.
        "working_org": scope if can(user, "view", scope) else None,
        "may_launch": may_launch,
        "missing_to_launch": missing_to_launch(campaign) if campaign.status == Campaign.Status.DRAFT else [],
        "transitions": campaign_workflow.allowed(user, campaign) if may_launch else [],
        "task_orgs": [] if campaign.is_closed else list(task_orgs(user, campaign)),
        "panels": [html for _, html in campaign_shown.send(Campaign, campaign=campaign, user=user, scope=scope)
                   if html],
    })


urlpatterns = [
    path("campaigns/", campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/activate/", campaign_activate, name="campaign_activate"),
    path("campaigns/<int:pk>/close/", campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/tasks/add/", campaign_task_add, name="campaign_task_add"),
]
