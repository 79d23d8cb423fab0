"""查: the member's self-inspection (对照检查) against the campaign's checklist.

A member fills it as a draft and submits it once; on submit the apps above hear of every
存在 / 部分存在 answer (the ledger makes each a Problem: see `workflow.InspectionWorkflow`).
Reviewers see who in their scope has submitted and read each one.
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import path, reverse

from qingfeng.campaigns.context import CLOSED_MESSAGE, campaign_context, campaign_members, load_campaign
from qingfeng.core.pages import form_page
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import can, get_allowed_or_404, visible_to

from ..context import members_own_page, reviewed_org, reviewers_list
from ..filters import InspectionProgressFilter
from ..forms import SelfInspectionForm
from ..models import SelfInspection
from ..services import save_self_inspection, submit_self_inspection
from ..signals import inspection_shown
from ..tables import InspectionProgressTable
from ..workflow import SECTIONS, checklist_items

S = SelfInspection.Status
MEMBERS_PER_PAGE = 50
NO_MEMBER = "您的账号没有关联本专项工作范围内的党员档案，无需填写对照检查"
TEMPLATE = "inspection/inspection_form.html"


@login_required
@members_own_page("inspection", TEMPLATE, list_page="inspection_list", no_member=NO_MEMBER)
def inspection_mine(request, campaign, member, context):
    inspection = visible_to(request.user, SelfInspection).filter(campaign=campaign, member=member).first()
    if inspection is not None and (inspection.status == S.SUBMITTED or campaign.is_closed):
        return redirect("inspection_detail", campaign.pk, inspection.pk)
    notice = CLOSED_MESSAGE if campaign.is_closed else (
        "本专项工作尚未设置问题清单，暂不能填写对照检查" if campaign.checklist_id is None else "")
    if notice:
        return render(request, TEMPLATE, {**context, "notice": notice})
    if inspection is None:
        # Nothing is stored until the member saves: opening the page is not starting it (我的 says 尚未填写).
        inspection = SelfInspection(campaign=campaign, member=member, org=member.org)

    submitting = request.POST.get("action") == "submit"
    form = SelfInspectionForm(request.POST or None, user=request.user, inspection=inspection,
                              items=checklist_items(campaign), submitting=submitting)

    def save(form):
        with transaction.atomic():
            saved = inspection if inspection.pk else visible_to(request.user, SelfInspection, "own").get_or_create(
                campaign=campaign, member=member, defaults={"org": member.org})[0]
            save_self_inspection(saved, form.answers(), form.sections())
            saved.findings = submit_self_inspection(request.user, saved) if submitting else None
        return saved

    return form_page(request, form, save=save, template=TEMPLATE, inspection=inspection, **context,
                     done=lambda saved: submitted_text(saved.findings) if submitting else "草稿已保存",
                     to=lambda saved: (reverse("inspection_detail", args=[campaign.pk, saved.pk]) if submitting
                                       else reverse("inspection_mine", args=[campaign.pk])))


def submitted_text(findings: int) -> str:
    return f"对照检查已提交，查摆出的 {findings} 个问题已列入问题清单" if findings else "对照检查已提交"


@login_required
def inspection_detail(request, campaign_pk, pk):
    campaign = load_campaign(request, campaign_pk)
    inspection = get_allowed_or_404(
        request.user, SelfInspection.objects.filter(campaign=campaign).select_related("member", "org"), pk)
    answers = {a.item_id: a for a in visible_to(request.user, inspection.answers.all())}
    groups = []
    for item in checklist_items(campaign):
        if not groups or groups[-1][0] != item.category:
            groups.append((item.category, []))
        groups[-1][1].append((item, answers.get(item.pk)))
    # What the apps above show with it (the ledger: the problems it became), each from what the user may see.
    shown = [html for _, html in inspection_shown.send(SelfInspection, inspection=inspection, user=request.user)
             if html]
    return render(request, "inspection/inspection_detail.html", campaign_context(
        request, campaign, "inspection", inspection=inspection, groups=groups, shown=shown,
        sections=[(label, getattr(inspection, name)) for name, label in SECTIONS.items()],
        may_edit=(inspection.status == S.DRAFT and not campaign.is_closed
                  and can(request.user, "own", inspection))))


@login_required
@reviewers_list("inspection", own_page="inspection_mine")
def inspection_list(request, campaign, context):
    records = visible_to(request.user, SelfInspection).filter(campaign=campaign)
    submitted = Exists(records.filter(member=OuterRef("pk"), status=S.SUBMITTED))
    started = Exists(records.filter(member=OuterRef("pk")))
    members = campaign_members(request.user, campaign).annotate(done=submitted, started=started)
    counts = members.aggregate(total=Count("pk"), submitted=Count("pk", filter=Q(done=True)),
                               draft=Count("pk", filter=Q(done=False, started=True)))
    counts["none"] = counts["total"] - counts["submitted"] - counts["draft"]
    progress_filter = InspectionProgressFilter(request.GET, queryset=members)
    shown = progress_filter.qs if progress_filter.is_valid() else members.none()
    table = InspectionProgressTable(
        shown.select_related("org")
        .prefetch_related(Prefetch("self_inspections", queryset=records, to_attr="records"))
        .order_by("org__path", "name_pinyin", "pk"), campaign=campaign)
    paginate_table(request, table, MEMBERS_PER_PAGE)
    # Whoever reads every member's self-inspection of the org may take all their 对照检查材料 at once (reports).
    return render(request, "inspection/inspection_list.html", {
        **context, "counts": counts, "filter": progress_filter, "table": table,
        "archive_org": reviewed_org(request, campaign)})


urlpatterns = [
    path("campaigns/<int:campaign_pk>/inspection/", inspection_mine, name="inspection_mine"),
    path("campaigns/<int:campaign_pk>/inspections/", inspection_list, name="inspection_list"),
    path("campaigns/<int:campaign_pk>/inspections/<int:pk>/", inspection_detail, name="inspection_detail"),
]
