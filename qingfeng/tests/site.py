"""`site`: one record of each scoped kind in branch A and the same in branch B (a plugin the root conftest loads).

Built once per test module, inside a transaction rolled back at the end; each test runs in its own
savepoint, so whatever a request writes is gone before the next. Used by the apps' view declarations
(qingfeng/tests/views.py) and the list-parameter fuzz. `site.grow()` adds another member and another
record of each kind to both branches' campaigns, and another branch with its own: what a page costs
must not change with it.
"""

import datetime
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from qingfeng.campaigns.tests.factories import ChecklistFactory
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory
from qingfeng.tests.views import CHANGE_REASONS, PHONES, PROPOSAL_PHONES, SECRET_DETAIL, SECRET_TEXT

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _campaign(org, admin, checklist, title):
    from qingfeng.campaigns.models import Campaign, KeyTask, Phase

    today, day = timezone.localdate(), datetime.timedelta(days=1)
    campaign = Campaign.objects.create(
        org=org, title=title, status=Campaign.Status.ACTIVE, checklist=checklist,
        commitment_text="我承诺：严守纪律。", created_by=admin)
    for kind, start, end in [("study", -30, -10), ("inspect", -9, 0), ("rectify", 1, 60), ("review", 61, 90)]:
        Phase.objects.create(campaign=campaign, kind=kind, start=today + start * day, end=today + end * day)
    KeyTask.objects.create(campaign=campaign, title="开展集中学习", required=True)
    return campaign


def _change_phone(member, phone, reason):
    member.phone = phone
    member._change_reason = f"更换手机号码：{reason}"
    member.save()


