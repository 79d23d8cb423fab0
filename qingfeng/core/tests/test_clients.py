"""The client address: X-Forwarded-For is believed only as far as QF_TRUSTED_PROXIES proxies wrote it."""

import pytest
from django.test import RequestFactory

from qingfeng.core.clients import client_address

NGINX, INNER = "10.0.0.2", "10.0.0.3"
CLIENT = "198.51.100.23"

# (trusted proxies, REMOTE_ADDR, X-Forwarded-For as received or None, the client address)
CASES = {
    "with no trusted proxy the header is ignored": (0, "203.0.113.7", CLIENT, "203.0.113.7"),
    "behind one proxy the last entry is the client": (1, NGINX, CLIENT, CLIENT),
    # The client sent "X-Forwarded-For: 1.2.3.4, 5.6.7.8"; nginx appended the address it saw.
    "behind one proxy spoofed leftmost entries are ignored": (1, NGINX, f"1.2.3.4, 5.6.7.8, {CLIENT}", CLIENT),
    "behind two proxies the second entry from the right": (2, INNER, f"1.2.3.4, {CLIENT}, {NGINX}", CLIENT),
    "behind two proxies a request that skipped one gives the leftmost": (2, INNER, CLIENT, CLIENT),
    "behind a proxy without the header the peer is the client": (1, NGINX, None, NGINX),
    "behind a proxy an empty header gives the peer": (1, NGINX, " , ", NGINX),
    "ipv6 addresses come in their normal form": (1, NGINX, "2001:DB8:0:0::1", "2001:db8::1"),
}


@pytest.mark.parametrize("proxies, remote, forwarded, expected", CASES.values(), ids=CASES.keys())
def test_it_reads_the_client_address(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    assert client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers)) == expected


@pytest.mark.parametrize("junk", ["not-an-address", f"{CLIENT}:4711", "<script>", "1" * 500])
def test_an_entry_that_is_not_an_address_is_never_returned(settings, junk):
    # The lockout stores it in an address column (inet on PostgreSQL), which takes nothing else.
    settings.TRUSTED_PROXIES = 1
    assert client_address(RequestFactory().get("/", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=junk)) == NGINX
