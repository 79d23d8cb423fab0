"""What each role gets from every page of core (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.core.models import AuditEntry, Job, Notification
from qingfeng.tests.views import (
    FORBIDDEN,
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
    """Landing, login, the bell, background jobs (a job is its requester's alone), and the audit log."""

    models = (Notification, Job, AuditEntry)
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
        "export_job_retry": [url("export_job", **POST_AFTER_LOGIN)],  # its requester's: test_jobs.py
        # org admins only (the committee's admin sees both branches' entries); the page names no record, so 403
        "audit_log": [url(**everyone(FORBIDDEN, admin=OK))],
        "audit_log_export": [url(**everyone(FORBIDDEN, admin=OK))],
    }
