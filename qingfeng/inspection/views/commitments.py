"""查: the commitment (承诺书). A member signs once, with a typed name; the signed text is kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from qingfeng.campaigns.context import CLOSED_MESSAGE, campaign_members
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import visible_to

from ..context import members_own_page, reviewers_list
from ..filters import CommitmentProgressFilter
from ..forms import CommitmentForm
from ..models import Commitment
from ..tables import CommitmentProgressTable

MEMBERS_PER_PAGE = 50
NO_MEMBER = "您的账号没有关联本专项工作范围内的党员档案，无需签署承诺书"
SIGNED_ALREADY = "您已签署过承诺书，不能重复签署"
TEMPLATE = "inspection/commitment_sign.html"


@login_required
@members_own_page("commitment", TEMPLATE, list_page="commitment_list", no_member=NO_MEMBER)
def commitment_sign(request, campaign, member, context):
    signed = visible_to(request.user, Commitment).filter(campaign=campaign, member=member).first()
    if signed is not None:
        if request.method == "POST":
            messages.info(request, SIGNED_ALREADY)
        return render(request, TEMPLATE, {**context, "commitment": signed})
    notice = CLOSED_MESSAGE if campaign.is_closed else (
        "" if campaign.commitment_text.strip() else "本专项工作未设置承诺书内容")
    if notice:
        if request.method == "POST":
            messages.error(request, notice)
        return render(request, TEMPLATE, {**context, "notice": notice})

    form = CommitmentForm(request.POST or None, member=member)
    # Not a form_page: signing twice (in another tab a moment ago) is no error on this form but a
    # note above the page that shows the commitment signed.
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                member.commitments.create(
                    campaign=campaign, org=member.org, text=campaign.commitment_text,
                    signed_name=form.cleaned_data["name"], signed_at=timezone.now(), signed_by=request.user)
        except IntegrityError:
            messages.info(request, SIGNED_ALREADY)
        else:
            messages.success(request, "已签署承诺书")
        return redirect("commitment_sign", campaign.pk)
    return render(request, TEMPLATE, {**context, "form": form})


@login_required
@reviewers_list("commitment", own_page="commitment_sign")
def commitment_list(request, campaign, context):
    records = visible_to(request.user, Commitment).filter(campaign=campaign)
    members = campaign_members(request.user, campaign).annotate(
        has_signed=Exists(records.filter(member=OuterRef("pk"))))
    counts = members.aggregate(total=Count("pk"), signed=Count("pk", filter=Q(has_signed=True)))
    counts["unsigned"] = counts["total"] - counts["signed"]
    progress_filter = CommitmentProgressFilter(request.GET, queryset=members)
    shown = progress_filter.qs if progress_filter.is_valid() else members.none()
    table = CommitmentProgressTable(
        shown.select_related("org")
        .prefetch_related(Prefetch("commitments", queryset=records, to_attr="records"))
        .order_by("org__path", "name_pinyin", "pk"), campaign=campaign)
    paginate_table(request, table, MEMBERS_PER_PAGE)
    return render(request, "inspection/commitment_list.html", {
        **context, "counts": counts, "filter": progress_filter, "table": table})


urlpatterns = [
    path("campaigns/<int:campaign_pk>/commitment/", commitment_sign, name="commitment_sign"),
    path("campaigns/<int:campaign_pk>/commitments/", commitment_list, name="commitment_list"),
]
