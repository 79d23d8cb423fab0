"""查重标记线: the share of a submission found elsewhere at which it is flagged, set per campaign by an org admin
over it (`configure_originality`); a campaign without its own line uses engine.THRESHOLD."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path, reverse

from qingfeng.campaigns.context import CLOSED_MESSAGE, campaign_context, load_campaign
from qingfeng.core.pages import form_page
from qingfeng.core.permissions import can

from .. import engine
from ..library_forms import ThresholdForm
from ..models import Threshold

CHANGES_SHOWN = 10


@login_required
def originality_threshold(request, campaign_pk):
    campaign = load_campaign(request, campaign_pk)
    if not can(request.user, "configure_originality", campaign):
        raise PermissionDenied
    current = Threshold.objects.filter(campaign=campaign).first()
    flag_at = engine.THRESHOLD if current is None else current.flag_at
    form = ThresholdForm(request.POST or None, initial={"percent": round(flag_at * 100)})

    def save(form):
        if campaign.is_closed:
            raise ValidationError(CLOSED_MESSAGE)
        threshold = current or Threshold(campaign=campaign)
        threshold.flag_at = form.cleaned_data["percent"] / 100
        threshold._change_reason = "设置查重标记线"
        threshold.save()
        return threshold

    changes = (Threshold.history.filter(campaign_id=campaign.pk).select_related("history_user")
               .order_by("-history_date", "-history_id")[:CHANGES_SHOWN])
    return form_page(request, form, save=save, template="originality/threshold.html",
                     done=lambda threshold: f"已将查重标记线设为 {threshold.flag_at * 100:g}%",
                     to=lambda threshold: reverse("originality_threshold", args=[campaign.pk]),
                     **campaign_context(request, campaign, "originality", current=current,
                                        default=engine.THRESHOLD, changes=changes))


urlpatterns = [
    path("campaigns/<int:campaign_pk>/originality/threshold/", originality_threshold, name="originality_threshold"),
]
