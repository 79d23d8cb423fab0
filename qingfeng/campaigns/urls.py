# Each views module declares its own urlpatterns, so each area of the app reads on its own.
from .views import campaigns, checklists, commitments, documents, inspection, mine, reflections, study

urlpatterns = [
    *campaigns.urlpatterns,
    *checklists.urlpatterns,
    *study.urlpatterns,
    *reflections.urlpatterns,
    *inspection.urlpatterns,
    *commitments.urlpatterns,
    *mine.urlpatterns,
    *documents.urlpatterns,
]
