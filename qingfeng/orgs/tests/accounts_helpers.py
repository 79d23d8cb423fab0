"""What the account and role tests share: posting an account action, reading the credentials off the page once,
and locking a username out the way django-axes does."""

import re

from django.test import Client
from django.urls import reverse


def act(client, member, action):
    return client.post(reverse("member_account", args=[member.pk]), {"action": action})


def credentials_on(page) -> list[tuple[str, str]]:
    """(username, password) of every slip on a page that shows new credentials."""
    html = page.content.decode()
    return list(zip(re.findall(r"data-username>([^<]+)<", html), re.findall(r"data-password>([^<]+)<", html),
                    strict=True))


def lock_out(client, username, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": username, "password": "wrong-password"})


def sign_in(client, username, password):
    client.logout()
    return client.post(reverse("login"), {"username": username, "password": password})


def client_for(user) -> Client:
    """A browser of its own, signed in as `user`, beside the test's `client`."""
    client = Client()
    client.force_login(user)
    return client
