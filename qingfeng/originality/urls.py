from .views import library, reports, thresholds

urlpatterns = [*library.urlpatterns, *reports.urlpatterns, *thresholds.urlpatterns]
