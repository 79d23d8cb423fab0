# Each views module declares its own urlpatterns, so each area of the app reads on its own.
from .views import commitments, self_inspection

urlpatterns = [
    *self_inspection.urlpatterns,
    *commitments.urlpatterns,
]
