import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from qingfeng.core.tables import HIDE_ON_PHONE, HIDE_ON_PHONE_NOWRAP, NOWRAP, TABLE_ATTRS

from .models import Reflection, StudyActivity


class StudyActivityTable(tables.Table):
    """学习活动: date, topic and attendance stay on phones."""

    date = tables.DateColumn(order_by=("date", "id"), attrs=NOWRAP)
    topic = tables.Column(linkify=lambda record: reverse("study_detail", args=[record.campaign_id, record.pk]))
    kind = tables.Column(attrs=NOWRAP)
    org = tables.Column(verbose_name="组织", accessor="org__name", order_by=("org__path",), attrs=HIDE_ON_PHONE)
    attendance = tables.Column(verbose_name="出勤", empty_values=(), orderable=False, attrs=NOWRAP)

    class Meta:
        model = StudyActivity
        fields = ["date", "topic", "kind", "org", "attendance"]
        attrs = {**TABLE_ATTRS, "id": "activities"}
        empty_text = "暂无学习活动"

    def render_attendance(self, record):
        if record.total:
            return f"{record.present}/{record.total}"
        return format_html('<span class="text-muted">{}</span>', "未登记")


class ReflectionTable(tables.Table):
    """收到的心得体会, what waits for review first (the view's order)."""

    title = tables.Column(linkify=lambda record: reverse("reflection_detail", args=[record.campaign_id, record.pk]))
    member = tables.Column(verbose_name="党员", accessor="member__name", order_by=("member__name_pinyin", "pk"),
                           attrs=NOWRAP)
    org = tables.Column(verbose_name="组织", accessor="org__name", order_by=("org__path",), attrs=HIDE_ON_PHONE)
    status = tables.Column(attrs=NOWRAP)
    submitted_at = tables.DateTimeColumn(verbose_name="提交时间", attrs=HIDE_ON_PHONE_NOWRAP)

    class Meta:
        model = Reflection
        fields = ["title", "member", "org", "status", "submitted_at"]
        attrs = {**TABLE_ATTRS, "id": "reflections"}
        empty_text = "没有符合条件的心得体会"
