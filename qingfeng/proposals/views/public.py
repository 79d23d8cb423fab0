"""The public's pages, without login: submit an item (with a proof of work), follow it and rate the reply by its
tracking code, read the replies the office published.

The permission rule has no say here: whoever holds a tracking code reads what `public_view` lists of that one item,
and everybody reads what the office published. Each POST is counted per address (`throttle`) before anything else,
so a flood of submissions or of guessed codes stops at the limit without touching the office's records.
"""

from django.conf import settings
from django.db import IntegrityError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qingfeng.core.paging import paginate_table
from qingfeng.core.workflow import WorkflowError

from .. import challenge, codes, services, throttle
from ..forms_public import ProposalForm, PublishedFilter, PublishedTable, RateForm, TrackForm
from ..models import Proposal
from ..progress import public_view
from ..workflow import CodeHolder

S = Proposal.Status
PUBLISHED_PER_PAGE = 20
WRONG_CODE = "查询码不正确"
TOO_MANY_TRIES = "查询过于频繁，请一小时后再试"


def _find(code: str):
    """The item a tracking code opens (None for any wrong code), its category and merged-into item read with it."""
    found = services.find(code)
    return found and Proposal.objects.select_related("category", "merged_into").get(pk=found.pk)


def _too_many(request, message, json=False):
    if json:
        return JsonResponse({"error": message}, status=429)
    return render(request, "proposals/public_throttled.html", {"message": message}, status=429)


def _private(response):
    """A page showing a tracking code or what it opens: no cache, no proxy, no back-button copy keeps it."""
    add_never_cache_headers(response)
    response["Cache-Control"] += ", no-store"
    return response


@require_http_methods(["GET", "POST"])
def proposal_new(request):
    """提交: throttle, the form, the proof of work, then the item; its receipt (with the code) is this response."""
    if request.method == "POST" and not throttle.hit(request, "proposal_submit", settings.PROPOSAL_SUBMIT_PER_HOUR):
        return _too_many(request, "提交过于频繁，请一小时后再试")
    form = ProposalForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        refusal = challenge.spend(form.cleaned_data["altcha"])
        if refusal:
            form.add_error(None, refusal)
        else:
            proposal, code = services.submit(**form.submission())
            return _private(render(request, "proposals/public_receipt.html",
                                   {"proposal": proposal, "code": codes.shown(code)}))
    return render(request, "proposals/public_new.html", {"form": form})


@require_GET
def proposal_challenge(request):
    """A fresh proof-of-work challenge for the submission form's script."""
    return _private(JsonResponse(challenge.new_challenge()))


@require_http_methods(["GET", "POST"])
def proposal_track(request):
    """查询办理进展 by tracking code: the page, or with format=json the same fields as JSON."""
    as_json = request.POST.get("format") == "json"
    if request.method == "GET":
        return render(request, "proposals/public_track.html", {"form": TrackForm()})
    if not throttle.hit(request, "proposal_track", settings.PROPOSAL_TRACK_PER_HOUR):
        return _too_many(request, TOO_MANY_TRIES, as_json)
    form = TrackForm(request.POST)
    proposal = _find(form.cleaned_data["code"]) if form.is_valid() else None
    if proposal is None:
        if as_json:
            return JsonResponse({"error": WRONG_CODE}, status=404)
        form.add_error("code", WRONG_CODE)
        return render(request, "proposals/public_track.html", {"form": form})
    if as_json:
        return _private(JsonResponse(public_view(proposal)))
    return _progress_page(request, proposal, form.cleaned_data["code"])


def _progress_page(request, proposal, code, rate_form=None, done="", refused=""):
    view = public_view(proposal)
    if view["may_rate"] and rate_form is None:
        rate_form = RateForm(initial={"code": code, "item": proposal.pk})
    return _private(render(request, "proposals/public_progress.html", {
        "item": view, "rate_form": rate_form if view["may_rate"] else None, "done": done, "refused": refused}))


@require_POST
def proposal_rate(request):
    """评价 by tracking code: only the item the code opens, only while it is 已答复, once a round."""
    if not throttle.hit(request, "proposal_track", settings.PROPOSAL_TRACK_PER_HOUR):
        return _too_many(request, TOO_MANY_TRIES)
    form = RateForm(request.POST)
    proposal = _find(form.data.get("code", ""))
    # `item` is the item whose page the form was on: another item's code rates nothing.
    if proposal is None or str(proposal.pk) != form.data.get("item"):
        return render(request, "proposals/public_track.html", {"form": TrackForm(), "refused": WRONG_CODE},
                      status=400)
    code = form.data["code"]
    if proposal.status != S.REPLIED:
        status = proposal.get_status_display()
        return _progress_page(request, proposal, code, refused=f"当前状态为「{status}」，不能评价")
    if not form.is_valid():
        return _progress_page(request, proposal, code, rate_form=form)
    value, comment = form.cleaned_data["value"], form.cleaned_data["comment"]
    try:
        proposal = services.rate(CodeHolder(proposal.pk), proposal, value, comment)
    except (WorkflowError, IntegrityError) as error:  # a second click while the first was saving
        return _progress_page(request, proposal, code, refused=getattr(error, "message", "本轮答复已经评价过"))
    return _progress_page(request, _find(code), code, done=f"感谢您的评价：{Proposal.Rating(value).label}")


def _published():
    return Proposal.objects.filter(published=True, status__in=(S.REPLIED, S.CLOSED))


@require_GET
def public_list(request):
    """公开答复: the replies the office chose to publish, newest first, searched by title or content."""
    rows = _published().select_related("category", "lead_unit").order_by("-replied_at", "-pk")
    search = PublishedFilter(request.GET, queryset=rows)
    table = PublishedTable(search.qs if search.is_valid() else rows.none())
    paginate_table(request, table, PUBLISHED_PER_PAGE)
    return render(request, "proposals/public_list.html", {"filter": search, "table": table})


@require_GET
def public_detail(request, pk):
    """One published reply: the item, its category and units and the replies; never who submitted it."""
    proposal = get_object_or_404(_published().select_related("category", "lead_unit"), pk=pk)
    return render(request, "proposals/public_detail.html", {
        "proposal": proposal, "replies": proposal.replies.select_related("unit")})
