"""What people do to an item, each in one transaction; status changes go through `proposal_workflow`."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from qingfeng.core.notifications import Message, notify_each
from qingfeng.core.permissions import can, nearest_holders, top_orgs
from qingfeng.orgs.models import Org

from . import codes
from .models import Assignment, Progress, Proposal, Rating, Reply
from .workflow import SYSTEM, CodeHolder, proposal_workflow

S = Proposal.Status
R = Proposal.Rating
SECOND_ROUND_DAYS = 15  # the time a lead unit has for 二次办理, from the day the submitter rated 不满意


def offices():
    """The orgs that take items in from the public: the top of each tree."""
    return Org.objects.get_root_nodes()


def at_an_office(user, action: str) -> bool:
    """Does the user hold a role allowing `action` on an office (a tree's top org)? Reading the office's list
    ("view"), setting the categories, which serve every office ("configure_proposals"). One query."""
    return top_orgs(user, action).filter(depth=1).exists()


def _name(proposal) -> str:
    return f"{proposal.get_kind_display()}「{Truncator(proposal.title).chars(30)}」（{proposal.number}）"


def _office_url(proposal) -> str:
    return reverse("proposal_detail", args=[proposal.pk])


def _unit_url(assignment) -> str:
    return reverse("assignment_detail", args=[assignment.pk])


def _save_files(proposal, uploads, user, **link) -> None:
    for upload, mime in uploads:
        proposal.files.create(file=upload, original_name=upload.name[:200], content_type=mime, size=upload.size,
                              uploaded_by=user if user and user.is_authenticated else None, **link)


def submit(*, office, kind, title, content, category, submitter_name="", contact_phone="", uploads=(),
           user=None) -> tuple[Proposal, str]:
    """Take a submission; return it and its tracking code, which is shown once and never stored in clear.

    `uploads`: (file, MIME type) pairs already checked by content (the form's job)."""
    code = codes.new_code()
    signed_in = user is not None and user.is_authenticated
    if signed_in and not submitter_name:  # a member's name is attached to what she submits from the app
        submitter_name = (user.get_full_name() or user.username)[:40]
    with transaction.atomic():
        proposal = Proposal.objects.create(
            office=office, kind=kind, title=title, content=content, category=category,
            submitter_name=submitter_name, contact_phone=contact_phone,
            submitted_by=user if signed_in else None,
            code_digest=codes.code_digest(code))
        _save_files(proposal, uploads, user)
        notify_each([Message(tuple(nearest_holders("intake_proposals", proposal)), proposal,
                             f"新{_name(proposal)}待受理", Truncator(content).chars(200), _office_url(proposal))])
    return proposal, code


def find(code: str) -> Proposal | None:
    """The item a tracking code opens, or None (also for a malformed code: nothing says which was wrong)."""
    text = codes.normalize(code)
    if len(text) != codes.LENGTH:
        return None
    return Proposal.objects.filter(code_digest=codes.code_digest(text)).first()


def act(user, proposal, name: str, text: str = "") -> Proposal:
    """A button of the office: 受理, 留作参考, 不予受理, 办结."""
    proposal = proposal_workflow.perform(user, proposal, name, text)
    _tell_submitter(proposal)
    return proposal


def merge(user, proposal, target, text: str) -> Proposal:
    proposal = proposal_workflow.perform(user, proposal, "merge", text or f"与{target.number}内容相同，合并办理",
                                         changes={"merged_into": target})
    _tell_submitter(proposal)
    return proposal


def assign(user, proposal, *, lead_unit, co_units, deadline: datetime.date, note: str = "") -> Proposal:
    """交办: the lead unit (主办) and co-units (协办), each told; an item still 待受理 is taken in at once."""
    with transaction.atomic():
        if proposal.status == S.PENDING:
            proposal = proposal_workflow.perform(user, proposal, "accept")
        proposal = proposal_workflow.perform(user, proposal, "assign",
                                             changes={"lead_unit": lead_unit, "deadline": deadline})
        units = [(lead_unit, True)] + [(unit, False) for unit in co_units if unit.pk != lead_unit.pk]
        made = [Assignment.objects.create(proposal=proposal, unit=unit, lead=lead, deadline=deadline, note=note)
                for unit, lead in units]
        notify_each([Message(tuple(nearest_holders("handle_proposals", a)), a,
                             f"{'主办' if a.lead else '协办'}交办：{_name(proposal)}",
                             f"请于{deadline:%Y-%m-%d}前办理。{note}", _unit_url(a)) for a in made])
    _tell_submitter(proposal)
    return proposal


def post_progress(user, assignment, text: str, public: bool, uploads=()) -> Progress:
    if not can(user, "handle_proposals", assignment):
        raise PermissionDenied
    with transaction.atomic():
        entry = Progress.objects.create(proposal=assignment.proposal, assignment=assignment, text=text,
                                        public=public, created_by=user)
        _save_files(assignment.proposal, uploads, user, progress=entry)
    return entry


def finish_part(user, assignment) -> Assignment:
    """A co-unit hands its part to the lead unit, which answers for it; the lead unit is told."""
    if assignment.lead or not can(user, "handle_proposals", assignment):
        raise PermissionDenied
    with transaction.atomic():
        assignment.done_at = timezone.now()
        assignment.save()
        lead = assignment.proposal.assignments.get(lead=True)
        notify_each([Message(tuple(nearest_holders("handle_proposals", lead)), lead,
                             f"协办单位已完成：{_name(assignment.proposal)}",
                             f"{assignment.unit.name}已提交协办意见，请在答复中一并说明。", _unit_url(lead))])
    return assignment


def reply(user, proposal, text: str, uploads=()) -> Proposal:
    """答复意见 of the lead unit for this round; the office and a logged-in submitter are told."""
    with transaction.atomic():
        proposal = proposal_workflow.perform(user, proposal, "reply")
        lead = proposal.assignments.get(lead=True)
        answer = Reply.objects.create(proposal=proposal, round=proposal.round, unit=lead.unit, text=text,
                                      created_by=user)
        _save_files(proposal, uploads, user, reply=answer)
        if lead.done_at is None:
            lead.done_at = timezone.now()
            lead.save()
        notify_each([Message(tuple(nearest_holders("intake_proposals", proposal)), proposal,
                             f"已答复：{_name(proposal)}", Truncator(text).chars(200), _office_url(proposal))])
    _tell_submitter(proposal)
    return proposal


def rate(actor, proposal, value: str, comment: str = "") -> Proposal:
    """The submitter rates this round's reply: `actor` is a `CodeHolder` (the public) or the logged-in submitter.

    不满意 in the first round sends the item back to the lead unit for one more round (二次办理)."""
    if value not in R.values:
        raise ValueError(value)
    again = value == R.UNSATISFIED and proposal.round == 1
    with transaction.atomic():
        rated_round = proposal.round
        changes = {"rating": value, "rated_at": timezone.now()}
        if again:
            changes["deadline"] = timezone.localdate() + datetime.timedelta(days=SECOND_ROUND_DAYS)
        proposal = proposal_workflow.perform(actor, proposal, "rate_again" if again else "rate_final", comment,
                                             changes=changes)
        Rating.objects.create(proposal=proposal, round=rated_round, value=value, comment=comment)
        told = [Message(tuple(nearest_holders("intake_proposals", proposal)), proposal,
                        f"提交人评价「{Proposal.Rating(value).label}」：{_name(proposal)}", comment,
                        _office_url(proposal))]
        if again:
            lead = proposal.assignments.get(lead=True)
            lead.deadline, lead.done_at = proposal.deadline, None
            lead.save()
            told.append(Message(tuple(nearest_holders("handle_proposals", lead)), lead,
                                f"二次办理：{_name(proposal)}",
                                f"提交人对答复不满意，请于{proposal.deadline:%Y-%m-%d}前再次办理并答复。\n评价意见：{comment}",
                                _unit_url(lead)))
        notify_each(told)
    return proposal


def expire_unrated(today: datetime.date | None = None) -> int:
    """Close the replies left unrated for QF_PROPOSAL_RATING_DAYS (the daily job): they count as 未评价 (or as
    满意, when QF_PROPOSAL_UNRATED_AS_SATISFIED says so, in the figures)."""
    today = today or timezone.localdate()
    limit = timezone.make_aware(datetime.datetime.combine(
        today - datetime.timedelta(days=settings.PROPOSAL_RATING_DAYS), datetime.time.min))
    closed = 0
    for proposal in Proposal.objects.filter(status=S.REPLIED, replied_at__lt=limit).order_by("pk").iterator():
        proposal_workflow.perform(SYSTEM, proposal, "expire")
        closed += 1
    return closed


def set_published(user, proposal, published: bool) -> Proposal:
    """公开答复: the office shows a replied item (title, content, category, reply) on the public list."""
    if not can(user, "intake_proposals", proposal):
        raise PermissionDenied
    if published and proposal.status not in (S.REPLIED, S.CLOSED):
        raise ValueError("只有已答复或已办结的事项可以公开")
    proposal.published = published
    proposal._change_reason = "公开答复" if published else "取消公开"
    proposal.save(update_fields=["published"])
    return proposal


def overdue(proposal, today: datetime.date | None = None) -> bool:
    """逾期: still 办理中 with its deadline behind it (the one definition; `overdue_q` is the same for querysets)."""
    today = today or timezone.localdate()
    return proposal.status == S.HANDLING and proposal.deadline is not None and proposal.deadline < today


def overdue_q(today: datetime.date | None = None, through: str = "") -> Q:
    """`overdue` as a condition on Proposal (`through`: the lookup to it, e.g. "proposal__")."""
    return Q(**{f"{through}status": S.HANDLING, f"{through}deadline__lt": today or timezone.localdate()})


def part_overdue(assignment, today: datetime.date | None = None) -> bool:
    """A unit's part is late: the item is 办理中, its deadline passed and the unit has not finished its part."""
    today = today or timezone.localdate()
    return (assignment.proposal.status == S.HANDLING and assignment.done_at is None
            and assignment.deadline < today)


def part_overdue_q(today: datetime.date | None = None) -> Q:
    return Q(proposal__status=S.HANDLING, done_at__isnull=True, deadline__lt=today or timezone.localdate())


def set_note(user, proposal, text: str) -> Proposal:
    """内部备注 of the office (never public): whoever takes the item in edits it."""
    if not can(user, "intake_proposals", proposal):
        raise PermissionDenied
    proposal.internal_note = text.strip()
    proposal._change_reason = "修改内部备注"
    proposal.save(update_fields=["internal_note"])
    return proposal


def _tell_submitter(proposal) -> None:
    """A member who submitted from the app hears of each step in her bell; the public reads the progress page."""
    if proposal.submitted_by_id is None:
        return
    status = proposal.get_status_display()
    reason = f"\n说明：{proposal.status_reason}" if proposal.status_reason and proposal.status in (
        S.REFERENCE, S.REJECTED, S.MERGED) else ""
    notify_each([Message((proposal.submitted_by,), proposal, f"您提交的{_name(proposal)}{status}",
                         f"当前状态：{status}{reason}", reverse("my_proposal", args=[proposal.pk]))])


__all__ = ["CodeHolder", "SYSTEM"]
