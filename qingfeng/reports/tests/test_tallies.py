"""The counts kept with every change (orgs.tallies) stay equal to a recount from the records.

A property test draws random sequences of what people do (problems of every source, rectifications moved through
their workflow and edited, study activities and attendance, reflections, self-inspections, commitments, transfers,
deactivations, deletions, roster imports, orgs moved under another) and then asks `repair()`, which recounts every
family from the records, for the rows that differed: there must be none. Targeted tests pin `repair`, the
`recount_figures` command, `suspended`, `Org.move_under` and the figures read right after a change.
"""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from qingfeng.campaigns.models import ChecklistItem
from qingfeng.campaigns.tests.factories import CampaignFactory
from qingfeng.core.permissions import forget_grants, visible_to
from qingfeng.core.workflow import WorkflowError
from qingfeng.inspection.models import Commitment, InspectionAnswer, SelfInspection
from qingfeng.inspection.workflow import inspection_workflow
from qingfeng.ledger.models import Problem, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.workflow import add_evidence, rectification_workflow
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member, Org, Tally
from qingfeng.orgs.roster import COLUMNS, import_roster
from qingfeng.orgs.services import deactivate_member, reactivate_member, transfer_member
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory
from qingfeng.reports.figures import ToReview, campaign_figures, sub_org_figures, to_review
from qingfeng.study.models import Attendance, Reflection, StudyActivity
from qingfeng.study.services import replace_attendance
from qingfeng.study.workflow import reflection_workflow

SOURCES = Problem.Source.values  # discipline and petition among them: confidential
ATTENDANCE = Attendance.Status.values


@pytest.fixture
def tree(world, campaign):
    """The world, plus a second general branch H (with branch D) and a committee E under C to move orgs between,
    one more member in B, and a superuser who may take every step of every workflow."""
    h = Org.create(world.c, code="H", name="卫健委党总支", kind=Org.Kind.GENERAL_BRANCH)
    Org.create(h, code="D", name="人民医院党支部", kind=Org.Kind.BRANCH)
    Org.create(world.c, code="E", name="清风镇党委", kind=Org.Kind.COMMITTEE)
    world.root = UserFactory(username="root", is_superuser=True)
    world.other = CampaignFactory(org=world.g, created_by=world.admin, title="第二个专项")
    MemberFactory(org=world.b, name="赵刚", birth_date=datetime.date(1992, 2, 2))
    return world


def _org(code: str) -> Org:
    return Org.objects.get(code=code)


def _pick(queryset, i: int):
    """The i-th row (modulo their number) of `queryset` in id order, fresh from the database; None if empty."""
    rows = list(queryset.order_by("pk"))
    return rows[i % len(rows)] if rows else None


