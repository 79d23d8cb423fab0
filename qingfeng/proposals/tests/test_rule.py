"""The permission rule's `via` as 提案/社情民意 uses it: a unit reads an item, its other units and its thread through
the item's assignments; the submitter reads her item, not its thread; the phone stays the office's."""

from django.utils import timezone

from qingfeng.core.permissions import can, shown, visible_to
from qingfeng.proposals import services
from qingfeng.proposals.models import Assignment, Progress, Proposal, ProposalFile, Reply

from .factories import assigned, submitted


def test_a_unit_reads_what_it_was_given_and_nothing_else(world):
    given, _ = assigned(world, co_units=[world.b])
    services.post_progress(world.sec_b, given.assignments.get(lead=False), "协办进展", public=False)
    other, _ = submitted(world, "另一件")  # taken in, given to nobody
    for user in (world.sec_a, world.sec_b):
        assert list(visible_to(user, Proposal)) == [given]
        assert can(user, "view", given) and not can(user, "view", other)
        assert set(visible_to(user, Assignment).values_list("unit__code", flat=True)) == {"A", "B"}
        assert list(visible_to(user, Progress).values_list("text", flat=True)) == ["协办进展"]
        assert shown(user, given, "contact_phone") == "137****0000"
        assert not can(user, "intake_proposals", given)
    assert shown(world.admin, given, "contact_phone") == "13755550000"


def test_the_submitter_reads_her_item_not_its_thread(world):
    proposal, _ = submitted(world, user=world.alice_user)
    proposal = services.assign(world.admin, proposal, lead_unit=world.b, co_units=[],
                               deadline=timezone.localdate())
    entry = services.post_progress(world.sec_b, proposal.assignments.get(), "内部进展", public=False)
    services.reply(world.sec_b, proposal, "答复")
    alice = world.alice_user
    assert list(visible_to(alice, Proposal)) == [proposal] and can(alice, "view", proposal)
    assert not visible_to(alice, Progress).exists() and not can(alice, "view", entry)
    assert not visible_to(alice, Reply).exists() and not visible_to(alice, ProposalFile).exists()
    assert not visible_to(alice, Assignment).exists()
    assert not can(world.sec_a, "view", proposal)  # branch A is not among its units
