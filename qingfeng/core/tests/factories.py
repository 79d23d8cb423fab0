"""A factory for login users, with no role: apps above add theirs (orgs' UserFactory gives a role in an org)."""

import functools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

PASSWORD = "correct-horse-battery-staple"


@functools.cache
def password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once per run.
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    """A user who logs in with PASSWORD: `UserFactory(username="root")`."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.LazyFunction(password_hash)
