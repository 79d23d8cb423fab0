"""Items made as people make them: through services, so the workflow's fields are set alike."""

import datetime

from django.utils import timezone

from qingfeng.proposals import services
from qingfeng.proposals.models import Category, Proposal


def submitted(world, title="路灯不亮", *, user=None, phone="13755550000", **fields) -> tuple[Proposal, str]:
    """A 社情民意 from the public (or from `user`) taken in by 清风县委: the item and its tracking code."""
    return services.submit(office=world.c, kind=fields.pop("kind", Proposal.Kind.OPINION), title=title,
                           content=fields.pop("content", "小区门口路灯坏了一个月"),
                           category=fields.pop("category", None) or Category.objects.get(name="民生保障"),
                           submitter_name=fields.pop("submitter_name", "市民王先生"), contact_phone=phone, user=user)


def assigned(world, *, co_units=(), days=10, **kwargs) -> tuple[Proposal, str]:
    """Submitted, taken in and handed to branch A (主办) with a deadline `days` from today."""
    proposal, code = submitted(world, **kwargs)
    proposal = services.assign(world.admin, proposal, lead_unit=world.a, co_units=list(co_units),
                               deadline=timezone.localdate() + datetime.timedelta(days=days))
    return proposal, code


def replied(world, text="已修复路灯", **kwargs) -> tuple[Proposal, str]:
    proposal, code = assigned(world, **kwargs)
    return services.reply(world.sec_a, proposal, text), code
