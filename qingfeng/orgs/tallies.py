"""Counts kept with every change: the figures of a subtree read from a few rows, current to the last commit.

A figure is a count of records (rectifications by status, members who signed the commitment, …). Each app declares
its figures once, as a *family* (`register_family`): a function that counts, from the records, the rows of given
orgs — (org, secret, key, n), `key` the dimensions the figures group by (a status, a due date, a checklist item …),
`secret` whether the records are of a confidential kind. Those are the org's own rows (`Tally.rolled` false). The
rolled rows of an org (`rolled` true) are the sums of the own rows of its whole subtree, so a dashboard reads one
org's rolled rows and its children's: cost O(children), whatever the size of the subtree or of the database.

How the rows stay right: every change marks (family, scope, org) dirty (`touch`; the apps' signal receivers do it
for each save and delete, bulk writers call it themselves), and a dirty org's own rows are *recounted* from its
records, never incremented by hand, in the same transaction as the change. Only the difference to the rows stored
before is added to the rolled rows of the org and of each of its ancestors. The recount runs under one lock taken
in the same transaction (PostgreSQL: an advisory transaction lock; SQLite: its write lock), after the change was
written, so a concurrent change is either counted here or recounts after this transaction commits.

Outside `batch()` a change is recounted at once; inside, once at the end of the outermost block (importers, the demo
loader). `suspended()` keeps nothing (benchmarks comparing writes with and without). `rebuild` recounts everything
from the records and `repair` does the same, fixing and reporting any row that differed: the nightly job and
`manage.py recount_figures` run it; it should never find anything. `fill` writes the rows of a new tree in bulk
(`synth`, which writes its records past the signals, in its transaction).
"""

import contextlib
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from qingfeng.core.workflow import LOCKED, is_read_locked

from .models import Org, Tally

Row = tuple[int, bool, str, int]  # (org id, secret, key, n)
Mark = tuple[str, str, int]  # (family, scope, org id)


@dataclass(frozen=True)
class Family:
    name: str
    # (scope, org ids (a list, or a subquery of ids to filter by with `__in`) or None for every org) -> the own
    # rows of those orgs
    count: Callable[[str, Iterable[int] | None], Iterable[Row]]
    scopes: Callable[[], Iterable[str]]  # every scope that may hold rows (for `rebuild` and `repair`)
    # A family whose rows are other families' rows of the same scope under coarser keys: `fill` sums their rows,
    # each key mapped by `derive(source family, key)` (None: a row it does not count), instead of counting the
    # records again. `count` stays what `repair` checks the sums against.
    sources: tuple[str, ...] = ()
    derive: Callable[[str, str], str | None] | None = None


FAMILIES: dict[str, Family] = {}
LOCK_KEY = 7147  # PostgreSQL advisory lock: one for every tally write, so no two writers can deadlock on them
BATCH = 2000


def register_family(name: str, count, scopes, sources: tuple[str, ...] = (),
                    derive: Callable[[str, str], str | None] | None = None) -> None:
    """Apps declare each figure family in AppConfig.ready (`sources` and `derive`: see Family)."""
    if bool(sources) != bool(derive):
        raise ValueError("a derived family names both its sources and how their keys map to its own")
    FAMILIES[name] = Family(name, count, scopes, tuple(sources), derive)


class _State(threading.local):
    depth = 0
    suspended = 0
    marks: set
    deltas: dict


_state = _State()


def touch(family: str, scope: str, org_id: int | None) -> None:
    touch_many([(family, scope, org_id)])


def touch_many(marks: Iterable[Mark]) -> None:
    """Mark (family, scope, org) dirty: recounted now, or at the end of the enclosing `batch()`."""
    if _state.suspended:
        return
    marks = {m for m in marks if m[2] is not None}
    if not marks:
        return
    if _state.depth:
        _state.marks |= marks
    else:
        flush(marks)


@contextlib.contextmanager
def batch():
    """Recount what the block touched once, at its end (and in its transaction, if the block is in one)."""
    if _state.depth == 0:
        _state.marks, _state.deltas = set(), defaultdict(int)
    _state.depth += 1
    try:
        yield
    except BaseException:
        _state.depth -= 1
        if _state.depth == 0:
            _state.marks, _state.deltas = set(), defaultdict(int)
        raise
    _state.depth -= 1
    if _state.depth == 0:
        marks, _state.marks = _state.marks, set()
        deltas, _state.deltas = _state.deltas, defaultdict(int)
        flush(marks, deltas)


def is_suspended() -> bool:
    return bool(_state.suspended)