def _branch_records(side, branch, secretary, admin, discipline, member, other, checklist, campaign=None):
    """One record of each kind in `branch` (in `campaign`, or a new one of the branch): `member` owns them,
    `other` submitted the self-inspection."""
    from qingfeng.core import audit
    from qingfeng.core.models import Job, Notification
    from qingfeng.inspection.models import Commitment, SelfInspection
    from qingfeng.ledger.models import Evidence
    from qingfeng.orglife.models import (
        Criticism,
        Evaluation,
        EvaluationParticipant,
        EvaluationTally,
        Grade,
        Meeting,
        MeetingAttendance,
        MeetingFile,
        Talk,
    )
    from qingfeng.orgs.models import Role
    from qingfeng.study.models import Attendance, Reflection, StudyActivity, StudyMaterial

    now = timezone.now()
    campaign = campaign or _campaign(branch, admin, checklist, f"{branch.name}专项整治")
    activity = StudyActivity.objects.create(
        campaign=campaign, org=branch, kind=StudyActivity.Kind.values[0], date=timezone.localdate(),
        topic="集中学习", created_by=secretary)
    Attendance.objects.create(activity=activity, member=member, status=Attendance.Status.PRESENT)
    material = StudyMaterial.objects.create(
        activity=activity, file=ContentFile(PDF, name="material.pdf"), original_name="学习材料.pdf",
        content_type="application/pdf", size=len(PDF), uploaded_by=secretary)
    reflection = Reflection.objects.create(
        campaign=campaign, member=member, org=branch, title="学习体会", body="正文",
        status=Reflection.Status.SUBMITTED, submitted_at=now)
    inspection = SelfInspection.objects.create(
        campaign=campaign, member=other, org=branch, status=SelfInspection.Status.SUBMITTED, submitted_at=now,
        study_summary="学习体会", root_cause="根源", measures_summary="措施")
    Commitment.objects.create(campaign=campaign, member=member, org=branch, text=campaign.commitment_text,
                              signed_name=member.name, signed_by=member.user or secretary)
    problem = ProblemFactory(campaign=campaign, member=member, created_by=secretary)
    rectification = RectificationFactory(problem=problem, measure="制定学习计划")
    evidence = Evidence.objects.create(
        rectification=rectification, file=ContentFile(PDF, name="evidence.pdf"), original_name="佐证.pdf",
        content_type="application/pdf", size=len(PDF), uploaded_by=secretary)
    description, measure = SECRET_TEXT[side]
    secret_problem = ProblemFactory(
        campaign=campaign, member=member, source="petition", description=description,
        confidential_detail=SECRET_DETAIL[side], created_by=discipline)
    secret_rectification = RectificationFactory(problem=secret_problem, measure=measure, created_by=discipline)
    export_job = Job.objects.create(
        kind="ledger_xlsx", status=Job.Status.DONE, total=1, done=1, requested_by=secretary,
        file=ContentFile(b"ledger", name="ledger.xlsx"), filename="整改台账.xlsx", finished_at=now)
    notification = Notification.objects.create(user=secretary, title="提醒", url="/me/")
    audit_entry = audit.record("export.ledger", user=secretary, org=branch, about=campaign, detail="1 条整改措施")
    # A 主题党日 held yesterday, published to `member` and `other`, attendance not yet recorded.
    meeting = Meeting.objects.create(
        org=branch, kind=Meeting.Kind.THEME_DAY, title="主题党日", starts_at=now - datetime.timedelta(days=1),
        ends_at=now - datetime.timedelta(days=1, hours=-2), place="党员活动室", status=Meeting.Status.PUBLISHED,
        published_at=now - datetime.timedelta(days=3), created_by=secretary)
    meeting_attendance = MeetingAttendance.objects.create(meeting=meeting, member=member)
    if other != member:
        MeetingAttendance.objects.create(meeting=meeting, member=other)
    meeting_file = MeetingFile.objects.create(
        meeting=meeting, file=ContentFile(PDF, name="meeting.pdf"), original_name="会议照片.pdf",
        content_type="application/pdf", size=len(PDF), uploaded_by=secretary)
    # A talk `other` held with `member`.
    talk = Talk.objects.create(org=branch, kind=Talk.Kind.MEMBERS, talker=other, talkee=member,
                               date=timezone.localdate(), summary="交流思想", created_by=secretary)
    # A 组织生活会 held yesterday with a 批评意见 about `member`.
    life = Meeting.objects.create(
        org=branch, kind=Meeting.Kind.ORG_LIFE, title="组织生活会", starts_at=now - datetime.timedelta(days=1),
        ends_at=now - datetime.timedelta(days=1, hours=-2), place="党员活动室", status=Meeting.Status.HELD,
        created_by=secretary)
    MeetingAttendance.objects.create(meeting=life, member=member)
    criticism = Criticism.objects.create(meeting=life, member=member, kind=Criticism.Kind.SELF, text="自我批评",
                                         created_by=secretary)
    # 民主评议: this year's open for voting (`member` and `other` take part), last year's closed with its tally.
    evaluations = {}
    for key, year, status in [("evaluation", now.year, Evaluation.Status.OPEN),
                              ("evaluation_closed", now.year - 1, Evaluation.Status.CLOSED)]:
        # a grown branch's members join the evaluation it has
        evaluation = Evaluation.objects.get_or_create(org=branch, year=year,
                                                      defaults={"status": status, "created_by": secretary})[0]
        for person in {member, other}:
            EvaluationParticipant.objects.create(evaluation=evaluation, member=person, self_evaluation="个人总结")
            EvaluationTally.objects.bulk_create(EvaluationTally(evaluation=evaluation, member=person, grade=g,
                                                                votes=1 if g == Grade.QUALIFIED else 0)
                                                for g in Grade.values)
        evaluations[key] = evaluation
    # 社情民意 from the public, taken in by the tree's top org and handled by this branch (主办), with a progress
    # entry and the submitter's attachment; its contact phone is the office's alone.
    from qingfeng.proposals.models import Assignment, Category, Progress, Proposal, Reply

    office = type(branch).objects.get(path=branch.path[:branch.steplen])
    proposal = Proposal.objects.create(
        office=office, title=f"{branch.name}门前道路积水", content="雨天积水严重，请尽快处理",
        category=Category.objects.first(),
        submitter_name="市民", contact_phone=PROPOSAL_PHONES[side], code_digest=f"{side}{Proposal.objects.count()}",
        status=Proposal.Status.HANDLING, lead_unit=branch, deadline=timezone.localdate() + datetime.timedelta(days=10),
        accepted_at=now, assigned_at=now)
    assignment = Assignment.objects.create(proposal=proposal, unit=branch, lead=True, deadline=proposal.deadline)
    progress = Progress.objects.create(proposal=proposal, assignment=assignment, text="已现场查看", public=True,
                                       created_by=secretary)
    proposal_file = proposal.files.create(file=ContentFile(PDF, name="photo.pdf"), original_name="现场照片.pdf",
                                          content_type="application/pdf", size=len(PDF))
    # An item this branch answered (已办结) and the office published (公开答复): on the public list, never its phone.
    published_proposal = Proposal.objects.create(
        office=office, title=f"{branch.name}周边路灯不亮", content="晚上出行不便", category=Category.objects.first(),
        submitter_name="市民", contact_phone=PROPOSAL_PHONES[side], code_digest=f"{side}{Proposal.objects.count()}",
        status=Proposal.Status.CLOSED, lead_unit=branch, deadline=timezone.localdate(), accepted_at=now,
        assigned_at=now, replied_at=now, replied_on_time=True, closed_at=now, published=True)
    Assignment.objects.create(proposal=published_proposal, unit=branch, lead=True, deadline=published_proposal.deadline)
    Reply.objects.create(proposal=published_proposal, round=1, unit=branch, text="已更换路灯", created_by=secretary)
    # 查重: a library text of the branch, and the reflection's check, which found it.
    from qingfeng.originality.models import Document, LibraryText, Match

    library_text = LibraryText.objects.create(org=branch, title=f"{branch.name}范文", source="某范文网",
                                              text="范文正文", added_by=secretary)
    library_document = Document.objects.create(kind=Document.Kind.LIBRARY, org=branch, library_text=library_text,
                                               title=library_text.title, text=library_text.text,
                                               status=Document.Status.INDEXED)
    originality = Document.objects.create(
        kind=Document.Kind.REFLECTION, org=branch, member=member, campaign=campaign, reflection=reflection,
        title=reflection.title, text=reflection.body, status=Document.Status.CHECKED, score=0.5, characters=2,
        checked_at=now)
    Match.objects.create(document=originality, source=library_document, score=0.5, spans=[[0, 1, 0, 1]])
    return {
        "library_text": library_text, "originality": originality,
        "proposal": proposal, "assignment": assignment, "progress": progress, "proposal_file": proposal_file,
        "published_proposal": published_proposal,
        **evaluations, "life_meeting": life, "criticism": criticism,
        "org": branch, "member": member, "campaign": campaign, "activity": activity, "material": material,
        "reflection": reflection, "inspection": inspection, "problem": problem, "rectification": rectification,
        "evidence": evidence, "secret_problem": secret_problem, "secret_rectification": secret_rectification,
        "export_job": export_job, "notification": notification, "checklist": checklist, "audit_entry": audit_entry,
        "meeting": meeting, "meeting_attendance": meeting_attendance, "meeting_file": meeting_file, "talk": talk,
        "role": Role.objects.filter(org=branch).order_by("pk").first(),  # the secretary's (None in a grown branch)
    }


