from django.apps import AppConfig


class OrglifeConfig(AppConfig):
    name = "qingfeng.orglife"
    verbose_name = "组织生活"

    def ready(self):
        from qingfeng.core.permissions import Draft, Scope, register, register_action
        from qingfeng.orgs.models import Role

        from . import models as m

        kind = Role.Kind
        # draft, publish, edit meetings, decide leave requests and record attendance and minutes
        register_action("manage_meetings", {kind.ORG_ADMIN, kind.SECRETARY})
        # change the rules of organization life (frequencies, 学时) for an org's subtree
        register_action("manage_requirements", {kind.ORG_ADMIN})

        # A meeting has no owner: being invited is what lets a member read it, once it is published.
        # Leaders, inspectors and discipline above read published meetings by their "view" role.
        draft = Draft("status", m.Meeting.Status.DRAFT, "manage_meetings")
        draft_meeting = Draft("meeting__status", m.Meeting.Status.DRAFT, "manage_meetings")
        register(m.Meeting, Scope("org__path", readers=("attendance__member__user",), draft=draft))
        register(m.MeetingFile, Scope("meeting__org__path", readers=("meeting__attendance__member__user",),
                                      draft=draft_meeting))
        register(m.Requirement, Scope("org__path"))
        register(m.MeetingAttendance, Scope(
            "meeting__org__path", owner="member__user",
            draft=draft_meeting))
