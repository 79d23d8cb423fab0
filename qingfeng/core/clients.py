"""The address a request came from, read the same way by the lockout, the audit log and any rate limit."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's IP address, counting `settings.TRUSTED_PROXIES` proxies in front of the app.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N trusted
    proxies the client is the Nth entry from the right; anything left of it was written by the client and
    may be forged. With no trusted proxy the header is ignored and REMOTE_ADDR is the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer entries than proxies: the request skipped a proxy; the leftmost is the farthest one seen.
    candidate = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not an address (a proxy that adds ports, a broken header): never store junk
        return remote
