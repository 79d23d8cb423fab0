# Each views module declares its own urlpatterns, so each area of the app reads on its own.
from .views import exports, problems, rectifications

urlpatterns = [
    *problems.urlpatterns,
    *rectifications.urlpatterns,
    *exports.urlpatterns,
]