def _roster_file(rows) -> SimpleUploadedFile:
    """An uploaded .xlsx of the roster's columns, one row per dict."""
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for row in rows:
        ws.append([row.get(column) for column in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("roster.xlsx", out.getvalue())


def _roster_row(name: str, birth: datetime.date, branch: str) -> dict:
    return {"姓名": name, "性别": "女", "出生日期": birth.isoformat(), "入党日期": "2012-07-01",
            "党员类别": "正式党员", "所在支部编码": branch}


# --- The operations the property test draws: each takes the campaign, the world and a few integers ---

def op_problem(campaign, w, member, source, item, dimension):
    """A member's problem in her branch or, one time in five, a problem of any org concerning nobody."""
    items = list(ChecklistItem.objects.filter(category__checklist=campaign.checklist).order_by("pk"))
    dimensions = campaign.get_dimensions()
    fields = {"source": SOURCES[source % len(SOURCES)],
              "checklist_item": items[item % len(items)] if item % 3 else None,
              "dimension": dimensions[dimension % len(dimensions)] if dimension % 3 else ""}
    if member % 5:
        member = _pick(Member.objects.all(), member)
        ProblemFactory(campaign=campaign, member=member, org=member.org, **fields)
    else:
        ProblemFactory(campaign=campaign, member=None, org=_pick(Org.objects.all(), member // 5),
                       created_by=w.admin, **fields)


def op_rectification(campaign, w, problem, due, owner, _d):
    problem = _pick(Problem.objects.filter(campaign=campaign), problem)
    if problem is not None:
        RectificationFactory(problem=problem, due_in_days=due % 20 - 10,
                             owner=problem.member or _pick(Member.objects.all(), owner))


def op_step(campaign, w, rectification, actions, _c, _d):
    """Up to four next steps of a rectification's workflow (each picked by two bits of `actions` among those open
    to it), 佐证材料 added first where a step needs them."""
    rectification = _pick(Rectification.objects.all(), rectification)
    if rectification is None:
        return
    for turn in range(actions % 4 + 1):
        rectification.refresh_from_db()
        steps = [t.name for t in rectification_workflow.transitions if rectification.status in t.sources]
        name = steps[(actions >> (2 + 2 * turn)) % len(steps)]
        if name in {"submit", "accept"} and not rectification.evidence.exists():
            if rectification.status == Rectification.Status.SUBMITTED:
                return  # nobody can add evidence now
            add_evidence(w.root, rectification, note="佐证")
        rectification_workflow.perform(w.root, rectification, name, text="意见")


def op_edit_rectification(campaign, w, rectification, due, org, what):
    """Change a rectification's due date, its org, or both."""
    rectification = _pick(Rectification.objects.all(), rectification)
    if rectification is None:
        return
    if what % 3 != 1:
        rectification.due_date = timezone.localdate() + datetime.timedelta(days=due % 20 - 10)
    if what % 3 != 0:
        rectification.org = _pick(Org.objects.all(), org)
    rectification.save()


def op_problem_source(campaign, w, problem, source, org, what):
    """Edit a problem as its form does: its source (confidential or not) and, half the time, its org."""
    problem = _pick(Problem.objects.all(), problem)
    if problem is None:
        return
    problem.source = SOURCES[source % len(SOURCES)]
    if what % 2:
        problem.org = _pick(Org.objects.all(), org)
    problem.save()


def op_activity(campaign, w, org, day, _c, _d):
    StudyActivity.objects.create(campaign=campaign, org=_pick(Org.objects.all(), org), kind="group_study",
                                 date=timezone.localdate() - datetime.timedelta(days=day % 30), topic="学党章",
                                 created_by=w.admin)


def op_edit_activity(campaign, w, activity, org, day, _d):
    activity = _pick(StudyActivity.objects.all(), activity)
    if activity is not None:
        activity.org = _pick(Org.objects.all(), org)
        activity.date = timezone.localdate() - datetime.timedelta(days=day % 30)
        activity.save()


def op_attendance(campaign, w, activity, who, status, _d):
    """Record the attendance of the members `who` picks (bits), each with a status drawn from `status`."""
    activity = _pick(StudyActivity.objects.all(), activity)
    if activity is None:
        return
    members = list(Member.objects.order_by("pk"))
    rows = [(m, ATTENDANCE[(status >> (2 * i)) % len(ATTENDANCE)], "") for i, m in enumerate(members)
            if who >> i & 1]
    replace_attendance(activity, rows)


def op_reflection(campaign, w, member, action, _c, _d):
    member = _pick(Member.objects.all(), member)
    reflection = Reflection.objects.filter(campaign=campaign, member=member).first()
    if reflection is None:
        Reflection.objects.create(campaign=campaign, member=member, org=member.org, title="心得", body="……")
        return
    steps = [t.name for t in reflection_workflow.transitions if reflection.status in t.sources]
    if steps:
        reflection_workflow.perform(w.root, reflection, steps[action % len(steps)], text="意见")


def op_inspection(campaign, w, member, findings, _c, _d):
    """A member's complete self-inspection, submitted through its workflow (its findings become problems)."""
    member = _pick(Member.objects.all(), member)
    if SelfInspection.objects.filter(campaign=campaign, member=member).exists():
        return
    inspection = SelfInspection.objects.create(campaign=campaign, member=member, org=member.org,
                                               study_summary="体会", root_cause="根源", measures_summary="措施")
    dimension = campaign.get_dimensions()[0]
    for i, item in enumerate(ChecklistItem.objects.filter(category__checklist=campaign.checklist).order_by("pk")):
        found = findings >> i & 1
        InspectionAnswer.objects.create(
            inspection=inspection, item=item, answer=InspectionAnswer.Answer.EXISTS if found
            else InspectionAnswer.Answer.NOT_FOUND, description="问题" if found else "",
            dimension=dimension if found else "")
    inspection_workflow.perform(w.root, inspection, "submit")


def op_commitment(campaign, w, member, _b, _c, _d):
    member = _pick(Member.objects.all(), member)
    if not Commitment.objects.filter(campaign=campaign, member=member).exists():
        Commitment.objects.create(campaign=campaign, member=member, org=member.org, text=campaign.commitment_text,
                                  signed_name=member.name, signed_by=w.admin)


def op_transfer(campaign, w, member, branch, _c, _d):
    member = _pick(Member.objects.all(), member)
    branch = _pick(Org.objects.filter(kind=Org.Kind.BRANCH), branch)
    transfer_member(member, to_org=branch, date=timezone.localdate(), reason="工作调动", by=w.admin)


def op_standing(campaign, w, member, _b, _c, _d):
    member = _pick(Member.objects.all(), member)
    if member.is_active:
        deactivate_member(member, "出国定居")
    else:
        reactivate_member(member, "回国")


def op_delete(campaign, w, what, i, _c, _d):
    """Delete what nothing protects: a study activity (its attendance goes with it), a rectification without
    evidence or follow-up, a problem without rectifications."""
    kind = what % 3
    if kind == 0:
        activity = _pick(StudyActivity.objects.all(), i)
        if activity is not None:
            activity.delete()
    elif kind == 1:
        rectification = _pick(Rectification.objects.filter(evidence=None, follow_ups=None, supervisions=None), i)
        if rectification is not None:
            rectification.delete()
    else:
        problem = _pick(Problem.objects.filter(rectifications=None), i)
        if problem is not None:
            problem.delete()


def op_import(campaign, w, new, member, branch, _d):
    """The roster importer: a new member, and an existing one moved to another branch, in one file."""
    branches = list(Org.objects.filter(kind=Org.Kind.BRANCH).order_by("pk").values_list("code", flat=True))
    rows = [_roster_row(f"新人{new % 50}", datetime.date(1990, 1, 1 + new % 28), branches[new % len(branches)])]
    existing = _pick(Member.objects.all(), member)
    if existing.name != rows[0]["姓名"]:
        rows.append(_roster_row(existing.name, existing.birth_date, branches[branch % len(branches)]))
    import_roster(_roster_file(rows), w.admin, _org("C"))


def op_move(campaign, w, org, parent, _c, _d):
    """Move an org (with its subtree) under another org of a kind it may hang under."""
    org = _pick(Org.objects.exclude(depth=1), org)
    allowed = Org.ALLOWED_PARENTS[Org.Kind(org.kind)] - {None}
    parent = _pick(Org.objects.filter(kind__in=allowed).exclude(path__startswith=org.path), parent)
    if parent is not None:
        org.move_under(parent)


OPERATIONS = [op_problem, op_rectification, op_step, op_step, op_edit_rectification, op_problem_source,
              op_activity, op_edit_activity, op_attendance, op_reflection, op_inspection, op_commitment,
              op_transfer, op_standing, op_delete, op_import, op_move]

numbers = st.integers(min_value=0, max_value=2 ** 16)
# (operation, its four numbers, which campaign: the fixture's or the general branch G's)
steps = st.lists(st.tuples(st.sampled_from(OPERATIONS), numbers, numbers, numbers, numbers, st.booleans()),
                 min_size=4, max_size=20)


class _Rollback(Exception):
    """Raised at the end of each example: undo everything it wrote, so examples do not see each other."""


def run(campaign, world, operations):
    for operation, a, b, c, d, other in operations:
        try:
            with transaction.atomic():  # a refused step undoes what it wrote, as its request would
                operation(world.other if other else campaign, world, a, b, c, d)
        except (WorkflowError, ValidationError, PermissionDenied, ProtectedError, RestrictedError):
            pass


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=steps)
def test_the_kept_counts_equal_a_recount_after_any_sequence_of_changes(tree, campaign, operations):
    for user in (tree.root, tree.admin):
        forget_grants(user)
    try:
        with transaction.atomic():
            run(campaign, tree, operations)
            assert tallies.repair() == []
            assert not Tally.objects.filter(n__lte=0).exists()  # a row brought to 0 is deleted
            for day in (0, 12, 25):  # the ranking's coarser read (`ranked`) gives the same, on any day of a month
                today = timezone.localdate() + datetime.timedelta(days=day)
                for child in sub_org_figures(campaign, tree.root, _org("C"), today):
                    whole = campaign_figures(campaign, tree.root, child.org, today)
                    assert _ranked(child) == _ranked(whole), (child.org, today)
            for each in (campaign, tree.other):  # and what the figures read from them is what the records say
                figures = campaign_figures(each, tree.root, _org("C"))
                rectifications = Rectification.objects.filter(problem__campaign=each)
                assert (figures.members, figures.problems, figures.rectifications, figures.rectifications_accepted,
                        figures.study_activities) == (
                    Member.objects.filter(is_active=True).count(), Problem.objects.filter(campaign=each).count(),
                    rectifications.count(), rectifications.filter(status="accepted").count(),
                    StudyActivity.objects.filter(campaign=each).count())
            for user in (tree.root, tree.admin):  # 我的: what waits for review, as the rule finds it
                reviewed = visible_to(user, Rectification, "review")
                assert to_review(user) == ToReview(
                    visible_to(user, Reflection, "review").filter(status=Reflection.Status.SUBMITTED).count(),
                    reviewed.filter(status=Rectification.Status.SUBMITTED).count(),
                    reviewed.filter(Rectification.overdue_q()).count())
            raise _Rollback
    except _Rollback:
        pass


def _ranked(f) -> tuple:
    """What a sub-org's row in the ranking shows."""
    return (f.members, f.participants, f.reflections_submitted, f.reflections_accepted, f.inspections_submitted,
            f.commitments_signed, f.problems, f.rectifications, f.rectifications_by_status, f.rectifications_overdue,
            f.rectifications_on_time)


# --- repair, the command, suspended ---

@pytest.fixture
def records(tree, campaign):
    """A few records of every family in branches A and B."""
    problem = ProblemFactory(campaign=campaign, member=tree.alice)
    RectificationFactory(problem=problem)
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=tree.carol, source="petition"))
    activity = StudyActivity.objects.create(campaign=campaign, org=tree.a, kind="group_study",
                                            date=timezone.localdate(), topic="学党章", created_by=tree.admin)
    replace_attendance(activity, [(tree.alice, "present", ""), (tree.bob, "absent", "")])
    Commitment.objects.create(campaign=campaign, member=tree.carol, org=tree.b, text="t", signed_name="李梅",
                              signed_by=tree.admin)
    return campaign


