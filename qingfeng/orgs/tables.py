import django_tables2 as tables
from django.utils.html import format_html

from qingfeng.core.permissions import shown

from .models import Member

# Members read the list on phones: keep name, category, branch and phone there.
HIDE_ON_PHONE = {"td": {"class": "qf-hide-sm"}, "th": {"class": "qf-hide-sm"}}


class MemberTable(tables.Table):
    name = tables.Column(linkify=("member_detail", [tables.A("pk")]))
    org = tables.Column(verbose_name="所在支部", order_by=("org__path",))
    group = tables.Column(verbose_name="党小组", attrs=HIDE_ON_PHONE)
    gender = tables.Column(attrs=HIDE_ON_PHONE)
    position = tables.Column(attrs=HIDE_ON_PHONE)
    join_date = tables.DateColumn(attrs=HIDE_ON_PHONE)
    is_leading_cadre = tables.BooleanColumn(yesno="是,", attrs=HIDE_ON_PHONE)
    phone = tables.Column(orderable=False)
    is_active = tables.BooleanColumn(yesno="在册,已停用", attrs=HIDE_ON_PHONE)

    class Meta:
        model = Member
        fields = ["name", "gender", "category", "position", "is_leading_cadre", "org",
                  "group", "join_date", "phone", "is_active"]
        order_by = ("org", "name")
        attrs = {"class": "table table-sm table-hover align-middle text-nowrap"}
        empty_text = "没有符合条件的党员"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def render_phone(self, value, record):
        return shown(self.user, record, "phone")

    def render_category(self, value, record):
        if record.category == Member.Category.PROBATIONARY:
            return format_html('<span class="badge text-bg-warning">{}</span>', value)
        return value
