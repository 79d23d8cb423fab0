import pytest
from django.utils import timezone

from conftest import make_problem, make_rectification


@pytest.fixture
def records(campaign, world):
    """Branch A: one overdue, one accepted rectification. Branch B: one confidential overdue."""
    alice_p = make_problem(campaign, world.alice)
    make_rectification(alice_p, due_in_days=-3, measure="逾期的整改措施甲")
    make_rectification(alice_p, due_in_days=5, status="accepted", accepted_at=timezone.now())
    make_rectification(make_problem(campaign, world.carol, source="petition"), due_in_days=-8,
                       measure="保密来源的整改措施")
    return campaign
