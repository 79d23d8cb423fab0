"""The permission rule on campaign records: subtree roles, own records, confidential sources."""

from qingfeng.campaigns.models import Campaign
from qingfeng.core.permissions import can, visible_to
from qingfeng.ledger.models import Evidence, Problem, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory


def test_a_campaign_is_visible_to_everyone_it_covers(campaign, world):
    for user in [world.alice_user, world.sec_a, world.sec_b, world.leader]:
        assert list(visible_to(user, Campaign)) == [campaign]
        assert can(user, "view", campaign)
    assert not can(world.sec_a, "launch", campaign)
    assert can(world.admin, "launch", campaign)


def test_a_campaign_of_another_branch_is_not_visible(campaign, world):
    other = Campaign.objects.create(org=world.b, title="二中自查", created_by=world.admin, status="active")
    assert other not in visible_to(world.sec_a, Campaign)
    assert other not in visible_to(world.alice_user, Campaign)
    assert not can(world.sec_a, "view", other)
    assert other in visible_to(world.sec_b, Campaign)


def test_confidential_problems_answer_to_discipline_and_the_subject_only(campaign, world):
    plain = ProblemFactory(campaign=campaign, member=world.alice)
    secret = ProblemFactory(campaign=campaign, member=world.alice, source="petition",
                            confidential_detail="举报人：某某")
    assert set(visible_to(world.sec_a, Problem)) == {plain}
    assert set(visible_to(world.leader, Problem)) == {plain}
    assert set(visible_to(world.inspector, Problem)) == {plain}
    assert set(visible_to(world.discipline, Problem)) == {plain, secret}
    assert set(visible_to(world.alice_user, Problem)) == {plain, secret}
    assert can(world.alice_user, "view", secret)
    assert not can(world.alice_user, "see_confidential", secret)
    assert can(world.discipline, "see_confidential", secret)
    assert not can(world.sec_a, "view", secret)


def test_rectification_actions_follow_owner_and_reviewer(campaign, world):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))
    assert can(world.alice_user, "own", rectification)
    assert not can(world.sec_a, "own", rectification)
    assert can(world.sec_a, "review", rectification)
    assert can(world.admin, "review", rectification)
    assert not can(world.sec_b, "review", rectification)
    assert not can(world.leader, "review", rectification)
    assert can(world.inspector, "reopen", rectification)
    assert not can(world.sec_a, "reopen", rectification)


def test_rectifications_of_confidential_problems_are_hidden_from_non_discipline(campaign, world):
    plain = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))
    secret = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice, source="discipline"))
    assert set(visible_to(world.leader, Rectification)) == {plain}
    assert set(visible_to(world.sec_a, Rectification)) == {plain}
    assert set(visible_to(world.discipline, Rectification)) == {plain, secret}
    assert set(visible_to(world.alice_user, Rectification)) == {plain, secret}
    assert not can(world.sec_a, "review", secret)
    assert can(world.discipline, "review", secret)


def test_evidence_follows_its_rectification(campaign, world):
    secret = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice, source="petition"))
    evidence = Evidence.objects.create(rectification=secret, note="已整改", uploaded_by=world.alice_user)
    assert set(visible_to(world.alice_user, Evidence)) == {evidence}
    assert set(visible_to(world.discipline, Evidence)) == {evidence}
    assert not visible_to(world.sec_a, Evidence).exists()
    assert can(world.alice_user, "view", evidence) and not can(world.sec_a, "view", evidence)


def test_a_draft_campaign_is_seen_only_by_those_who_launch(campaign, world):
    campaign.status = Campaign.Status.DRAFT
    campaign.save()
    for user in [world.alice_user, world.sec_a, world.leader, world.discipline]:
        assert not visible_to(user, Campaign).exists()
        assert not can(user, "view", campaign)
    assert list(visible_to(world.admin, Campaign)) == [campaign]
    assert can(world.admin, "view", campaign) and can(world.admin, "launch", campaign)
