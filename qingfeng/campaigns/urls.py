# Each views module declares its own urlpatterns, so each area of the app reads on its own.
from .views import campaigns, checklists

urlpatterns = [
    *campaigns.urlpatterns,
    *checklists.urlpatterns,
]
