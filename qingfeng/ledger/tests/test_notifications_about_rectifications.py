"""A notification about a rectification reaches only those who may see the rectification (core's notify())."""

from qingfeng.core.notifications import notify
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory


def test_a_message_about_a_confidential_record_reaches_only_discipline_and_the_person_concerned(campaign, world):
    secret = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice, source="petition"))
    everyone = [world.admin, world.sec_a, world.sec_b, world.leader, world.inspector, world.discipline,
                world.alice_user]
    rows = notify(everyone, secret, "催办")
    assert sorted(n.user.username for n in rows) == ["alice", "discipline"]
