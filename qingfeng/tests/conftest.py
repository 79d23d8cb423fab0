"""`site`: the test world with one record of each scoped kind in branch A and the same in branch B.

Built once per test module, inside a transaction rolled back at the end; each test runs in its own
savepoint, so whatever a request writes is gone before the next. Used by the URL × role matrix,
the test that GETs change nothing, and the list-parameter fuzz.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from conftest import make_checklist, make_member, make_problem, make_rectification, make_user
from qingfeng.tests.url_matrix import CHANGE_REASONS, PHONES, SECRET_DETAIL, SECRET_TEXT

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


def _branch_records(side, branch, secretary, admin, discipline, member, other, checklist):
    """One record of each kind in `branch`: `member` owns them, `other` submitted the self-inspection."""
    from qingfeng.core.models import Job, Notification
    from qingfeng.inspection.models import Commitment, SelfInspection
    from qingfeng.ledger.models import Evidence
    from qingfeng.study.models import Attendance, Reflection, StudyActivity, StudyMaterial

    now = timezone.now()
    campaign = _campaign(branch, admin, checklist, f"{branch.name}专项整治")
    activity = StudyActivity.objects.create(
        campaign=campaign, org=branch, kind=StudyActivity.Kind.values[0], date=timezone.localdate(),
        topic="集中学习", created_by=secretary)
    Attendance.objects.create(activity=activity, member=member, present=True)
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
    problem = make_problem(campaign, member, created_by=secretary)
    rectification = make_rectification(problem, measure="制定学习计划")
    evidence = Evidence.objects.create(
        rectification=rectification, file=ContentFile(PDF, name="evidence.pdf"), original_name="佐证.pdf",
        content_type="application/pdf", size=len(PDF), uploaded_by=secretary)
    description, measure = SECRET_TEXT[side]
    secret_problem = make_problem(campaign, member, source="petition", description=description,
                                  confidential_detail=SECRET_DETAIL[side], created_by=discipline)
    secret_rectification = make_rectification(secret_problem, measure=measure, created_by=discipline)
    export_job = Job.objects.create(
        kind="ledger_xlsx", status=Job.Status.DONE, total=1, done=1, requested_by=secretary,
        file=ContentFile(b"ledger", name="ledger.xlsx"), filename="整改台账.xlsx", finished_at=now)
    notification = Notification.objects.create(user=secretary, title="提醒", url="/me/")
    return {
        "org": branch, "member": member, "campaign": campaign, "activity": activity, "material": material,
        "reflection": reflection, "inspection": inspection, "problem": problem, "rectification": rectification,
        "evidence": evidence, "secret_problem": secret_problem, "secret_rectification": secret_rectification,
        "export_job": export_job, "notification": notification, "checklist": checklist,
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
        "admin": make_user("admin", role.ORG_ADMIN, c),
        "sec_a": make_user("sec_a", role.SECRETARY, a),
        "sec_b": make_user("sec_b", role.SECRETARY, b),
        "leader": make_user("leader", role.LEADER, c),
        "inspector": make_user("inspector", role.INSPECTOR, c),
        "discipline": make_user("discipline", role.DISCIPLINE, c),
        "alice": make_user("alice", role.MEMBER, a),
    }
    alice = make_member(a, "张丽", user=users["alice"], phone=PHONES["alice"][1])
    bob = make_member(a, "王强", gender=Member.Gender.MALE, phone=PHONES["bob"][0])
    carol = make_member(b, "李梅", phone=PHONES["carol"][1])
    _change_phone(alice, PHONES["alice"][0], CHANGE_REASONS["alice"])
    _change_phone(carol, PHONES["carol"][0], CHANGE_REASONS["carol"])
    checklist = make_checklist()
    admin, discipline = users["admin"], users["discipline"]
    records = {
        "a": _branch_records("a", a, users["sec_a"], admin, discipline, alice, bob, checklist),
        "b": _branch_records("b", b, users["sec_b"], admin, discipline, carol, carol, checklist),
    }
    return SimpleNamespace(users=users, records=records)


@pytest.fixture(scope="module")
def _site(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            site = build_site()
            site.media_root = media
            yield site
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def site(_site, db, settings):
    """The records of both branches, each test in a savepoint of the module's transaction."""
    settings.MEDIA_ROOT = _site.media_root
    return _site


def url_args(site, kinds, side) -> list[int]:
    return [site.records[side][kind].pk for kind in kinds]


def url_names() -> list[str]:
    """The name of every URL pattern, walked from the root resolver (an unnamed one by its route)."""

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            else:
                yield pattern.name or str(pattern.pattern)

    return sorted(set(walk(get_resolver().url_patterns)))
