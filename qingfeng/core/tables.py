"""Column and table attributes every list's django-tables2 Table shares."""

# Phones show the columns a reader acts on; the rest hide below Bootstrap's sm breakpoint.
HIDE_ON_PHONE = {"td": {"class": "qf-hide-sm"}, "th": {"class": "qf-hide-sm"}}
NOWRAP = {"td": {"class": "text-nowrap"}, "th": {"class": "text-nowrap"}}
HIDE_ON_PHONE_NOWRAP = {"td": {"class": "qf-hide-sm text-nowrap"}, "th": {"class": "qf-hide-sm text-nowrap"}}
TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}
