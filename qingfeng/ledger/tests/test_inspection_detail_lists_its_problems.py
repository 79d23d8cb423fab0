"""A submitted self-inspection's page lists the problems found in it (ledger's section on inspection's page)."""

from qingfeng.inspection.models import InspectionAnswer, SelfInspection
from qingfeng.inspection.tests.helpers import detail_url, items, make_inspection
from qingfeng.ledger.tests.factories import ProblemFactory

S = SelfInspection.Status


def test_the_detail_shows_answers_sections_and_problems(campaign, world, login):
    inspection = make_inspection(campaign, world.alice, S.SUBMITTED, root_cause="放松了学习")
    item = items(campaign)["1.1"]
    InspectionAnswer.objects.create(inspection=inspection, item=item, answer="exists",
                                    description="学习不系统", example="比如：很少读原著", dimension="政治素质")
    ProblemFactory(campaign=campaign, member=world.alice, description="学习不系统", checklist_item=item)
    page = login(world.sec_a).get(detail_url(inspection)).content.decode()
    for text in ("学习不系统", "比如：很少读原著", "政治素质", "放松了学习", "查摆出的问题（1 个", "已提交"):
        assert text in page
