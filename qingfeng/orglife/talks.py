"""谈心谈话: the form, filter and table of recorded talks (the views are in views/talks.py)."""

import django_filters
import django_tables2 as tables
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from qingfeng.core.forms import bootstrap
from qingfeng.core.permissions import visible_to
from qingfeng.core.tables import HIDE_ON_PHONE, NOWRAP, TABLE_ATTRS
from qingfeng.ledger.filters import OrgFilterSet
from qingfeng.ledger.models import Supervision
from qingfeng.orgs.models import Member, Org

from .filters import _years
from .models import Talk


def talk_orgs(user):
    """The orgs (not 党小组: their members are the branch's) where the user may record talks."""
    return visible_to(user, Org, "record_talks").exclude(kind=Org.Kind.GROUP).order_by("path")


class TalkForm(forms.ModelForm):
    class Meta:
        model = Talk
        fields = ["org", "kind", "supervision", "talker", "talkee", "date", "place", "summary", "follow_ups"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "summary": forms.Textarea(attrs={"rows": 6}), "follow_ups": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = talk_orgs(user)
        if self.instance.pk:
            del self.fields["org"]  # a talk stays with its org
            org = self.instance.org
        else:
            self.fields["org"].queryset = orgs
            self.fields["org"].empty_label = None
            picked = self.data.get("org") if self.is_bound else None
            org = (orgs.filter(pk=picked).first() if picked and str(picked).isdigit() else None) or org \
                or orgs.first()
            if org is not None:
                self.fields["org"].initial = org.pk
        members = (visible_to(user, Member, "record_talks")
                   .filter(org__path__startswith=org.path if org else "-", is_active=True)
                   .select_related("org").order_by("name_pinyin", "pk"))
        for name in ("talker", "talkee"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = lambda m: m.name
            self.fields[name].empty_label = "请选择"
        self.fields["kind"].choices = [("", "请选择谈话类型"), *Talk.Kind.choices]
        # 督办约谈: the 约谈 steps of the ladder on the org's rectifications that no talk answers yet.
        open_steps = Q(talk__isnull=True) | Q(pk=self.instance.supervision_id or 0)
        supervision = self.fields["supervision"]
        supervision.queryset = (
            visible_to(user, Supervision, "record_talks")
            .filter(open_steps, level=Supervision.Level.TALK,
                    rectification__owner__org__path__startswith=org.path if org else "-")
            .select_related("rectification__owner").order_by("-created_at", "-pk"))
        supervision.label_from_instance = lambda s: (
            f"{s.rectification.owner.name}：{s.rectification.measure[:30]}（整改时限 {s.due_date:%Y-%m-%d}）")
        supervision.empty_label = "（不是督办约谈）"
        supervision.help_text = "谈话类型为“督办约谈”时，选择所办的约谈督办记录"
        bootstrap(self)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("谈话日期不能晚于今天：请在谈话之后登记")
        return date

    def clean(self):
        cleaned = super().clean()
        talker, talkee = cleaned.get("talker"), cleaned.get("talkee")
        if talker and talkee and talker == talkee:
            self.add_error("talkee", "谈话对象不能是谈话人本人")
        step, kind = cleaned.get("supervision"), cleaned.get("kind")
        if kind == Talk.Kind.SUPERVISION and step is None and "supervision" not in self.errors:
            self.add_error("supervision", "督办约谈请选择所办的约谈督办记录")
        if step is not None:
            if kind and kind != Talk.Kind.SUPERVISION:
                self.add_error("kind", "办理约谈督办的谈话，类型应为“督办约谈”")
            if talkee and step.rectification.owner_id != talkee.pk:
                self.add_error("talkee", f"所办约谈的对象是{step.rectification.owner.name}")
        org = cleaned.get("org") or (self.instance.org if self.instance.org_id else None)
        if org is not None:
            for name in ("talker", "talkee"):
                member = cleaned.get(name)
                if member is not None and not member.org.path.startswith(org.path):
                    self.add_error(name, f"{member.name}不是{org.name}的党员")
        return cleaned


class TalkFilter(OrgFilterSet):
    """谈心谈话: by org (its subtree), kind and year."""

    kind = django_filters.ChoiceFilter(label="谈话类型", choices=Talk.Kind.choices, empty_label="全部类型")
    year = django_filters.ChoiceFilter(label="年份", field_name="date", lookup_expr="year", choices=_years,
                                       empty_label="全部年份")

    class Meta:
        model = Talk
        fields = ["org", "kind", "year"]


class TalkTable(tables.Table):
    date = tables.DateColumn(verbose_name="日期", order_by=("date", "id"), attrs=NOWRAP)
    talker = tables.Column(verbose_name="谈话人", accessor="talker__name", order_by=("talker__name_pinyin",),
                           linkify=lambda record: reverse("talk_detail", args=[record.pk]))
    talkee = tables.Column(verbose_name="谈话对象", accessor="talkee__name", order_by=("talkee__name_pinyin",))
    kind = tables.Column(verbose_name="类型", attrs=NOWRAP)
    org = tables.Column(verbose_name="组织", accessor="org__name", order_by=("org__path",), attrs=HIDE_ON_PHONE)

    class Meta:
        model = Talk
        fields = ["date", "talker", "talkee", "kind", "org"]
        attrs = {**TABLE_ATTRS, "id": "talks"}
        empty_text = "暂无谈心谈话记录"
