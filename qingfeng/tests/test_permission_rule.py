"""The one rule, checked against itself: for every registered model, `can` agrees with `visible_to`.

A property test draws a user (one who owns records, one who leads another's rectification, one who
owns nothing), a random set of roles on random orgs and, now and then, superuser; then for every
registered model and every registered action, `can(user, action, obj)` must hold exactly for the
objects of `visible_to(user, Model, action)`.
"""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qingfeng.campaigns.models import Campaign, KeyTask
from qingfeng.core import audit
from qingfeng.core.models import Job, Notification
from qingfeng.core.permissions import ACTIONS, SCOPES, anywhere, can, forget_grants, visible_to
from qingfeng.inspection.models import Commitment, InspectionAnswer, SelfInspection
from qingfeng.ledger.models import Evidence, FollowUp, Problem, Supervision
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Role, Transfer
from qingfeng.orgs.services import transfer_member
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory
from qingfeng.reports.models import SummaryText
from qingfeng.study.models import Attendance, Reflection, StudyActivity, StudyMaterial

# Models that belong to no org and no person: the shared problem-list library, a campaign's phase
# dates (read with the campaign), and figures computed for a whole subtree (served through the rule); the
# categories the public picks a proposal's from, and the public form's rate-limit counters and spent challenges;
# the originality index's fingerprints and their library counts (read by the check job, never shown), and a
# campaign's originality flag line (read with the campaign, like its phases).
UNSCOPED = {"Checklist", "ChecklistCategory", "ChecklistItem", "Phase", "Tally",
            "Category", "Throttle", "SpentChallenge", "Fingerprint", "Term", "Threshold"}


def project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("qingfeng.")
            and not m.__name__.startswith("Historical")]


def test_every_model_of_the_project_declares_its_scope_or_is_listed_as_unscoped():
    undeclared = [m.__name__ for m in project_models() if m not in SCOPES and m.__name__ not in UNSCOPED]
    assert undeclared == [], "declare a Scope in the app's AppConfig.ready (or list it in UNSCOPED, with why)"


def test_an_unregistered_model_or_action_is_a_clear_error(world):
    from qingfeng.campaigns.models import Checklist

    with pytest.raises(ImproperlyConfigured, match="Checklist has no Scope"):
        visible_to(world.admin, Checklist)
    with pytest.raises(ImproperlyConfigured, match="unknown action"):
        can(world.admin, "fly", world.a)


def test_the_models_that_used_to_fail_are_covered(campaign, world):
    transfer = transfer_member(world.bob, to_org=world.b, date=datetime.date(2026, 1, 5), reason="工作调动",
                               by=world.admin)
    task = KeyTask.objects.get(campaign=campaign)
    activity = StudyActivity.objects.create(campaign=campaign, org=world.a, kind="group_study",
                                            date=datetime.date(2026, 1, 6), topic="学党章", created_by=world.sec_a)
    attendance = Attendance.objects.create(activity=activity, member=world.alice)
    assert list(visible_to(world.sec_b, Transfer)) == [transfer] and can(world.sec_b, "view", transfer)
    assert list(visible_to(world.alice_user, KeyTask)) == [task] and can(world.alice_user, "view", task)
    assert can(world.alice_user, "view", attendance) and not can(world.sec_b, "view", attendance)


