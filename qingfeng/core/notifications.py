"""Tell people something: a row under their bell and, when they have an address, an email.

Emails go out only once the surrounding transaction commits, so nobody is told about a
change that was rolled back; outside a transaction they go out at once. (In tests that
run inside a transaction, use pytest-django's `django_capture_on_commit_callbacks`.)
A failing mail server is logged and does not undo the in-app notification.

A message is about a record, or explicitly about none (`about=None`). A message about a
record reaches only the users who may see that record (`can(user, "view", record)`):
whoever computed the recipients, nobody learns the title and link of a record that would
answer 404 to them.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction

from qingfeng.core.models import Notification
from qingfeng.core.permissions import can, preload_grants

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """One text for a group of users, about one record (or, explicitly, about none)."""

    users: tuple
    about: object  # the record it tells of; None only for a message about no record
    title: str
    body: str = ""
    url: str = ""


def notify(users, about, title: str, body: str = "", url: str = "", email: bool = True) -> list[Notification]:
    """Notify each of `users` (User objects; inactive ones, repeats and those who may not see `about`
    are skipped)."""
    return notify_each([Message(tuple(users), about, title, body, url)], email=email)


def allowed_recipients(users, about) -> list:
    """`users` without the inactive, the repeats and, for a message about a record, those who may not see it."""
    users = [u for u in users if u is not None and u.is_active]
    if about is not None:
        preload_grants(users)
        users = [u for u in users if can(u, "view", about)]
    seen, unique = set(), []
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            unique.append(user)
    return unique


def notify_each(messages, email: bool = True) -> list[Notification]:
    """Send many different messages with one insert and one mail connection."""
    rows, mails = [], []
    messages = list(messages)
    preload_grants(u for message in messages if message.about is not None for u in message.users)
    for message in messages:
        for user in allowed_recipients(message.users, message.about):
            rows.append(Notification(user=user, title=message.title[:200], body=message.body,
                                     url=message.url[:300]))
            if email and user.email:
                mails.append((message.title, _mail_body(message), settings.DEFAULT_FROM_EMAIL, [user.email]))
    Notification.objects.bulk_create(rows, batch_size=1000)
    if mails:
        transaction.on_commit(lambda: _send(mails), robust=True)
    return rows


def _mail_body(message: Message) -> str:
    if not message.url:
        return message.body
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    link = f"{base}{message.url}" if message.url.startswith("/") else message.url
    return f"{message.body}\n\n查看详情：{link}"


def _send(mails: list[tuple]) -> None:
    try:
        send_mass_mail(mails, fail_silently=False)
    except Exception:  # the in-app notification stands; the mail server is someone else's problem
        log.exception("could not send %d notification emails", len(mails))


def take_steps(steps) -> tuple[int, int]:
    """Save each (row, messages) of a ladder's batch and send its messages, all in one insert each; return how
    many rows were saved and notifications made.

    A row's unique constraint is what makes a step happen once (a ladder's row per record, level and deadline):
    when another run took some of these steps first, the batch is redone row by row and only the free ones are
    taken, each with its messages."""
    if not steps:
        return 0, 0
    try:
        with transaction.atomic():
            type(steps[0][0])._default_manager.bulk_create([row for row, _ in steps])
            return len(steps), len(notify_each([m for _, messages in steps for m in messages]))
    except IntegrityError:
        made = sent = 0
        for row, messages in steps:
            try:
                with transaction.atomic():
                    row.save()
                    sent += len(notify_each(messages))
                    made += 1
            except IntegrityError:
                continue
        return made, sent