@contextlib.contextmanager
def suspended():
    """Keep no counts inside the block (benchmarks only: the rows are wrong afterwards until `rebuild`)."""
    _state.suspended += 1
    try:
        yield
    finally:
        _state.suspended -= 1


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def add(rows: Iterable[tuple[str, str, int, bool, str, int]]) -> None:
    """Add (family, scope, org, secret, key, n) to the own rows of the orgs and the rolled rows up the tree: what
    one record's change does, when its family knows the record's rows (`watch(rows=…)`); now, or at the end of the
    enclosing `batch()`."""
    if _state.suspended:
        return
    deltas: dict[tuple, int] = defaultdict(int)
    for family, scope, org, secret, key, n in rows:
        if org is not None and n:
            deltas[(family, scope, org, bool(secret), key)] += n
    if _state.depth:
        for k, n in deltas.items():
            _state.deltas[k] += n
    else:
        flush((), deltas)


def flush(marks: Iterable[Mark], deltas: dict[tuple, int] | None = None) -> None:
    """Recount the own rows of each dirty (family, scope, org), add `deltas` ({(family, scope, org, secret, key):
    n}) where no recount covers them, and pass the differences up the tree."""
    groups: dict[tuple[str, str], set[int]] = defaultdict(set)
    for family, scope, org_id in marks:
        groups[(family, scope)].add(org_id)
    added = {(family, scope, org, secret, key): n for (family, scope, org, secret, key), n in (deltas or {}).items()
             if n and org not in groups.get((family, scope), ())}  # a recount of the org counts the change too
    if not groups and not added:
        return
    # no savepoint of its own: a failure here fails the change it counts, which rolls back with it
    with transaction.atomic(savepoint=False):
        _lock()
        _apply(added)
        for (family, scope), org_ids in sorted(groups.items()):
            ids = sorted(org_ids)
            for start in range(0, len(ids), BATCH):
                _recount(FAMILIES[family], scope, ids[start:start + BATCH])


def _recount(family: Family, scope: str, org_ids: list[int]) -> dict:
    """Recount the own rows of `org_ids`; apply the differences. Returns {(org, secret, key): (stored, counted)}."""
    new: dict[tuple, int] = defaultdict(int)
    for org_id, secret, key, n in family.count(scope, org_ids):
        if n:
            new[(org_id, bool(secret), key)] += n
    old = dict(((org, secret, key), n) for org, secret, key, n in Tally.objects.filter(
        scope=scope, family=family.name, rolled=False, org_id__in=org_ids).values_list("org_id", "secret", "key", "n"))
    deltas = {}
    for k in new.keys() | old.keys():
        before = old.get(k, 0)
        if new.get(k, 0) != before:
            deltas[k] = (before, new.get(k, 0))
    if deltas:
        _apply({(family.name, scope, *k): after - before for k, (before, after) in deltas.items()})
    return deltas


def _apply(deltas: dict[tuple, int]) -> None:
    """Add `deltas` ({(family, scope, org, secret, key): d}) to the own rows of the orgs and to the rolled rows of
    each org and its ancestors, in one statement (per `_chunks` of deltas): the ancestors are the orgs at
    the prefixes of the org's path, found by a recursive query inside it, and each row is an INSERT … ON CONFLICT
    that adds to the row if it exists. On PostgreSQL the same statement deletes the rows it brings to 0 (a status
    change empties its old status's row at its branch, most times): a second statement cost ~0.7 ms a change."""
    items = [k + (d,) for k, d in sorted(deltas.items()) if d]
    q = connection.ops.quote_name
    org_table, step = q(Org._meta.db_table), Org.steplen
    postgres = connection.vendor == "postgresql"
    emptied = []
    with connection.cursor() as cursor:
        for chunk in _chunks(items, len(_DELTA)):
            values, params = _rows(chunk, _DELTA)
            # up: each org of d and its ancestors (`above`), one index lookup each (by id, then by path per level):
            # a join let PostgreSQL read every org of the database for a change of one record
            rows = (f"WITH RECURSIVE d(family, scope, org, secret, k, n) AS ({values}), "
                    f"up(org, p, above) AS (SELECT mine.org, (SELECT CAST(o.path AS TEXT) FROM {org_table} o "
                    f"WHERE o.id = mine.org), CAST(mine.org AS BIGINT) FROM (SELECT DISTINCT org FROM d) AS mine "
                    f"UNION ALL SELECT org, substr(p, 1, length(p) - {step}), (SELECT o.id FROM {org_table} o "
                    f"WHERE o.path = substr(up.p, 1, length(up.p) - {step})) FROM up WHERE length(p) > {step}), "
                    f"todo(family, scope, org, rolled, secret, k, n) AS ("
                    f"SELECT family, scope, org, FALSE, secret, k, n FROM d UNION ALL "
                    f"SELECT d.family, d.scope, up.above, TRUE, d.secret, d.k, SUM(d.n) FROM d JOIN up "
                    f"ON up.org = d.org WHERE up.above IS NOT NULL GROUP BY d.family, d.scope, up.above, d.secret, "
                    f"d.k)")
            if not postgres:
                cursor.execute(f"{rows} {_UPSERT} SELECT scope, org, rolled, family, secret, k, n FROM todo "
                               f"WHERE n <> 0 {_ON_CONFLICT}", params)
                emptied += _emptied(cursor)
                continue
            # the rows the addition brings to 0 are deleted, the others upserted: two disjoint sets of keys, so
            # the two parts of the statement (which see the table as it was before it) never touch the same row
            same = ('t."org_id" = todo.org AND t."rolled" = todo.rolled AND t."scope" = todo.scope AND '
                    't."family" = todo.family AND t."secret" = todo.secret AND t."key" = todo.k')
            cursor.execute(
                f'{rows}, gone AS (DELETE FROM "orgs_tally" t USING todo WHERE {same} AND t."n" + todo.n = 0 '
                f'RETURNING t."org_id", t."rolled", t."scope", t."family", t."secret", t."key") '
                f"{_UPSERT} SELECT scope, org, rolled, family, secret, k, n FROM todo WHERE n <> 0 AND NOT EXISTS "
                f"(SELECT 1 FROM gone t WHERE {same}) {_ON_CONFLICT_ADD}", params)
        _delete_emptied(cursor, emptied)


