"""民主评议党员: a branch's yearly evaluation — launched by the secretary, 个人总结 and a secret ballot by every member,
the tally to the committee once voting is closed, the results recorded (with a cap on 优秀) and exported.

What a member sees of the others: their names and 个人总结, to rate them. Her own result once decided. Never a
tally while voting is open, and never anyone's ballot: there is none to show (see evaluations.py).
"""

import io

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from qingfeng.core import audit
from qingfeng.core.pages import form_page, step
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import can, visible_to
from qingfeng.core.spreadsheets import append, block_heights, new_cell
from qingfeng.core.tables import NOWRAP, TABLE_ATTRS
from qingfeng.core.uploads import EVIDENCE_TYPES, attachment, download_name
from qingfeng.core.workflow import WorkflowError
from qingfeng.ledger.exports import FONT_SIZE, register_sheet
from qingfeng.ledger.filters import OrgFilterSet
from qingfeng.orgs.models import Org

from ..evaluations import (
    BallotForm,
    EvaluationForm,
    PaperBallotForm,
    PaperVotersForm,
    ResultsForm,
    SelfEvaluationForm,
    excellent_limit,
)
from ..filters import _years
from ..models import Evaluation, EvaluationParticipant, EvaluationTally, Grade
from ..services import (
    cast,
    count_paper_ballot,
    launch,
    mark_paper_voters,
    paper_ballots_due,
    record_results,
    submit_self_evaluation,
)
from ..workflow import evaluation_workflow

S = Evaluation.Status


def evaluation_orgs(user):
    """The branches where the user may launch an evaluation."""
    return visible_to(user, Org, "manage_evaluations").filter(kind=Org.Kind.BRANCH).order_by("path")


class EvaluationFilter(OrgFilterSet):
    year = django_filters.ChoiceFilter(label="年度", choices=_years, empty_label="全部年度")
    status = django_filters.ChoiceFilter(label="状态", choices=S.choices, empty_label="全部状态")

    class Meta:
        model = Evaluation
        fields = ["org", "year", "status"]


class EvaluationTable(tables.Table):
    year = tables.Column(verbose_name="年度", attrs=NOWRAP,
                         linkify=lambda record: reverse("evaluation_detail", args=[record.pk]))
    org = tables.Column(verbose_name="党支部", accessor="org__name", order_by=("org__path",))
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)

    class Meta:
        model = Evaluation
        fields = ["year", "org", "status"]
        attrs = {**TABLE_ATTRS, "id": "evaluations"}
        empty_text = "暂无民主评议"

    def render_year(self, value):
        return f"{value}年度"


@login_required
def evaluation_list(request):
    evaluations = visible_to(request.user, Evaluation).select_related("org").order_by("-year", "org__path")
    evaluation_filter = EvaluationFilter(request.GET, queryset=evaluations, user=request.user)
    table = EvaluationTable(evaluation_filter.qs if evaluation_filter.is_valid() else evaluations.none())
    paginate_table(request, table, 25)
    return render(request, "orglife/evaluation_list.html", {
        "filter": evaluation_filter, "table": table, "may_create": evaluation_orgs(request.user).exists()})


@login_required
def evaluation_create(request):
    orgs = evaluation_orgs(request.user)
    if not orgs.exists():
        raise PermissionDenied
    form = EvaluationForm(request.POST or None, orgs=orgs)
    return form_page(request, form, save=lambda form: launch(request.user, form), to="evaluation_detail",
                     done=lambda e: f"已开展{e}，请通知党员撰写个人总结并投票", title="开展民主评议党员")


def _evaluation(request, pk):
    return get_object_or_404(visible_to(request.user, Evaluation).select_related("org"), pk=pk)


def _rows(user, evaluation):
    return list(visible_to(user, EvaluationParticipant).filter(evaluation=evaluation)
                .select_related("member__user").order_by("member__name_pinyin", "member_id"))


def _tallies(user, evaluation) -> dict[int, list[int]]:
    """member id → her votes per grade (优秀, 合格, 基本合格, 不合格), in one query; nothing while voting is open
    (nobody watches it fill). `.get(member_id, NO_VOTES)` for a member with none."""
    if evaluation.status == S.OPEN:
        return {}
    counts: dict[int, list[int]] = {}
    for member_id, grade, votes in visible_to(user, EvaluationTally).filter(evaluation=evaluation).values_list(
            "member_id", "grade", "votes"):
        counts.setdefault(member_id, list(NO_VOTES))[Grade.values.index(grade)] = votes
    return counts


NO_VOTES = (0,) * len(Grade.values)


