"""民主评议党员: the forms of launching a branch's yearly evaluation, the 个人总结, the ballot and the results.
(What they save: services.py; the status machine: workflow.py.)

The ballot is secret by construction. Voting adds one to a (member, grade) count in `EvaluationTally` — rows made
with zero votes when the evaluation is launched, so a vote only ever updates a count, and no row's id or order
tells when it was cast — and sets the voter's `has_voted`. Nothing that records a voter records a grade: the
tally has no voter, no history and no timestamps; the participant's history shows that she voted, never how; the
vote is not audited, and the view hides the ballot from error reports (`sensitive_post_parameters`).
"""

import math

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from qingfeng.core.forms import bootstrap

from .models import Evaluation, EvaluationParticipant, Grade

P = EvaluationParticipant


def excellent_limit(evaluation, participants: int) -> int:
    """At most this many 优秀: the cap's share of the participants, rounded down."""
    return math.floor(participants * evaluation.excellent_cap / 100)


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["org", "year", "excellent_cap"]

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["org"].empty_label = None
        self.fields["org"].label_from_instance = lambda o: o.name
        self.fields["year"].initial = timezone.localdate().year
        self.fields["excellent_cap"].help_text = "评为优秀的党员不超过参评人数的这一比例，如 30"
        bootstrap(self)

    def clean_year(self):
        year = self.cleaned_data["year"]
        this = timezone.localdate().year
        if not this - 1 <= year <= this:
            raise ValidationError(f"年度应为 {this - 1} 或 {this}")
        return year

    def clean_excellent_cap(self):
        cap = self.cleaned_data["excellent_cap"]
        if not 1 <= cap <= 100:
            raise ValidationError("优秀比例上限应在 1 到 100 之间")
        return cap


class SelfEvaluationForm(forms.Form):
    text = forms.CharField(label="个人总结", widget=forms.Textarea(attrs={"rows": 12}), max_length=5000,
                           error_messages={"required": "请填写个人总结"},
                           help_text="对照党员标准，总结本年度在政治思想、学习工作、作风纪律等方面的表现和不足")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class BallotForm(forms.Form):
    """A grade for each other participant; every one must be rated."""

    def __init__(self, *args, others, **kwargs):
        super().__init__(*args, **kwargs)
        self.others = others
        for other in others:
            self.fields[f"grade_{other.member_id}"] = forms.ChoiceField(
                label=other.member.name, choices=Grade.choices, widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={"required": f"请评定{other.member.name}"})

    def grades(self):
        return [(other.member_id, self.cleaned_data[f"grade_{other.member_id}"]) for other in self.others]


class PaperVotersForm(forms.Form):
    """Who of the members without a login handed in a paper ballot (they cannot vote online)."""

    voters = forms.ModelMultipleChoiceField(label="已交纸质选票的党员", queryset=P.objects.none(),
                                            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                                            error_messages={"required": "请勾选已交纸质选票的党员"})

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["voters"]
        field.queryset = P.objects.filter(
            pk__in=[r.pk for r in rows if r.member.user_id is None and not r.has_voted]).select_related("member")
        field.label_from_instance = lambda row: row.member.name
        bootstrap(self)


class PaperBallotForm(forms.Form):
    """One paper ballot as handed in: a grade for every participant but one, the voter's own line left blank.
    Whose ballot it is is not asked."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[f"grade_{row.member_id}"] = forms.ChoiceField(
                label=row.member.name, required=False, choices=[("", "未评（本人）"), *Grade.choices])
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        blank = [row.member.name for row in self.rows if not cleaned.get(f"grade_{row.member_id}")]
        if len(blank) != 1 and not self.errors:
            raise ValidationError(
                f"每张选票应恰好有一人未评（投票人本人），这张有 {len(blank)} 人未评"
                + (f"：{'、'.join(blank)}" if blank else "") + "。无效票不录入")
        return cleaned

    def grades(self):
        return [(row.member_id, self.cleaned_data[f"grade_{row.member_id}"]) for row in self.rows
                if self.cleaned_data.get(f"grade_{row.member_id}")]


class ResultsForm(forms.Form):
    """The committee's result for each participant; 不合格 needs a disposition (组织处置)."""

    def __init__(self, *args, evaluation, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation, self.rows = evaluation, rows
        for row in rows:
            key = row.member_id
            self.fields[f"result_{key}"] = forms.ChoiceField(
                label=row.member.name, choices=Grade.choices, initial=row.result or None,
                error_messages={"required": f"请评定{row.member.name}的评议结果"})
            self.fields[f"disposition_{key}"] = forms.ChoiceField(
                label="组织处置", required=False, initial=row.disposition,
                choices=[("", "—"), *P.Disposition.choices])
            self.fields[f"note_{key}"] = forms.CharField(label="处置说明", required=False, max_length=200,
                                                          initial=row.disposition_note)
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        excellent = 0
        for row in self.rows:
            key = row.member_id
            result, disposition = cleaned.get(f"result_{key}"), cleaned.get(f"disposition_{key}")
            excellent += result == Grade.EXCELLENT
            if result == Grade.UNQUALIFIED and not disposition:
                self.add_error(f"disposition_{key}", f"{row.member.name}评为不合格，请选择组织处置")
            if result and result != Grade.UNQUALIFIED and disposition:
                self.add_error(f"disposition_{key}", "只有评为不合格的党员才作组织处置")
        limit = excellent_limit(self.evaluation, len(self.rows))
        if excellent > limit:
            raise ValidationError(
                f"评为优秀的有 {excellent} 人，超过上限 {limit} 人（参评 {len(self.rows)} 人的 "
                f"{self.evaluation.excellent_cap}%）")
        return cleaned


