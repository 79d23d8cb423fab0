import pytest
from django.utils import timezone

from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory


@pytest.fixture
def records(campaign, world):
    """Branch A: one overdue, one accepted rectification. Branch B: one confidential overdue."""
    alice_p = ProblemFactory(campaign=campaign, member=world.alice)
    RectificationFactory(problem=alice_p, due_in_days=-3, measure="逾期的整改措施甲")
    RectificationFactory(problem=alice_p, due_in_days=5, status="accepted", accepted_at=timezone.now())
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.carol, source="petition"),
                         due_in_days=-8, measure="保密来源的整改措施")
    return campaign
