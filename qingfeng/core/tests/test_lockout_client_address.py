"""The lockout (django-axes) counts failures per username and client address, the address read by
`core/clients.client_address`: a forged X-Forwarded-For can neither lock someone out nor dodge the lockout."""

from django.urls import reverse

from conftest import PASSWORD

PROXY = "10.0.0.2"  # nginx, as REMOTE_ADDR of every request behind it
OFFICE, HOME = "198.51.100.23", "203.0.113.7"


def sign_in(client, password, remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    client.cookies.clear()
    return client.post(reverse("login"), {"username": "sec_a", "password": password}, REMOTE_ADDR=remote, **headers)


def fail_enough_to_lock(client, settings, remote, forwarded=lambda attempt: None):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", remote, forwarded(attempt))


def test_behind_a_proxy_the_lockout_is_per_client_not_per_proxy(world, client, settings):
    settings.TRUSTED_PROXIES = 1
    fail_enough_to_lock(client, settings, PROXY, lambda attempt: OFFICE)
    assert sign_in(client, PASSWORD, PROXY, OFFICE).status_code == 429
    # The same user from another address, through the same proxy, is not locked out.
    assert sign_in(client, PASSWORD, PROXY, HOME).status_code == 302


def test_behind_a_proxy_forged_leftmost_entries_do_not_dodge_the_lockout(world, client, settings):
    settings.TRUSTED_PROXIES = 1
    fail_enough_to_lock(client, settings, PROXY, lambda attempt: f"192.0.2.{attempt}, {OFFICE}")
    assert sign_in(client, PASSWORD, PROXY, f"192.0.2.99, {OFFICE}").status_code == 429


def test_without_a_trusted_proxy_a_forged_header_does_not_dodge_the_lockout(world, client, settings):
    settings.TRUSTED_PROXIES = 0
    fail_enough_to_lock(client, settings, OFFICE, lambda attempt: f"192.0.2.{attempt}")
    assert sign_in(client, PASSWORD, OFFICE, "192.0.2.99").status_code == 429


def test_without_a_trusted_proxy_a_forged_header_cannot_lock_someone_else_out(world, client, settings):
    settings.TRUSTED_PROXIES = 0
    fail_enough_to_lock(client, settings, HOME, lambda attempt: OFFICE)  # the attacker claims to be the office
    assert sign_in(client, PASSWORD, OFFICE).status_code == 302
