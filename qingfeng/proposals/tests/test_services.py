"""An item's life through the services: who may take each step, what each step sets, what the submitter hears."""

import datetime
import math

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from qingfeng.core.models import Notification
from qingfeng.core.workflow import WorkflowError
from qingfeng.proposals import codes, services
from qingfeng.proposals.models import Proposal, Rating, Reply
from qingfeng.proposals.workflow import SYSTEM, CodeHolder

from .factories import assigned, replied, submitted

S = Proposal.Status
R = Proposal.Rating


def test_the_tracking_code_is_kept_only_as_a_digest_and_opens_its_item(world):
    proposal, code = submitted(world)
    assert len(code) == codes.LENGTH and set(code) <= set(codes.ALPHABET)
    assert code not in proposal.code_digest
    assert codes.LENGTH * math.log2(len(codes.ALPHABET)) > 58  # bits: not to be guessed
    assert services.find(code) == proposal
    assert services.find(codes.shown(code).lower()) == proposal  # as read aloud: dashes, lower case
    assert services.find(code[:-1]) is None
    assert services.find(code[:-1] + ("2" if code[-1] != "2" else "3")) is None


def test_two_codes_differ(world):
    assert submitted(world)[1] != submitted(world)[1]


def test_a_submission_tells_the_office_only(world):
    proposal, _code = submitted(world)
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"admin"}
    assert proposal.status == S.PENDING and proposal.submitted_by is None


def test_the_whole_way_with_a_second_round(world):
    proposal, code = replied(world, co_units=[world.b])
    assert proposal.status == S.REPLIED and proposal.replied_on_time is True
    assert list(proposal.assignments.values_list("unit__code", "lead")) == [("A", True), ("B", False)]
    holder = CodeHolder(proposal.pk)
    proposal = services.rate(holder, proposal, R.UNSATISFIED, "路灯又坏了")
    assert (proposal.status, proposal.round, proposal.replied_at) == (S.HANDLING, 2, None)
    assert proposal.deadline == timezone.localdate() + datetime.timedelta(days=services.SECOND_ROUND_DAYS)
    assert proposal.assignments.get(lead=True).deadline == proposal.deadline
    proposal = services.reply(world.sec_a, proposal, "更换了灯杆")
    assert list(Reply.objects.filter(proposal=proposal).values_list("round", flat=True)) == [1, 2]
    proposal = services.rate(holder, proposal, R.SATISFIED, "")
    assert (proposal.status, proposal.rating) == (S.CLOSED, R.SATISFIED)
    assert list(Rating.objects.filter(proposal=proposal).values_list("round", "value")) == [
        (1, R.UNSATISFIED), (2, R.SATISFIED)]


def test_a_second_unsatisfied_closes_it(world):
    proposal, _code = replied(world)
    holder = CodeHolder(proposal.pk)
    proposal = services.rate(holder, proposal, R.UNSATISFIED)
    proposal = services.reply(world.sec_a, proposal, "再次答复")
    proposal = services.rate(holder, proposal, R.UNSATISFIED)
    assert (proposal.status, proposal.round, proposal.rating) == (S.CLOSED, 2, R.UNSATISFIED)


def test_only_the_code_of_this_item_rates_it(world):
    proposal, _code = replied(world)
    other, _ = submitted(world, "另一件")
    with pytest.raises(PermissionDenied):
        services.rate(CodeHolder(other.pk), proposal, R.SATISFIED)
    with pytest.raises(PermissionDenied):  # staff do not rate in the submitter's name
        services.rate(world.admin, proposal, R.SATISFIED)
    assert not Rating.objects.exists()
    assert Proposal.objects.get(pk=proposal.pk).status == S.REPLIED


def test_a_rating_before_the_reply_is_refused(world):
    proposal, _code = assigned(world)
    with pytest.raises(WorkflowError):
        services.rate(CodeHolder(proposal.pk), proposal, R.SATISFIED)
    assert not Rating.objects.exists()


