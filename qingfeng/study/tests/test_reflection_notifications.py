"""A reflection's reviewers are told when it is submitted; its writer when it is accepted or returned."""

from qingfeng.core.models import Notification
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory
from qingfeng.study.models import Reflection
from qingfeng.study.tests.test_reflection_workflow import make_reflection
from qingfeng.study.workflow import reflection_workflow


def told(title=""):
    return sorted(n.user.username for n in Notification.objects.filter(title__startswith=title)
                  .select_related("user"))


def with_emails(*users):
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save()


def test_submitting_tells_the_branch_secretary_only(campaign, world, django_capture_on_commit_callbacks, mailoutbox):
    with_emails(world.sec_a, world.sec_b, world.admin, world.alice_user)
    reflection = make_reflection(campaign, world.alice, title="学习党章的体会")
    with django_capture_on_commit_callbacks(execute=True):
        reflection_workflow.perform(world.alice_user, reflection, "submit")
    note = Notification.objects.get()
    assert (note.user, note.title) == (world.sec_a, "张丽提交了心得体会：学习党章的体会")
    assert note.url == f"/campaigns/{campaign.pk}/reflections/{reflection.pk}/"
    # the other branch's secretary, the org admin above, the writer herself: nobody else
    assert [m.to for m in mailoutbox] == [["sec_a@example.org"]]
    assert mailoutbox[0].subject == note.title and note.url in mailoutbox[0].body


def test_no_email_leaves_before_the_submission_commits(campaign, world, django_capture_on_commit_callbacks, mailoutbox):
    with_emails(world.sec_a)
    reflection = make_reflection(campaign, world.alice)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reflection_workflow.perform(world.alice_user, reflection, "submit")
        assert mailoutbox == []
    # the mail waits for the commit (beside it waits the originality check's job)
    for callback in callbacks:
        callback()
    assert [m.to for m in mailoutbox] == [["sec_a@example.org"]]


def test_a_secretarys_own_reflection_goes_to_the_reviewers_above(campaign, world):
    secretary = MemberFactory(org=world.a, name="陈书记", user=world.sec_a)
    reflection = make_reflection(campaign, secretary)
    reflection_workflow.perform(world.sec_a, reflection, "submit")
    # nobody reviews their own: branch A has no other reviewer, the general branch none, so the committee's admin
    assert told() == ["admin"]


def test_a_general_branch_secretary_is_not_told_while_the_branch_has_its_own(campaign, world):
    UserFactory(username="sec_g", role=Role.Kind.SECRETARY, org=world.g)
    reflection_workflow.perform(world.alice_user, make_reflection(campaign, world.alice), "submit")
    assert told() == ["sec_a"]


def test_accepting_tells_the_writer_with_the_opinion(campaign, world):
    reflection = make_reflection(campaign, world.alice, title="学习党章的体会")
    reflection_workflow.perform(world.alice_user, reflection, "submit")
    reflection_workflow.perform(world.sec_a, reflection, "accept", "认识深刻，同意")
    note = Notification.objects.get(title__startswith="您的")
    assert (note.user, note.title) == (world.alice_user, "您的心得体会已通过审阅")
    assert "学习党章的体会" in note.body and "审阅意见：认识深刻，同意" in note.body
    assert told() == ["alice", "sec_a"]  # the reviewer is told of nothing she did


def test_returning_tells_the_writer_why(campaign, world):
    reflection = make_reflection(campaign, world.alice)
    reflection_workflow.perform(world.alice_user, reflection, "submit")
    reflection_workflow.perform(world.sec_a, reflection, "return", "请结合具体事例")
    note = Notification.objects.get(title__startswith="您的")
    assert (note.user, note.title) == (world.alice_user, "您的心得体会被退回修改")
    assert "退回意见：请结合具体事例" in note.body


def test_a_writer_without_a_login_is_told_nothing_and_the_review_stands(campaign, world):
    reflection = make_reflection(campaign, world.bob, Reflection.Status.SUBMITTED)
    reflection_workflow.perform(world.sec_a, reflection, "accept")
    assert told("您的") == []
    reflection.refresh_from_db()
    assert reflection.status == "accepted"