def test_the_records_give_consistent_counts(records):
    assert Tally.objects.exists()
    assert tallies.repair() == []


def test_fill_writes_what_a_recount_finds_the_ranking_summed_from_problems_and_rectifications(records, tree):
    today = timezone.localdate()
    first, second = Rectification.objects.order_by("pk")
    S = Rectification.Status
    for status, days in ((S.OPEN, -40), (S.IN_PROGRESS, 0), (S.RETURNED, 70)):  # open, by month of their due date
        RectificationFactory(problem=first.problem, status=status, due_date=today + datetime.timedelta(days=days))
    # accepted on time, late, and with no moment of acceptance (an old ledger's row): each keys apart
    Rectification.objects.filter(pk=first.pk).update(status=S.ACCEPTED, accepted_at=timezone.now(), due_date=today)
    Rectification.objects.filter(pk=second.pk).update(status=S.ACCEPTED, accepted_at=None)
    root = Org.objects.get(path=tree.g.path[:Org.steplen])
    Tally.objects.filter(org__path__startswith=root.path).delete()
    assert tallies.fill(root) == Tally.objects.count()
    ranked = Tally.objects.filter(family="ranked", org=root, rolled=True)
    assert {row.key for row in ranked} >= {"p", f"{S.ACCEPTED}|0", f"{S.ACCEPTED}|1", f"{S.OPEN}|"
                                           f"{today - datetime.timedelta(days=40):%Y-%m}"}
    assert tallies.repair(root=root) == []


