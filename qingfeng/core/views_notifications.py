"""The bell's page: a user's own notifications, newest first; opening one marks it read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from qingfeng.core.models import Notification
from qingfeng.core.paging import paginate
from qingfeng.core.permissions import get_allowed_or_404, visible_to

PER_PAGE = 30


@login_required
def notification_list(request):
    # Notifications belong to one user, not to an org: the rule's only answer is "your own".
    notifications = visible_to(request.user, Notification).order_by("-created_at", "-id")
    return render(request, "core/notifications.html", {"page": paginate(request, notifications, PER_PAGE)})


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_allowed_or_404(request.user, Notification, pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return redirect(url)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    marked = visible_to(request.user, Notification).filter(read_at__isnull=True).update(read_at=timezone.now())
    if marked:
        messages.success(request, f"已将 {marked} 条通知标为已读")
    return redirect("notification_list")