_DELTA = ("TEXT", "TEXT", "INTEGER", "BOOLEAN", "TEXT", "BIGINT")  # family, scope, org, secret, key, n
_ROW = ("TEXT", "INTEGER", "BOOLEAN", "TEXT", "BOOLEAN", "TEXT", "BIGINT")  # scope, org, rolled, family, secret, key, n


def _chunks(rows: list[tuple], width: int):
    """`rows` in slices of one statement each: 20,000 on PostgreSQL (one JSON parameter whatever the size), else as
    many as the database's parameter limit allows (1,000 at most: 142 or 166 on SQLite)."""
    size = 20_000 if connection.vendor == "postgresql" else min(1000, (connection.features.max_query_params
                                                                       or 1000 * width) // width)
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _rows(chunk: list[tuple], types: tuple[str, ...]) -> tuple[str, list]:
    """A VALUES list or SELECT of `chunk`'s rows as columns of `types`. PostgreSQL gets one JSON parameter: JSON is
    encoded in C, where psycopg would split a statement of thousands of placeholders one by one, or quote array
    parameters element by element, in Python (seconds for a region's count after synth). Its LIMIT, the number of
    rows, tells the planner how many there are (it takes any function's for 100): a status change's few rows then
    find their counts by the index, where 100 made a join of them read the whole table (66 ms at 20,000 members)."""
    if connection.vendor == "postgresql":
        columns = ", ".join(f"CAST(r->>{i} AS {t})" for i, t in enumerate(types))
        return (f"SELECT {columns} FROM json_array_elements(CAST(%s AS json)) AS r LIMIT {len(chunk)}",
                [json.dumps(chunk)])
    row = "(" + ", ".join(f"CAST(%s AS {t})" for t in types) + ")"
    return "VALUES " + ", ".join([row] * len(chunk)), [v for values in chunk for v in values]


# Both databases quote names with double quotes (the table's name is fixed by its migration).
_COLUMNS = tuple(f'"{c}"' for c in ("scope", "org_id", "rolled", "family", "secret", "key", "n"))
_UPSERT = f'INSERT INTO "orgs_tally" ({", ".join(_COLUMNS)})'
_ON_CONFLICT_ADD = f'ON CONFLICT ({", ".join(_COLUMNS[:-1])}) DO UPDATE SET "n" = "orgs_tally"."n" + excluded."n"'
_ON_CONFLICT = f'{_ON_CONFLICT_ADD} RETURNING {", ".join(_COLUMNS)}'
_KEY = ("TEXT", "INTEGER", "BOOLEAN", "TEXT", "BOOLEAN", "TEXT")  # scope, org, rolled, family, secret, key


def _emptied(cursor) -> list[tuple]:
    """The keys of the rows the upsert just run on `cursor` brought to 0."""
    return [row[:-1] for row in cursor.fetchall() if row[-1] == 0]


def _add(family: str, scope: str, rows: list[tuple[bool, int, bool, str, int]]) -> None:
    """Add n to each row (rolled, org, secret, key, n), in one statement per `_chunks` of rows."""
    if not rows:
        return
    emptied = []
    with connection.cursor() as cursor:
        for part in _chunks(rows, len(_ROW)):
            values, params = _rows([(scope, org, rolled, family, secret, key, n)
                                    for rolled, org, secret, key, n in part], _ROW)
            cursor.execute(f"{_UPSERT} {values} {_ON_CONFLICT}", params)
            emptied += _emptied(cursor)
        _delete_emptied(cursor, emptied)


def _delete_emptied(cursor, keys: list[tuple]) -> None:
    """Delete the rows an addition brought to 0, by their keys (a figure with no records has no row)."""
    for chunk in _chunks(keys, len(_KEY)):
        values, params = _rows(chunk, _KEY)
        cursor.execute(f'DELETE FROM "orgs_tally" WHERE "n" = 0 AND ({", ".join(_COLUMNS[:-1])}) IN ({values})',
                       params)


def moved(org: Org, old_path: str) -> None:
    """After moving `org` (with its subtree) from `old_path`: its rolled rows leave the old ancestors and join the
    new ones. Called by Org.move_under in its transaction."""
    step = Org.steplen
    old = {old_path[:i] for i in range(step, len(old_path), step)}
    new = {org.path[:i] for i in range(step, len(org.path), step)}
    if old == new:
        return
    ids = dict(Org.objects.filter(path__in=(old | new) - (old & new)).values_list("path", "pk"))
    with transaction.atomic(savepoint=False):
        _lock()
        rows = list(Tally.objects.filter(org=org, rolled=True))
        by_scope: dict[tuple[str, str], dict] = defaultdict(lambda: defaultdict(int))
        for row in rows:
            for path in old - new:
                by_scope[(row.family, row.scope)][(ids[path], row.secret, row.key)] -= row.n
            for path in new - old:
                by_scope[(row.family, row.scope)][(ids[path], row.secret, row.key)] += row.n
        for (family, scope), deltas in by_scope.items():
            _add(family, scope, [(True, *k, d) for k, d in deltas.items() if d])
        # what the move changes besides the sums (organization life: the rules in force, a group's branch)
        touch_many(mark for hook in MOVE_HOOKS for mark in hook(org, old_path))


MOVE_HOOKS: list[Callable] = []


def on_moved(hook: Callable) -> None:
    """`hook(org, old_path)` gives the (family, scope, org) a move of `org` recounts, after its sums moved."""
    MOVE_HOOKS.append(hook)


# --- Recounting everything: after synth, nightly, on demand ---

@dataclass
class Drift:
    family: str
    scope: str
    org_id: int
    secret: bool
    key: str
    rolled: bool
    stored: int
    counted: int

    def __str__(self) -> str:
        kind = "subtree" if self.rolled else "own"
        return (f"{self.family} {self.scope or '-'} org {self.org_id} {kind} "
                f"{'secret ' if self.secret else ''}{self.key or '-'}: stored {self.stored}, counted {self.counted}")


def _tree(root: Org | None):
    """{org id: path}, {path: org id} of the orgs of `root`'s tree (of every org without it), and the orgs a family
    counts the records of: None (all), or a subquery of the tree's ids (a region's thousands, passed as a list,
    cost Django and psycopg seconds to write into each query)."""
    orgs = list(Org.objects.filter(path__startswith=root.path) if root else Org.objects.all())
    paths = {org.pk: org.path for org in orgs}
    by_path = {org.path: org.pk for org in orgs}
    within = None if root is None else Org.objects.filter(path__startswith=root.path).values("pk")
    return paths, by_path, within


Counted = dict[int, dict[tuple[bool, str], int]]  # org id -> {(secret, key): n}


def _own(family: Family, scope: str, paths: dict, within) -> Counted:
    """The own rows of the orgs in `paths`, counted from the records (of the orgs `within`)."""
    own: Counted = defaultdict(dict)
    for org_id, secret, key, n in family.count(scope, within):
        if n and org_id in paths:
            mine = own[org_id]
            mine[(bool(secret), key)] = mine.get((bool(secret), key), 0) + n
    return own


def _derived(family: Family, counted: dict[str, Counted]) -> Counted:
    """The own rows of a derived family from its sources' own rows ({family: rows}, of the same scope)."""
    own: Counted = defaultdict(dict)
    keys: dict[tuple[str, str], str] = {}  # a source's key -> ours, worked out once (a region repeats them)
    for source in family.sources:
        for org_id, rows in counted[source].items():
            mine = own[org_id]
            for (secret, key), n in rows.items():
                if (source, key) not in keys:
                    keys[(source, key)] = family.derive(source, key)
                to = keys[(source, key)]
                if to is not None:
                    mine[(secret, to)] = mine.get((secret, to), 0) + n
    return own


def _rolled(own: Counted, by_path: dict) -> Counted:
    """The rolled rows of each org of `by_path` ({path: org id}): the sums of its subtree's own rows."""
    # deepest orgs first: each org's sums are its own rows plus its children's sums, then added to its parent's
    sums: Counted = {}
    below: Counted = {}
    step = Org.steplen
    for path in sorted(by_path, key=len, reverse=True):
        org_id = by_path[path]
        mine = below.pop(org_id, None)
        if mine is None:
            mine = dict(own.get(org_id, ()))
        else:
            for k, n in own.get(org_id, {}).items():
                mine[k] = mine.get(k, 0) + n
        if not mine:
            continue
        sums[org_id] = mine  # not changed after: the parent gets a copy, or adds it into its own
        parent = by_path.get(path[:-step])
        if parent is None:
            continue
        into = below.get(parent)
        if into is None:
            below[parent] = dict(mine)
        else:
            for k, n in mine.items():
                into[k] = into.get(k, 0) + n
    return sums


def _flat(rows: Counted) -> dict[tuple, int]:
    return {(org_id, secret, key): n for org_id, mine in rows.items() for (secret, key), n in mine.items()}


def repair(families: Iterable[str] | None = None, root: Org | None = None) -> list[Drift]:
    """Recount every family in every scope from the records; fix and return every row that differed.

    With `root` (an org without a parent, such as a region `synth` just wrote), only the orgs of its tree."""
    if root is not None and root.depth != 1:
        raise ValueError("repair(root=…) takes a root org: the rows above any other would be left out")
    drift: list[Drift] = []
    paths, by_path, within = _tree(root)
    for name in sorted(families or FAMILIES):
        family = FAMILIES[name]
        stored_rows = Tally.objects.filter(family=name)
        if root is not None:
            stored_rows = stored_rows.filter(org__path__startswith=root.path)
        for scope in sorted(set(family.scopes()) | set(stored_rows.values_list("scope", flat=True).distinct())):
            with transaction.atomic():
                _lock()
                own = _own(family, scope, paths, within)
                for rolled, want in ((False, _flat(own)), (True, _flat(_rolled(own, by_path)))):
                    stored = {(t.org_id, t.secret, t.key): t for t in stored_rows.filter(scope=scope, rolled=rolled)}
                    deltas = {}
                    for k in want.keys() | stored.keys():
                        have = stored[k].n if k in stored else 0
                        if have != want.get(k, 0):
                            deltas[k] = want.get(k, 0) - have
                            drift.append(Drift(name, scope, k[0], k[1], k[2], rolled, have, want.get(k, 0)))
                    _add(name, scope, [(rolled, *k, d) for k, d in deltas.items()])
    return drift


def fill(root: Org) -> int:
    """Write the kept counts of a new tree, one that has none yet (a region `synth` writes, in its transaction):
    the rows `repair(root=…)` would add, counted by the same families (a derived family summed from its sources'
    rows), but written in bulk (COPY on PostgreSQL) rather than each added to a row that may exist. Returns the
    number of rows written."""
    if root.depth != 1:
        raise ValueError("fill() takes a root org: the rows above any other would be left out")
    if Tally.objects.filter(org__path__startswith=root.path).exists():
        raise ValueError(f"{root} has kept counts already: recount it with repair(root=…)")
    paths, by_path, within = _tree(root)
    sources = {source for family in FAMILIES.values() for source in family.sources}
    written = 0
    # no JIT: a region's counts are a few dozen queries each planned as costly, and compiled for ~0.1 s apiece,
    # which the hash joins they run never win back
    with transaction.atomic(savepoint=False), setting("jit", "off"):
        _lock()
        kept: dict[tuple[str, str], Counted] = {}  # (family, scope) -> own rows, of the families others derive from
        # the derived families last, once the rows they sum are counted
        for name in sorted(FAMILIES, key=lambda name: (bool(FAMILIES[name].sources), name)):
            family = FAMILIES[name]
            for scope in sorted(set(family.scopes())):
                if family.sources and all((source, scope) in kept for source in family.sources):
                    own = _derived(family, {source: kept[(source, scope)] for source in family.sources})
                else:
                    own = _own(family, scope, paths, within)
                if name in sources:
                    kept[(name, scope)] = own
                sums = _rolled(own, by_path)
                # in the order of the index (org, rolled, …; one family and scope), which takes them a page at a time
                rows = [(org_id, rolled, secret, key, n) for org_id in sorted(own.keys() | sums.keys())
                        for rolled, mine in ((False, own.get(org_id, {})), (True, sums.get(org_id, {})))
                        for (secret, key), n in mine.items() if n]
                _insert(scope, name, rows)
                written += len(rows)
    return written


@contextlib.contextmanager
def setting(name: str, value: str):
    """PostgreSQL: the block's queries run with the setting `name` at `value`, in its transaction (set_config's
    local form), then it is set back. Elsewhere nothing."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value])
        before = cursor.fetchone()[0]
    yield
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [name, before])


def _insert(scope: str, family: str, rows: list[tuple]) -> None:
    """Insert new tally rows of one family and scope, each (org, rolled, secret, key, n): COPY on PostgreSQL."""
    if not rows:
        return
    columns = ('"org_id"', '"rolled"', '"secret"', '"key"', '"n"', '"scope"', '"family"')
    if connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor, cursor.copy(
                f'COPY "orgs_tally" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row((*row, scope, family))
    else:
        with connection.cursor() as cursor:
            cursor.executemany(f'INSERT INTO "orgs_tally" ({", ".join(columns)}) VALUES ({", ".join(["%s"] * 7)})',
                               [(*row, scope, family) for row in rows])


def rebuild(families: Iterable[str] | None = None) -> int:
    """Recount everything from the records (e.g. after the demo loader); returns the rows that changed."""
    return len(repair(families))


def org_ids(paths) -> dict[str, int]:
    """{path: org id} of the orgs at `paths` (the subtrees a user's roles cover, to read their rows)."""
    return dict(Org.objects.filter(path__in=set(paths)).values_list("path", "pk"))


def top_ids(prefixes) -> dict[str, list[int]]:
    """{prefix: the ids of the orgs at the top of its subtree} of the subtrees a user's roles cover: the org at that
    path, or every root for "" (a superuser's). One query."""
    prefixes = set(prefixes)
    if "" not in prefixes:
        return {path: [pk] for path, pk in org_ids(prefixes).items()}
    found = dict(Org.objects.filter(Q(path__in=prefixes) | Q(depth=1)).values_list("path", "pk"))
    return {**{p: [found[p]] for p in prefixes if p in found},
            "": [pk for path, pk in found.items() if len(path) == Org.steplen]}


def org_paths(ids) -> dict[int, str]:
    """{org id: path} of the orgs `ids` (where rows counted from a user's own records lie)."""
    return dict(Org.objects.filter(pk__in=set(ids)).values_list("pk", "path"))


FEW_ORGS = 20  # a read of more orgs passes their ids as one parameter, and reads one family per SELECT


class Rows:
    """Rolled rows `read` gives: (org id, family, secret, key, n) when iterated, one statement whatever the SELECTs
    `union` joined (a dashboard's dozen). Plain SQL: the ORM took ~20 ms to build and compile a ranking's dozen
    querysets (filters, cases, unions), a third of what the database took to run them."""

    def __init__(self, parts: list[tuple[str, list]]):
        self.parts = parts

    def union(self, *others: "Rows", all: bool = True) -> "Rows":
        if not all:
            raise ValueError("rows of two reads are never the same row: unite them with all=True")
        return Rows(self.parts + [part for other in others for part in other.parts])

    def __iter__(self):
        if not self.parts:
            return iter(())
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(sql for sql, _ in self.parts),
                           [value for _, params in self.parts for value in params])
            return iter([(org, family, bool(secret), key, n) for org, family, secret, key, n in cursor.fetchall()])


def read(scope: str, org_ids: Iterable[int], families: Iterable[str], secret: bool | None = None,
         keys: tuple[str, str] | None = None, key: str | list[tuple[str, str, str]] | None = None,
         summed: bool = False) -> Rows:
    """The rolled rows of `org_ids` in `scope`: (org id, family, secret, key, n), of `families`, those with a key in
    the range `keys` (from, to) only (it bounds the read of the index). The database reads them from the index
    `tally_key` alone (on PostgreSQL), a range of it per org and family.

    `key`: the rows summed per org, family, secret and a new key, which then stands as the key: a text (the same
    for every row), or ranges (from, to, new key) of the key, a row in none keeping its key; for a family of many
    keys of which a page needs a few sums. With `summed`, the rows of both values of `secret` in one sum, given as
    not secret (for a reader who sees both wherever she sees one)."""
    families, org_ids = list(families), list(org_ids)
    among, among_params = _among(org_ids)
    # a few orgs: one SELECT (the planner walks the index per org and family); many: one per family, as PostgreSQL
    # then walks the index per org and filters the families of all their rows
    groups = [families] if len(org_ids) <= FEW_ORGS else [[family] for family in families]
    parts = []
    # with a key range, one SELECT per value of `secret`: the range bounds the index scan only after an equality
    for group, secret_ in [(g, s) for g in groups if g
                           for s in ([secret] if secret is not None or keys is None else [False, True])]:
        where = [among, '"rolled" = %s', '"scope" = %s', f'"family" IN ({", ".join(["%s"] * len(group))})']
        params = [*among_params, True, scope, *group]
        if secret_ is not None:
            where.append('"secret" = %s')
            params.append(secret_)
        if keys is not None:
            where.append('"key" >= %s AND "key" < %s')
            params += list(keys)
        condition = " AND ".join(where)
        if key is None:
            parts.append((f'SELECT "org_id", "family", "secret", "key", "n" FROM "orgs_tally" WHERE {condition}',
                          params))
            continue
        # grouped by org, family, secret (unless summed) and the new key (unless one text): columns 1 to 4
        by = ['"org_id"', '"family"']
        if summed:
            kind, kind_params = "%s", [False]
        else:
            kind, kind_params = '"secret"', []
            by.append('"secret"')
        if isinstance(key, str):
            new, new_params = "%s", [key]
        else:
            new = "CASE " + " ".join('WHEN "key" >= %s AND "key" < %s THEN %s' for _ in key) + ' ELSE "key" END'
            new_params = [value for bucket in key for value in bucket]
            by.append("4")
        parts.append((f'SELECT "org_id", "family", {kind}, {new}, CAST(SUM("n") AS BIGINT) FROM "orgs_tally" '
                      f'WHERE {condition} GROUP BY {", ".join(by)}', [*kind_params, *new_params, *params]))
    return Rows(parts)


def _among(ids: list[int]) -> tuple[str, list]:
    """The condition "org_id is one of `ids`". On PostgreSQL more than a few (a ranking's hundreds) go as the
    upserts' rows do (`_rows`: one JSON parameter), which psycopg passes whole where it takes a list's values one
    by one, in every SELECT of a read."""
    if not ids:
        return "1 = 0", []
    if len(ids) <= FEW_ORGS or connection.vendor != "postgresql":
        return f'"org_id" IN ({", ".join(["%s"] * len(ids))})', ids
    values, params = _rows([(pk,) for pk in ids], ("BIGINT",))
    return f'"org_id" IN ({values})', params


# --- Watching models: each save and delete marks what it changes ---

def watch(model, fields: Iterable[str], marks: Callable, rows: Callable | None = None) -> None:
    """Recount what a save or delete of `model` changes. `marks(instance)` gives the (family, scope, org) the
    instance counts in; it is asked for the instance as saved and as the row stood before (the values of `fields`
    read from the database just before the save, locked in a transaction: the instance may be older than the row),
    so a record that moves from one org or status to another is recounted on both sides. A save that changes none
    of `fields` in the row recounts nothing. Connected in AppConfig.ready.

    `rows(instance)`, when given, is the record's own contribution to the counts: (family, scope, org, secret,
    key, n), or None when it cannot say (a value not yet of its type). A save then adds its rows as saved and takes
    away its rows as stored before, without recounting: one statement up the tree instead of a recount (the
    status change of a rectification). It must give exactly what the family's count gives for the record
    (the property tests compare).

    An instance read with `select_for_update()` in the transaction that saves it may say so
    (`core.workflow.read_locked`, as the workflow does): its values as loaded are the row's, and the save does not
    read them again."""
    from django.db.models import signals

    fields = tuple(fields)
    tag = f"_tally_{marks.__module__}_{marks.__qualname__}".replace(".", "_")
    WATCHERS.setdefault(model, []).append(marks)

    names = {f.removesuffix("_id") for f in fields} | set(fields)

    def loaded(sender, instance, **kwargs):
        values = instance.__dict__
        values[tag] = tuple(values[f] for f in fields) if all(f in values for f in fields) else None

    def saving(sender, instance, raw=False, update_fields=None, **kwargs):
        """What the row holds before this save, read from the database (and locked, in a transaction): the
        instance may have been loaded before another request changed the row, and this save may move it
        back, so the values it was loaded with are not enough to know which orgs to recount."""
        if raw or _state.suspended or instance._state.adding:
            return
        if update_fields is not None and not names & set(update_fields):
            return  # the watched fields are not written: the row keeps what it holds
        if is_read_locked(instance) and instance.__dict__.get(tag):
            return  # read under lock in this transaction: the values it was loaded with are the row's
        stored = model._default_manager.filter(pk=instance.pk)
        if connection.in_atomic_block:
            stored = stored.select_for_update()
        instance.__dict__[tag] = stored.values_list(*fields).first()

    def saved(sender, instance, created, raw=False, **kwargs):
        if raw or _state.suspended:
            return
        before = instance.__dict__.get(tag)
        values = instance.__dict__
        # a field still deferred was not assigned: it kept the value read before the save
        now = tuple(values[f] if f in values else (before[i] if before else None) for i, f in enumerate(fields))
        instance.__dict__[tag] = now
        instance.__dict__.pop(LOCKED, None)  # until this save only: a later one may be in another transaction
        if not created and before == now:
            return
        if rows is not None and (created or before is not None):
            gained = rows(instance)
            lost = rows(_as_loaded(instance, fields, before)) if not created else []
            if gained is not None and lost is not None:
                add([*gained, *((f, s, o, secret, k, -n) for f, s, o, secret, k, n in lost)])
                return
        found = set(marks(instance))
        if not created and before is not None:
            found |= set(marks(_as_loaded(instance, fields, before)))
        touch_many(found)

    def deleting(sender, instance, **kwargs):
        if not _state.suspended:  # where the row counts as stored, not as this instance was loaded
            stored = model._default_manager.filter(pk=instance.pk)
            stored = (stored.select_for_update() if connection.in_atomic_block else stored).values_list(*fields).first()
            current = _as_loaded(instance, fields, stored) if stored is not None else instance
            lost = rows(current) if rows is not None and stored is not None else None
            instance.__dict__[tag + "_gone"] = (lost, set(marks(current)) if lost is None else set())

    def deleted(sender, instance, **kwargs):
        lost, found = instance.__dict__.pop(tag + "_gone", (None, ()))
        if lost:
            add((f, s, o, secret, k, -n) for f, s, o, secret, k, n in lost)
        touch_many(found)

    uid = f"tallies.{model._meta.label}.{tag}"
    signals.post_init.connect(loaded, sender=model, weak=False, dispatch_uid=uid)
    signals.pre_save.connect(saving, sender=model, weak=False, dispatch_uid=uid)
    signals.post_save.connect(saved, sender=model, weak=False, dispatch_uid=uid)
    signals.pre_delete.connect(deleting, sender=model, weak=False, dispatch_uid=uid)
    signals.post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=uid)


