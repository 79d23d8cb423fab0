import django_filters

from qingfeng.core.filters import StyledFilterSet

from .models import Campaign


class CampaignFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(label="状态", choices=Campaign.Status.choices, empty_label="全部")

    class Meta:
        model = Campaign
        fields = ["status"]