def test_repair_fixes_and_reports_each_corrupted_row(records, tree):
    changed = Tally.objects.filter(family="rectifications", rolled=True, org=tree.g).first()
    changed.n += 5
    changed.save()
    gone = Tally.objects.get(family="members", rolled=False, org=tree.b)
    gone.delete()
    Tally.objects.create(scope=f"c:{records.pk}", org=tree.a1, rolled=False, family="problems", secret=False,
                         key="self||政治素质", n=3)

    drift = tallies.repair()

    found = {(d.family, d.org_id, d.rolled, d.key): (d.stored, d.counted) for d in drift}
    assert found == {
        ("rectifications", tree.g.pk, True, changed.key): (changed.n, changed.n - 5),
        ("members", tree.b.pk, False, ""): (0, gone.n),
        ("problems", tree.a1.pk, False, "self||政治素质"): (3, 0),
        # the bogus own row of A1 was never rolled up: its subtree rows are right
    }
    assert Tally.objects.get(pk=changed.pk).n == changed.n - 5
    assert Tally.objects.get(family="members", rolled=False, org=tree.b).n == gone.n
    assert not Tally.objects.filter(org=tree.a1, family="problems").exists()
    assert tallies.repair() == []


def test_the_command_reports_nothing_on_a_consistent_database(records):
    out = io.StringIO()
    call_command("recount_figures", stdout=out)
    assert "修正 0 行" in out.getvalue()
    assert "已修正" not in out.getvalue()


