import pytest
from django.urls import reverse

from qingfeng.campaigns.checklist_io import save_checklist, to_data
from qingfeng.campaigns.models import Campaign
from qingfeng.campaigns.tests.factories import ChecklistFactory
from qingfeng.orgs.models import Org

URL = reverse("campaign_create")
PHASES = {"study_start": "2026-03-01", "study_end": "2026-03-31", "inspect_start": "2026-04-01",
          "inspect_end": "2026-04-30", "rectify_start": "2026-05-01", "rectify_end": "2026-08-31",
          "review_start": "2026-09-01", "review_end": "2026-09-30"}


def form(world, checklist=None, **changes):
    data = {"title": "作风建设专项整治", "kind": "special", "org": world.g.pk,
            "checklist": checklist.pk if checklist else "", "commitment_text": "我承诺：严守纪律。",
            "dimensions": "", "required_tasks": "开展集中学习\n\n召开专题组织生活会\n开展集中学习",
            "remind_days_before": 5, "escalate_after_days": 10, **PHASES}
    data.update(changes)
    return data


def test_an_org_admin_creates_a_draft_campaign_with_phases_and_tasks(world, login):
    checklist = ChecklistFactory()
    page = login(world.admin).post(URL, form(world, checklist))
    campaign = Campaign.objects.get()
    assert page.status_code == 302 and page["Location"] == reverse("campaign_detail", args=[campaign.pk])
    assert (campaign.status, campaign.org, campaign.checklist, campaign.created_by) == (
        "draft", world.g, checklist, world.admin)
    assert (campaign.remind_days_before, campaign.escalate_after_days) == (5, 10)
    assert [(p.kind, str(p.start), str(p.end)) for p in campaign.phases.order_by("start")] == [
        ("study", "2026-03-01", "2026-03-31"), ("inspect", "2026-04-01", "2026-04-30"),
        ("rectify", "2026-05-01", "2026-08-31"), ("review", "2026-09-01", "2026-09-30")]
    assert [(t.title, t.required) for t in campaign.key_tasks.all()] == [
        ("开展集中学习", True), ("召开专题组织生活会", True)]
    assert campaign.dimensions == [] and campaign.get_dimensions() == ["政治素质", "担当作为", "工作本领", "工作作风"]


def test_dimensions_are_one_per_line(world, login):
    login(world.admin).post(URL, form(world, dimensions=" 理想信念\n\n纪律规矩\n理想信念"))
    assert Campaign.objects.get().get_dimensions() == ["理想信念", "纪律规矩"]


def test_a_draft_may_leave_the_checklist_and_phases_for_later(world, login):
    empty = dict.fromkeys(PHASES, "")
    assert login(world.admin).post(URL, form(world, **empty)).status_code == 302
    assert Campaign.objects.get().phases.count() == 0


def test_only_the_latest_version_of_a_list_is_offered(world, login):
    v1 = ChecklistFactory()
    v2 = save_checklist(to_data(v1))
    page = login(world.admin).post(URL, form(world, v1))
    assert "问题清单：" in page.content.decode()
    assert not Campaign.objects.exists()
    assert login(world.admin).post(URL, form(world, v2)).status_code == 302


@pytest.mark.parametrize(("changes", "expected"), [
    ({"inspect_end": "2026-03-15"}, "「查」阶段的结束日期不能早于开始日期"),
    ({"rectify_start": "2026-03-20"}, "「改」阶段的开始日期不能早于「查」阶段的开始日期"),
    ({"review_start": "2026-02-01", "review_end": "2026-12-31"}, "「总结」阶段的开始日期不能早于「改」阶段的开始日期"),
    ({"study_end": ""}, "「学」阶段请同时填写开始日期和结束日期"),
    ({"inspect_start": "2026-13-01"}, "「查」阶段开始日期"),
    ({"title": ""}, "名称："),
    ({"required_tasks": "x" * 201}, "第 1 行"),
])
def test_bad_input_is_named_and_nothing_is_saved(world, login, changes, expected):
    page = login(world.admin).post(URL, form(world, **changes))
    assert page.status_code == 200
    assert expected in page.content.decode()
    assert not Campaign.objects.exists()


def test_phases_may_overlap_when_they_start_in_order(world, login):
    # 学习教育贯穿始终: study runs to the end of the campaign.
    page = login(world.admin).post(URL, form(world, study_end="2026-09-30"))
    assert page.status_code == 302


def test_the_org_must_be_one_the_admin_may_launch_over_and_not_a_group(world, login):
    outside = Org.create(None, code="Z", name="外县县委", kind=Org.Kind.COMMITTEE)
    client = login(world.admin)
    assert "开展范围：" in client.post(URL, form(world, org=outside.pk)).content.decode()
    assert "开展范围：" in client.post(URL, form(world, org=world.a1.pk)).content.decode()
    assert not Campaign.objects.exists()


def test_the_form_offers_orgs_in_the_admins_scope(world, login):
    body = login(world.admin).get(URL).content.decode()
    assert "二中党支部" in body and "一中第一党小组" not in body


@pytest.mark.parametrize("who", ["sec_a", "leader", "inspector", "discipline", "alice_user"])
def test_only_an_org_admin_may_create(world, login, who):
    client = login(getattr(world, who))
    assert client.get(URL).status_code == 403
    assert client.post(URL, form(world)).status_code == 403
    assert not Campaign.objects.exists()


def test_creating_requires_login(db, client):
    assert client.get(URL).status_code == 302


def test_the_phase_dates_are_bootstrap_date_inputs(world, login):
    body = login(world.admin).get(URL).content.decode()
    for name in PHASES:
        tag = body[body.index(f'name="{name}"') - 80:]
        tag = tag[tag.rindex("<input", 0, 80):tag.index(">", 80)]
        assert 'type="date"' in tag and "form-control" in tag, tag


def test_selects_offer_a_chinese_empty_choice(world, login):
    body = login(world.admin).get(URL).content.decode()
    assert "---------" not in body
    assert '<option value="" selected>请选择…</option>' in body  # 开展范围
