from django.urls import path

from .views import categories, mine, office, public, units

urlpatterns = [
    # the public, without login (and members, logged in)
    path("proposals/new/", public.proposal_new, name="proposal_new"),
    path("proposals/challenge/", public.proposal_challenge, name="proposal_challenge"),
    path("proposals/track/", public.proposal_track, name="proposal_track"),
    path("proposals/track/rate/", public.proposal_rate, name="proposal_rate"),
    path("proposals/public/", public.public_list, name="proposal_public_list"),
    path("proposals/public/<int:pk>/", public.public_detail, name="proposal_public_detail"),
    # a member's own submissions
    path("proposals/mine/", mine.my_proposals, name="my_proposals"),
    path("proposals/mine/<int:pk>/", mine.my_proposal, name="my_proposal"),
    path("proposals/mine/<int:pk>/rate/", mine.my_proposal_rate, name="my_proposal_rate"),
    # the office (受理)
    path("proposals/", office.proposal_list, name="proposal_list"),
    path("proposals/<int:pk>/", office.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/action/", office.proposal_action, name="proposal_action"),
    path("proposals/<int:pk>/merge/", office.proposal_merge, name="proposal_merge"),
    path("proposals/<int:pk>/assign/", office.proposal_assign, name="proposal_assign"),
    path("proposals/<int:pk>/publish/", office.proposal_publish, name="proposal_publish"),
    path("proposals/files/<int:pk>/", office.proposal_file, name="proposal_file"),
    path("proposals/categories/", categories.category_list, name="proposal_categories"),
    # the handling units (承办)
    path("proposals/assignments/", units.assignment_list, name="assignment_list"),
    path("proposals/assignments/<int:pk>/", units.assignment_detail, name="assignment_detail"),
    path("proposals/assignments/<int:pk>/progress/", units.assignment_progress, name="assignment_progress"),
    path("proposals/assignments/<int:pk>/done/", units.assignment_done, name="assignment_done"),
    path("proposals/assignments/<int:pk>/reply/", units.assignment_reply, name="assignment_reply"),
    path("proposals/assignments/<int:pk>/files/<int:file_pk>/", units.assignment_file, name="assignment_file"),
]