def build_site():
    from qingfeng.orgs.models import Member, Org, Role

    kind, role = Org.Kind, Role.Kind
    c = Org.create(None, code="C", name="清风县委", kind=kind.COMMITTEE)
    g = Org.create(c, code="G", name="教育局党总支", kind=kind.GENERAL_BRANCH)
    a = Org.create(g, code="A", name="一中党支部", kind=kind.BRANCH)
    Org.create(Org.objects.get(pk=a.pk), code="A1", name="一中第一党小组", kind=kind.GROUP)
    b = Org.create(Org.objects.get(pk=g.pk), code="B", name="二中党支部", kind=kind.BRANCH)
    a, b = Org.objects.get(pk=a.pk), Org.objects.get(pk=b.pk)
    users = {
        "admin": UserFactory(username="admin", role=role.ORG_ADMIN, org=c),
        "sec_a": UserFactory(username="sec_a", role=role.SECRETARY, org=a),
        "sec_b": UserFactory(username="sec_b", role=role.SECRETARY, org=b),
        "leader": UserFactory(username="leader", role=role.LEADER, org=c),
        "inspector": UserFactory(username="inspector", role=role.INSPECTOR, org=c),
        "discipline": UserFactory(username="discipline", role=role.DISCIPLINE, org=c),
        "alice": UserFactory(username="alice", role=role.MEMBER, org=a),
    }
    alice = MemberFactory(org=a, name="张丽", user=users["alice"], phone=PHONES["alice"][1])
    bob = MemberFactory(org=a, name="王强", gender=Member.Gender.MALE, phone=PHONES["bob"][0])
    carol = MemberFactory(org=b, name="李梅", phone=PHONES["carol"][1])
    _change_phone(alice, PHONES["alice"][0], CHANGE_REASONS["alice"])
    _change_phone(carol, PHONES["carol"][0], CHANGE_REASONS["carol"])
    checklist = ChecklistFactory(code="test-list")
    admin, discipline = users["admin"], users["discipline"]
    records = {
        "a": _branch_records("a", a, users["sec_a"], admin, discipline, alice, bob, checklist),
        "b": _branch_records("b", b, users["sec_b"], admin, discipline, carol, carol, checklist),
    }
    site = SimpleNamespace(users=users, records=records)
    site.grow = lambda: _grow(site, checklist)
    return site


def _grow(site, checklist):
    from qingfeng.orgs.models import Org

    users = site.users
    for side, secretary in (("a", users["sec_a"]), ("b", users["sec_b"])):
        records = site.records[side]
        branch, campaign = records["org"], records["campaign"]
        n = branch.members.count()
        member, other = (MemberFactory(org=branch, name=f"新党员{n + i}") for i in range(2))
        _branch_records(side, branch, secretary, users["admin"], users["discipline"], member, other, checklist,
                        campaign=campaign)
    general = Org.objects.get(code="G")
    n = Org.objects.count()
    branch = Org.create(general, code=f"X{n}", name=f"扩展党支部{n}", kind=Org.Kind.BRANCH)
    member = MemberFactory(org=branch, name=f"扩展党员{n}")
    _branch_records("a", branch, users["admin"], users["admin"], users["discipline"], member, member, checklist)


@contextmanager
def kept_for_the_module(django_db_blocker, media, build):
    """`build()`'s records, written once for a test module inside a transaction rolled back at its end.

    The tests of the module each run in a savepoint of it (pytest-django's `db`), so what one writes is
    gone before the next, and the records cost one build per module rather than one per test.
    """
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def _site(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with kept_for_the_module(django_db_blocker, media, build_site) as site:
        site.media_root = media
        yield site


@pytest.fixture
def site(_site, db, settings):
    """The records of both branches, each test in a savepoint of the module's transaction."""
    settings.MEDIA_ROOT = _site.media_root
    return _site


@pytest.fixture(scope="session")
def phone_renderer():
    """Debian's chromium at phone width in a thread of its own (qingfeng/tests/views.py)."""
    from qingfeng.tests.views import PhoneRenderer

    renderer = PhoneRenderer()
    yield renderer
    renderer.close()
