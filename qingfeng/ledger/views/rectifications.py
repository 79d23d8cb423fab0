from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path


@login_required
def ledger_list(request):  # placeholder until the ledger pages land
    return render(request, "core/placeholder.html", {"title": "整改台账"})


urlpatterns = [
    path("ledger/", ledger_list, name="ledger_list"),
]
