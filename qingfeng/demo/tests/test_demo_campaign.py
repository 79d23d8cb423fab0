"""The demo campaign: a living ledger in every state, loaded once for the module (the `demo` fixture)."""


from qingfeng.demo.campaign import load_campaign_demo
from qingfeng.inspection.models import Commitment
from qingfeng.ledger.models import Problem, Rectification, Supervision
from qingfeng.study.models import Reflection


def test_rectifications_are_in_every_state_and_some_are_overdue(demo):
    states = set(Rectification.objects.values_list("status", flat=True))
    assert states == set(Rectification.Status.values)
    assert sum(r.is_overdue() for r in Rectification.objects.all()) > 5


def test_accepted_rectifications_have_evidence_and_a_reviewer(demo):
    for rectification in Rectification.objects.filter(status=Rectification.Status.ACCEPTED):
        assert rectification.evidence.exists() and rectification.reviewed_by_id and rectification.accepted_at


def test_every_supervision_level_is_present(demo):
    assert set(Supervision.objects.values_list("level", flat=True)) == set(Supervision.Level.values)


def test_reflections_and_problems_are_varied(demo):
    assert set(Reflection.objects.values_list("status", flat=True)) == set(Reflection.Status.values)
    sources = set(Problem.objects.values_list("source", flat=True))
    assert {"self", "petition", "discipline"} <= sources
    assert Commitment.objects.exists()


def test_the_demo_member_has_work_to_do(demo):
    from django.contrib.auth import get_user_model

    me = get_user_model().objects.get(username="dangyuan").member
    assert me.rectifications.exclude(status=Rectification.Status.ACCEPTED).count() >= 2
    assert not Commitment.objects.filter(member=me).exists()
    assert Reflection.objects.get(member=me).status == Reflection.Status.RETURNED


def test_loading_twice_adds_nothing(demo):
    counts = [Rectification.objects.count(), Problem.objects.count(), Supervision.objects.count()]
    assert load_campaign_demo() is False
    assert [Rectification.objects.count(), Problem.objects.count(), Supervision.objects.count()] == counts
