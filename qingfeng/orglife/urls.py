from .views import meetings

urlpatterns = [*meetings.urlpatterns]