def test_a_member_rates_her_own_from_the_app(world):
    proposal, _code = submitted(world, user=world.alice_user)
    proposal = services.assign(world.admin, proposal, lead_unit=world.a, co_units=[],
                               deadline=timezone.localdate())
    proposal = services.reply(world.sec_a, proposal, "已处理")
    with pytest.raises(PermissionDenied):
        services.rate(world.sec_a, proposal, R.SATISFIED)
    proposal = services.rate(world.alice_user, proposal, R.BASIC, "还行")
    assert proposal.rating == R.BASIC
    titles = list(Notification.objects.filter(user=world.alice_user).values_list("title", flat=True))
    assert any("办理中" in t for t in titles) and any("已答复" in t for t in titles)


def test_only_the_lead_unit_replies_and_only_the_office_takes_in(world):
    proposal, _code = assigned(world, co_units=[world.b])
    with pytest.raises(PermissionDenied):
        services.reply(world.sec_b, proposal, "协办单位不能答复")
    with pytest.raises(PermissionDenied):
        services.act(world.sec_a, submitted(world)[0], "accept")
    with pytest.raises(PermissionDenied):
        services.act(world.leader, submitted(world)[0], "accept")
    assert not Reply.objects.exists()


def test_a_late_reply_is_not_on_time(world):
    proposal, _code = assigned(world, days=-1)
    proposal = services.reply(world.sec_a, proposal, "迟到的答复")
    assert proposal.replied_on_time is False


def test_refusing_needs_a_reason_the_submitter_reads(world):
    proposal, _code = submitted(world)
    with pytest.raises(WorkflowError, match="不予受理理由"):
        services.act(world.admin, proposal, "reject", "")
    proposal = services.act(world.admin, proposal, "reject", "不属于本单位职责范围")
    assert (proposal.status, proposal.status_reason) == (S.REJECTED, "不属于本单位职责范围")


def test_merging_links_the_item_and_refuses_itself(world):
    first, _ = submitted(world, "路灯一")
    second, _ = submitted(world, "路灯二")
    with pytest.raises(WorkflowError):
        services.merge(world.admin, second, second, "")
    second = services.merge(world.admin, second, first, "")
    assert (second.status, second.merged_into) == (S.MERGED, first)
    assert first.number in second.status_reason


def test_the_job_closes_unrated_replies_after_the_configured_days(world, settings):
    settings.PROPOSAL_RATING_DAYS = 15
    proposal, _code = replied(world)
    today = timezone.localdate()
    assert services.expire_unrated(today + datetime.timedelta(days=15)) == 0
    assert services.expire_unrated(today + datetime.timedelta(days=16)) == 1
    proposal.refresh_from_db()
    assert (proposal.status, proposal.rating) == (S.CLOSED, "")
    with pytest.raises(PermissionDenied):  # nobody but the job closes by expiry
        from qingfeng.proposals.workflow import proposal_workflow
        proposal_workflow.perform(world.admin, replied(world)[0], "expire")
    assert SYSTEM is not None


def test_publishing_needs_a_reply(world):
    proposal, _code = assigned(world)
    with pytest.raises(ValueError):
        services.set_published(world.admin, proposal, True)
    with pytest.raises(PermissionDenied):
        services.set_published(world.leader, proposal, True)


def test_the_rating_form_says_what_a_rating_does_in_each_round(world, client):
    from django.urls import reverse

    proposal, code = replied(world)
    page = client.post(reverse("proposal_track"), {"code": code}).content.decode()
    assert "答复将退回承办单位再次办理" in page
    proposal = services.rate(CodeHolder(proposal.pk), proposal, R.UNSATISFIED)
    services.reply(world.sec_a, proposal, "再次答复")
    page = client.post(reverse("proposal_track"), {"code": code}).content.decode()
    assert "这是二次办理后的答复，评价后即办结" in page and "再次办理（只有一次）" not in page
