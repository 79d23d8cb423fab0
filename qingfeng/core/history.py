"""Each record's change history as people read it: who, when, which field, old → new.

Sensitive fields (and, where declared, the free text of change reasons) go through
`permissions.shown`, as on every other page: a phone masked on the detail page is
masked in its history too.
"""

from dataclasses import dataclass, field

from django.db import models

from qingfeng.core.permissions import sensitive_fields, shown


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: str
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


KIND_LABELS = {"+": "创建", "~": "修改", "-": "删除"}


def _display(model_field, value, names) -> str:
    if value is None or value == "":
        return "（空）"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "是" if value else "否"
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), f"#{value}")
    return str(value)


REASON = "history_change_reason"


def history_entries(obj, user, hidden: tuple[str, ...] = ()) -> list[Entry]:
    """Newest first, as `user` may read it. Foreign keys are shown by name, looked up in one query per model."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    model = type(obj)
    fields = {f.attname: f for f in model._meta.concrete_fields if f.name not in hidden}
    fields = {f.name: f for f in fields.values()}

    diffs = []
    wanted: dict[type, set] = {}
    for previous, record in zip([None, *records], records, strict=False):
        changes = []
        if previous is not None:
            for change in record.diff_against(previous, foreign_keys_are_objs=False).changes:
                if change.field in fields:
                    changes.append(change)
                    f = fields[change.field]
                    if isinstance(f, models.ForeignKey):
                        wanted.setdefault(f.related_model, set()).update({change.old, change.new})
        diffs.append(changes)

    names = {}
    for related, pks in wanted.items():
        for pk, related_obj in related._default_manager.in_bulk(pks - {None}).items():
            names[(related, pk)] = str(related_obj)

    sensitive = sensitive_fields(model)

    def display(name, value):
        text = _display(fields[name], value, names)
        return shown(user, obj, name, text) if name in sensitive and text != "（空）" else text

    entries = []
    for record, changes in zip(records, diffs, strict=True):
        author = record.history_user
        reason = record.history_change_reason or ""
        entries.append(Entry(
            when=record.history_date,
            who=(author.first_name or author.username) if author else "系统",
            kind=KIND_LABELS.get(record.history_type, record.history_type),
            reason=shown(user, obj, REASON, reason) if REASON in sensitive and reason else reason,
            changes=[
                Change(str(fields[c.field].verbose_name), display(c.field, c.old), display(c.field, c.new))
                for c in changes
            ],
        ))
    entries.reverse()
    return entries
