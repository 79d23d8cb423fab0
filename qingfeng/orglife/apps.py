from django.apps import AppConfig


class OrglifeConfig(AppConfig):
    name = "qingfeng.orglife"
    verbose_name = "组织生活"

    def ready(self):
        from qingfeng.core.audit import register_label
        from qingfeng.core.permissions import Draft, Scope, register, register_action
        from qingfeng.orgs.models import Role

        from . import counts
        from . import models as m

        counts.register()  # the figures of 组织生活 kept per org (orgs.tallies)

        kind = Role.Kind
        # draft, publish, edit meetings, decide leave requests and record attendance and minutes
        register_action("manage_meetings", {kind.ORG_ADMIN, kind.SECRETARY})
        # change the rules of organization life (frequencies, 学时) for an org's subtree
        register_action("manage_requirements", {kind.ORG_ADMIN})
        # record 谈心谈话 and correct their records
        register_action("record_talks", {kind.ORG_ADMIN, kind.SECRETARY})
        # launch a 民主评议党员, close its voting, record its results
        register_action("manage_evaluations", {kind.ORG_ADMIN, kind.SECRETARY})

        # A meeting has no owner: being invited is what lets a member read it, once it is published.
        # Leaders, inspectors and discipline above read published meetings by their "view" role.
        draft = Draft("status", m.Meeting.Status.DRAFT, "manage_meetings")
        draft_meeting = Draft("meeting__status", m.Meeting.Status.DRAFT, "manage_meetings")
        register(m.Meeting, Scope("org__path", readers=("attendance__member__user",), draft=draft))
        register(m.MeetingFile, Scope("meeting__org__path", readers=("meeting__attendance__member__user",),
                                      draft=draft_meeting))
        register(m.Requirement, Scope("org__path"))
        # The two who talked read the record; nobody else below the viewers of the org.
        register(m.Talk, Scope("org__path", readers=("talker__user", "talkee__user")))
        # 民主评议: every participant reads the evaluation and the others' rows (names, 个人总结) to rate them; the
        # views show a participant's result only to her and the managers. The counts are the managers' and viewers'.
        participants = "participants__member__user"
        register(m.Evaluation, Scope("org__path", readers=(participants,)))
        register(m.EvaluationParticipant, Scope("evaluation__org__path", owner="member__user",
                                                readers=(f"evaluation__{participants}",)))
        register(m.EvaluationTally, Scope("evaluation__org__path"))
        # 批评意见: the meeting's managers and viewers; the member criticized reads the items about her.
        register(m.Criticism, Scope("meeting__org__path", owner="member__user"))
        register_label("export.evaluation", "导出民主评议结果")
        register(m.MeetingAttendance, Scope(
            "meeting__org__path", owner="member__user",
            draft=draft_meeting))
