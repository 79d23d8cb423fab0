"""Column and table attributes every list's django-tables2 Table shares; core's own lists' tables."""

import django_tables2 as tables

from .models import AuditEntry

# Phones show the columns a reader acts on; the rest hide below Bootstrap's sm breakpoint.
HIDE_ON_PHONE = {"td": {"class": "qf-hide-sm"}, "th": {"class": "qf-hide-sm"}}
NOWRAP = {"td": {"class": "text-nowrap"}, "th": {"class": "text-nowrap"}}
HIDE_ON_PHONE_NOWRAP = {"td": {"class": "qf-hide-sm text-nowrap"}, "th": {"class": "qf-hide-sm text-nowrap"}}
TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}


class AuditEntryTable(tables.Table):
    """审计日志, newest first; time, act and account stay on phones. `org_names`: path -> name of the page's orgs."""

    when = tables.DateTimeColumn(format="Y年n月j日 H:i:s", order_by=("when", "id"), attrs=NOWRAP)  # to the second
    label = tables.Column(orderable=False, attrs=NOWRAP)
    username = tables.Column(orderable=False, attrs=NOWRAP)
    address = tables.Column(orderable=False, attrs=HIDE_ON_PHONE_NOWRAP)
    org = tables.Column(verbose_name="组织", accessor="org_path", orderable=False, attrs=HIDE_ON_PHONE)
    about_text = tables.Column(orderable=False, attrs=HIDE_ON_PHONE)
    detail = tables.Column(orderable=False, attrs=HIDE_ON_PHONE)

    class Meta:
        model = AuditEntry
        fields = ["when", "label", "username", "address", "org", "about_text", "detail"]
        attrs = {**TABLE_ATTRS, "id": "audit-log"}
        empty_text = "没有符合条件的记录"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.org_names = {}  # filled once the page is known (core/views_audit.py)

    def render_org(self, value):
        return self.org_names.get(value, "")