def test_the_command_lists_the_row_it_repaired(records, tree):
    Tally.objects.filter(family="members", rolled=True, org=tree.c).update(n=99)
    out = io.StringIO()
    call_command("recount_figures", stdout=out)
    text = out.getvalue()
    assert f"已修正 / repaired: members - org {tree.c.pk} subtree -: stored 99, counted 4" in text
    assert "修正 1 行" in text
    out = io.StringIO()
    call_command("recount_figures", "--family", "members", stdout=out)
    assert "修正 0 行" in out.getvalue()


def test_suspended_keeps_nothing_and_repair_restores(records, tree):
    before = campaign_figures(records, tree.root)
    with tallies.suspended():
        RectificationFactory(problem=ProblemFactory(campaign=records, member=tree.bob))
        MemberFactory(org=tree.b, name="孙悦")
    during = campaign_figures(records, tree.root)
    assert (during.problems, during.rectifications, during.members) == (
        before.problems, before.rectifications, before.members)

    drift = tallies.repair()

    assert {(d.family, d.rolled) for d in drift} >= {("problems", False), ("problems", True),
                                                     ("rectifications", True), ("members", True)}
    after = campaign_figures(records, tree.root)
    assert (after.problems, after.rectifications, after.members) == (
        before.problems + 1, before.rectifications + 1, before.members + 1)
    assert tallies.repair() == []


# --- Org.move_under ---

