"""The one permission rule.

Every record belongs to an org. A user may act on a record when they hold, on that
org or on one of its ancestors, a role that allows the action; or when the record
is their own and the action is one a person may take on their own records.
Problems from confidential sources (纪检监察, 信访举报), and everything hanging off
them, answer only to the discipline role (and to the person concerned, who sees the
problem but never its source details). A campaign is also visible to everyone in the
subtree it covers, once it is no longer a draft. Views, exports and the API all ask `visible_to` (querysets) and
`can` (one object); nothing filters by hand.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404

from qingfeng.orgs.models import Member, Org, Role

K = Role.Kind
VIEWERS = frozenset({K.ORG_ADMIN, K.SECRETARY, K.INSPECTOR, K.DISCIPLINE, K.LEADER})
MANAGERS = frozenset({K.ORG_ADMIN, K.SECRETARY})
DISCIPLINE = frozenset({K.DISCIPLINE})

# action -> role kinds that allow it on the subtree of the role's org
ACTIONS: dict[str, frozenset[str]] = {
    "view": VIEWERS,
    "change": MANAGERS,  # add/edit members, transfer, deactivate
    "import": MANAGERS,  # roster import into the subtree
    "manage_org": frozenset({K.ORG_ADMIN}),  # create and move orgs
    "launch": frozenset({K.ORG_ADMIN}),  # create, edit, open and close campaigns
    "record_study": MANAGERS,  # study activities and attendance
    "review": MANAGERS,  # accept or return reflections and rectifications
    "register_problem": MANAGERS | {K.INSPECTOR, K.DISCIPLINE},
    "assign": MANAGERS,  # give a problem its rectifications
    "reopen": frozenset({K.INSPECTOR, K.DISCIPLINE}),  # 回头看
    "supervise": frozenset({K.ORG_ADMIN, K.INSPECTOR, K.DISCIPLINE}),
    "see_confidential": DISCIPLINE,
    "own": frozenset(),  # no role: only the person whose record it is
}
# On records of a confidential source only the discipline role acts, whatever the action.
CONFIDENTIAL_ACTIONS = dict.fromkeys(
    ACTIONS.keys() - {"change", "import", "manage_org", "launch", "own"}, DISCIPLINE)
# Actions a person may take on their own records: read them, and do their own part
# (write a reflection, fill a self-inspection, report on and submit a rectification).
OWN_ACTIONS = frozenset({"view", "own"})


@dataclass(frozen=True)
class Scope:
    path: str  # lookup of the path of the org the record belongs to
    owner: str | None = None  # lookup of the user whose own record it is
    source: str | None = None  # lookup of Problem.source, where confidentiality applies
    covering: bool = False  # also visible to everyone inside the org's subtree (campaigns)
    draft: tuple[str, str] | None = None  # (field, value): such records are seen only by who may launch


SCOPES: dict[type[Model], Scope] = {
    Org: Scope("path"),
    Member: Scope("org__path", owner="user"),
}


def register(model: type[Model], scope: Scope) -> None:
    """Apps declare how their models are scoped (in AppConfig.ready)."""
    SCOPES[model] = scope


@dataclass
class Grants:
    """The subtree prefixes a user holds per role kind, read once per request."""

    by_kind: dict[str, tuple[str, ...]]
    user_id: int | None = None
    superuser: bool = False
    _prefixes: dict = field(default_factory=dict, repr=False)

    @cached_property
    def own_paths(self) -> tuple[str, ...]:
        """The user's own branch, for campaigns that cover it; read only when asked."""
        return tuple(Member.objects.filter(user_id=self.user_id).values_list("org__path", flat=True))

    def prefixes(self, action: str, confidential: bool = False) -> tuple[str, ...]:
        key = (action, confidential)
        if key not in self._prefixes:
            kinds = CONFIDENTIAL_ACTIONS.get(action, frozenset()) if confidential else ACTIONS[action]
            paths = sorted({p for kind in kinds for p in self.by_kind.get(kind, ())})
            # Keep only topmost prefixes: a role below another adds nothing.
            top: list[str] = []
            for path in paths:
                if not any(path.startswith(t) for t in top):
                    top.append(path)
            self._prefixes[key] = tuple(top)
        return self._prefixes[key]

    def allows(self, action: str, path: str, confidential: bool = False) -> bool:
        return self.superuser or any(path.startswith(p) for p in self.prefixes(action, confidential))

    def ancestor_paths(self) -> set[str]:
        """Every path on the way down to where the user works."""
        paths = [p for ps in self.by_kind.values() for p in ps] + list(self.own_paths)
        step = Org.steplen
        return {p[:i] for p in paths for i in range(step, len(p) + 1, step)}


