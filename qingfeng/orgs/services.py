"""Actions on members that are more than a field edit; each leaves a history record."""

from django.db import transaction
from django.utils.formats import date_format

from .accounts import follow_deactivation, follow_transfer
from .models import Member, Org, Transfer


@transaction.atomic
def transfer_member(member: Member, *, to_org: Org, date, reason: str, by) -> Transfer:
    """转接组织关系: the member moves branch; the group belonged to the old branch. The member role of their login
    goes with them (accounts.follow_transfer)."""
    if to_org.kind != Org.Kind.BRANCH:
        raise ValueError("transfers go to a branch")
    transfer = Transfer.objects.create(
        member=member, from_org=member.org, to_org=to_org, date=date, reason=reason, created_by=by,
    )
    member.org = to_org
    member.group = None
    member._change_reason = f"组织关系转接（{date_format(date)}）：{reason}"
    member.save()
    follow_transfer(member, transfer.from_org)
    return transfer


@transaction.atomic
def deactivate_member(member: Member, reason: str) -> bool:
    """停用; their login, if any, is disabled with it. True if a login was disabled."""
    member.is_active = False
    member._change_reason = f"停用：{reason}"
    member.save()
    return follow_deactivation(member)


def reactivate_member(member: Member, reason: str) -> None:
    member.is_active = True
    member._change_reason = f"恢复在册：{reason}"
    member.save()
