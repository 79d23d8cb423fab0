"""What each role gets from every page of core (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.core.models import Job, Notification
from qingfeng.tests.views import (
    NOT_FOUND,
    OK,
    POST_AFTER_LOGIN,
    POST_FIRST,
    REDIRECT,
    ViewTestCases,
    everyone,
    url,
)


class TestCoreViews(ViewTestCases):
    """Landing, login, the bell, and background jobs: a job is its requester's alone."""

    models = (Notification, Job)
    urls = {
        "home": [url(**everyone(REDIRECT))],  # to 我的
        "login": [url(**everyone(REDIRECT, anonymous=OK))],  # a logged-in user goes home
        "logout": [url(**POST_FIRST)],  # Django's LogoutView takes POST only
        "notification_list": [url(**everyone())],  # one's own notifications only
        "notification_read": [url("notification", **POST_AFTER_LOGIN)],
        "notification_read_all": [url(**POST_AFTER_LOGIN)],
        # an export job is its requester's alone (sec_a's in A, sec_b's in B)
        "export_job_detail": [url("export_job", **everyone(NOT_FOUND, sec_a=(OK, NOT_FOUND), sec_b=(NOT_FOUND, OK)))],
        "export_job_download": [url("export_job", **everyone(NOT_FOUND, sec_a=(OK, NOT_FOUND),
                                                            sec_b=(NOT_FOUND, OK)))],
    }
