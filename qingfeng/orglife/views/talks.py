"""谈心谈话: the talks recorded in an org. The secretaries and org admins over the org record and correct
them; the viewers above read them; the two who talked read their own."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import path

from qingfeng.core.history import history_entries
from qingfeng.core.pages import form_page
from qingfeng.core.paging import paginate_table, parse_id
from qingfeng.core.permissions import can, get_allowed_or_404, visible_to

from ..models import Talk
from ..talks import TalkFilter, TalkForm, TalkTable, talk_orgs

TALKS_PER_PAGE = 25


@login_required
def talk_list(request):
    talks = visible_to(request.user, Talk).select_related("org", "talker", "talkee").order_by("-date", "-id")
    talk_filter = TalkFilter(request.GET, queryset=talks, user=request.user)
    # A filter that does not validate is shown with its message and no rows, never silently dropped.
    table = TalkTable(talk_filter.qs if talk_filter.is_valid() else talks.none())
    paginate_table(request, table, TALKS_PER_PAGE)
    chosen = talk_filter.chosen("org")
    return render(request, "orglife/talk_list.html", {
        "filter": talk_filter, "table": table, "chosen_org": chosen,
        "may_create": talk_orgs(request.user).exists()})


@login_required
def talk_create(request):
    orgs = talk_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied
    wanted = parse_id(request.GET.get("org", ""))
    org = orgs.filter(pk=wanted).first() if wanted else None
    form = TalkForm(request.POST or None, user=request.user, org=org, instance=Talk(created_by=request.user))

    def save(form):
        if not can(request.user, "record_talks", form.cleaned_data["org"]):
            raise PermissionDenied
        form.instance._change_reason = "登记谈心谈话"
        return form.save()

    return form_page(request, form, save=save, template="core/form.html", done="已登记谈心谈话",
                     to="talk_detail", title="登记谈心谈话")


@login_required
def talk_detail(request, pk):
    talk = get_object_or_404(visible_to(request.user, Talk).select_related(
        "org", "talker", "talkee", "supervision__rectification"), pk=pk)
    may_edit = can(request.user, "record_talks", talk)
    # 督办约谈: the rectification whose 约谈 step it answers, linked for who may open it.
    answers = talk.supervision.rectification if talk.supervision_id else None
    return render(request, "orglife/talk_detail.html", {
        "talk": talk, "may_edit": may_edit, "working_org": talk.org,
        "answers": answers if answers and can(request.user, "view", answers) else None,
        "entries": history_entries(talk, request.user) if may_edit else []})


@login_required
def talk_edit(request, pk):
    talk = get_allowed_or_404(request.user, Talk.objects.select_related("org"), pk, "record_talks")
    form = TalkForm(request.POST or None, user=request.user, instance=talk)

    def save(form):
        form.instance._change_reason = "修改谈心谈话记录"
        return form.save()

    return form_page(request, form, save=save, template="core/form.html", done="已保存修改",
                     to="talk_detail", title=f"修改谈话记录：{talk}")


urlpatterns = [
    path("orglife/talks/", talk_list, name="talk_list"),
    path("orglife/talks/new/", talk_create, name="talk_create"),
    path("orglife/talks/<int:pk>/", talk_detail, name="talk_detail"),
    path("orglife/talks/<int:pk>/edit/", talk_edit, name="talk_edit"),
]
