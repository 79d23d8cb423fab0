"""Every step of an item through the staff pages, and who may take it: the URL × role matrix.

The office (admin: org admin of 清风县委, the office) takes items in, merges, assigns, closes and publishes; the lead
unit's managers (sec_a, and admin above them) post progress and reply; the read-only roles (leader, inspector,
discipline) read but may not act (403); a branch's secretary does not see the office's file (404) nor another
branch's assignment (404); a member rates only what she submitted herself, on 我的提案.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from qingfeng.proposals import services
from qingfeng.proposals.models import Proposal, Rating, Reply

from .factories import assigned, replied, submitted

S = Proposal.Status
R = Proposal.Rating


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _lead(proposal):
    return proposal.assignments.get(lead=True)


def _deadline() -> str:
    return (timezone.localdate() + datetime.timedelta(days=7)).isoformat()


# step -> (the item before it, the request it takes, the status it leads to)
STEPS = {
    "accept": (submitted, lambda p: ("proposal_action", p.pk, {"action": "accept"}), S.ACCEPTED),
    "refer": (submitted, lambda p: ("proposal_action", p.pk, {"action": "refer", "text": "留作参考"}), S.REFERENCE),
    "reject": (submitted, lambda p: ("proposal_action", p.pk, {"action": "reject", "text": "不属于"}), S.REJECTED),
    "merge": (submitted, lambda p: ("proposal_merge", p.pk, {"target": p.target.number, "reason": "相同"}), S.MERGED),
    "assign": (submitted, lambda p: ("proposal_assign", p.pk, {"lead_unit": "A", "deadline": _deadline()}), S.HANDLING),
    "close": (replied, lambda p: ("proposal_action", p.pk, {"action": "close"}), S.CLOSED),
    "reply": (assigned, lambda p: ("assignment_reply", _lead(p).pk, {"text": "已办理"}), S.REPLIED),
}
OFFICE = {"admin": 302, "sec_a": 404, "sec_b": 404, "leader": 403, "inspector": 403, "discipline": 403,
          "alice_user": 404}
# once assigned to branch A, its secretary reads the item (through the assignment) but may not act for the office
OFFICE_ASSIGNED = dict(OFFICE, sec_a=403)
# the lead unit is branch A: its secretary and the org admin above it
LEAD_UNIT = dict(OFFICE, sec_a=302)
WHO = {"accept": OFFICE, "refer": OFFICE, "reject": OFFICE, "merge": OFFICE, "assign": OFFICE,
       "close": OFFICE_ASSIGNED, "reply": LEAD_UNIT}


@pytest.mark.parametrize("step, role", [(step, role) for step in STEPS for role in OFFICE])
def test_who_may_take_each_step(world, login, step, role):
    make, request, target = STEPS[step]
    proposal, _code = make(world)
    proposal.target = submitted(world, title="先提交的同类事项")[0]
    before = proposal.status
    name, pk, data = request(proposal)
    response = login(getattr(world, role)).post(reverse(name, args=[pk]), data)
    expected = WHO[step][role]
    assert response.status_code == expected
    proposal.refresh_from_db()
    assert proposal.status == (target if expected == 302 else before)


@pytest.mark.parametrize("role, expected", [("admin", 302), ("sec_a", 403), ("leader", 403), ("alice_user", 404)])
def test_who_may_publish_a_reply(world, login, role, expected):
    proposal, _ = replied(world)
    response = login(getattr(world, role)).post(reverse("proposal_publish", args=[proposal.pk]), {"published": "1"})
    assert response.status_code == expected
    proposal.refresh_from_db()
    assert proposal.published is (expected == 302)


@pytest.mark.parametrize("role, expected", [("admin", 302), ("sec_a", 302), ("sec_b", 404), ("leader", 403),
                                            ("inspector", 403), ("discipline", 403), ("alice_user", 404)])
def test_who_may_post_progress_on_branch_as_assignment(world, login, role, expected):
    proposal, _ = assigned(world)
    response = login(getattr(world, role)).post(reverse("assignment_progress", args=[_lead(proposal).pk]),
                                                {"text": "进展"})
    assert response.status_code == expected
    assert proposal.progress.count() == (1 if expected == 302 else 0)


def test_the_office_page_offers_the_buttons_of_the_status(world, login):
    proposal, _ = submitted(world)
    page = login(world.admin).get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    for button in ("step-accept", "step-refer", "step-reject", "proposal-assign", "proposal-merge"):
        assert f'id="{button}"' in page, button
    assert 'id="step-close"' not in page and 'id="proposal-publish"' not in page
    proposal, _ = replied(world)
    page = login(world.admin).get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    assert 'id="step-close"' in page and 'id="proposal-publish"' in page and 'id="step-accept"' not in page


# --- 我的提案: a member follows and rates what she submitted ---


@pytest.fixture
def hers(world):
    """An item alice submitted from the app, replied by branch A."""
    proposal, _ = submitted(world, user=world.alice_user)
    proposal = services.assign(world.admin, proposal, lead_unit=world.a, co_units=[],
                               deadline=timezone.localdate() + datetime.timedelta(days=10))
    return services.reply(world.sec_a, proposal, "已修复路灯")


def rate(client, proposal, value, comment=""):
    return client.post(reverse("my_proposal_rate", args=[proposal.pk]), {"value": value, "comment": comment})


def test_she_lists_and_reads_her_own_without_internal_notes_or_internal_progress(world, login, hers):
    services.set_note(world.admin, hers, "内部：与城管局协调")
    services.post_progress(world.sec_a, _lead(hers), "公开的进展", public=True)
    services.post_progress(world.sec_a, _lead(hers), "内部的进展", public=False)
    other, _ = submitted(world, title="别人的事项")
    client = login(world.alice_user)
    listing = client.get(reverse("my_proposals")).content.decode()
    assert hers.number in listing and "别人的事项" not in listing
    page = client.get(reverse("my_proposal", args=[hers.pk])).content.decode()
    assert "已修复路灯" in page and "公开的进展" in page and "一中党支部" in page
    assert "内部：与城管局协调" not in page and "内部的进展" not in page
    assert client.get(reverse("my_proposal", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("role", ["admin", "sec_a", "leader"])
def test_nobody_else_reads_or_rates_her_item_on_my_proposals(world, login, hers, role):
    client = login(getattr(world, role))
    assert client.get(reverse("my_proposal", args=[hers.pk])).status_code == 404
    assert rate(client, hers, R.SATISFIED).status_code == 404
    assert not Rating.objects.exists()


def test_unsatisfied_sends_it_back_once_and_the_second_unsatisfied_closes_it(world, login, hers):
    client = login(world.alice_user)
    rate(client, hers, R.UNSATISFIED, "路灯又坏了")
    hers.refresh_from_db()
    assert (hers.status, hers.round) == (S.HANDLING, 2)
    reply = login(world.sec_a).post(reverse("assignment_reply", args=[_lead(hers).pk]), {"text": "更换了灯杆"})
    assert reply.status_code == 302
    response = rate(login(world.alice_user), hers, R.UNSATISFIED, "还是不满意")
    assert said(response)[-1] == "已评价，感谢您的反馈"
    hers.refresh_from_db()
    assert (hers.status, hers.round, hers.rating) == (S.CLOSED, 2, R.UNSATISFIED)
    assert list(Rating.objects.values_list("round", "value")) == [(1, R.UNSATISFIED), (2, R.UNSATISFIED)]
    assert list(Reply.objects.values_list("round", flat=True)) == [1, 2]


def test_she_rates_once_and_only_a_reply(world, login, hers):
    client = login(world.alice_user)
    rate(client, hers, R.SATISFIED)
    response = rate(client, hers, R.UNSATISFIED)
    assert said(response)[-1] == "当前状态为「已办结」，不能评价"
    pending, _ = submitted(world, user=world.alice_user)
    response = rate(client, pending, R.SATISFIED)
    assert said(response)[-1] == "当前状态为「待受理」，不能评价"
    assert list(Rating.objects.values_list("value", flat=True)) == [R.SATISFIED]


def test_a_rating_without_a_value_is_refused(world, login, hers):
    response = rate(login(world.alice_user), hers, "")
    assert said(response)[-1] == "未评价：请选择满意、基本满意或不满意"
    hers.refresh_from_db()
    assert hers.status == S.REPLIED and not Rating.objects.exists()
