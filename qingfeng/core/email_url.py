"""`QF_EMAIL_URL` as Django's EMAIL_* settings; read by settings.py, before Django is set up.

    smtp://user:pass@host:25        plain SMTP (port 25 unless given)
    smtp+tls://user:pass@host:587   STARTTLS (port 587 unless given)
    smtps://user:pass@host:465      TLS from the first byte (port 465 unless given)
    console://                      print mail on the console

Characters such as @ : / # ? in the user or password are percent-encoded (`@` is `%40`).
"""

from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
SMTP_SCHEMES = {  # scheme: (default port, EMAIL_USE_TLS i.e. STARTTLS, EMAIL_USE_SSL i.e. implicit TLS)
    "smtp": (25, False, False),
    "smtp+tls": (587, True, False),
    "smtps": (465, False, True),
}


def email_settings(url: str) -> dict:
    """The EMAIL_* settings `url` stands for; ImproperlyConfigured, never naming the password, if it is wrong."""
    parts = urlsplit(url.strip())
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": CONSOLE_BACKEND}
    if parts.scheme not in SMTP_SCHEMES:
        raise ImproperlyConfigured(
            f"QF_EMAIL_URL: unknown scheme {parts.scheme!r}; use smtp://, smtp+tls://, smtps:// or console://")
    default_port, starttls, implicit_tls = SMTP_SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError:
        raise ImproperlyConfigured("QF_EMAIL_URL: the port must be a number from 1 to 65535") from None
    if not parts.hostname:
        raise ImproperlyConfigured("QF_EMAIL_URL: no mail server host, e.g. smtp+tls://user:pass@mail.example.org")
    return {
        "EMAIL_BACKEND": SMTP_BACKEND,
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": starttls,
        "EMAIL_USE_SSL": implicit_tls,
    }
