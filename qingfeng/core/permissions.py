"""The one permission rule.

Every record belongs to an org. A user may act on a record when they hold, on that
org or on one of its ancestors, a role that allows the action; or when the record
is their own and the action is one a person may take on their own records. Nobody
reviews, accepts, reopens or supervises a record they own: those actions skip one's
own records, so they fall to the managers above. Records of a confidential kind (a
problem from 纪检监察 or 信访举报, and everything hanging off it) answer only to the roles
that kind names (and to the person concerned, who sees the record). A record may also be
visible to everyone in the subtree it covers (a campaign, once it is no longer a draft), or to whoever may read a
related record (`via`: a proposal to the units it is assigned to).

Each app declares, once per model, how its records are scoped (`Scope`: the org path,
the owner, the confidential kind, covering, draft, sensitive fields) and which actions
its roles allow (`register_action`). `visible_to` (querysets) and `can` (one object)
both derive from that declaration, and `shown` renders a sensitive field in clear or
masked. Views, exports, jobs, notifications and the API all ask them; nothing filters
by hand.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.shortcuts import get_object_or_404


@dataclass
class Directory:
    """Where the rule finds the org tree, the roles people hold and where they belong.

    Provided by the app that owns them (orgs, in its AppConfig.ready) through `register_directory`,
    so that core imports no app."""

    tree: type[Model]  # the org tree: materialized paths with `path` and `steplen` (django-treebeard)
    roles: Callable[[list[int]], Iterable[tuple[int, str, str]]]  # user ids -> (user id, role kind, org path)
    memberships: Callable[[int], Iterable[str]]  # a user id -> the paths of the orgs they belong to
    # (role kinds, org paths) -> (active user, org path) for each role of those kinds on those orgs
    holders: Callable[[frozenset[str], list[str]], Iterable[tuple[object, str]]]


DIRECTORY: Directory | None = None


def register_directory(directory: Directory) -> None:
    global DIRECTORY
    DIRECTORY = directory


def directory() -> Directory:
    if DIRECTORY is None:
        raise ImproperlyConfigured("no Directory registered: the orgs app provides it in AppConfig.ready")
    return DIRECTORY


@dataclass(frozen=True)
class Action:
    roles: frozenset[str]  # role kinds that allow it on the subtree of the role's org
    own: bool = False  # a person may also take it on their own records
    not_on_own: bool = False  # nobody may take it on a record they own: it goes to those above


# The one action core knows: doing one's own part on one's own records. Apps register the rest.
ACTIONS: dict[str, Action] = {"own": Action(frozenset(), own=True)}


def register_action(name: str, roles: Iterable[str], *, own: bool = False, not_on_own: bool = False) -> None:
    """Apps declare the actions their views and workflows ask for (in AppConfig.ready)."""
    ACTIONS[name] = Action(frozenset(roles), own=own, not_on_own=not_on_own)


def hidden(value) -> str:
    return "（已隐藏）" if value else ""


@dataclass(frozen=True)
class Sensitive:
    """A field shown in clear only to who may take `action` on the record (and to its owner, if `own`)."""

    action: str
    own: bool = False
    mask: Callable[[str], str] = hidden  # what everyone else sees instead


@dataclass(frozen=True)
class Confidential:
    """Records whose `lookup` has one of `values` answer only to `roles`, whatever the action."""

    lookup: str
    values: frozenset
    roles: frozenset[str]


@dataclass(frozen=True)
class Draft:
    """Records whose `lookup` equals `value` are seen only by who may take `action` on them."""

    lookup: str
    value: object
    action: str


@dataclass(frozen=True)
class Scope:
    path: str | None  # lookup of the path of the org the record belongs to; None: only its owner's
    owner: str | None = None  # lookup of the user whose own record it is
    # lookups of other users who may read it (a rectification's 责任领导, an activity's attendees), unless
    # it is confidential
    readers: tuple[str, ...] = ()
    confidential: Confidential | None = None
    covering: bool = False  # also visible to everyone inside the org's subtree (campaigns)
    draft: Draft | None = None
    # field name -> who sees it in clear; "history_change_reason" covers the reasons in its history
    sensitive: Mapping[str, Sensitive] = field(default_factory=dict)
    # the action that reading it takes instead of "view" (the audit log: "audit", org admins only)
    read_with: str | None = None
    # lookups of related records (a foreign key, or a relation to many) whose being visible to a user lets her read
    # this one too: a proposal to the units it is assigned to ("assignments"), a reply to whoever reads its proposal
    via: tuple[str, ...] = ()


SCOPES: dict[type[Model], Scope] = {}


def register(model: type[Model], scope: Scope) -> None:
    """Apps declare how their models are scoped (in AppConfig.ready)."""
    SCOPES[model] = scope


def scope_of(model: type[Model]) -> Scope:
    try:
        return SCOPES[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model.__name__} has no Scope: register it in its app's AppConfig.ready") from None


def action(name: str) -> Action:
    try:
        return ACTIONS[name]
    except KeyError:
        raise ImproperlyConfigured(f"unknown action {name!r}: register it with register_action") from None


@dataclass
class Grants:
    """The subtree prefixes a user holds per role kind, read once per request."""

    by_kind: dict[str, tuple[str, ...]]
    user_id: int | None = None
    superuser: bool = False
    _prefixes: dict = field(default_factory=dict, repr=False)

    @cached_property
    def own_paths(self) -> tuple[str, ...]:
        """The user's own branch, for records that cover it; read only when asked."""
        return tuple(directory().memberships(self.user_id))

    def kinds_prefixes(self, kinds: frozenset[str]) -> tuple[str, ...]:
        if kinds not in self._prefixes:
            paths = sorted({p for kind in kinds for p in self.by_kind.get(kind, ())})
            # Keep only topmost prefixes: a role below another adds nothing.
            top: list[str] = []
            for path in paths:
                if not any(path.startswith(t) for t in top):
                    top.append(path)
            self._prefixes[kinds] = tuple(top)
        return self._prefixes[kinds]

    def prefixes(self, name: str, confidential: Confidential | None = None) -> tuple[str, ...]:
        """Where the user's roles allow action `name` (on records of that confidential kind, if given)."""
        return self.kinds_prefixes(_kinds(action(name), confidential))

    def allows(self, name: str, path: str, confidential: Confidential | None = None) -> bool:
        return self.superuser or any(path.startswith(p) for p in self.prefixes(name, confidential))

    def ancestor_paths(self) -> set[str]:
        """Every path on the way down to where the user works."""
        paths = [p for ps in self.by_kind.values() for p in ps] + list(self.own_paths)
        step = directory().tree.steplen
        return {p[:i] for p in paths for i in range(step, len(p) + 1, step)}


