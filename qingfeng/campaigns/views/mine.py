from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def my_work(request):  # placeholder until the 我的 page lands
    return render(request, "core/placeholder.html", {"title": "我的"})


urlpatterns = [
    path("me/", my_work, name="my_work"),
]