def test_moving_a_branch_moves_its_figures_to_the_new_parent(records, tree):
    h = _org("H")
    g_before = campaign_figures(records, tree.root, tree.g)
    h_before = campaign_figures(records, tree.root, h)
    a_before = campaign_figures(records, tree.root, tree.a)
    c_before = campaign_figures(records, tree.root, tree.c)
    assert (a_before.members, a_before.problems, a_before.participants) == (2, 1, 1)

    Org.objects.get(pk=tree.a.pk).move_under(h)

    g_after = campaign_figures(records, tree.root, _org("G"))
    h_after = campaign_figures(records, tree.root, _org("H"))
    a_after = campaign_figures(records, tree.root, _org("A"))
    c_after = campaign_figures(records, tree.root, _org("C"))
    for name in ("members", "problems", "rectifications", "participants", "commitments_signed"):
        a_n = getattr(a_before, name)
        assert getattr(a_after, name) == a_n, name
        assert getattr(g_after, name) == getattr(g_before, name) - a_n, name
        assert getattr(h_after, name) == getattr(h_before, name) + a_n, name
        assert getattr(c_after, name) == getattr(c_before, name), name
    assert g_after.study_activities == 0 and h_after.study_activities == 1
    assert tallies.repair() == []


def test_moving_a_branch_up_to_the_committee(records, tree):
    b_before = campaign_figures(records, tree.root, tree.b)
    g_before = campaign_figures(records, tree.root, tree.g)
    c_before = campaign_figures(records, tree.root, tree.c)
    assert (b_before.members, b_before.rectifications, b_before.commitments_signed) == (2, 1, 1)

    Org.objects.get(pk=tree.b.pk).move_under(Org.objects.get(pk=tree.c.pk))

    g_after = campaign_figures(records, tree.root, _org("G"))
    c_after = campaign_figures(records, tree.root, _org("C"))
    assert (g_after.members, g_after.rectifications, g_after.commitments_signed) == (
        g_before.members - 2, g_before.rectifications - 1, g_before.commitments_signed - 1)
    assert (c_after.members, c_after.rectifications, c_after.commitments_signed) == (
        c_before.members, c_before.rectifications, c_before.commitments_signed)
    assert tallies.repair() == []


# --- Figures current right after a change ---

def test_an_accepted_rectification_counts_at_once(records, tree):
    rectification = Rectification.objects.filter(problem__source="self").get()
    add_evidence(tree.alice_user, rectification, note="已整改")
    rectification_workflow.perform(tree.alice_user, rectification, "start")
    rectification_workflow.perform(tree.alice_user, rectification, "submit")
    before = campaign_figures(records, tree.leader)
    rectification_workflow.perform(tree.sec_a, rectification, "accept")
    after = campaign_figures(records, tree.leader)
    assert after.rectifications_accepted == before.rectifications_accepted + 1
    assert after.rectifications_by_status["submitted"] == before.rectifications_by_status["submitted"] - 1
    assert after.rectifications == before.rectifications


def test_discipline_counts_confidential_problems_a_leader_does_not(records, tree):
    ProblemFactory(campaign=records, member=tree.bob, source="discipline")
    assert campaign_figures(records, tree.discipline).problems_by_source["discipline"] == 1
    assert campaign_figures(records, tree.discipline).problems_by_source["petition"] == 1
    leader = campaign_figures(records, tree.leader)
    assert leader.problems_by_source["discipline"] == 0
    assert leader.problems_by_source["petition"] == 0
    assert campaign_figures(records, tree.discipline).problems == leader.problems + 2


