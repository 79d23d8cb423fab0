"""The demo campaign: a living ledger in every state, loaded once for the module (the `demo` fixture)."""


from qingfeng.demo.campaign import load_campaign_demo
from qingfeng.inspection.models import Commitment
from qingfeng.ledger.models import Problem, Rectification, Supervision
from qingfeng.study.models import Reflection


def test_rectifications_are_in_every_state_and_some_are_overdue(demo):
    states = set(Rectification.objects.values_list("status", flat=True))
    assert states == set(Rectification.Status.values)
    assert sum(r.is_overdue() for r in Rectification.objects.all()) > 5


def test_accepted_rectifications_have_evidence_and_a_reviewer(demo):
    for rectification in Rectification.objects.filter(status=Rectification.Status.ACCEPTED):
        assert rectification.evidence.exists() and rectification.reviewed_by_id and rectification.accepted_at


def test_every_supervision_level_is_present(demo):
    assert set(Supervision.objects.values_list("level", flat=True)) == set(Supervision.Level.values)


def test_reflections_and_problems_are_varied(demo):
    assert set(Reflection.objects.values_list("status", flat=True)) == set(Reflection.Status.values)
    sources = set(Problem.objects.values_list("source", flat=True))
    assert {"self", "petition", "discipline"} <= sources
    assert Commitment.objects.exists()


def test_attendance_is_present_on_leave_with_a_reason_and_absent(demo):
    from qingfeng.study.models import Attendance

    assert set(Attendance.objects.values_list("status", flat=True)) == set(Attendance.Status.values)
    assert not Attendance.objects.filter(status=Attendance.Status.LEAVE, reason="").exists()


def test_the_demo_member_has_work_to_do(demo):
    from django.contrib.auth import get_user_model

    me = get_user_model().objects.get(username="dangyuan").member
    assert me.rectifications.exclude(status=Rectification.Status.ACCEPTED).count() >= 2
    assert not Commitment.objects.filter(member=me).exists()
    assert Reflection.objects.get(member=me).status == Reflection.Status.RETURNED


def test_loading_twice_adds_nothing(demo):
    counts = [Rectification.objects.count(), Problem.objects.count(), Supervision.objects.count()]
    assert load_campaign_demo() is False
    assert [Rectification.objects.count(), Problem.objects.count(), Supervision.objects.count()] == counts


def test_the_county_report_is_written_and_a_branch_report_shows_what_is_not(demo):
    from django.contrib.auth import get_user_model

    from qingfeng.orgs.models import Org
    from qingfeng.reports.documents import campaign_summary_document
    from qingfeng.tests.views import body_text

    admin = get_user_model().objects.get(username="zuzhibu")
    county = body_text(campaign_summary_document(admin, demo, demo.org))
    assert "以学促查，打牢思想基础" in county and "建立长效机制" in county and "（未填写）" not in county
    branch = Org.objects.filter(kind=Org.Kind.BRANCH, path__startswith=demo.org.path).order_by("path").first()
    assert "（未填写）" in body_text(campaign_summary_document(admin, demo, branch))


def test_review_outcomes_are_shown_as_such_and_reach_the_demo_bells(demo):
    from django.contrib.auth import get_user_model

    from qingfeng.core.models import Notification

    S = Rectification.Status
    accepted = Rectification.objects.filter(status=S.ACCEPTED).exclude(review_comment="")
    returned = Rectification.objects.filter(status=S.RETURNED)
    assert accepted.exists() and returned.exists()
    assert all(r.return_reason and not r.review_comment for r in returned)  # 退回原因, not 验收意见
    bells = {user.username: set(Notification.objects.filter(user=user).values_list("title", flat=True))
             for user in get_user_model().objects.filter(username__in=["dangyuan", "shuji_yizhong"])}
    # 李晓梅's reflection was returned, and a problem was registered about her
    assert "您的心得体会被退回修改" in bells["dangyuan"]
    assert any(title.startswith("新登记与您有关的问题") for title in bells["dangyuan"])
    # the 一中 secretary was told of what her members submitted
    assert any("提交了心得体会" in title for title in bells["shuji_yizhong"])
    assert any("提交了整改验收" in title for title in bells["shuji_yizhong"])
    # and one of her own rectifications was accepted, with an opinion
    assert any(title.startswith("整改已验收销号") for title in bells["dangyuan"])


def test_every_problem_text_ends_with_a_complete_phrase(demo):
    import re

    from qingfeng.campaigns.models import ChecklistItem
    from qingfeng.demo.vocabulary import PHRASE_BREAKS

    items = list(ChecklistItem.objects.values_list("text", flat=True))
    quoted = re.compile(r"对照“(.+)”，自身存在一定差距")
    descriptions = list(Problem.objects.values_list("description", flat=True))
    assert any(quoted.fullmatch(text) for text in descriptions)
    for text in descriptions:
        assert text[-1] not in PHRASE_BREAKS, text
        if match := quoted.fullmatch(text):
            quote = match[1]  # a whole item, or an item's opening phrases up to a break
            assert any(item == quote or item.startswith(quote) and item[len(quote)] in PHRASE_BREAKS
                       for item in items), text


def test_a_problem_waits_for_its_first_rectification(demo):
    assert Problem.objects.filter(rectifications__isnull=True).exists()


def test_the_demo_members_campaign_page_shows_her_part_and_nothing_that_refuses(demo, client):
    import re

    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from qingfeng.study.models import Attendance

    me = get_user_model().objects.get(username="dangyuan")
    client.force_login(me)
    body = client.get(reverse("campaign_detail", args=[demo.pk])).content.decode()
    attended = Attendance.objects.filter(member=me.member, status=Attendance.Status.PRESENT).count()
    assert attended and f'data-mine="present">{attended}<' in body
    assert "下载总结报告" not in body
    main = body[body.index("<main"):]
    links = {href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)"', main)}
    assert {link: status for link in links if (status := client.get(link).status_code) not in (200, 302)} == {}


def test_a_draft_campaign_lists_what_it_still_needs_to_its_launcher_alone(demo, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from qingfeng.campaigns.models import Campaign
    from qingfeng.demo.campaign import DEMO_DRAFT_TITLE
    from qingfeng.tests.views import body_text

    draft = Campaign.objects.get(title=DEMO_DRAFT_TITLE)
    assert draft.status == Campaign.Status.DRAFT
    users = get_user_model().objects
    client.force_login(users.get(username="zuzhibu"))
    banner = body_text(client.get(reverse("campaign_detail", args=[draft.pk])).content)
    assert "问题清单" in banner and "「查」阶段日期" in banner and "「学」阶段日期" not in banner
    client.force_login(users.get(username="shuji_yizhong"))
    assert client.get(reverse("campaign_detail", args=[draft.pk])).status_code == 404
    assert DEMO_DRAFT_TITLE not in client.get(reverse("campaign_list")).content.decode()
