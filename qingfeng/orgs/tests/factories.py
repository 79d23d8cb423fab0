"""Factories for the people of the org tree: login users (with a role if asked) and members.

Orgs are built with `Org.create(parent, ...)`: the tree's paths and parent checks live there.
"""

import datetime

import factory

from qingfeng.core.tests import factories as core_factories
from qingfeng.core.tests.factories import PASSWORD, password_hash
from qingfeng.orgs.models import Member, Role

# PASSWORD and password_hash live in core's factories (core's tests need users too); re-exported here.
__all__ = ["PASSWORD", "MemberFactory", "RoleFactory", "UserFactory", "password_hash"]


class RoleFactory(factory.django.DjangoModelFactory):
    """`RoleFactory(user=u, org=branch, kind=Role.Kind.SECRETARY)`."""

    class Meta:
        model = Role


class UserFactory(core_factories.UserFactory):
    """A user who logs in with PASSWORD; `role=Role.Kind.SECRETARY, org=branch` also gives a role."""

    class Meta:
        skip_postgeneration_save = True

    class Params:
        role = None
        org = None

    qf_role = factory.Maybe(
        "role",
        factory.RelatedFactory(RoleFactory, "user", kind=factory.SelfAttribute("..role"),
                               org=factory.SelfAttribute("..org")),
    )


class MemberFactory(factory.django.DjangoModelFactory):
    """A full member of the branch `org`: `MemberFactory(org=world.a, name="张丽")`."""

    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"党员{n}")
    gender = Member.Gender.FEMALE
    birth_date = datetime.date(1985, 5, 1)
    join_date = datetime.date(2010, 7, 1)
    phone = "13812345678"
