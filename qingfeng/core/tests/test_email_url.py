"""QF_EMAIL_URL: one URL for the mail server, read into Django's EMAIL_* settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from qingfeng.core.email_url import CONSOLE_BACKEND, SMTP_BACKEND, email_settings


def server(url):
    found = email_settings(url)
    return (found["EMAIL_HOST"], found["EMAIL_PORT"], found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"],
            found["EMAIL_USE_TLS"], found["EMAIL_USE_SSL"])


def test_smtp_with_starttls_defaults_to_the_submission_port():
    assert email_settings("smtp+tls://qf:pass@mail.example.org")["EMAIL_BACKEND"] == SMTP_BACKEND
    assert server("smtp+tls://qf:pass@mail.example.org") == ("mail.example.org", 587, "qf", "pass", True, False)


def test_smtps_is_tls_from_the_first_byte_on_465():
    assert server("smtps://qf:pass@mail.example.org") == ("mail.example.org", 465, "qf", "pass", False, True)


def test_plain_smtp_without_login_defaults_to_port_25():
    assert server("smtp://relay.internal") == ("relay.internal", 25, "", "", False, False)


def test_a_given_port_wins():
    assert server("smtp+tls://qf:pass@mail.example.org:2525")[1] == 2525


def test_percent_encoded_user_and_password_are_decoded():
    assert server("smtps://qf%40example.org:p%40ss%2Fw%3Ard%23@mail.example.org")[2:4] == ("qf@example.org",
                                                                                          "p@ss/w:rd#")


def test_console_prints_mail():
    assert email_settings("console://") == {"EMAIL_BACKEND": CONSOLE_BACKEND}


@pytest.mark.parametrize("url, says", [
    ("smpt://qf:hunter2@mail.example.org", "unknown scheme 'smpt'"),
    ("mail.example.org", "unknown scheme ''"),
    ("smtp+tls://qf:hunter2@mail.example.org:99999", "port"),
    ("smtp+tls://qf:hunter2@mail.example.org:abc", "port"),
    ("smtps://qf:hunter2@", "no mail server host"),
])
def test_a_wrong_url_is_refused_without_repeating_the_password(url, says):
    with pytest.raises(ImproperlyConfigured, match=says) as refused:
        email_settings(url)
    assert "hunter2" not in str(refused.value)
