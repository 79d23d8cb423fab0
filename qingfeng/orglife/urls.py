from .views import criticisms, evaluations, meetings, requirements, signin, talks

urlpatterns = [*meetings.urlpatterns, *signin.urlpatterns, *requirements.urlpatterns, *talks.urlpatterns,
               *evaluations.urlpatterns, *criticisms.urlpatterns]
