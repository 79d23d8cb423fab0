"""The migration that gave 退回 its own field moves the reasons a 退回 wrote into 验收意见, and only those."""

import importlib

from django.apps import apps

from qingfeng.ledger.models import Evidence, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.workflow import rectification_workflow

migration = importlib.import_module("qingfeng.ledger.migrations.0003_rectification_return_reason")


def reviewed(campaign, world, steps):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))
    Evidence.objects.create(rectification=rectification, note="笔记", uploaded_by=world.alice_user)
    rectification = rectification_workflow.perform(world.alice_user, rectification, "start")
    for user, name, text in steps:
        rectification = rectification_workflow.perform(getattr(world, user), rectification, name, text)
    return rectification


def as_before(rectification):
    """What the row held before the field: a 退回's reason in review_comment."""
    comment = rectification.review_comment or rectification.return_reason
    Rectification.objects.filter(pk=rectification.pk).update(review_comment=comment, return_reason="")


def test_it_moves_the_reason_of_a_return_and_keeps_an_opinion(campaign, world):
    submit = ("alice_user", "submit", "")
    returned = reviewed(campaign, world, [submit, ("sec_a", "return", "缺少记录")])
    resumed = reviewed(campaign, world, [submit, ("sec_a", "return", "缺少照片"), ("alice_user", "resume", "")])
    reopened = reviewed(campaign, world, [submit, ("sec_a", "accept", "同意"), ("inspector", "reopen", "反弹")])
    accepted = reviewed(campaign, world, [submit, ("sec_a", "accept", "整改到位")])
    for rectification in (returned, resumed, reopened, accepted):
        as_before(rectification)

    migration.move_return_reasons(apps, None)

    def fields(rectification):
        row = Rectification.objects.get(pk=rectification.pk)
        return row.return_reason, row.review_comment

    assert fields(returned) == ("缺少记录", "")
    assert fields(resumed) == ("缺少照片", "")
    assert fields(reopened) == ("", "同意")
    assert fields(accepted) == ("", "整改到位")
