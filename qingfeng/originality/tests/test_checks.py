"""Submitting a reflection or a self-inspection checks it in the background, against the library and the others."""

import pytest

from qingfeng.core.models import Job
from qingfeng.originality import engine, library
from qingfeng.originality.checks import check, threshold_of
from qingfeng.originality.models import Document, Fingerprint, Match, Threshold
from qingfeng.study.models import Reflection
from qingfeng.study.tests.test_reflection_workflow import log_in_bob, make_reflection
from qingfeng.study.workflow import reflection_workflow

from .samples import INDEPENDENT, OTHERS, TEMPLATE

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def county_library(world):
    items = [library.Incoming("主题教育心得范文.txt", TEMPLATE)]
    items += [library.Incoming(f"{name}.txt", text) for name, text in OTHERS.items()]
    return library.add(world.admin, world.c, items, source="某范文网")


def submit(world, campaign, body, member=None):
    member = member or world.alice
    reflection = make_reflection(campaign, member, body=body, title="主题教育学习体会")
    reflection_workflow.perform(member.user, reflection, "submit")
    return Document.objects.get(reflection=reflection)


def test_it_checks_a_submitted_reflection_against_the_library(world, campaign, county_library,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = submit(world, campaign, "我的体会如下。" + TEMPLATE[:300] + "这是我自己的话，写得很认真。")
    document.refresh_from_db()
    assert document.status == Document.Status.CHECKED
    assert document.score > 0.8
    match = document.matches.get()
    assert match.source.library_text == county_library[0]
    start, end, source_start, source_end = match.spans[0]
    assert document.text[start:end] == TEMPLATE[source_start:source_end]
    assert Job.objects.filter(kind="originality", requested_by=world.alice_user, status=Job.Status.DONE).exists()


def test_an_honest_essay_is_not_flagged(world, campaign, county_library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = submit(world, campaign, INDEPENDENT)
    document.refresh_from_db()
    assert document.status == Document.Status.CHECKED
    assert document.score < threshold_of(campaign)
    assert not document.matches.exists()


def test_it_finds_a_colleagues_earlier_submission(world, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        log_in_bob(world)
        first = submit(world, campaign, TEMPLATE, member=world.bob)
        second = submit(world, campaign, TEMPLATE[100:] + "以上是我的学习体会。")
    second.refresh_from_db()
    assert second.matches.get().source == first
    assert second.score > 0.9


def test_a_library_text_of_another_tree_or_a_branch_below_is_not_a_source(world, campaign,
                                                                          django_capture_on_commit_callbacks):
    library.add(world.sec_b, world.b, [library.Incoming("二中范文.txt", TEMPLATE)])
    with django_capture_on_commit_callbacks(execute=True):
        document = submit(world, campaign, TEMPLATE)
    document.refresh_from_db()
    assert document.score == 0
    assert not document.matches.exists()


def test_resubmitting_checks_the_new_text(world, campaign, county_library, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = submit(world, campaign, TEMPLATE)
    reflection = document.reflection
    reflection = reflection_workflow.perform(world.sec_a, reflection, "return", "请用自己的话写")
    reflection.body = INDEPENDENT
    reflection.save()
    with django_capture_on_commit_callbacks(execute=True):
        reflection_workflow.perform(world.alice_user, reflection, "submit")
    document.refresh_from_db()
    assert document.text == INDEPENDENT
    assert document.score < 0.1
    assert Document.objects.filter(reflection=reflection).count() == 1


def test_a_failed_check_says_so_on_the_submission(world, campaign, monkeypatch, django_capture_on_commit_callbacks):
    def broken(document):
        raise RuntimeError("disk full")

    monkeypatch.setattr("qingfeng.originality.index.check", broken)
    with django_capture_on_commit_callbacks(execute=True):
        document = submit(world, campaign, TEMPLATE)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert Reflection.objects.get(pk=document.reflection_id).status == Reflection.Status.SUBMITTED
    assert Job.objects.get(kind="originality").status == Job.Status.FAILED


def test_a_deleted_library_text_leaves_the_index_and_the_reports(world, campaign, county_library,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = submit(world, campaign, TEMPLATE)
    source = Document.objects.get(library_text=county_library[0])
    library.delete(county_library[0])
    assert not Fingerprint.objects.filter(document_id=source.pk).exists()
    assert not Match.objects.filter(document=document).exists()
    check(document)
    document.refresh_from_db()
    assert document.score == 0


def test_the_campaigns_own_threshold_decides(world, campaign):
    assert threshold_of(campaign) == engine.THRESHOLD
    Threshold.objects.create(campaign=campaign, flag_at=0.6)
    assert threshold_of(campaign) == 0.6


def test_her_own_earlier_text_is_not_a_source(world, campaign, django_capture_on_commit_callbacks):
    from qingfeng.campaigns.tests.factories import CampaignFactory

    with django_capture_on_commit_callbacks(execute=True):
        submit(world, campaign, TEMPLATE)
        later = CampaignFactory(org=world.c, created_by=world.admin, title="下一项专项工作")
        again = submit(world, later, "今年的体会和去年一样。" + TEMPLATE)
    again.refresh_from_db()
    assert again.score == 0 and not again.matches.exists()
