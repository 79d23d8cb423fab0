from django.db import models


class FigureSnapshot(models.Model):
    """A large subtree's dashboard figures, computed by the background job (see reports.snapshots).

    Figures over hundreds of thousands of records take seconds to aggregate; the dashboard of such a
    subtree reads the last snapshot instead, and says when it was taken. `confidential` tells whether
    problems from confidential sources are counted (the discipline role's view) or not (everyone else's).
    """

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    confidential = models.BooleanField("含保密来源")
    as_of = models.DateField("统计日期")
    computed_at = models.DateTimeField("统计时间")
    data = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "org", "confidential"],
                                               name="one_snapshot_per_view")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.org_id}/{self.confidential} @ {self.computed_at:%Y-%m-%d %H:%M}"