def test_a_status_change_adds_its_own_row_without_recounting(records, tree, django_assert_num_queries):
    """The workflow read the rectification under lock and the family knows a rectification's row: the accept
    takes the lock, finds the org's ancestors and adds -1 and +1 up the tree in one statement (no count, no second
    read of the row)."""
    rectification = Rectification.objects.filter(problem__source="self").get()
    add_evidence(tree.alice_user, rectification, note="已整改")
    rectification_workflow.perform(tree.alice_user, rectification, "start")
    rectification_workflow.perform(tree.alice_user, rectification, "submit")
    with CaptureQueriesContext(connection) as queries:
        rectification_workflow.perform(tree.sec_a, rectification, "accept")
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [q for q in sql if "COUNT(" in q.upper()]
    # the upsert and the delete of the rows it emptied: one statement on PostgreSQL, two elsewhere
    assert len([q for q in sql if "orgs_tally" in q]) == (1 if connection.vendor == "postgresql" else 2)
    assert not Tally.objects.filter(n=0).exists()  # the submitted row of the branch emptied, and went
    assert len([q for q in sql if 'FROM "ledger_rectification"' in q]) == 1  # the workflow's locked read only
    assert tallies.repair() == []


def test_a_status_change_costs_the_same_however_many_orgs_the_database_holds(records, tree):
    """The upsert finds the org's ancestors one index lookup per level: with thousands of other orgs in the
    database (another region), PostgreSQL reads none of them (a join by path let it hash every org)."""
    if connection.vendor != "postgresql":
        pytest.skip("the plan of PostgreSQL's statement")
    Org.objects.create(path="ZZZZ", depth=1, numchild=3000, code="R", name="另一区委", kind=Org.Kind.COMMITTEE)
    Org.objects.bulk_create(Org(path=f"ZZZZ{i:04d}", depth=2, numchild=0, code=f"R{i}", name=f"支部{i}",
                                kind=Org.Kind.BRANCH) for i in range(3000))
    tallies.rebuild()  # bulk_create passes no signal: count the new branches
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgs_org")
    rectification = Rectification.objects.filter(problem__source="self").get()
    add_evidence(tree.alice_user, rectification, note="已整改")
    rectification_workflow.perform(tree.alice_user, rectification, "start")
    with CaptureQueriesContext(connection) as queries:
        rectification_workflow.perform(tree.alice_user, rectification, "submit")
    upsert = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH RECURSIVE"))
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {upsert}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on orgs_org" not in plan, plan
    assert "Seq Scan on orgs_tally" not in plan, plan  # the counts it adds to, and deletes when emptied, by the key
    assert tallies.repair() == []


def test_the_counts_have_one_index_their_key_which_carries_the_count(records, tree):
    """PostgreSQL: the primary key is the key alone (no id and its index for every write to maintain), and carries
    `n`, so a dashboard's read of an org's rows never visits the table."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's indexes")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'orgs_tally'")
        indexes = [row[0] for row in cursor.fetchall()]
        assert len(indexes) == 1 and "(org_id, rolled, scope, family, secret, key) INCLUDE (n)" in indexes[0], indexes
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test database of a few rows: as on a real one
        ((sql, params),) = tallies.read(f"c:{records.pk}", [tree.g.pk], ("problems",)).parts
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan" in plan, plan


def test_a_setting_holds_inside_the_block_and_is_set_back_after(db):
    """`tallies.setting` (fill's JIT off, synth's small ANALYZE sample): PostgreSQL only, in the transaction."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's settings")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SHOW default_statistics_target")
        before = cursor.fetchone()[0]
        with tallies.setting("default_statistics_target", "10"):
            cursor.execute("SHOW default_statistics_target")
            assert cursor.fetchone()[0] == "10"
        cursor.execute("SHOW default_statistics_target")
        assert cursor.fetchone()[0] == before != "10"


def test_changes_split_over_several_statements_add_up(records, tree, monkeypatch):
    """Past the database's parameters per statement the additions go in several statements (here 2 rows each)."""
    monkeypatch.setattr(connection.features, "max_query_params", 10)
    Tally.objects.all().delete()
    tallies.rebuild()
    transfer_member(Member.objects.get(pk=tree.bob.pk), to_org=tree.b, date=timezone.localdate(), reason="调动",
                    by=tree.admin)
    monkeypatch.undo()
    assert tallies.repair() == []
    assert not Tally.objects.filter(n__lte=0).exists()


