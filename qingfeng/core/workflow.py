"""One status machine mechanism: transitions declared as data, performed in one place.

A workflow names, for each action, the states it may start from, the state it leads
to and the permission (an action of `core.permissions`) the user needs on the record.
Views, the API and the demo all call `perform`; nothing sets a status by hand. The one
exception is the benchmark generator `demo/synth.py`, which writes rows directly (COPY) for speed.
What a transition sets off (telling people: each app's `notifications.py`) hangs on `after`, so
every caller sets it off alike.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from qingfeng.core.permissions import can


class WorkflowError(Exception):
    """A refused action, with a message for the user; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button, in Chinese
    sources: frozenset[str]
    target: str
    permission: str  # action in core.permissions: "own", "review", "reopen", ...
    text_label: str = ""  # when set, the action takes a text (comment, reason, progress)
    style: str = "primary"
    text_required: bool = True  # with a text_label: may the text be left empty (an optional opinion)?
    confirm: str = ""  # when set, the button asks this before it goes (qingfeng.js, data-confirm)


LOCKED = "_read_locked_in"


def read_locked(instance):
    """Say that `instance` was just read with select_for_update() in the current transaction: until its next save,
    its values as loaded are the row's (orgs.tallies then need not read them again)."""
    instance.__dict__[LOCKED] = _outermost()
    return instance


def is_read_locked(instance) -> bool:
    return instance.__dict__.get(LOCKED) is not None and instance.__dict__[LOCKED] == _outermost()


def _outermost():
    from django.db import connection

    return id(connection.atomic_blocks[0]) if connection.in_atomic_block and connection.atomic_blocks else None


class Workflow:
    transitions: tuple[Transition, ...] = ()

    def __init__(self):
        self.by_name = {t.name: t for t in self.transitions}

    def allowed(self, user, obj) -> list[Transition]:
        """What `user` may do to `obj` now: the buttons to show."""
        if self.read_only(obj):
            return []
        return [t for t in self.transitions if obj.status in t.sources and self.permits(user, obj, t)]

    def permits(self, user, obj, transition: Transition) -> bool:
        """May `user` take `transition` on `obj`? The permission rule, unless a workflow says who else acts."""
        return can(user, transition.permission, obj)

    def perform(self, user, obj, name: str, text: str = "", changes: dict | None = None):
        """Take transition `name`; `changes` are fields the action sets from its form (a merge's target)."""
        transition = self.by_name.get(name)
        if transition is None:
            raise WorkflowError("未知的操作")
        with transaction.atomic():
            # Lock and re-read: two reviewers clicking at once must not both pass.
            obj = read_locked(type(obj)._default_manager.select_for_update().get(pk=obj.pk))
            if not self.permits(user, obj, transition):
                raise PermissionDenied
            if self.read_only(obj):
                raise WorkflowError("专项工作已结束，记录只读")
            if obj.status not in transition.sources:
                raise WorkflowError(
                    f"当前状态为「{obj.get_status_display()}」，不能{transition.label}")
            text = (text or "").strip()
            if transition.text_label and transition.text_required and not text:
                raise WorkflowError(f"请填写{transition.text_label}")
            for field_name, value in (changes or {}).items():
                setattr(obj, field_name, value)
            self.guard(user, obj, transition)
            obj.status = transition.target
            self.effect(user, obj, transition, text)
            obj._change_reason = f"{transition.label}：{text}" if text else transition.label
            obj.save()
            self.after(user, obj, transition, text)
        return obj

    def read_only(self, obj) -> bool:
        return False

    def guard(self, user, obj, transition: Transition) -> None:
        """Raise WorkflowError when a transition's own condition is not met."""

    def effect(self, user, obj, transition: Transition, text: str) -> None:
        """Set the fields a transition sets besides the status."""

    def after(self, user, obj, transition: Transition, text: str) -> None:
        """What a performed transition sets off, in its transaction (e.g. notifications, whose emails
        leave on commit): it stands or falls with the transition."""