WATCHERS: dict[type, list[Callable]] = {}  # model -> the `marks` of each `watch` of it


def saved_in_bulk(model, instances: Iterable) -> None:
    """Rows of `model` written by bulk_create or a queryset update (no signal): recount where each counts, for
    every family that watches the model. Pass the rows as they now stand (read back after the write)."""
    marks: set[Mark] = set()
    for instance in instances:
        for of in WATCHERS.get(model, ()):
            marks |= set(of(instance))
    touch_many(marks)


def _as_loaded(instance, fields, values):
    """A copy of `instance` with `fields` as loaded, and its own cache of related objects: those whose foreign
    key did not change are kept, so asking the copy for them costs no query."""
    import copy

    old = copy.copy(instance)
    old._state = copy.copy(instance._state)
    cache = dict(instance._state.fields_cache)
    for name, value in zip(fields, values, strict=True):
        if instance.__dict__.get(name) != value:
            cache.pop(name.removesuffix("_id"), None)
        old.__dict__[name] = value
    old._state.fields_cache = cache
    return old


# Upper apps count records per member (a member's steps in a campaign, counted at the member's org): they say which
# families, and in which scopes given members have records, so that a change of members' org or standing (a save,
# or the roster import's bulk writes through `members_changed`) recounts those families at the orgs concerned.
MEMBER_HOOKS: list[tuple[tuple[str, ...], Callable[[list[int]], Iterable[str]]]] = []


