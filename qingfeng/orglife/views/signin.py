"""扫码签到: an invitee opens the address in the meeting's QR code on her phone and taps 签到.

A GET shows what she is signing in to (and changes nothing); the POST signs her in. Whoever is not
logged in logs in first and comes back to the same address (login_required keeps it in ?next=).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.formats import time_format
from django.utils.timezone import localtime

from ..signin import SignInRefused, invitation, sign_in


@login_required
def meeting_signin(request):
    token = request.GET.get("t", "")
    row, refused = None, ""
    try:
        if request.method == "POST":
            row, now = sign_in(request.user, token)
            when = time_format(localtime(row.signed_in_at))
            if now:
                messages.success(request, f"签到成功：{row.meeting.title}，{when}")
            else:
                messages.info(request, f"您已于 {when} 签到，无需重复签到")
            return redirect("meeting_detail", row.meeting_id)
        row = invitation(request.user, token)
    except SignInRefused as error:
        refused = error.message
    return render(request, "orglife/meeting_signin.html", {"row": row, "refused": refused, "token": token})


urlpatterns = [
    path("orglife/signin/", meeting_signin, name="meeting_signin"),
]