@login_required
def evaluation_detail(request, pk):
    evaluation = _evaluation(request, pk)
    rows = _rows(request.user, evaluation)
    mine = next((r for r in rows if r.member.user_id == request.user.pk), None)
    sees_all = can(request.user, "view", evaluation.org)  # managers and viewers; a member sees her own part
    counts = _tallies(request.user, evaluation) if sees_all else {}
    table = [(row, counts.get(row.member_id, NO_VOTES)) for row in rows]
    return render(request, "orglife/evaluation_detail.html", {
        "evaluation": evaluation, "rows": table if sees_all else [], "mine": mine, "sees_all": sees_all,
        "grades": Grade.labels, "submitted": sum(1 for r in rows if r.submitted_at),
        "voted": sum(1 for r in rows if r.has_voted), "total": len(rows),
        "may_manage": can(request.user, "manage_evaluations", evaluation),
        "transitions": evaluation_workflow.allowed(request.user, evaluation),
        "limit": excellent_limit(evaluation, len(rows)), "working_org": evaluation.org})


def _own_row(request, pk):
    """The user's own participation: 404 for who does not take part."""
    evaluation = _evaluation(request, pk)
    row = visible_to(request.user, EvaluationParticipant, "own").filter(
        evaluation=evaluation, member__user=request.user).select_related("member").first()
    if row is None:
        raise Http404
    row.evaluation = evaluation
    return row


@login_required
def evaluation_summary(request, pk):
    row = _own_row(request, pk)
    if row.evaluation.status != S.OPEN:
        messages.error(request, "评议已截止，个人总结不能再修改")
        return redirect("evaluation_detail", pk)
    form = SelfEvaluationForm(request.POST or None, initial={"text": row.self_evaluation})

    def save(form):
        submit_self_evaluation(row, form.cleaned_data["text"])
        return row.evaluation

    return form_page(request, form, save=save, done="已提交个人总结", to="evaluation_detail",
                     title=f"个人总结 · {row.evaluation}")


@sensitive_post_parameters()  # a ballot never reaches an error report
@login_required
def evaluation_vote(request, pk):
    row = _own_row(request, pk)
    evaluation = row.evaluation
    if evaluation.status != S.OPEN or row.has_voted:
        messages.error(request, "您已投票，每人只能投一次" if row.has_voted else "投票已截止")
        return redirect("evaluation_detail", pk)
    others = [r for r in _rows(request.user, evaluation) if r.member_id != row.member_id]
    form = BallotForm(request.POST or None, others=others)
    if request.method == "POST" and form.is_valid():
        try:
            cast(row, form.grades())
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "已投票。投票不记名，任何人都看不到您的选择")
        return redirect("evaluation_detail", pk)
    return render(request, "orglife/evaluation_vote.html", {
        "evaluation": evaluation, "form": form, "others": [(r, form[f"grade_{r.member_id}"]) for r in others],
        "working_org": evaluation.org})


@sensitive_post_parameters()  # a paper ballot neither
@login_required
def evaluation_paper(request, pk):
    """纸质选票: members without a login vote on paper. The secretary ticks who handed one in, then enters the
    ballots one by one as the tellers read them, never saying whose: the ballot box's secret is kept."""
    evaluation = _evaluation(request, pk)
    if not can(request.user, "manage_evaluations", evaluation):
        raise PermissionDenied
    if evaluation.status != S.OPEN:
        messages.error(request, "投票已截止，不能再录入纸质选票")
        return redirect("evaluation_detail", pk)
    rows = _rows(request.user, evaluation)
    action = request.POST.get("action") if request.method == "POST" else None
    voters = PaperVotersForm(request.POST if action == "mark" else None, rows=rows, prefix="voters")
    ballot = PaperBallotForm(request.POST if action == "count" else None, rows=rows, prefix="ballot")
    if action == "mark" and voters.is_valid():
        marked = mark_paper_voters(evaluation, voters.cleaned_data["voters"])
        messages.success(request, f"已登记 {marked} 人交了纸质选票，请逐张录入")
        return redirect("evaluation_paper", pk)
    if action == "count" and ballot.is_valid():
        try:
            count_paper_ballot(evaluation, ballot.grades())
        except WorkflowError as error:
            ballot.add_error(None, error.message)
        else:
            messages.success(request, "已录入一张纸质选票")
            return redirect("evaluation_paper", pk)
    return render(request, "orglife/evaluation_paper.html", {
        "evaluation": evaluation, "voters": voters, "ballot": ballot, "due": paper_ballots_due(evaluation),
        "without_login": [r for r in rows if r.member.user_id is None], "working_org": evaluation.org})