def grants(user) -> Grants:
    if not user.is_authenticated:
        return Grants(by_kind={})
    cached = getattr(user, "_qf_grants", None)
    if cached is None:
        by_kind: dict[str, list[str]] = {}
        for kind, path in Role.objects.filter(user=user).values_list("kind", "org__path"):
            by_kind.setdefault(kind, []).append(path)
        cached = Grants({k: tuple(v) for k, v in by_kind.items()}, user.pk, superuser=user.is_superuser)
        user._qf_grants = cached
    return cached


def stand_in(kind: str, path: str):
    """A user holding one role on the org at `path` and owning no records, for background jobs that
    compute what every such user sees (e.g. reports.snapshots). It is never saved and cannot log in."""
    from django.contrib.auth import get_user_model

    user = get_user_model()(pk=0, username=f"({kind}@{path})")  # pk 0: no one's own records
    user._qf_grants = Grants({kind: (path,)}, user_id=0)
    return user


def forget_grants(user) -> None:
    """Call after changing a user's roles within a request."""
    user.__dict__.pop("_qf_grants", None)


def _under(lookup: str, prefixes) -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{lookup}__startswith": prefix})
    return condition


def _own(lookup: str, user) -> Q:
    """The user's own records. "member__user" becomes member_id IN (the user's member ids): the same rows,
    without joining every record to its member (which cost seconds in region-wide counts)."""
    through, _, last = lookup.rpartition("__")
    if not through or last != "user":
        return Q(**{lookup: user})
    return Q(**{f"{through}__in": Member.objects.filter(user_id=user.pk).values("pk")})


def visible_to(user, queryset: QuerySet | type[Model], action: str = "view") -> QuerySet:
    """The records of `queryset` that `user` may take `action` on."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    scope = SCOPES[qs.model]
    g = grants(user)
    if g.superuser:
        return qs
    if not user.is_authenticated:
        return qs.none()
    if scope.source:
        secret = Q(**{f"{scope.source}__in": _confidential_sources()})
        condition = (_under(scope.path, g.prefixes(action)) & ~secret) | (
            _under(scope.path, g.prefixes(action, confidential=True)) & secret)
    else:
        condition = _under(scope.path, g.prefixes(action))
    if scope.owner and action in OWN_ACTIONS:
        condition |= _own(scope.owner, user)
    if scope.covering and action == "view":
        condition |= Q(**{f"{scope.path}__in": g.ancestor_paths()})
    if scope.draft:
        draft = Q(**{scope.draft[0]: scope.draft[1]})
        condition = (condition & ~draft) | (draft & _under(scope.path, g.prefixes("launch")))
    return qs.filter(condition)


def _confidential_sources():
    from qingfeng.ledger.models import Problem

    return list(Problem.CONFIDENTIAL_SOURCES)


def _follow(obj, lookup: str):
    """The id at the end of a lookup such as "owner__user", without loading the last object."""
    *hops, last = lookup.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def is_own(user, obj) -> bool:
    scope = SCOPES.get(type(obj))
    return bool(scope and scope.owner and user.is_authenticated and _follow(obj, scope.owner) == user.pk)


def is_confidential(obj) -> bool:
    scope = SCOPES.get(type(obj))
    return bool(scope and scope.source and _follow_value(obj, scope.source) in _confidential_sources())


def _follow_value(obj, lookup: str):
    for hop in lookup.split("__"):
        obj = getattr(obj, hop)
    return obj


def can(user, action: str, obj) -> bool:
    """May `user` take `action` on `obj`? Same rule as `visible_to`, for one object."""
    if not user.is_authenticated:
        return False
    g = grants(user)
    scope = SCOPES.get(type(obj))
    is_draft = scope and scope.draft and getattr(obj, scope.draft[0]) == scope.draft[1]
    if is_draft and not g.allows("launch", obj.permission_path):
        return False
    if action in OWN_ACTIONS and is_own(user, obj):
        return True
    if g.allows(action, obj.permission_path, confidential=is_confidential(obj)):
        return True
    return bool(scope and scope.covering and action == "view" and obj.permission_path in g.ancestor_paths())


def top_orgs(user, action: str = "view") -> QuerySet:
    """The highest orgs where the user's roles allowing `action` start."""
    g = grants(user)
    if g.superuser:
        return Org.objects.get_root_nodes()
    return Org.objects.filter(path__in=g.prefixes(action)).order_by("path")


def get_allowed_or_404(user, model: type[Model] | QuerySet, pk, action: str = "view"):
    """The object if `user` may take `action` on it; 404 if they cannot even see it, else 403.

    A forged id in a URL thus reveals nothing about records outside the user's scope.
    """
    obj = get_object_or_404(visible_to(user, model), pk=pk)
    if not can(user, action, obj):
        raise PermissionDenied
    return obj
