from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import api, views

urlpatterns = [
    path("reports/campaigns/<int:campaign_pk>/dashboard/", views.campaign_dashboard, name="campaign_dashboard"),
    path("api/campaigns/<int:campaign_pk>/figures/", api.campaign_figures, name="api_campaign_figures"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
]
