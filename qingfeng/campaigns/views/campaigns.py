from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def campaign_list(request):  # placeholder until the campaign pages land
    return render(request, "core/placeholder.html", {"title": "专项工作"})


urlpatterns = [
    path("campaigns/", campaign_list, name="campaign_list"),
]
