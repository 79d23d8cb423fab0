"""`{{ proposal|status_badge }}`: an item's status as a coloured badge, the same on every list and page;
`files|attachments`, `files|of_progress:entry`, `files|of_reply:reply`: an item's files (read once) by where
they belong."""

from django import template
from django.utils.html import format_html

from ..models import Proposal

register = template.Library()

S = Proposal.Status
STYLES = {S.PENDING: "warning", S.ACCEPTED: "info", S.HANDLING: "primary", S.REPLIED: "success",
          S.CLOSED: "secondary", S.REFERENCE: "light", S.REJECTED: "danger", S.MERGED: "light"}


@register.filter
def status_badge(proposal) -> str:
    return format_html('<span class="badge text-bg-{}" data-status="{}">{}</span>',
                       STYLES.get(proposal.status, "light"), proposal.status, proposal.get_status_display())


@register.filter
def attachments(files) -> list:
    """The submitter's own attachments."""
    return [f for f in files if f.progress_id is None and f.reply_id is None]


@register.filter
def of_progress(files, entry) -> list:
    return [f for f in files if f.progress_id == entry.pk]


@register.filter
def of_reply(files, reply) -> list:
    return [f for f in files if f.reply_id == reply.pk]
