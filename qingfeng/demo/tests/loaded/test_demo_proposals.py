"""The demo's 提案 / 社情民意: a year of items in every state, the ladder run on them, and something for each figure."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from qingfeng.demo.proposals import DEMO_TRACKING_CODE, load_proposals_demo
from qingfeng.proposals import services
from qingfeng.proposals.models import Assignment, Progress, Proposal, ProposalNotice, Rating

S = Proposal.Status
R = Proposal.Rating


def test_every_state_is_there(demo):
    assert set(Proposal.objects.values_list("status", flat=True)) == set(S.values)
    assert Proposal.objects.count() > 100  # 受理 (received), like the county's 118
    assert not Proposal.objects.filter(status__in=[S.REJECTED, S.REFERENCE, S.MERGED], status_reason="").exists()
    assert not Proposal.objects.filter(status=S.MERGED, merged_into__isnull=True).exists()


def test_each_rating_and_both_kinds_of_second_round(demo):
    closed = Proposal.objects.filter(status=S.CLOSED)
    for value in R.values:
        assert closed.filter(rating=value).exists(), value
    assert closed.filter(rating="").exists()  # 未评价: closed by the job or the office
    assert closed.filter(round=2).exists()  # 二次办理 finished
    assert Proposal.objects.filter(status=S.HANDLING, round=2).exists()  # and one under way
    assert Rating.objects.filter(round=2).exists()
    assert Proposal.objects.filter(status=S.REPLIED).exists()
    rated = closed.exclude(rating="")
    satisfied = rated.filter(rating__in=[R.SATISFIED, R.BASIC]).count()
    assert 0.85 < satisfied / rated.count() < 1  # 满意率 high, as the county's, but not all


def test_the_year_spreads_over_twelve_months(demo):
    months = {timezone.localtime(t).strftime("%Y-%m") for t in Proposal.objects.values_list("submitted_at", flat=True)}
    assert len(months) >= 12
    late = Proposal.objects.filter(replied_on_time=False).count()
    assert 0 < late < Proposal.objects.filter(replied_on_time=True).count()
    for proposal in Proposal.objects.exclude(closed_at=None):
        assert proposal.submitted_at <= proposal.accepted_at <= proposal.closed_at <= timezone.now()


def test_units_co_units_progress_and_publication(demo):
    units = set(Assignment.objects.filter(lead=True).values_list("unit__name", flat=True))
    assert len(units) >= 6
    assert Assignment.objects.filter(lead=False, done_at__isnull=False).exists()
    assert Progress.objects.filter(public=True).exists() and Progress.objects.filter(public=False).exists()
    assert Proposal.objects.filter(published=True, status=S.CLOSED).exists()


def test_the_ladder_took_every_step_on_the_overdue_items(demo):
    levels = set(ProposalNotice.objects.values_list("level", flat=True))
    assert levels == set(ProposalNotice.Level.values)
    today = timezone.localdate()
    assert Assignment.objects.filter(proposal__status=S.HANDLING, done_at=None,
                                     deadline__lt=today - datetime.timedelta(days=14)).exists()


def test_the_demo_member_has_items_of_her_own(demo, client):
    mine = Proposal.objects.filter(submitted_by__username="dangyuan")
    assert mine.filter(status=S.REPLIED).exists() and mine.filter(status=S.CLOSED).exists()
    client.force_login(mine.first().submitted_by)
    page = client.get(reverse("my_proposals")).content.decode()
    assert mine.first().title in page


def test_the_printed_tracking_code_opens_an_item_awaiting_its_rating(demo):
    proposal = services.find(DEMO_TRACKING_CODE)
    assert proposal.status == S.REPLIED and proposal.submitted_by is None
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert "QFDM-2345-RATE" in out.getvalue()


def test_loading_twice_adds_nothing(demo):
    count = Proposal.objects.count()
    assert load_proposals_demo() is False
    assert Proposal.objects.count() == count
