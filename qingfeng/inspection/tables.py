"""The reviewers' lists: one row per member in scope, with the member's own record (prefetched
by the view into `records`, at most one) beside it."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

from qingfeng.core.tables import HIDE_ON_PHONE, HIDE_ON_PHONE_NOWRAP, NOWRAP, TABLE_ATTRS
from qingfeng.orgs.models import Member

from .models import SelfInspection


def record_of(member):
    return member.records[0] if member.records else None


def minute(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


class MemberProgressTable(tables.Table):
    name = tables.Column(verbose_name="姓名", order_by=("name_pinyin", "pk"), attrs=NOWRAP)
    org = tables.Column(verbose_name="组织", accessor="org__name", order_by=("org__path", "name_pinyin", "pk"),
                        attrs=HIDE_ON_PHONE)
    state = tables.Column(verbose_name="状态", empty_values=(), orderable=False, attrs=NOWRAP)

    class Meta:
        model = Member
        fields = ["name", "org", "state"]
        attrs = TABLE_ATTRS
        empty_text = "没有符合条件的党员"

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign


class InspectionProgressTable(MemberProgressTable):
    submitted_at = tables.Column(verbose_name="提交时间", empty_values=(), orderable=False,
                                 attrs=HIDE_ON_PHONE_NOWRAP)

    class Meta(MemberProgressTable.Meta):
        fields = [*MemberProgressTable.Meta.fields, "submitted_at"]
        attrs = {**TABLE_ATTRS, "id": "inspections"}

    def render_name(self, value, record):
        inspection = record_of(record)
        if inspection and inspection.status == SelfInspection.Status.SUBMITTED:
            url = reverse("inspection_detail", args=[self.campaign.pk, inspection.pk])
            return format_html('<a href="{}">{}</a>', url, value)
        return value

    def render_state(self, record):
        inspection = record_of(record)
        if inspection is None:
            return format_html('<span class="text-danger">{}</span>', "未开始")
        if inspection.status == SelfInspection.Status.SUBMITTED:
            return format_html('<span class="text-success">{}</span>', "已提交")
        return "填写中"

    def render_submitted_at(self, record):
        inspection = record_of(record)
        return minute(inspection.submitted_at) if inspection else ""


class CommitmentProgressTable(MemberProgressTable):
    signed_at = tables.Column(verbose_name="签署时间", empty_values=(), orderable=False, attrs=NOWRAP)

    class Meta(MemberProgressTable.Meta):
        fields = [*MemberProgressTable.Meta.fields, "signed_at"]
        attrs = {**TABLE_ATTRS, "id": "commitments"}

    def render_state(self, record):
        if record_of(record) is None:
            return format_html('<span class="text-danger">{}</span>', "未签署")
        return format_html('<span class="text-success">{}</span>', "已签署")

    def render_signed_at(self, record):
        commitment = record_of(record)
        return minute(commitment.signed_at) if commitment else ""