@pytest.mark.parametrize("day", [1, 2, 15, 28])
def test_the_ranking_tells_overdue_on_any_day_of_the_month(campaign, tree, day):
    """Open items due in the months around `today`, and on the days around it: a sub-org's ranked overdue count
    (the family `ranked` by due month, this month's past days from `rectifications`) is its figures' own."""
    this_month = timezone.localdate().replace(day=1)
    today = this_month.replace(day=day)
    for offset in (-40, -day, 1 - day, -1, 0, 1, 27 - day, 35):
        for status in ("open", "in_progress", "returned"):
            RectificationFactory(problem=ProblemFactory(campaign=campaign, member=tree.alice), status=status,
                                 due_date=today + datetime.timedelta(days=offset))
    [g] = [f for f in sub_org_figures(campaign, tree.admin, tree.c, today) if f.org == tree.g]
    whole = campaign_figures(campaign, tree.admin, tree.g, today)
    assert _ranked(g) == _ranked(whole)
    assert g.rectifications_overdue == 3 * len([o for o in (-40, -day, 1 - day, -1, 0, 1, 27 - day, 35) if o < 0])


def test_a_migration_that_brings_a_family_counts_it_on_an_upgraded_database(records, tree):
    """A database that kept counts before `ranked` existed: migrating to ledger 0004 counts the family."""
    from django.db.migrations.loader import MigrationLoader

    from qingfeng.orgs.figures import count_after_upgrade

    Tally.objects.filter(family="ranked").delete()
    other = Tally.objects.exclude(family="ranked").values_list("pk", "n")
    before = set(other)
    migration = MigrationLoader(None, ignore_no_migrations=True).get_migration("ledger", "0004_ranked_counts")
    count_after_upgrade(sender=None, plan=[(migration, False)])
    assert Tally.objects.filter(family="ranked").exists()
    assert set(other) == before  # the other families are left as they were
    assert tallies.repair() == []


def test_a_save_after_a_locked_read_in_an_earlier_transaction_reads_the_row_again(records, tree):
    """The workflow returns the instance it read under lock; saved later, in another transaction, after someone
    else changed the row, it must not count from the values it was read with."""
    rectification = Rectification.objects.filter(problem__source="self").get()
    returned = rectification_workflow.perform(tree.alice_user, rectification, "start")
    elsewhere = Rectification.objects.get(pk=rectification.pk)
    elsewhere.org = tree.b
    elsewhere.save()
    returned.due_date = returned.due_date + datetime.timedelta(days=3)
    returned.save()
    assert tallies.repair() == []


def test_a_deleted_rectification_and_problem_leave_no_rows(records, tree):
    problem = Problem.objects.filter(source="petition").get()
    problem.rectifications.get().delete()
    problem.delete()
    assert tallies.repair() == []
    assert not Tally.objects.filter(n__lte=0).exists()


# --- A save or delete from an instance loaded before another change of the record ---

def test_two_transfers_of_the_same_member_at_once_leave_no_drift(records, tree):
    """Two secretaries transfer 王强 at once: both requests loaded him in A; the first moves him to B and commits,
    then the second moves him to D. The second save recounts B, where the row stood, not A, where its instance
    was loaded (were it A, B would keep counting him, and C twice)."""
    loaded_by_the_second = Member.objects.get(pk=tree.bob.pk)
    transfer_member(Member.objects.get(pk=tree.bob.pk), to_org=tree.b, date=timezone.localdate(), reason="调动",
                    by=tree.admin)
    transfer_member(loaded_by_the_second, to_org=_org("D"), date=timezone.localdate(), reason="调动", by=tree.admin)
    assert tallies.repair() == []


def test_a_delete_from_an_instance_loaded_before_a_move_recounts_where_the_row_stood(records, tree):
    problem = ProblemFactory(campaign=records, member=MemberFactory(org=tree.a, name="赵删"))
    loaded_before = Problem.objects.get(pk=problem.pk)
    moved = Problem.objects.get(pk=problem.pk)
    moved.org = tree.b
    moved.save()
    loaded_before.delete()
    assert tallies.repair() == []
