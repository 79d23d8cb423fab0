"""Evidence files leave only through the permission-checked download view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.ledger.models import Evidence
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.tests.test_evidence_upload import PDF
from qingfeng.ledger.workflow import add_evidence
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def evidence_for(campaign, world, source="superior"):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice, source=source))
    return add_evidence(world.alice_user, rectification, file=SimpleUploadedFile("学习笔记.pdf", PDF),
                        content_type="application/pdf")


def url(evidence):
    return reverse("evidence_download", args=[evidence.pk])


@pytest.mark.parametrize("username", ["alice_user", "sec_a", "admin", "leader", "inspector", "discipline"])
def test_those_who_see_the_rectification_download_its_evidence(campaign, world, login, username):
    evidence = evidence_for(campaign, world)
    page = login(getattr(world, username)).get(url(evidence))
    assert page.status_code == 200
    assert b"".join(page.streaming_content) == PDF
    assert page["Content-Type"] == "application/pdf"
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["Content-Disposition"].startswith("attachment;")


def test_the_other_branch_secretary_gets_404(campaign, world, login):
    assert login(world.sec_b).get(url(evidence_for(campaign, world))).status_code == 404


def test_another_member_gets_404(campaign, world, login):
    dave = MemberFactory(org=world.a, name="赵伟",
                         user=UserFactory(username="dave", role=Role.Kind.MEMBER, org=world.a))
    assert login(dave.user).get(url(evidence_for(campaign, world))).status_code == 404


@pytest.mark.parametrize("username", ["sec_a", "admin", "leader", "inspector"])
def test_evidence_of_a_confidential_problem_is_404_for_non_discipline(campaign, world, login, username):
    evidence = evidence_for(campaign, world, source="petition")
    assert login(getattr(world, username)).get(url(evidence)).status_code == 404


def test_evidence_of_a_confidential_problem_reaches_discipline_and_the_owner(campaign, world, login):
    evidence = evidence_for(campaign, world, source="petition")
    assert login(world.discipline).get(url(evidence)).status_code == 200
    assert login(world.alice_user).get(url(evidence)).status_code == 200


def test_a_note_without_a_file_has_nothing_to_download(campaign, world, login):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))
    note = Evidence.objects.create(rectification=rectification, note="口头说明", uploaded_by=world.alice_user)
    assert login(world.alice_user).get(url(note)).status_code == 404


def test_it_requires_login(campaign, world, client):
    page = client.get(url(evidence_for(campaign, world)))
    assert page.status_code == 302 and "/login/" in page.url
