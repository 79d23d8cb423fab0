from django.urls import include, path

urlpatterns = [
    path("", include("qingfeng.core.urls")),
    path("", include("qingfeng.orgs.urls")),
    path("", include("qingfeng.campaigns.urls")),
    path("", include("qingfeng.study.urls")),
    path("", include("qingfeng.inspection.urls")),
    path("", include("qingfeng.ledger.urls")),
    path("", include("qingfeng.orglife.urls")),
    path("", include("qingfeng.proposals.urls")),
    path("", include("qingfeng.originality.urls")),
    path("", include("qingfeng.reports.urls")),
]