def _kinds(act: Action, confidential: Confidential | None) -> frozenset[str]:
    if confidential is None:
        return act.roles
    return confidential.roles if act.roles else frozenset()


def grants(user) -> Grants:
    if not user.is_authenticated:
        return Grants(by_kind={})
    cached = getattr(user, "_qf_grants", None)
    if cached is None:
        preload_grants([user])
        cached = user._qf_grants
    return cached


def preload_grants(users: Iterable) -> None:
    """Read the roles of many users in one query (e.g. the recipients of a batch of notifications)."""
    todo = [u for u in users if u is not None and u.is_authenticated and getattr(u, "_qf_grants", None) is None]
    if not todo:
        return
    by_user: dict[int, dict[str, list[str]]] = {u.pk: {} for u in todo}
    for user_id, kind, path in directory().roles(list(by_user)):
        by_user[user_id].setdefault(kind, []).append(path)
    for user in todo:
        kinds = by_user[user.pk]
        user._qf_grants = Grants({k: tuple(v) for k, v in kinds.items()}, user.pk, superuser=user.is_superuser)


def stand_in(kind: str, path: str):
    """A user holding one role on the org at `path` and owning no records, for background jobs that
    compute what every such user sees (e.g. the organization-life ladder). It is never saved and cannot log in."""
    from django.contrib.auth import get_user_model

    user = get_user_model()(pk=0, username=f"({kind}@{path})")  # pk 0: no one's own records
    user._qf_grants = Grants({kind: (path,)}, user_id=0)
    return user


