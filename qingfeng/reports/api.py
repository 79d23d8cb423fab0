"""The figures API: the same numbers as the dashboard, from the same functions, under the same rule."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from qingfeng.campaigns.models import Campaign
from qingfeng.core.permissions import get_allowed_or_404

from .figures import dashboard
from .scopes import dashboard_org


class CountsField(serializers.DictField):
    child = serializers.IntegerField()


class FiguresSerializer(serializers.Serializer):
    """One org subtree's figures; each is defined in docs/figures.md. Rates are 0–1, null when nothing to divide."""

    org_id = serializers.IntegerField(source="org.pk")
    org_code = serializers.CharField(source="org.code")
    org_name = serializers.CharField(source="org.name")
    as_of = serializers.DateField()
    members = serializers.IntegerField()
    participants = serializers.IntegerField()
    participation_rate = serializers.FloatField(allow_null=True)
    reflections_submitted = serializers.IntegerField()
    reflection_submission_rate = serializers.FloatField(allow_null=True)
    reflections_accepted = serializers.IntegerField()
    reflection_acceptance_rate = serializers.FloatField(allow_null=True)
    inspections_submitted = serializers.IntegerField()
    inspection_rate = serializers.FloatField(allow_null=True)
    commitments_signed = serializers.IntegerField()
    commitment_rate = serializers.FloatField(allow_null=True)
    problems = serializers.IntegerField()
    rectifications = serializers.IntegerField()
    rectifications_by_status = CountsField()
    rectifications_accepted = serializers.IntegerField()
    completion_rate = serializers.FloatField(allow_null=True)
    rectifications_overdue = serializers.IntegerField()
    rectifications_on_time = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)


class SubtreeFiguresSerializer(FiguresSerializer):
    """The whole subtree adds the breakdowns that are not split per sub-org."""

    study_activities = serializers.IntegerField()
    problems_by_source = CountsField()
    problems_by_category = CountsField()
    problems_by_dimension = CountsField()


class WeekSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="the Monday of the week (Asia/Shanghai)")
    accepted = serializers.IntegerField()

    def to_representation(self, instance):
        monday, n = instance
        return super().to_representation({"week": monday, "accepted": n})


class OverdueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    measure = serializers.CharField()
    owner = serializers.CharField(source="owner.name")
    org = serializers.CharField(source="org.name")
    due_date = serializers.DateField()
    days_overdue = serializers.IntegerField()


class OrgLifeSerializer(serializers.Serializer):
    year = serializers.IntegerField(help_text="the year of `month`")
    month = serializers.IntegerField(help_text="the last month that ended")
    branches = serializers.IntegerField(help_text="党支部 of the subtree")
    green = serializers.IntegerField(help_text="branches compliant (达标) in `month`")
    with_missing = serializers.IntegerField(help_text="branches with a month of `year` that ended non-compliant")
    members = serializers.IntegerField(help_text="active members of the subtree")
    hours_met = serializers.IntegerField(help_text="members whose 学时 this year reached their target")


class CampaignFiguresSerializer(serializers.Serializer):
    campaign_id = serializers.IntegerField()
    figures = SubtreeFiguresSerializer()
    sub_orgs = FiguresSerializer(many=True, help_text="direct sub-orgs, ranked by completion rate")
    accepted_per_week = WeekSerializer(many=True, help_text="from the campaign's first week to this week, oldest first")
    overdue = OverdueSerializer(many=True, help_text="the 20 longest overdue rectifications")
    orglife = OrgLifeSerializer(help_text="组织生活 of the subtree (not of the campaign): compliance and 学时")


@extend_schema(
    summary="专项工作统计数据",
    parameters=[OpenApiParameter("org", int, description="组织 id (default: the campaign's org, or the "
                                                         "user's topmost org inside it)")],
    responses=CampaignFiguresSerializer,
)
@api_view(["GET"])
def campaign_figures(request, campaign_pk):
    user = request.user
    campaign = get_allowed_or_404(user, Campaign.objects.select_related("org"), campaign_pk)
    org = dashboard_org(user, campaign, request.query_params.get("org", ""))
    board = dashboard(campaign, user, org)
    return Response(CampaignFiguresSerializer({
        "campaign_id": campaign.pk,
        "figures": board.figures,
        "sub_orgs": board.ranking,
        "accepted_per_week": board.weeks,
        "overdue": board.overdue,
        "orglife": board.orglife,
    }).data)