@login_required
@require_POST
def evaluation_action(request, pk):
    evaluation = _evaluation(request, pk)
    return step(request, evaluation_workflow, evaluation, request.POST.get("action", ""),
                reverse("evaluation_detail", args=[pk]))


@login_required
def evaluation_results(request, pk):
    evaluation = _evaluation(request, pk)
    if not can(request.user, "manage_evaluations", evaluation):
        raise PermissionDenied
    if evaluation.status == S.OPEN:
        messages.error(request, "请先截止投票，再评定结果")
        return redirect("evaluation_detail", pk)
    rows = _rows(request.user, evaluation)
    counts = _tallies(request.user, evaluation)
    form = ResultsForm(request.POST or None, evaluation=evaluation, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            record_results(request.user, evaluation, form)
        except (ValidationError, WorkflowError) as error:
            form.add_error(None, getattr(error, "message", None) or error.messages[0])
        else:
            messages.success(request, "已保存评议结果")
            return redirect("evaluation_detail", pk)
    return render(request, "orglife/evaluation_results.html", {
        "evaluation": evaluation, "form": form, "grades": Grade.labels, "working_org": evaluation.org,
        "limit": excellent_limit(evaluation, len(rows)),
        "rows": [(row, counts.get(row.member_id, NO_VOTES),
                  form[f"result_{row.member_id}"], form[f"disposition_{row.member_id}"], form[f"note_{row.member_id}"])
                 for row in rows]})


# (header, width, style): as the 整改台账 and 会议台账 print (ledger.exports.register_sheet)
COLUMNS = [("序号", 6, "qf_center"), ("姓名", 12, "qf_center"), ("优秀票", 9, "qf_center"),
           ("合格票", 9, "qf_center"), ("基本合格票", 11, "qf_center"), ("不合格票", 10, "qf_center"),
           ("评议结果", 11, "qf_center"), ("组织处置", 11, "qf_center"), ("处置说明", 40, "qf_body")]


@login_required
def evaluation_export(request, pk):
    """The tally and results as .xlsx, once voting is closed; audited (names and results are personal data)."""
    evaluation = _evaluation(request, pk)
    if not can(request.user, "view", evaluation.org):
        raise PermissionDenied
    if evaluation.status == S.OPEN:
        messages.error(request, "投票尚未截止，不能导出")
        return redirect("evaluation_detail", pk)
    rows = _rows(request.user, evaluation)
    counts = _tallies(request.user, evaluation)
    title = f"{evaluation}结果（参评 {len(rows)} 人，优秀不超过 {evaluation.excellent_cap}%）"
    workbook, sheet, _ = register_sheet("民主评议结果", title, COLUMNS)
    cells = [new_cell(sheet, style) for _, _, style in COLUMNS]
    widths = [width for _, width, _ in COLUMNS]
    for number, row in enumerate(rows, start=1):
        values = [number, row.member.name, *counts.get(row.member_id, NO_VOTES), row.get_result_display() or "未评定",
                  row.get_disposition_display(), row.disposition_note]
        [height] = block_heights([values], widths, FONT_SIZE)
        append(sheet, values, cells=cells, height=height)
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit.record("export.evaluation", request=request, org=evaluation.org, about=evaluation,
                 detail=f"{len(rows)} 名党员的评议结果")
    name = download_name(evaluation.org.name, f"{evaluation.year}年度", "民主评议党员结果",
                         f"{timezone.localdate():%Y%m%d}", suffix=".xlsx")
    return attachment(buffer.getvalue(), EVIDENCE_TYPES["xlsx"][1], name)


urlpatterns = [
    path("orglife/evaluations/", evaluation_list, name="evaluation_list"),
    path("orglife/evaluations/new/", evaluation_create, name="evaluation_create"),
    path("orglife/evaluations/<int:pk>/", evaluation_detail, name="evaluation_detail"),
    path("orglife/evaluations/<int:pk>/summary/", evaluation_summary, name="evaluation_summary"),
    path("orglife/evaluations/<int:pk>/vote/", evaluation_vote, name="evaluation_vote"),
    path("orglife/evaluations/<int:pk>/paper/", evaluation_paper, name="evaluation_paper"),
    path("orglife/evaluations/<int:pk>/action/", evaluation_action, name="evaluation_action"),
    path("orglife/evaluations/<int:pk>/results/", evaluation_results, name="evaluation_results"),
    path("orglife/evaluations/<int:pk>/export/", evaluation_export, name="evaluation_export"),
]
