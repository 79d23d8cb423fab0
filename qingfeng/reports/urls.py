from django.urls import path

from . import views

urlpatterns = [
    path("reports/campaigns/<int:campaign_pk>/dashboard/", views.campaign_dashboard, name="campaign_dashboard"),
]
