from django.conf import settings


def demo_accounts(request):
    """The login page lists the demo accounts when QF_DEMO is on (`make run`)."""
    if not settings.DEMO:
        return {}
    from .orgs import DEMO_ACCOUNTS, DEMO_PASSWORD

    return {"demo_accounts": DEMO_ACCOUNTS, "demo_password": DEMO_PASSWORD}