def forget_grants(user) -> None:
    """Call after changing a user's roles within a request."""
    user.__dict__.pop("_qf_grants", None)


def anywhere(user, name: str, within: str | None = None) -> bool:
    """Does the user hold a role allowing action `name` on any org (e.g. to show a column at all)?

    With `within` (an org's path): on any org of that subtree, by a role there, above or below."""
    g = grants(user)
    return g.superuser or any(within is None or p.startswith(within) or within.startswith(p)
                              for p in g.prefixes(name))


def _under(lookup: str, prefixes) -> Q:
    condition = Q(pk__in=[])
    for prefix in prefixes:
        condition |= Q(**{f"{lookup}__startswith": prefix})
    return condition


def _related(model: type[Model], lookup: str) -> type[Model]:
    """The model at the end of `lookup` ("member" of Problem: Member)."""
    for hop in lookup.split("__"):
        model = model._meta.get_field(hop).related_model
    return model


def _own(model: type[Model], lookup: str, user) -> Q:
    """The user's own records. "member__user" becomes member_id IN (the user's member ids): the same rows,
    without joining every record to its member (which cost seconds in region-wide counts)."""
    through, _, last = lookup.rpartition("__")
    if not through or last != "user":
        return Q(**{lookup: user})
    people = _related(model, through)._default_manager.filter(user_id=user.pk).values("pk")
    return Q(**{f"{through}__in": people})


def _to_many(model: type[Model], lookup: str) -> bool:
    """Does `lookup` pass through a relation to many (an activity's attendance)?"""
    for hop in lookup.split("__")[:-1]:
        relation = model._meta.get_field(hop)
        if relation.one_to_many or relation.many_to_many:
            return True
        model = relation.related_model
    return False


def _reader(model: type[Model], lookup: str, user) -> Q:
    """A reader found through a relation to many is matched in a subquery: a join would repeat the record."""
    if _to_many(model, lookup):
        return Q(pk__in=model._default_manager.filter(_own(model, lookup, user)).values("pk"))
    return _own(model, lookup, user)


def _via(model: type[Model], lookup: str, user) -> Q:
    """The records of `model` whose related record at `lookup` the user may read by its own scope (not by a `via`
    of its own: one step, never a chain). Through a relation to many it is matched in a subquery, so a record with
    two such relations comes once."""
    related = _visible(user, _related(model, lookup)._default_manager.all(), "view", via=False).values("pk")
    if _to_many(model, f"{lookup}__pk"):
        return Q(pk__in=model._default_manager.filter(**{f"{lookup}__in": related}).values("pk"))
    return Q(**{f"{lookup}__in": related})


