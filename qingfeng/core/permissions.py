"""The one permission rule.

Every record belongs to an org. A user may act on a record when they hold, on that
org or on one of its ancestors, a role that allows the action; or when the record
is their own and the action is one a person may take on their own records. Views,
exports and the API all ask `visible_to` (querysets) and `can` (one object); nothing
filters by hand.
"""

from dataclasses import dataclass

from django.db.models import Model, Q, QuerySet

from qingfeng.orgs.models import Member, Org, Role

K = Role.Kind
VIEWERS = frozenset({K.ORG_ADMIN, K.SECRETARY, K.INSPECTOR, K.DISCIPLINE, K.LEADER})
MANAGERS = frozenset({K.ORG_ADMIN, K.SECRETARY})

# action -> role kinds that allow it on the subtree of the role's org
ACTIONS: dict[str, frozenset[str]] = {
    "view": VIEWERS,
    "change": MANAGERS,  # add/edit members, transfer, deactivate
    "import": MANAGERS,  # roster import into the subtree
    "manage_org": frozenset({K.ORG_ADMIN}),  # create and move orgs
}
# actions a person may take on their own record
OWN_ACTIONS = frozenset({"view"})

# Where each model keeps the path of the org it belongs to, and the user who owns it.
SCOPE: dict[type[Model], tuple[str, str | None]] = {
    Org: ("path", None),
    Member: ("org__path", "user"),
}


@dataclass(frozen=True)
class Grants:
    """The subtree prefixes a user holds per role kind, read once per request."""

    by_kind: dict[str, tuple[str, ...]]
    superuser: bool = False

    def prefixes(self, action: str) -> tuple[str, ...]:
        kinds = ACTIONS[action]
        paths = sorted({p for kind in kinds for p in self.by_kind.get(kind, ())})
        # Keep only topmost prefixes: a role below another adds nothing.
        top: list[str] = []
        for path in paths:
            if not any(path.startswith(t) for t in top):
                top.append(path)
        return tuple(top)

    def allows(self, action: str, path: str) -> bool:
        return self.superuser or any(path.startswith(p) for p in self.prefixes(action))


def grants(user) -> Grants:
    if not user.is_authenticated:
        return Grants(by_kind={})
    cached = getattr(user, "_qf_grants", None)
    if cached is None:
        by_kind: dict[str, list[str]] = {}
        for kind, path in Role.objects.filter(user=user).values_list("kind", "org__path"):
            by_kind.setdefault(kind, []).append(path)
        cached = Grants({k: tuple(v) for k, v in by_kind.items()}, superuser=user.is_superuser)
        user._qf_grants = cached
    return cached


def forget_grants(user) -> None:
    """Call after changing a user's roles within a request."""
    user.__dict__.pop("_qf_grants", None)


def visible_to(user, queryset: QuerySet | type[Model], action: str = "view") -> QuerySet:
    """The records of `queryset` that `user` may take `action` on."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    path_field, owner_field = SCOPE[qs.model]
    g = grants(user)
    if g.superuser:
        return qs
    condition = Q(pk__in=[])
    for prefix in g.prefixes(action):
        condition |= Q(**{f"{path_field}__startswith": prefix})
    if owner_field and action in OWN_ACTIONS and user.is_authenticated:
        condition |= Q(**{owner_field: user})
    return qs.filter(condition)


def is_own(user, obj) -> bool:
    owner_field = SCOPE.get(type(obj), (None, None))[1]
    return bool(owner_field and user.is_authenticated
                and getattr(obj, f"{owner_field}_id") == user.pk)


def can(user, action: str, obj) -> bool:
    """May `user` take `action` on `obj`? Same rule as `visible_to`, for one object."""
    if not user.is_authenticated:
        return False
    if action in OWN_ACTIONS and is_own(user, obj):
        return True
    return grants(user).allows(action, obj.permission_path)


def top_orgs(user, action: str = "view") -> QuerySet:
    """The highest orgs where the user's roles allowing `action` start."""
    g = grants(user)
    if g.superuser:
        return Org.get_root_nodes()
    return Org.objects.filter(path__in=g.prefixes(action)).order_by("path")


def get_allowed_or_404(user, model: type[Model], pk, action: str = "view"):
    """The object if `user` may take `action` on it; 404 if they cannot even see it, else 403.

    A forged id in a URL thus reveals nothing about records outside the user's scope.
    """
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import get_object_or_404

    obj = get_object_or_404(visible_to(user, model), pk=pk)
    if not can(user, action, obj):
        raise PermissionDenied
    return obj
