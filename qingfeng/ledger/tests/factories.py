"""Factories for the ledger: a member's problem in a campaign and its rectifications."""

import datetime

import factory
from django.utils import timezone

from qingfeng.ledger.models import Problem, Rectification


class ProblemFactory(factory.django.DjangoModelFactory):
    """A problem `member` found in themself: `ProblemFactory(campaign=campaign, member=world.alice)`;
    it sits in the member's branch and was entered by the member (as a self-inspection enters it; so
    nobody is notified of it), or, for a member without a login or another source, by whoever created
    the campaign."""

    class Meta:
        model = Problem

    org = factory.SelfAttribute("member.org")
    source = Problem.Source.SELF
    description = "学习不深入"
    dimension = "政治素质"
    created_by = factory.LazyAttribute(
        lambda p: (p.member.user if p.source == Problem.Source.SELF else None) or p.campaign.created_by)


class RectificationFactory(factory.django.DjangoModelFactory):
    """An open deadline rectification of `problem`, owned by the problem's member and due in 30 days
    (`due_in_days=-3`: overdue three days ago; `due_date=...` sets the date itself)."""

    class Meta:
        model = Rectification

    class Params:
        due_in_days = 30

    org = factory.SelfAttribute("problem.org")
    owner = factory.SelfAttribute("problem.member")
    measure = "制定学习计划并落实"
    kind = Rectification.Kind.DEADLINE
    due_date = factory.LazyAttribute(lambda r: timezone.localdate() + datetime.timedelta(days=r.due_in_days))
    created_by = factory.SelfAttribute("problem.created_by")
