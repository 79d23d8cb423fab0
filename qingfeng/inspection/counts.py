"""The figures of 查 kept per org (orgs.tallies): members who submitted their self-inspection and who signed the
commitment in a campaign, counted at the member's org."""

from qingfeng.campaigns.counts import Step, Steps

from .models import Commitment, SelfInspection

STEPS = Steps(
    Step("inspections", "submitted", "inspections_submitted", lambda c: SelfInspection.objects.filter(
        campaign_id=c, status=SelfInspection.Status.SUBMITTED)),
    Step("commitments", "signed", "commitments_signed", lambda c: Commitment.objects.filter(campaign_id=c)),
)


def register() -> None:
    STEPS.register({SelfInspection: ["campaign_id", "member_id", "status"],
                    Commitment: ["campaign_id", "member_id"]})
