"""学: reflections (心得体会). A member writes and submits; the secretary accepts or returns
with a comment; the member revises and resubmits. Status moves only through
`reflection_workflow`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from qingfeng.campaigns.context import campaign_context, load_campaign, participant, refuse_if_closed
from qingfeng.core.history import history_entries
from qingfeng.core.pages import form_page, step
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import can, get_allowed_or_404, visible_to
from qingfeng.core.workflow import WorkflowError

from ..filters import ReflectionFilter
from ..forms import ReflectionForm
from ..models import Reflection
from ..services import reflection_counts
from ..signals import reflection_shown
from ..tables import ReflectionTable
from ..workflow import reflection_workflow

S = Reflection.Status
EDITABLE = (S.DRAFT, S.RETURNED)
# What waits for the reviewer comes first.
REVIEW_ORDER = Case(When(status=S.SUBMITTED, then=Value(0)), When(status=S.RETURNED, then=Value(1)),
                    default=Value(2), output_field=IntegerField())
# The timeline shows who did what and the comments, not every field's old and new text.
HIDDEN = ("body", "review_comment", "reviewed_by", "submitted_at", "reviewed_at", "created_at",
          "campaign", "member", "org")
REFLECTIONS_PER_PAGE = 25
NO_MEMBER = "您的账号没有关联本专项工作范围内的党员档案，不能撰写心得体会"


def reflection_or_404(request, campaign, pk, action="view") -> Reflection:
    return get_allowed_or_404(request.user, Reflection.objects.filter(campaign=campaign).select_related(
        "campaign", "member", "org", "reviewed_by"), pk, action)


@login_required
def reflection_list(request, campaign_pk):
    campaign = load_campaign(request, campaign_pk)
    context = campaign_context(request, campaign, "reflections")
    user = request.user
    if context["participant"]:
        context["mine"] = (visible_to(user, Reflection).filter(campaign=campaign, member__user=user)
                           .defer("body").order_by("-created_at"))
    if context["oversees"]:
        # Drafts are the member's own until submitted.
        reviewed = (visible_to(user, Reflection).filter(campaign=campaign).exclude(status=S.DRAFT)
                    .select_related("member", "org").defer("body")
                    .order_by(REVIEW_ORDER, "-submitted_at", "-id"))
        reflection_filter = ReflectionFilter(request.GET, queryset=reviewed)
        table = ReflectionTable(reflection_filter.qs if reflection_filter.is_valid() else reviewed.none())
        paginate_table(request, table, REFLECTIONS_PER_PAGE)
        context.update(filter=reflection_filter, table=table, counts=reflection_counts(user, campaign))
    return render(request, "study/reflection_list.html", context)


@login_required
def reflection_create(request, campaign_pk):
    campaign = load_campaign(request, campaign_pk)
    member = participant(request.user, campaign)
    if member is None:
        messages.error(request, NO_MEMBER)
        return redirect("reflection_list", campaign.pk)
    if refuse_if_closed(request, campaign):
        return redirect("reflection_list", campaign.pk)
    form = ReflectionForm(request.POST or None, request.FILES or None,
                          instance=Reflection(campaign=campaign, member=member, org=member.org))
    submitting = "submit" in request.POST

    def save(form):
        form.instance._change_reason = "撰写"
        with transaction.atomic():
            reflection = form.save()
            if submitting:
                reflection_workflow.perform(request.user, reflection, "submit")
        return reflection

    return form_page(request, form, save=save, template="study/reflection_form.html",
                     done="心得体会已提交，等待审阅" if submitting else "草稿已保存",
                     to=lambda reflection: reverse("reflection_detail", args=[campaign.pk, reflection.pk]),
                     **campaign_context(request, campaign, "reflections", title="撰写心得体会"))


@login_required
def reflection_edit(request, campaign_pk, pk):
    campaign = load_campaign(request, campaign_pk)
    reflection = reflection_or_404(request, campaign, pk, "own")
    if refuse_if_closed(request, campaign):
        return redirect("reflection_detail", campaign.pk, reflection.pk)
    if reflection.status not in EDITABLE:
        messages.error(request, f"心得体会{reflection.get_status_display()}，不能再修改")
        return redirect("reflection_detail", campaign.pk, reflection.pk)
    form = ReflectionForm(request.POST or None, request.FILES or None, instance=reflection)
    submitting = "submit" in request.POST
    # Not a form_page: a submit refused after all (another tab moved it) keeps nothing and says so on its page.
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if form.has_changed():
                    reflection = form.save(commit=False)
                    reflection._change_reason = "修改"
                    reflection.save()
                if submitting:
                    reflection_workflow.perform(request.user, reflection, "submit")
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "心得体会已重新提交，等待审阅" if submitting else "已保存修改")
        return redirect("reflection_detail", campaign.pk, reflection.pk)
    return render(request, "study/reflection_form.html", campaign_context(
        request, campaign, "reflections", form=form, reflection=reflection, title="修改心得体会"))


@login_required
def reflection_detail(request, campaign_pk, pk):
    campaign = load_campaign(request, campaign_pk)
    reflection = reflection_or_404(request, campaign, pk)
    transitions = reflection_workflow.allowed(request.user, reflection)
    shown = [html for _, html in reflection_shown.send(Reflection, reflection=reflection, user=request.user) if html]
    return render(request, "study/reflection_detail.html", campaign_context(
        request, campaign, "reflections", reflection=reflection, transitions=transitions, shown=shown,
        needs_text=any(t.permission == "review" for t in transitions),
        entries=history_entries(reflection, request.user, hidden=HIDDEN),
        may_edit=(reflection.status in EDITABLE and not campaign.is_closed
                  and can(request.user, "own", reflection))))


@login_required
@require_POST
def reflection_action(request, campaign_pk, pk):
    campaign = load_campaign(request, campaign_pk)
    reflection = reflection_or_404(request, campaign, pk)
    return step(request, reflection_workflow, reflection, request.POST.get("action", ""),
                reverse("reflection_detail", args=[campaign.pk, reflection.pk]), request.POST.get("text", ""))


urlpatterns = [
    path("campaigns/<int:campaign_pk>/reflections/", reflection_list, name="reflection_list"),
    path("campaigns/<int:campaign_pk>/reflections/new/", reflection_create, name="reflection_create"),
    path("campaigns/<int:campaign_pk>/reflections/<int:pk>/", reflection_detail, name="reflection_detail"),
    path("campaigns/<int:campaign_pk>/reflections/<int:pk>/edit/", reflection_edit, name="reflection_edit"),
    path("campaigns/<int:campaign_pk>/reflections/<int:pk>/action/", reflection_action, name="reflection_action"),
]
