"""组织生活要求: the rules in force for an org (its own, inherited from an org above, or the 条例's default), changed
for its subtree and reset to the inherited one by an org admin over it, with every change kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from qingfeng.core.pages import form_page
from qingfeng.core.permissions import get_allowed_or_404
from qingfeng.orgs.models import Org

from ..forms import RequirementForm
from ..models import Requirement
from ..rules import RuleBook, describe
from ..services import reset_rule, set_rule

HISTORY_SHOWN = 50


@login_required
def requirement_list(request, org_pk):
    org = get_allowed_or_404(request.user, Org, org_pk, "manage_requirements")
    rules = RuleBook(org).effective(org.path)
    asked = rules.get(request.GET.get("subject", ""))
    initial = {"subject": asked.subject, "period": asked.period, "minimum": asked.minimum} if asked else None
    form = RequirementForm(request.POST or None, initial=initial)

    def save(form):
        data = form.cleaned_data
        return set_rule(org, data["subject"], data["period"], data["minimum"], request.user)

    changes = (Requirement.history.filter(org_id=org.pk).select_related("history_user")
               .order_by("-history_date", "-history_id")[:HISTORY_SHOWN])
    return form_page(request, form, save=save, template="orglife/requirements.html",
                     done=lambda rule: f"已保存：{org.name}及下级组织的{rule.get_subject_display()}"
                                       f"{describe(rule.subject, rule.period, rule.minimum)}",
                     to=lambda rule: f"{reverse('requirement_list', args=[org.pk])}?subject={rule.subject}",
                     org=org, working_org=org, rules=list(rules.values()), changes=changes)


@login_required
@require_POST
def requirement_reset(request, org_pk):
    org = get_allowed_or_404(request.user, Org, org_pk, "manage_requirements")
    subject = request.POST.get("subject", "")
    if subject not in Requirement.Subject.values:
        messages.error(request, "未恢复：请选择要恢复的事项")
    elif reset_rule(org, subject, request.user):
        messages.success(request, f"已恢复「{Requirement.Subject(subject).label}」为继承的要求")
    else:
        messages.info(request, f"「{Requirement.Subject(subject).label}」本来就是继承的要求")
    return redirect("requirement_list", org.pk)


urlpatterns = [
    path("orglife/orgs/<int:org_pk>/requirements/", requirement_list, name="requirement_list"),
    path("orglife/orgs/<int:org_pk>/requirements/reset/", requirement_reset, name="requirement_reset"),
]
