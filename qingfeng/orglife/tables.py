import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from qingfeng.core.tables import HIDE_ON_PHONE, NOWRAP, TABLE_ATTRS

from .models import Meeting


class MeetingTable(tables.Table):
    """会议: time, title and status stay on phones; a held meeting below quorum says so by its status."""

    starts_at = tables.DateTimeColumn(verbose_name="时间", order_by=("starts_at", "id"), attrs=NOWRAP)
    title = tables.Column(verbose_name="会议主题", linkify=lambda record: reverse("meeting_detail", args=[record.pk]))
    kind = tables.Column(verbose_name="类型", attrs=HIDE_ON_PHONE)
    org = tables.Column(verbose_name="组织", accessor="org__name", order_by=("org__path",), attrs=HIDE_ON_PHONE)
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)

    class Meta:
        model = Meeting
        fields = ["starts_at", "title", "kind", "org", "status"]
        attrs = {**TABLE_ATTRS, "id": "meetings"}
        empty_text = "暂无会议"

    def render_status(self, record, value):
        if record.quorum_met is False:
            return format_html('{} <span class="badge text-bg-danger" data-quorum-failed>未达法定人数</span>', value)
        return value
