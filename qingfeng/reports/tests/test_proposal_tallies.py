"""The 提案/社情民意 figures read from the counts kept per org (proposals.counts, orgs.tallies) equal the figures
aggregated from the items themselves, as reports.proposal_figures computed them before (`reference_figures`, kept
here as the yardstick), after every step of the workflow, and `repair` finds nothing to fix.
"""

import dataclasses
import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from qingfeng.core.permissions import can, grants, top_orgs, visible_to
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Org, Tally
from qingfeng.proposals import counts, services
from qingfeng.proposals.models import Category, Proposal, Reply
from qingfeng.proposals.workflow import CodeHolder
from qingfeng.reports.proposal_figures import (
    TAKEN_UP,
    ProposalCounts,
    ProposalFigures,
    UnitRow,
    appraisal,
    proposal_figures,
    ranked,
)

from .conftest import at

S = Proposal.Status
R = Proposal.Rating
FAMILIES = list(counts.FAMILIES)


# --- The yardstick: the figures aggregated from the items, as proposal_figures did before the kept counts ---

def _in_subtree(user, org):
    return visible_to(user, Proposal).filter(Q(lead_unit__path__startswith=org.path)
                                             | Q(lead_unit__isnull=True, office__path__startswith=org.path))


def _aggregates() -> dict:
    timed = Q(replied_at__isnull=False, assigned_at__isnull=False)
    waited = ExpressionWrapper(F("replied_at") - F("assigned_at"), output_field=DurationField())
    return {
        "received": Count("pk"),
        "accepted": Count("pk", filter=Q(status__in=TAKEN_UP)),
        "referred": Count("pk", filter=Q(status=S.REFERENCE)),
        "assigned": Count("pk", filter=Q(lead_unit__isnull=False)),
        "closed": Count("pk", filter=Q(status=S.CLOSED)),
        "answered": Count("pk", filter=Q(replied_on_time__isnull=False)),
        "on_time": Count("pk", filter=Q(replied_on_time=True)),
        "rated_satisfied": Count("pk", filter=Q(rating=R.SATISFIED)),
        "rated_basic": Count("pk", filter=Q(rating=R.BASIC)),
        "rated_unsatisfied": Count("pk", filter=Q(rating=R.UNSATISFIED)),
        "closed_unrated": Count("pk", filter=Q(status=S.CLOSED, rating="")),
        "reply_time": Avg(waited, filter=timed),
    }


def _counts(row: dict, cls=ProposalCounts, **extra):
    waited = row.pop("reply_time")
    days = None if waited is None else round(waited.total_seconds() / 86400, 1)
    return cls(**row, reply_days=days, unrated_as_satisfied=settings.PROPOSAL_UNRATED_AS_SATISFIED, **extra)


def reference_figures(user, org: Org, year: int) -> ProposalFigures:
    chosen = _in_subtree(user, org).filter(submitted_at__year=year).order_by()
    units = []
    for row in (chosen.filter(lead_unit__isnull=False).values("lead_unit", "lead_unit__name", "lead_unit__path")
                .annotate(**_aggregates())):
        unit = Org(pk=row.pop("lead_unit"), name=row.pop("lead_unit__name"), path=row.pop("lead_unit__path"))
        units.append(_counts(row, UnitRow, unit=unit))
    statuses = dict(chosen.values_list("status").annotate(n=Count("pk")))
    categories = (chosen.values_list("category__name").annotate(n=Count("pk"))
                  .order_by("category__order", "category__pk"))
    received = dict(chosen.annotate(month=ExtractMonth("submitted_at")).values_list("month")
                    .annotate(n=Count("pk")))
    replies = dict(visible_to(user, Reply).filter(proposal__in=_in_subtree(user, org), created_at__year=year)
                   .annotate(month=ExtractMonth("created_at")).order_by().values_list("month")
                   .annotate(n=Count("pk")))
    return ProposalFigures(
        org=org, year=year, totals=_counts(chosen.aggregate(**_aggregates())),
        by_status=[(str(label), statuses.get(value, 0)) for value, label in S.choices],
        by_category=[(name, n) for name, n in categories],
        units=ranked(units),
        months=[(month, received.get(month, 0), replies.get(month, 0)) for month in range(1, 13)])


def expected(user, org: Org, year: int) -> ProposalFigures:
    """The yardstick for an org the user may pick (`figures_org`); for one she may not (the pages never ask), that
    of the org inside it where her roles start, or nothing. The yardstick, asked for such an org, would also count
    items she reads beside those (her unit a co-unit of an item led elsewhere in it)."""
    if can(user, "view", org):
        return reference_figures(user, org, year)
    [top] = list(top_orgs(user).filter(path__startswith=org.path)) or [None]
    if top is None:  # a member without a role: nothing (not even what she submitted; the pages refuse her)
        return reference_figures(AnonymousUser(), org, year)
    return dataclasses.replace(reference_figures(user, top, year), org=org)


def assert_kept_figures_are_right(world, years=(2025, 2026, 2027)):
    assert tallies.repair(FAMILIES) == []
    users = (world.leader, world.admin, world.sec_a, world.sec_b, world.alice_user)
    for org in Org.objects.filter(depth__lte=3):
        for year in years:
            for user in users:
                assert proposal_figures(user, org, year) == expected(user, org, year), (user.username, org.code, year)


# --- The workflow, step by step ---

@pytest.fixture
def d(world):
    return Org.create(world.c, code="D", name="县教育局", kind=Org.Kind.BRANCH)


def _submit(world, title, category="民生保障", user=None):
    proposal, code = services.submit(office=world.c, kind=Proposal.Kind.OPINION, title=title, content="……",
                                     category=Category.objects.get(name=category), user=user)
    return proposal, CodeHolder(proposal.pk)