def visible_to(user, queryset: QuerySet | type[Model], name: str = "view") -> QuerySet:
    """The records of `queryset` that `user` may take action `name` on."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    return _visible(user, qs, name, via=True)


def _visible(user, qs: QuerySet, name: str, via: bool) -> QuerySet:
    scope = scope_of(qs.model)
    if name == "view" and scope.read_with:
        name = scope.read_with
    act = action(name)
    if not user.is_authenticated:
        return qs.none()
    own = _own(qs.model, scope.owner, user) if scope.owner else None
    if scope.path is None:  # only its owner's, a superuser's included (nobody reads another's bell): no roles read
        return qs.filter(own) if own is not None and act.own and not act.not_on_own else qs.none()
    g = grants(user)
    if g.superuser:
        condition = Q(pk__isnull=False)  # everything, and still composable with | and &
    elif scope.confidential:
        secret = Q(**{f"{scope.confidential.lookup}__in": list(scope.confidential.values)})
        condition = (_under(scope.path, g.prefixes(name)) & ~secret) | (
            _under(scope.path, g.prefixes(name, scope.confidential)) & secret)
    else:
        condition = _under(scope.path, g.prefixes(name))
    if own is not None and act.own:
        condition |= own
    if scope.readers and name == "view":
        readers = Q(pk__in=[])
        for lookup in scope.readers:
            readers |= _reader(qs.model, lookup, user)
        if scope.confidential:
            readers &= ~Q(**{f"{scope.confidential.lookup}__in": list(scope.confidential.values)})
        condition |= readers
    if scope.covering and name == "view" and not g.superuser:
        condition |= Q(**{f"{scope.path}__in": g.ancestor_paths()})
    if via and scope.via and name == "view" and not g.superuser:
        for lookup in scope.via:
            condition |= _via(qs.model, lookup, user)
    if scope.draft and not g.superuser:
        draft = Q(**{scope.draft.lookup: scope.draft.value})
        condition &= ~draft | _under(scope.path, g.prefixes(scope.draft.action))
    if own is not None and act.not_on_own:
        condition &= ~own
    return qs.filter(condition)


@dataclass(frozen=True)
class Coverage:
    """What a user's roles let her see of a model's records by their org alone, for counts kept per org
    (orgs.tallies): the subtree prefixes where she sees records of no confidential kind (`plain`) and those of the
    confidential kind (`secret`). What she sees besides (her own records, those she reads as a 责任领导 or an
    attendee) is `beyond_roles`."""

    plain: tuple[str, ...]
    secret: tuple[str, ...]


def coverage(user, model: type[Model], name: str = "view") -> Coverage:
    scope = scope_of(model)
    if not user.is_authenticated or scope.path is None:
        return Coverage((), ())
    g = grants(user)
    if g.superuser:
        return Coverage(("",), ("",))
    plain = g.prefixes(name)
    return Coverage(plain, g.prefixes(name, scope.confidential) if scope.confidential else plain)


def beyond_roles(user, queryset: QuerySet | type[Model], within: str, name: str = "view") -> QuerySet | None:
    """The records in the subtree at `within` the user may see though her roles do not cover them (`coverage`);
    None when there can be none (her roles cover the whole subtree, confidential records included), so no query
    is needed. Counts add these to the kept counts of what her roles cover."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    scope = scope_of(qs.model)
    cover = coverage(user, qs.model, name)
    inside = Q(**{f"{scope.path}__startswith": within})
    secret = Q(**{f"{scope.confidential.lookup}__in": list(scope.confidential.values)}) if scope.confidential else None
    if any(within.startswith(p) for p in cover.plain):
        if secret is None or any(within.startswith(p) for p in cover.secret):
            return None
        # Her roles cover all but the confidential records: of those she sees only her own (never as a reader).
        if not scope.owner or not action(name).own or not grants(user).own_paths:
            return None
        return qs.filter(_own(qs.model, scope.owner, user), secret, inside).exclude(
            _under(scope.path, cover.secret))
    by_roles = _under(scope.path, cover.plain)
    if secret is not None:
        by_roles = (by_roles & ~secret) | (_under(scope.path, cover.secret) & secret)
    return visible_to(user, qs, name).filter(inside).exclude(by_roles)


