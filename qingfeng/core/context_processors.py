from django.conf import settings
from django.utils.functional import SimpleLazyObject

from qingfeng.core.models import Notification
from qingfeng.core.permissions import anywhere, visible_to


def qingfeng(request):
    """What the base layout needs on every page: demo flag, the bell's count, the audit link."""
    user = getattr(request, "user", None)
    return {
        "qf_demo": settings.DEMO,
        # Counted only when a page shows the bell (one query); fragments pay nothing.
        "qf_unread": SimpleLazyObject(lambda: unread_count(user)) if user and user.is_authenticated else 0,
        # The 审计日志 link, for org admins: the user's roles, read once per request (the page's checks share them).
        "qf_may_audit": SimpleLazyObject(lambda: anywhere(user, "audit")) if user and user.is_authenticated else False,
    }


def unread_count(user) -> int:
    return visible_to(user, Notification).filter(read_at__isnull=True).count()
