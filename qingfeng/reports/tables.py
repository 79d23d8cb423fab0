import django_tables2 as tables
from django.urls import reverse

from qingfeng.core.tables import HIDE_ON_PHONE, NOWRAP, TABLE_ATTRS
from qingfeng.orglife.rules import plain
from qingfeng.orgs.models import Member


class HoursBelowTargetTable(tables.Table):
    """Members below their 学时 target (reports.figures.study_hours): name, hours and what is missing stay on phones."""

    name = tables.Column(verbose_name="姓名", order_by=("name_pinyin", "pk"), attrs=NOWRAP,
                         linkify=lambda record: reverse("member_detail", args=[record.pk]))
    org = tables.Column(verbose_name="支部", accessor="org__name", order_by=("org__path", "name_pinyin"),
                        attrs=HIDE_ON_PHONE)
    committee_post = tables.Column(verbose_name="支委职务", attrs=HIDE_ON_PHONE, default="—")
    hours = tables.Column(verbose_name="已完成学时", attrs=NOWRAP)
    target = tables.Column(verbose_name="要求", attrs=NOWRAP)
    short = tables.Column(verbose_name="还差", empty_values=(), orderable=False, attrs=NOWRAP)

    class Meta:
        model = Member
        fields = ["name", "org", "committee_post", "hours", "target", "short"]
        attrs = {**TABLE_ATTRS, "id": "hours-below"}
        empty_text = "全部党员已达到学时要求"

    def render_hours(self, value):
        return plain(value)

    def render_target(self, value, record):
        return f"{plain(value)}（{'书记和班子成员' if record.is_leader else '党员'}）"

    def render_short(self, record):
        return plain(record.target - record.hours)