def _assign(world, proposal, unit, co_units=(), days=10):
    return services.assign(world.admin, proposal, lead_unit=unit, co_units=list(co_units),
                           deadline=timezone.localdate() + datetime.timedelta(days=days))


def test_each_step_of_the_workflow_keeps_the_figures_exact(world, d):
    office = (world.leader, world.c, timezone.localdate().year)

    def check():
        assert proposal_figures(*office) == reference_figures(*office)

    first, first_holder = _submit(world, "路灯不亮")
    check()
    services.act(world.admin, first, "accept")
    check()
    first = _assign(world, Proposal.objects.get(pk=first.pk), world.a, co_units=[world.b])
    check()
    first = services.reply(world.sec_a, first, "已修复")
    check()
    first = services.rate(first_holder, first, R.UNSATISFIED, "又坏了")  # 二次办理
    check()
    first = services.reply(world.sec_a, first, "更换了灯杆")
    check()
    services.rate(first_holder, first, R.SATISFIED)
    check()

    second, _ = _submit(world, "垃圾清运", "生态环境", user=world.alice_user)
    second = services.reply(world.sec_b, _assign(world, second, world.b, days=-3), "已清运")  # late
    services.act(world.admin, second, "close")  # by the office, unrated
    check()

    third, third_holder = _submit(world, "学校门口拥堵", "基层治理")
    third = _assign(world, third, world.a)
    third = services.reply(world.sec_a, third, "已加派人手")
    services.rate(third_holder, third, R.BASIC)
    check()

    services.merge(world.admin, _submit(world, "路灯还是不亮")[0], Proposal.objects.get(pk=first.pk), "")
    services.act(world.admin, _submit(world, "建议多种树", "其他")[0], "refer", "留作参考")
    services.act(world.admin, _submit(world, "与本县无关", "其他")[0], "reject", "不属于受理范围")
    check()
    assert_kept_figures_are_right(world, years=(timezone.localdate().year,))


def test_a_new_lead_unit_takes_the_item_and_its_replies_along(world, d):
    proposal, holder = _submit(world, "路灯不亮")
    proposal = services.reply(world.sec_a, _assign(world, proposal, world.a), "已修复")
    services.rate(holder, proposal, R.UNSATISFIED, "又坏了")
    proposal = Proposal.objects.get(pk=proposal.pk)
    # the office hands it to another unit (as the admin site or a correction would): the item, its wait and its
    # reply leave A for D, at the kept counts of every org on either way up
    lead = proposal.assignments.get(lead=True)
    lead.unit = d
    lead.save()
    proposal.lead_unit = d
    proposal.save()
    assert_kept_figures_are_right(world, years=(timezone.localdate().year,))
    year = counts.scope(timezone.localdate().year)
    assert not Tally.objects.filter(scope=year, org__in=[world.a, world.g], family__in=FAMILIES).exists()
    assert [row.unit for row in appraisal(world.leader, world.c, timezone.localdate().year)] == [d]


def test_dates_moved_to_another_year_move_the_counts(world, d):
    proposal, holder = _submit(world, "路灯不亮")
    proposal = services.reply(world.sec_a, _assign(world, proposal, world.a), "已修复")
    proposal = Proposal.objects.get(pk=proposal.pk)
    proposal.submitted_at, proposal.assigned_at = at(12, 20, year=2025), at(12, 21, year=2025)
    proposal.save()
    reply = Reply.objects.get(proposal=proposal)
    reply.created_at = at(12, 30, year=2025)
    reply.save()
    proposal.replied_at = reply.created_at
    proposal.save()
    services.expire_unrated(timezone.localdate())  # closed unrated by the daily job
    assert Proposal.objects.get(pk=proposal.pk).status == S.CLOSED
    assert_kept_figures_are_right(world, years=(2025, 2026))


def test_deleted_records_leave_the_counts(world, d):
    proposal, _ = _submit(world, "路灯不亮")
    proposal = services.reply(world.sec_a, _assign(world, proposal, world.a), "已修复")
    Reply.objects.get(proposal=proposal).delete()
    other, _ = _submit(world, "重复提交")
    Proposal.objects.get(pk=other.pk).delete()
    assert_kept_figures_are_right(world, years=(timezone.localdate().year,))


def test_the_hand_built_year_is_kept_exact_for_every_org_year_and_reader(proposal_year, world, settings):
    assert_kept_figures_are_right(world)
    settings.PROPOSAL_UNRATED_AS_SATISFIED = True
    assert proposal_figures(world.leader, world.c, 2026) == reference_figures(world.leader, world.c, 2026)


def test_the_figures_cost_three_queries_whatever_the_items(proposal_year, world, django_assert_num_queries):
    grants(world.leader)  # read once per request, by the page's own permission check
    with django_assert_num_queries(3):  # the org's rolled rows, the units' own rows, the categories' names
        figures = proposal_figures(world.leader, world.c, 2026)
    assert figures.totals.received == 16
    with django_assert_num_queries(1):
        assert len(appraisal(world.leader, world.c, 2026)) == 3


def test_a_bulk_change_is_counted_once_touched(world, d):
    proposal, _ = _submit(world, "路灯不亮")
    before = counts.proposal_marks(proposal)
    Proposal.objects.filter(pk=proposal.pk).update(submitted_at=at(6, 1, year=2025))
    tallies.touch_many(before + counts.proposal_marks(Proposal.objects.get(pk=proposal.pk)))
    assert_kept_figures_are_right(world, years=(2025, timezone.localdate().year))

