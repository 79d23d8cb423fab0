"""扫码签到: the QR code the secretary shows during a meeting, and an invitee signing in by it.

The code holds an absolute URL with a token signed by django.core.signing (a salt of its own, so no other
signed value of the site passes for one) that names the meeting and expires when the meeting ends. The
window opens `EARLY` before the start. Signing in needs all of: a genuine, unexpired token; a login whose
member is invited to that very meeting (a `MeetingAttendance` row); the meeting published and not yet
recorded; now inside the window. It sets 出席 and the time, once: a second scan changes nothing.
"""

import datetime
from urllib.parse import urlencode

import segno
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from qingfeng.core.permissions import visible_to

from .models import Meeting, MeetingAttendance

A = MeetingAttendance
SALT = "qingfeng.orglife.signin"
EARLY = datetime.timedelta(minutes=30)  # members arrive and scan before the start


class SignInRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def window(meeting) -> tuple[datetime.datetime, datetime.datetime]:
    return meeting.starts_at - EARLY, meeting.ends_at


def is_open(meeting, now=None) -> bool:
    """Is a published meeting inside its sign-in window (so its page shows the code)?"""
    opens, closes = window(meeting)
    return meeting.status == Meeting.Status.PUBLISHED and opens <= (now or timezone.now()) <= closes


def token_for(meeting) -> str:
    return signing.dumps([meeting.pk, int(meeting.ends_at.timestamp())], salt=SALT)


def signin_url(request, meeting) -> str:
    """The absolute address the code holds: the host the secretary's page came from, which phones in the room
    reach too."""
    return request.build_absolute_uri(f"{reverse('meeting_signin')}?{urlencode({'t': token_for(meeting)})}")


def qr_svg(url: str) -> str:
    """The code as inline SVG (no style attributes, so the Content-Security-Policy holds), white behind black."""
    code = segno.make(url, error="m")
    return mark_safe(code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True,
                                     svgclass="qf-qr", title="扫码签到"))  # path data and our title only


def meeting_named(token: str) -> int:
    """The meeting id a genuine, unexpired token names."""
    try:
        meeting_id, expires = signing.loads(token, salt=SALT)
        meeting_id, expires = int(meeting_id), int(expires)
    except (signing.BadSignature, TypeError, ValueError):
        raise SignInRefused("签到码无效：请扫描会场展示的签到二维码") from None
    if timezone.now().timestamp() > expires:
        raise SignInRefused("签到码已过期：会议已结束，请联系支部书记登记出勤")
    return meeting_id


def invitation(user, token: str, *, lock: bool = False):
    """The user's own invitation to the meeting `token` names, if she may sign in by it; else SignInRefused.

    An invitation already signed in is returned as it is (signing twice changes nothing)."""
    meeting_id = meeting_named(token)
    rows = visible_to(user, A, "own").filter(meeting_id=meeting_id, member__user=user)
    if lock:
        rows = rows.select_for_update(of=("self",))
    row = rows.select_related("meeting__org", "member").first()
    if row is None:
        raise SignInRefused("您不在本次会议的参会人员名单中，不能签到；如需参会请联系支部书记")
    if row.signed_in_at:
        return row
    meeting = row.meeting
    if meeting.status == Meeting.Status.HELD:
        raise SignInRefused("会议已登记出勤和会议记录，签到已结束；请联系支部书记登记出勤")
    opens, closes = window(meeting)
    now = timezone.now()
    if meeting.status != Meeting.Status.PUBLISHED or now < opens:
        raise SignInRefused(f"签到尚未开始：{_when(opens)} 起可以签到")
    if now > closes:
        raise SignInRefused(f"签到已结束：会议已于 {_when(closes)} 结束，请联系支部书记登记出勤")
    return row


def sign_in(user, token: str):
    """Sign the user in to the meeting `token` names: 出席 and the time. Returns (row, signed now?)."""
    with transaction.atomic():
        # Locked: two taps at once sign in once.
        row = invitation(user, token, lock=True)
        if row.signed_in_at:
            return row, False
        row.status, row.reason, row.signed_in_at = A.Status.PRESENT, "", timezone.now()
        row._change_reason = "扫码签到"
        row.save(update_fields=["status", "reason", "signed_in_at"])
    return row, True


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
