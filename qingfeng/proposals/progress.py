"""What a submitter reads of her item, by its tracking code or logged in (我的提案): one whitelist, `public_view`,
which the progress page, its JSON and 我的提案 all show, and nothing else."""

from django.utils.timezone import localdate

from .models import Proposal

S = Proposal.Status
# The status reason is the office's word to the submitter on these outcomes only.
EXPLAINED = (S.REJECTED, S.REFERENCE, S.MERGED)


def public_view(proposal) -> dict:
    """What the holder of an item's tracking code may read of it: the progress page and its JSON show this and
    nothing else (never the contact, the submitter, internal notes, progress kept internal, or files)."""
    assignments = list(proposal.assignments.select_related("unit"))
    return {
        "number": proposal.number,
        "kind": proposal.get_kind_display(),
        "title": proposal.title,
        "content": proposal.content,
        "category": proposal.category.name,
        "submitted": localdate(proposal.submitted_at),
        "status": proposal.get_status_display(),
        "status_reason": proposal.status_reason if proposal.status in EXPLAINED else "",
        "merged_into": proposal.merged_into.number if proposal.status == S.MERGED and proposal.merged_into else "",
        "lead_units": [a.unit.name for a in assignments if a.lead],
        "co_units": [a.unit.name for a in assignments if not a.lead],
        "assigned": localdate(proposal.assigned_at) if proposal.assigned_at else None,
        "deadline": proposal.deadline,
        "progress": [{"text": entry.text, "date": localdate(entry.created_at), "unit": entry.assignment.unit.name}
                     for entry in proposal.progress.filter(public=True).select_related("assignment__unit")],
        "replies": [{"round": answer.round, "text": answer.text, "unit": answer.unit.name,
                     "date": localdate(answer.created_at)} for answer in proposal.replies.select_related("unit")],
        "ratings": [{"round": rating.round, "value": rating.get_value_display(), "comment": rating.comment,
                     "date": localdate(rating.created_at)} for rating in proposal.ratings.all()],
        "may_rate": proposal.status == S.REPLIED,
    }