def on_members_changed(families: Iterable[str], scopes_of: Callable[[list[int]], Iterable[str]]) -> None:
    MEMBER_HOOKS.append((tuple(families), scopes_of))


def member_marks(member_ids: list[int], org_ids: Iterable[int]) -> set[Mark]:
    org_ids = set(org_ids)
    marks = {("members", "", org) for org in org_ids}
    for families, scopes_of in MEMBER_HOOKS:
        for scope in set(scopes_of(member_ids)):
            marks |= {(family, scope, org) for family in families for org in org_ids}
    return marks


def members_changed(member_ids: Iterable[int], org_ids: Iterable[int]) -> None:
    """Members of `member_ids` were added, moved or (de)activated in bulk; `org_ids`: their orgs before and after."""
    ids = sorted(set(member_ids))
    org_ids = set(org_ids)
    marks = {("members", "", org) for org in org_ids}
    for start in range(0, len(ids), BATCH):
        marks |= member_marks(ids[start:start + BATCH], org_ids)
    touch_many(marks)


def repair_and_report() -> int:
    """`repair`, each row it fixed logged as an error (a count kept wrong is a bug to report); returns how many."""
    import logging

    log = logging.getLogger(__name__)
    drift = repair()
    for row in drift:
        log.error("kept figure repaired: %s", row)
    log.info("recounted the kept figures: %d rows repaired", len(drift))
    return len(drift)
