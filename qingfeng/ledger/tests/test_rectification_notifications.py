"""Review outcomes reach people: 提交验收 its reviewers; 验收销号, 退回 and 回头看 its owner and 责任领导;
a problem registered about a member, the member (never a confidential one)."""

import pytest

from qingfeng.core.models import Notification
from qingfeng.core.workflow import WorkflowError
from qingfeng.ledger.models import Evidence, Problem, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.workflow import rectification_workflow
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory


@pytest.fixture
def people(world):
    """Everyone has an email address; 赵校长 (chief, of branch A, with a login) is the 责任领导."""
    world.chief_user = UserFactory(username="chief")
    world.chief = MemberFactory(org=world.a, name="赵校长", user=world.chief_user)
    for user in (world.admin, world.sec_a, world.sec_b, world.leader, world.inspector, world.discipline,
                 world.alice_user, world.chief_user):
        user.email = f"{user.username}@example.org"
        user.save()
    return world


def told(title=""):
    return sorted(n.user.username for n in Notification.objects.filter(title__startswith=title)
                  .select_related("user"))


def submitted(campaign, people, source="self", measure="每周学习一次"):
    """alice's rectification, led by chief, evidenced and submitted for 验收 by alice."""
    rectification = RectificationFactory(
        problem=ProblemFactory(campaign=campaign, member=people.alice, source=source), leader=people.chief,
        measure=measure)
    Evidence.objects.create(rectification=rectification, note="学习笔记", uploaded_by=people.alice_user)
    rectification = rectification_workflow.perform(people.alice_user, rectification, "start")
    return rectification_workflow.perform(people.alice_user, rectification, "submit")


