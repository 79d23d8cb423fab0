from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import api
from .views import compliance, dashboard, documents, inspection_archive, meetings, mine, proposals, summary

# Each views module declares its own urlpatterns, so each area of the app reads on its own.
urlpatterns = [
    *mine.urlpatterns,
    *documents.urlpatterns,
    *meetings.urlpatterns,
    *summary.urlpatterns,
    *inspection_archive.urlpatterns,
    *dashboard.urlpatterns,
    *compliance.urlpatterns,
    *proposals.urlpatterns,
    path("api/campaigns/<int:campaign_pk>/figures/", api.campaign_figures, name="api_campaign_figures"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
