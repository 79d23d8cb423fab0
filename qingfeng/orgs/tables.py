import django_tables2 as tables
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from qingfeng.core.permissions import shown
from qingfeng.core.tables import TABLE_ATTRS

from .models import Member, Role

# Members read the list on phones: keep name, category, branch and phone there.
HIDE_ON_PHONE = {"td": {"class": "qf-hide-sm"}, "th": {"class": "qf-hide-sm"}}


class MemberTable(tables.Table):
    name = tables.Column(linkify=("member_detail", [tables.A("pk")]), order_by=("name_pinyin", "pk"))
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


class RoleTable(tables.Table):
    """The roles held on one org; 撤销 where the viewer may take that kind away (never their own)."""

    username = tables.Column(verbose_name="用户名", accessor="user__username", order_by=("user__username",))
    name = tables.Column(verbose_name="姓名", accessor="user__first_name", orderable=False, empty_values=())
    kind = tables.Column()
    remove = tables.Column(verbose_name="", orderable=False, empty_values=())

    class Meta:
        model = Role
        fields = ["username", "name", "kind"]
        order_by = ("kind", "username")
        attrs = TABLE_ATTRS
        empty_text = "本组织还没有人担任角色"

    def __init__(self, *args, removable: list[str], me, **kwargs):
        super().__init__(*args, **kwargs)
        self.removable, self.me = set(removable), me

    def render_name(self, value, record):
        member = getattr(record.user, "member", None)
        return member.name if member else value or "—"

    def render_username(self, value, record):
        return value if record.user.is_active else f"{value}（已停用）"

    def render_remove(self, record):
        if record.kind not in self.removable or record.user_id == self.me.pk:
            return ""
        return format_html(
            '<form method="post" action="{}" data-confirm="撤销{}的{}角色？">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button class="btn btn-sm btn-outline-danger" type="submit">撤销</button></form>',
            reverse("role_remove", args=[record.pk]), record.user.get_username(), record.get_kind_display(),
            get_token(self.request))
