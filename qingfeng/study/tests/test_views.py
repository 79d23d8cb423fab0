"""What each role gets from every page of study (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.study.models import Attendance, Reflection, StudyActivity, StudyMaterial
from qingfeng.tests.views import (
    BRANCH_MANAGE,
    BRANCH_VIEW,
    FORBIDDEN,
    MEMBERS_FORM,
    NOT_FOUND,
    OK,
    OWNER_ONLY,
    POST_AFTER_LOGIN,
    REDIRECT,
    ViewTestCases,
    url,
)


class TestStudyViews(ViewTestCases):
    """学: study activities (a member sees those she attended) and reflections."""

    models = (StudyActivity, StudyMaterial, Attendance, Reflection)
    urls = {
        "study_list": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "study_create": [url("campaign", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "study_detail": [url("campaign", "activity", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "study_attendance": [url("campaign", "activity", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "material_download": [url("campaign", "material", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "reflection_list": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        # only a member writes one; anyone else is told so and sent back to the list
        "reflection_create": [url("campaign", **MEMBERS_FORM)],
        "reflection_detail": [url("campaign", "reflection", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        # hers, but submitted: she is sent back to read it; nobody else edits it
        "reflection_edit": [url("campaign", "reflection", **OWNER_ONLY, alice=(REDIRECT, NOT_FOUND))],
        "reflection_action": [url("campaign", "reflection", **POST_AFTER_LOGIN)],
    }