@pytest.fixture
def everything(campaign, world):
    """At least one record of every registered model, inside and outside each branch, owned and not."""
    today = datetime.date(2026, 5, 1)
    sam_user = UserFactory(username="sam")
    sam = MemberFactory(org=world.a, name="孙明", user=sam_user, birth_date=datetime.date(1988, 1, 1))
    loner = UserFactory(username="loner")  # owns nothing and is nobody
    draft = Campaign.objects.create(org=world.g, title="草稿", created_by=world.admin, checklist=campaign.checklist)
    item = campaign.checklist.categories.first().items.first()
    for camp in (campaign, draft):
        KeyTask.objects.create(campaign=camp, title="自选", required=False, org=world.a)
    for org, member in ((world.a, world.alice), (world.b, world.carol)):
        activity = StudyActivity.objects.create(campaign=campaign, org=org, kind="seminar", date=today,
                                                topic="研讨", created_by=world.admin)
        StudyMaterial.objects.create(activity=activity, file="study/x.pdf", original_name="x.pdf",
                                     content_type="application/pdf", size=1, uploaded_by=world.admin)
        Attendance.objects.create(activity=activity, member=member)
    for member in (world.alice, world.carol, sam):
        Reflection.objects.create(campaign=campaign, member=member, org=member.org, title="心得", body="……")
        inspection = SelfInspection.objects.create(campaign=campaign, member=member, org=member.org)
        InspectionAnswer.objects.create(inspection=inspection, item=item, answer="exists")
        Commitment.objects.create(campaign=campaign, member=member, org=member.org, text="承诺",
                                  signed_name=member.name, signed_by=world.admin)
    for source in ("self", "petition", "superior", "discipline"):
        for member in (world.alice, world.carol, sam):
            leader = sam if member != sam else world.alice
            problem = ProblemFactory(campaign=campaign, member=member, source=source)
            rect = RectificationFactory(problem=problem, leader=leader)
            Evidence.objects.create(rectification=rect, note="材料", uploaded_by=world.admin)
            FollowUp.objects.create(rectification=rect, reopened=False, reason="巩固", checked_by=world.inspector)
            Supervision.objects.create(rectification=rect, level=1, due_date=rect.due_date)
    for source in ("superior", "petition"):  # a problem of the org itself, about no member
        Problem.objects.create(campaign=campaign, org=world.a, member=None, source=source, description="班子问题",
                               created_by=world.admin)
    transfer_member(world.bob, to_org=world.b, date=today, reason="调动", by=world.admin)
    for user in (world.alice_user, sam_user, world.sec_a):
        Notification.objects.create(user=user, title="提醒")
        Job.objects.create(kind="ledger_xlsx", requested_by=user)
    for org in (world.a, world.b, world.c):  # the audit log, by org; a name nobody has goes to the top org
        audit.record("export.ledger", user=world.sec_a, org=org)
    audit.record("login.failure", username="ghost")
    for org in (world.c, world.a, world.b):  # the summary report's texts, per org
        SummaryText.objects.create(campaign=campaign, org=org, practices="做法", updated_by=world.admin)
    objects = {model: list(model._default_manager.all()) for model in SCOPES}
    orgs = [world.c, world.g, world.a, world.a1, world.b]
    return {"users": [world.alice_user, sam_user, loner, world.sec_a], "orgs": orgs, "objects": objects}


roles = st.lists(st.tuples(st.sampled_from(Role.Kind.values), st.integers(0, 4)), max_size=3)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(who=st.integers(0, 3), held=roles, superuser=st.sampled_from([False] * 7 + [True]))
def test_can_agrees_with_visible_to_for_every_model_action_and_object(everything, who, held, superuser):
    user = everything["users"][who]
    Role.objects.filter(user=user).delete()
    for kind, org in set(held):
        Role.objects.create(user=user, org=everything["orgs"][org], kind=kind)
    user.is_superuser = superuser
    forget_grants(user)
    user.__dict__.pop("member", None)

    for model, objects in everything["objects"].items():
        if model is Role:  # the user's own roles were just replaced
            objects = list(Role.objects.all())
        for action in ACTIONS:
            visible = set(visible_to(user, model, action).values_list("pk", flat=True))
            for obj in objects:
                assert can(user, action, obj) == (obj.pk in visible), (
                    f"{model.__name__} #{obj.pk}, action {action!r}, roles {sorted(set(held))}, "
                    f"superuser {superuser}, user {user.username}")


def test_a_superuser_reads_only_their_own_bell_and_exports(world):
    root = UserFactory(username="root")
    root.is_superuser = True
    root.save()
    for model, owner in ((Notification, "user"), (Job, "requested_by")):
        extra = {"title": "提醒"} if model is Notification else {"kind": "ledger_xlsx"}
        mine, hers = (model.objects.create(**{owner: u}, **extra) for u in (root, world.alice_user))
        assert list(visible_to(root, model)) == [mine]
        assert can(root, "view", mine) and not can(root, "view", hers)


def test_an_attendee_reads_the_activity_and_its_materials_and_nobody_sees_one_twice(campaign, world):
    activity = StudyActivity.objects.create(campaign=campaign, org=world.a, kind="seminar",
                                            date=datetime.date(2026, 1, 6), topic="研讨", created_by=world.sec_a)
    material = StudyMaterial.objects.create(activity=activity, file="study/x.pdf", original_name="x.pdf",
                                            content_type="application/pdf", size=1, uploaded_by=world.sec_a)
    for member in (world.alice, world.bob):
        Attendance.objects.create(activity=activity, member=member)
    carol_user = UserFactory(username="carol")
    world.carol.user = carol_user
    world.carol.save()
    for user in (world.alice_user, world.sec_a, world.admin):
        assert list(visible_to(user, StudyActivity)) == [activity] and can(user, "view", activity)
        assert list(visible_to(user, StudyMaterial)) == [material] and can(user, "view", material)
    assert not can(world.alice_user, "record_study", activity)
    assert not visible_to(carol_user, StudyActivity).exists() and not can(carol_user, "view", activity)
    assert not visible_to(world.sec_b, StudyMaterial).exists()


def test_anywhere_within_a_subtree_counts_roles_there_above_and_below(world):
    assert anywhere(world.sec_a, "view", within=world.g.path)  # below
    assert anywhere(world.leader, "view", within=world.a.path)  # above
    assert not anywhere(world.sec_b, "view", within=world.a.path)  # beside
    assert not anywhere(world.alice_user, "view", within=world.a.path)  # a member holds no viewing role