def test_submitting_tells_the_branch_secretary_only(campaign, people, django_capture_on_commit_callbacks,
                                                      mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        rectification = submitted(campaign, people)
    note = Notification.objects.get()
    assert (note.user, note.title) == (people.sec_a, "张丽提交了整改验收：每周学习一次")
    assert note.url == f"/rectifications/{rectification.pk}/"
    assert [m.to for m in mailoutbox] == [["sec_a@example.org"]]
    assert mailoutbox[0].subject == note.title


def test_submitting_a_confidential_item_tells_discipline_alone(campaign, people):
    submitted(campaign, people, source="petition")
    assert told() == ["discipline"]


def test_accepting_tells_the_owner_and_the_leader_with_the_opinion(campaign, people,
                                                                 django_capture_on_commit_callbacks, mailoutbox):
    rectification = submitted(campaign, people)
    with django_capture_on_commit_callbacks(execute=True):
        rectification_workflow.perform(people.sec_a, rectification, "accept", "整改到位，同意销号")
    assert told("整改已验收销号") == ["alice", "chief"]
    note = Notification.objects.filter(title__startswith="整改已验收销号").first()
    assert note.title == "整改已验收销号：每周学习一次"
    assert "张丽的整改措施「每周学习一次」已验收销号" in note.body and "验收意见：整改到位，同意销号" in note.body
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.org", "chief@example.org"]
    assert all("验收意见：整改到位，同意销号" in m.body for m in mailoutbox)


def test_accepting_without_an_opinion_says_no_opinion(campaign, people):
    rectification = submitted(campaign, people)
    rectification_workflow.perform(people.sec_a, rectification, "accept")
    assert Rectification.objects.get(pk=rectification.pk).status == "accepted"
    assert all("验收意见" not in n.body for n in Notification.objects.filter(title__startswith="整改已验收销号"))


def test_returning_tells_the_owner_and_the_leader_why(campaign, people):
    rectification = submitted(campaign, people)
    rectification_workflow.perform(people.sec_a, rectification, "return", "佐证材料不充分")
    assert told("整改被退回") == ["alice", "chief"]
    notes = Notification.objects.filter(title__startswith="整改被退回")
    assert all("退回原因：佐证材料不充分" in n.body for n in notes)


def test_a_leader_who_reviews_is_not_told_of_their_own_review(campaign, people):
    rectification = submitted(campaign, people)
    Rectification.objects.filter(pk=rectification.pk).update(leader=MemberFactory(org=people.a, user=people.sec_a))
    rectification_workflow.perform(people.sec_a, Rectification.objects.get(pk=rectification.pk), "accept")
    assert told("整改已验收销号") == ["alice"]


def test_reopening_by_follow_up_tells_the_owner_and_the_leader(campaign, people):
    rectification = rectification_workflow.perform(people.sec_a, submitted(campaign, people), "accept")
    rectification_workflow.perform(people.inspector, rectification, "reopen", "问题有反弹")
    assert told("回头看") == ["alice", "chief"]
    assert all("重新整改的理由：问题有反弹" in n.body for n in Notification.objects.filter(title__startswith="回头看"))


def test_a_confirming_follow_up_tells_nobody(campaign, people):
    rectification = rectification_workflow.perform(people.sec_a, submitted(campaign, people), "accept")
    before = Notification.objects.count()
    rectification_workflow.perform(people.inspector, rectification, "confirm", "巩固良好")
    assert Notification.objects.count() == before


def test_the_leader_is_never_told_of_a_confidential_outcome(campaign, people):
    rectification = submitted(campaign, people, source="discipline")
    rectification_workflow.perform(people.discipline, rectification, "return", "材料不实")
    assert told("整改被退回") == ["alice"]


def test_a_refused_step_tells_nobody(campaign, people):
    rectification = submitted(campaign, people)
    before = Notification.objects.count()
    with pytest.raises(WorkflowError, match="请填写退回原因"):
        rectification_workflow.perform(people.sec_a, rectification, "return", "")
    assert Notification.objects.count() == before


# --- A problem registered about a member ---

def register(campaign, people, member, source, created_by):
    return Problem.objects.create(campaign=campaign, org=member.org, member=member, source=source,
                                  description="批评意见：对群众态度生硬", created_by=created_by)


def test_a_problem_registered_about_a_member_tells_the_member(campaign, people, django_capture_on_commit_callbacks,
                                                             mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        problem = register(campaign, people, people.alice, Problem.Source.CRITICISM, people.sec_a)
    note = Notification.objects.get()
    assert (note.user, note.title) == (people.alice_user, "新登记与您有关的问题：批评意见：对群众态度生硬")
    assert "来源：批评意见" in note.body and note.url == f"/problems/{problem.pk}/"
    assert [m.to for m in mailoutbox] == [["alice@example.org"]]


@pytest.mark.parametrize("source", sorted(Problem.CONFIDENTIAL_SOURCES))
def test_a_confidential_problem_never_tells_the_member(campaign, people, source, django_capture_on_commit_callbacks,
                                                       mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        register(campaign, people, people.alice, source, people.discipline)
    assert told() == [] and mailoutbox == []


def test_a_problem_one_registers_oneself_tells_nobody(campaign, people):
    register(campaign, people, people.alice, Problem.Source.SELF, people.alice_user)
    assert told() == []


def test_a_problem_about_another_branchs_member_tells_only_that_member(campaign, people):
    carol_user = UserFactory(username="carol")
    people.carol.user = carol_user
    people.carol.save()
    register(campaign, people, people.carol, Problem.Source.SUPERIOR, people.admin)
    assert told() == ["carol"]


def test_a_problem_of_an_org_tells_nobody(campaign, people):
    Problem.objects.create(campaign=campaign, org=people.a, source=Problem.Source.PUBLIC,
                           description="支部活动形式单一", created_by=people.admin)
    assert told() == []


def test_nobody_outside_the_record_is_ever_told(campaign, people):
    """Across every step, each notification went to someone who may open what it is about."""
    from qingfeng.core.permissions import can

    for source in ("self", "superior", "petition"):
        rectification = submitted(campaign, people, source=source)
        reviewer = people.discipline if source == "petition" else people.sec_a
        rectification = rectification_workflow.perform(reviewer, rectification, "accept")
        rectification_workflow.perform(people.discipline, rectification, "reopen", "反弹")
    assert told()
    for note in Notification.objects.select_related("user"):
        kind, pk = note.url.strip("/").split("/")
        record = (Rectification if kind == "rectifications" else Problem).objects.get(pk=pk)
        assert can(note.user, "view", record), (note.user, note.title)
    assert "sec_b" not in told() and "leader" not in told()