def owned_by(user, queryset: QuerySet | type[Model]) -> QuerySet:
    """The records of `queryset` that are `user`'s own (its Scope's `owner`), whatever her roles: what an action that
    skips one's own records (`not_on_own`) leaves out, for counts kept per org to take away. A superuser's too
    (`visible_to(…, "own")` gives a superuser everything)."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    scope = scope_of(qs.model)
    if not user.is_authenticated or not scope.owner:
        return qs.none()
    return qs.filter(_own(qs.model, scope.owner, user))


def _either(conditions) -> Q:
    result = Q(pk__in=[])
    for condition in conditions:
        result |= condition
    return result


def _follow(obj, lookup: str):
    """The id at the end of a lookup such as "owner__user", without loading the last object."""
    *hops, last = lookup.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id")


def _value(obj, lookup: str):
    for hop in lookup.split("__"):
        obj = getattr(obj, hop)
        if obj is None:
            return None
    return obj


def permission_path(obj) -> str | None:
    """The path of the org `obj` belongs to, as its Scope declares."""
    scope = scope_of(type(obj))
    return _value(obj, scope.path) if scope.path else None


def _reads(user, obj, lookup: str) -> bool:
    if _to_many(type(obj), lookup):
        return type(obj)._default_manager.filter(_own(type(obj), lookup, user), pk=obj.pk).exists()
    return _follow(obj, lookup) == user.pk


def is_own(user, obj) -> bool:
    scope = SCOPES.get(type(obj))
    return bool(scope and scope.owner and user.is_authenticated and _follow(obj, scope.owner) == user.pk)


def is_confidential(obj) -> bool:
    scope = SCOPES.get(type(obj))
    return bool(scope and scope.confidential and _value(obj, scope.confidential.lookup) in scope.confidential.values)


def can(user, name: str, obj) -> bool:
    """May `user` take action `name` on `obj`? Same rule as `visible_to`, for one object."""
    if not user.is_authenticated:
        return False
    scope = scope_of(type(obj))
    if name == "view" and scope.read_with:
        name = scope.read_with
    act = action(name)
    # Followed only when the action depends on it: each hop may cost a query on an object not joined.
    own = (act.own or act.not_on_own) and is_own(user, obj)
    if own and act.not_on_own:
        return False
    g = grants(user)
    if g.superuser and scope.path is not None:
        return True
    path = permission_path(obj)
    if scope.draft and _value(obj, scope.draft.lookup) == scope.draft.value and not (
            path is not None and g.allows(scope.draft.action, path)):
        return False
    if own and act.own:
        return True
    if path is not None and g.allows(name, path, scope.confidential if is_confidential(obj) else None):
        return True
    if name != "view":
        return False
    if scope.readers and not is_confidential(obj) and any(_reads(user, obj, r) for r in scope.readers):
        return True
    if scope.via and type(obj)._default_manager.filter(
            _either(_via(type(obj), lookup, user) for lookup in scope.via), pk=obj.pk).exists():
        return True
    return scope.covering and path is not None and path in g.ancestor_paths()


def in_clear(user, obj, field_name: str) -> bool:
    """May `user` read `field_name` of `obj` as stored (not masked)?"""
    rule = scope_of(type(obj)).sensitive.get(field_name)
    return rule is None or (rule.own and is_own(user, obj)) or can(user, rule.action, obj)


def shown(user, obj, field_name: str, value=None) -> str:
    """The one way a sensitive field reaches a person: in clear, or masked as its Scope declares.

    `value` stands in for the field's current value (e.g. an old value in the history)."""
    value = getattr(obj, field_name, "") if value is None else value
    if in_clear(user, obj, field_name):
        return value
    return scope_of(type(obj)).sensitive[field_name].mask(value)


def sensitive_fields(model: type[Model]) -> Mapping[str, Sensitive]:
    return scope_of(model).sensitive


def top_orgs(user, name: str = "view") -> QuerySet:
    """The highest orgs where the user's roles allowing action `name` start."""
    g = grants(user)
    tree = directory().tree
    if g.superuser:
        return tree.get_root_nodes()
    return tree._default_manager.filter(path__in=g.prefixes(name)).order_by("path")


def nearest_holders(name: str, obj) -> list:
    """The users who may take action `name` on `obj` by a role on the nearest org, walking up from the
    record's, where anyone may: who is told that a record waits for them (a branch's secretary, not
    every manager up to the region). Not its owner when the action skips one's own records, so theirs
    goes one level up; superusers are not counted. Two queries: the roles on the way up, their grants."""
    path = permission_path(obj)
    if path is None:
        return []
    scope = scope_of(type(obj))
    kinds = _kinds(action(name), scope.confidential if is_confidential(obj) else None)
    if not kinds:
        return []
    step = directory().tree.steplen
    chain = [path[:i] for i in range(len(path), 0, -step)]
    by_path: dict[str, list] = {}
    for user, org_path in directory().holders(kinds, chain):
        by_path.setdefault(org_path, []).append(user)
    preload_grants(u for users in by_path.values() for u in users)
    for org_path in chain:
        users = {u.pk: u for u in by_path.get(org_path, ()) if can(u, name, obj)}
        if users:
            return list(users.values())
    return []


def get_allowed_or_404(user, model: type[Model] | QuerySet, pk, name: str = "view"):
    """The object if `user` may take action `name` on it; 404 if they cannot even see it, else 403.

    A forged id in a URL thus reveals nothing about records outside the user's scope.
    """
    obj = get_object_or_404(visible_to(user, model), pk=pk)
    if not can(user, name, obj):
        raise PermissionDenied
    return obj
