import django_tables2 as tables
from django.urls import reverse

from qingfeng.core.tables import HIDE_ON_PHONE, NOWRAP, TABLE_ATTRS

from .models import Meeting


class MeetingTable(tables.Table):
    """会议: time, title and status stay on phones."""

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
