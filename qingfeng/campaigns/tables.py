import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html

from qingfeng.core.tables import HIDE_ON_PHONE, HIDE_ON_PHONE_NOWRAP, NOWRAP, TABLE_ATTRS

from .models import Campaign

NOT_SET = '<span class="text-muted">{}</span>'


class CampaignTable(tables.Table):
    """专项工作: name and status stay on phones. The view annotates each campaign's `first_day` and `last_day`."""

    title = tables.Column(linkify=lambda record: reverse("campaign_detail", args=[record.pk]))
    status = tables.TemplateColumn(
        template_code='{% include "campaigns/_campaign_status.html" with campaign=record %}', attrs=NOWRAP)
    kind = tables.Column(attrs=HIDE_ON_PHONE_NOWRAP)
    org = tables.Column(verbose_name="开展范围", accessor="org__name", order_by=("org__path",), attrs=HIDE_ON_PHONE)
    days = tables.Column(verbose_name="时间", empty_values=(), order_by=("first_day", "last_day"),
                         attrs=HIDE_ON_PHONE_NOWRAP)
    checklist = tables.Column(verbose_name="问题清单", accessor="checklist__title", order_by=("checklist__title",),
                              default=format_html(NOT_SET, "未选择"), attrs=HIDE_ON_PHONE)

    class Meta:
        model = Campaign
        fields = ["title", "status", "kind", "org", "days", "checklist"]
        attrs = {**TABLE_ATTRS, "id": "campaigns"}
        empty_text = "暂无专项工作"

    def render_days(self, record):
        if record.first_day:
            return f"{date_format(record.first_day)} 至 {date_format(record.last_day)}"
        return format_html(NOT_SET, "未设置")
