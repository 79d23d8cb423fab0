"""Nothing that serves a person reads a scoped model around the rule.

Every module of the project — views, the API, exports, documents, tables, filters, forms, template
tags, signal receivers that render for a user, and any module added later — reads records of a
scoped model (one registered with `permissions.register`) only through `visible_to` or
`get_allowed_or_404`. This test parses them all and fails on `Model.objects`,
`Model._default_manager`, `get_object_or_404(Model, …)` or a related manager of a scoped model
(`campaign.key_tasks.filter(…)`) anywhere but inside a call of those two. The modules that act for
nobody in particular, or write what a caller already got through the rule, are declared below with
the reason; what they send to people goes through the rule in `notifications`.
"""

import ast
from pathlib import Path

from django.db.models import ForeignObjectRel

from qingfeng.core.permissions import SCOPES

ROOT = Path(__file__).resolve().parents[1]
NOT_SERVING = {
    "*/models.py": "the models and their managers",
    "*/apps.py": "declarations made at start-up",
    "*/services.py": "writes on a record the calling view got through the rule",
    "*/workflow.py": "re-reads, under a lock, the record the caller got through the rule, and asks can()",
    "core/jobs.py": "the job runner: a job is read by its id, for its requester",
    "core/audit.py": "writes audit entries; the 审计日志 page reads them through the rule",
    "core/notifications.py": "writes the bell rows of recipients the rule allowed",
    "ledger/supervision.py": "the daily ladder acts for nobody; its messages go through notifications",
    "reports/compliance_ladder.py": "the daily organization-life ladder acts for nobody: it computes compliance as a "
                                    "stand-in leader of each top org, and its messages go through notifications",
    "orgs/roster.py": "the roster import, inside the org the view got through the rule",
    "orgs/accounts.py": "opens, resets and disables the logins of members the view got through the rule, and "
                        "reads the roles of those logins to decide whether the manager may",
    "orgs/management/commands/setup.py": "the first run: it checks that no org exists yet, before any user does",
    "orglife/rules.py": "the rules of organization life in force bind every org below the one that set them, so "
                        "they are read by path for whoever is bound (changes ask can() and go through services)",
    "orglife/quorum.py": "counts (never lists) the voters and those present of a meeting the caller got through "
                         "the rule: a quorum is the same number whoever reads it",
    "proposals/ladder.py": "the daily deadline ladder of 提案/社情民意 acts for nobody; its messages go through "
                           "notifications",
    "proposals/views/public.py": "the public's pages, without login, where no role applies: a tracking code opens its "
                                 "one item (found by the code's digest) and the published list is what an office "
                                 "chose to publish; what they show is progress.public_view's whitelist",
    "proposals/progress.py": "public_view: what the holder of an item's tracking code (or its signed-in submitter, "
                             "who got it through the rule) reads of that one item, a fixed whitelist",
    "originality/checks.py": "the check job and the submission receivers act for nobody: a submission is compared "
                             "with every candidate of its region; what a person reads of it goes through report.py",
    "originality/index.py": "the fingerprint index, written and read by the check job for nobody in particular",
    "originality/library.py": "imports into and deletes from the library of an org the view or command checked with "
                              "can(manage_library)",
    "originality/bulk_import.py": "the command-line import: finds the org and the user by name, then asks "
                                  "can(manage_library) before anything is read",
    "*/counts.py": "the counts kept per org (orgs.tallies): recounted from the records for nobody in particular; "
                   "what a person reads of them goes through reports.figures, by coverage() and beyond_roles()",
    "orgs/figures.py": "the members counted per org (orgs.tallies), for nobody in particular",
    "orgs/tallies.py": "keeps and repairs the counts for nobody in particular; reports.figures reads them for a "
                       "user by the rule's coverage() and beyond_roles()",
    "orgs/management/commands/recount_figures.py": "recounts every kept figure for nobody in particular",
    "demo/*.py": "the demo and synthetic data",
    "demo/management/commands/*.py": "the demo and synthetic data",
}
THE_RULE = {"visible_to", "get_allowed_or_404"}
QUERYSET_METHODS = {"all", "filter", "exclude", "get", "select_related", "prefetch_related", "values",
                    "values_list", "count", "exists", "order_by", "first", "last", "aggregate", "annotate",
                    "only", "defer", "iterator", "in_bulk"}


def serving_modules():
    exempt = {path for pattern in NOT_SERVING for path in ROOT.glob(pattern)}
    return sorted(path for path in ROOT.rglob("*.py")
                  if not {"tests", "migrations"} & set(path.parts) and path not in exempt)


def scoped_names() -> set[str]:
    return {model.__name__ for model in SCOPES}


def scoped_accessors() -> set[str]:
    """Reverse accessors that lead to a scoped model, e.g. Campaign.key_tasks, Member.transfers."""
    names = set()
    for model in {f.model for m in SCOPES for f in m._meta.get_fields()} | set(SCOPES):
        for f in model._meta.get_fields():
            if isinstance(f, ForeignObjectRel) and f.related_model in SCOPES and f.get_accessor_name():
                names.add(f.get_accessor_name())
    return names


def _name(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def violations_in(source: str, models: set[str], accessors: set[str]) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def through_the_rule(node) -> bool:
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.Call) and _name(node.func) in THE_RULE:
                return True
        return False

    found = []
    for node in ast.walk(tree):
        read = ""
        if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"} \
                and _name(node.value) in models:
            read = f"{_name(node.value)}.{node.attr}"
        elif isinstance(node, ast.Call) and _name(node.func) == "get_object_or_404" and node.args \
                and _name(node.args[0]).split(".")[0] in models:
            read = f"get_object_or_404({_name(node.args[0])})"
        elif isinstance(node, ast.Attribute) and node.attr in QUERYSET_METHODS \
                and isinstance(node.value, ast.Attribute) and node.value.attr in accessors:
            read = f".{node.value.attr}.{node.attr}"
        if read and not through_the_rule(node):
            found.append((node.lineno, read))
    return sorted(found)  # ast.walk goes breadth first: report in source order


def test_no_serving_module_reads_a_scoped_model_around_the_rule():
    models, accessors = scoped_names(), scoped_accessors()
    problems = []
    for path in serving_modules():
        for line, read in violations_in(path.read_text(), models, accessors):
            problems.append(f"{path.relative_to(ROOT.parent)}:{line}: {read}")
    assert problems == [], "read these through visible_to / get_allowed_or_404:\n" + "\n".join(problems)


def test_the_check_catches_each_kind_of_read():
    models, accessors = {"Rectification", "KeyTask"}, {"key_tasks"}
    source = """
def view(request, pk):
    a = Rectification.objects.filter(pk=pk)
    b = get_object_or_404(Rectification, pk=pk)
    c = campaign.key_tasks.filter(required=True)
    d = visible_to(request.user, Rectification).filter(pk=pk)
    e = visible_to(request.user, campaign.key_tasks.all())
    f = Rectification._default_manager.get(pk=pk)
"""
    assert [read for _, read in violations_in(source, models, accessors)] == [
        "Rectification.objects", "get_object_or_404(Rectification)", ".key_tasks.filter",
        "Rectification._default_manager"]
