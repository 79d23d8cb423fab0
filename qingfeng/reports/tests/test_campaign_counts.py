"""The campaign page's figures: exact counts on a small world, each for what its viewer may see."""

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.inspection.models import Commitment, SelfInspection
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports.figures import campaign_figures
from qingfeng.study.models import Reflection, StudyActivity

KEYS = ("members", "study_activities", "reflections_submitted", "reflections_accepted",
        "inspections_submitted", "commitments_signed", "problems", "problems_by_source",
        "rectifications", "rectifications_overdue", "rectifications_by_status")


def campaign_counts(campaign, user, org=None) -> dict:
    """The figures the campaign page shows, from the one place they are computed."""
    figures = campaign_figures(campaign, user, org)
    return {key: getattr(figures, key) for key in KEYS}


@pytest.fixture
def figures(campaign, world):
    """Records of the campaign in branches A (alice, bob) and B (carol), and of another campaign."""
    now, today = timezone.now(), timezone.localdate()
    for org, topic in ((world.a, "集中学习"), (world.a, "专题研讨"), (world.b, "警示教育")):
        StudyActivity.objects.create(campaign=campaign, org=org, kind="group_study", date=today, topic=topic,
                                     created_by=world.admin)
    for member, status, submitted in ((world.alice, "submitted", now), (world.bob, "accepted", now),
                                      (world.carol, "draft", None)):
        Reflection.objects.create(campaign=campaign, member=member, org=member.org, title="体会", body="……",
                                  status=status, submitted_at=submitted)
    SelfInspection.objects.create(campaign=campaign, member=world.alice, org=world.a, status="submitted")
    SelfInspection.objects.create(campaign=campaign, member=world.carol, org=world.b, status="draft")
    for member in (world.alice, world.carol):
        Commitment.objects.create(campaign=campaign, member=member, org=member.org, text="承诺",
                                  signed_name=member.name, signed_by=world.admin)

    alice_self = ProblemFactory(campaign=campaign, member=world.alice)
    bob_superior = ProblemFactory(campaign=campaign, member=world.bob, source="superior")
    carol_petition = ProblemFactory(campaign=campaign, member=world.carol, source="petition",
                                    confidential_detail="举报人：某某")
    carol_self = ProblemFactory(campaign=campaign, member=world.carol)
    RectificationFactory(problem=alice_self, due_in_days=30)  # open
    RectificationFactory(problem=alice_self, due_in_days=-2, status="in_progress")  # overdue
    RectificationFactory(problem=bob_superior, due_in_days=-9, status="accepted")  # past due but done: not overdue
    RectificationFactory(problem=carol_petition, due_in_days=-5)  # overdue, confidential
    RectificationFactory(problem=carol_self, due_in_days=10, status="submitted")
    MemberFactory(org=world.b, name="已停用", is_active=False)

    other = Campaign.objects.create(org=world.c, title="另一项", created_by=world.admin, status="active")
    RectificationFactory(problem=ProblemFactory(campaign=other, member=world.alice), due_in_days=-1)
    ProblemFactory(campaign=other, member=world.carol, source="petition")
    return campaign


def sources(**nonzero):
    return {s: nonzero.get(s, 0) for s in
            ("self", "superior", "criticism", "inspection_tour", "discipline", "petition", "public")}


def statuses(**nonzero):
    return {s: nonzero.get(s, 0) for s in ("open", "in_progress", "submitted", "accepted", "returned")}


def test_a_leader_counts_everything_but_confidential_problems(figures, world):
    assert campaign_counts(figures, world.leader) == {
        "members": 3,
        "study_activities": 3,
        "reflections_submitted": 2,
        "reflections_accepted": 1,
        "inspections_submitted": 1,
        "commitments_signed": 2,
        "problems": 3,
        "problems_by_source": sources(self=2, superior=1),
        "rectifications": 4,
        "rectifications_overdue": 1,
        "rectifications_by_status": statuses(open=1, in_progress=1, submitted=1, accepted=1),
    }


def test_discipline_also_counts_the_confidential_problem_and_its_rectification(figures, world):
    counts = campaign_counts(figures, world.discipline)
    assert counts["problems"] == 4
    assert counts["problems_by_source"] == sources(self=2, superior=1, petition=1)
    assert counts["rectifications"] == 5
    assert counts["rectifications_overdue"] == 2
    assert counts["rectifications_by_status"] == statuses(open=2, in_progress=1, submitted=1, accepted=1)


def test_a_secretary_counts_their_branch(figures, world):
    counts = campaign_counts(figures, world.sec_a)
    assert (counts["members"], counts["study_activities"], counts["reflections_submitted"],
            counts["reflections_accepted"], counts["inspections_submitted"], counts["commitments_signed"],
            counts["problems"], counts["rectifications"], counts["rectifications_overdue"]) == (
        2, 2, 2, 1, 1, 1, 2, 3, 1)


def test_counts_narrow_to_a_sub_org(figures, world):
    counts = campaign_counts(figures, world.discipline, org=world.b)
    assert (counts["members"], counts["study_activities"], counts["problems"], counts["rectifications"]) == (
        1, 1, 2, 2)


def test_a_member_counts_only_their_own_records(figures, world):
    counts = campaign_counts(figures, world.alice_user)
    assert (counts["members"], counts["reflections_submitted"], counts["inspections_submitted"],
            counts["commitments_signed"], counts["problems"], counts["rectifications"]) == (1, 1, 1, 1, 1, 2)
    assert counts["study_activities"] == 0


def test_the_page_shows_the_figures(figures, world, login):
    body = login(world.leader).get(reverse("campaign_detail", args=[figures.pk])).content.decode()
    assert 'data-count="problems">3<' in body
    assert 'data-count="rectifications_overdue">1<' in body
    body = login(world.discipline).get(reverse("campaign_detail", args=[figures.pk])).content.decode()
    assert 'data-count="problems">4<' in body
    assert 'data-source="信访举报">1<' in body


def test_the_figures_cost_the_same_few_queries_whatever_the_data(figures, world, django_assert_num_queries):
    campaign_counts(figures, world.leader)  # the user's roles are read once and kept
    # the kept counts (orgs.tallies); the leader is no member, so nothing of her own to count beside them
    with django_assert_num_queries(1):
        campaign_counts(figures, world.leader)
    for i in range(5):
        RectificationFactory(problem=ProblemFactory(campaign=figures, member=MemberFactory(org=world.a, name=f"新{i}")),
                             due_in_days=-i)
    with django_assert_num_queries(1):
        campaign_counts(figures, world.leader)
