"""普遍性问题: problem descriptions grouped into the same problem in different words, and near-copy self-inspections."""

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from qingfeng.campaigns.tests.factories import CampaignFactory
from qingfeng.core.permissions import grants
from qingfeng.ledger.tests.factories import ProblemFactory
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.originality import engine, recurring
from qingfeng.originality.models import Document, Match, Threshold
from qingfeng.originality.recurring import group_rows, near_copies, problem_groups, words

# Paraphrases of one problem, as members and branches write them; and problems of the same dimensions that are not
# the same problem.
THEORY = ("理论学习不够深入，学用结合不紧密", "对党的创新理论学习不深不透，存在学用脱节现象",
          "政治理论学习浅尝辄止，满足于读原文、记笔记，学用结合不够")
MASSES = ("联系服务群众不够主动", "深入基层联系群众不够，主动服务群众的意识不强",
          "与群众联系不够紧密，服务群众主动性不强")
NICE_GUY = ("批评与自我批评开展不够经常，存在“好人主义”", "开展批评时怕得罪人，存在好人主义思想",
            "自我批评多、相互批评少，批评时避重就轻，有好人主义倾向")
SURVEYS = ("调查研究不够深入，了解基层情况多靠听汇报", "调研走过场，深入一线少，多靠听取汇报了解情况",
           "调查研究浮在面上，蹲点调研少")
OTHERS = ("政治敏锐性不强，对错误言论辨别不够", "政治站位不高，大局意识不强", "学习培训计划执行不到位，学时未达标",
          "办事流程繁琐，群众反映跑腿次数多", "群众反映的问题回应不及时", "违规接受服务对象宴请",
          "廉洁自律意识有所放松，对家属子女要求不严", "工作作风不够扎实，抓落实力度不够", "安排工作多，督促检查少")
SECRET = "据信访举报，理论学习不够深入，学用结合不紧密"


def rows(*descriptions):
    """Each description by another member of another org."""
    return [(text, n, n) for n, text in enumerate(descriptions)]


def grouped(groups):
    return [{g.description, *g.samples} for g in groups]


def test_it_groups_the_same_problem_in_different_words():
    groups = group_rows(rows("理论学习不够深入，学用结合不紧密", "对党的创新理论学习不深不透，存在学用脱节现象",
                             "联系服务群众不够主动"))
    assert grouped(groups) == [{"理论学习不够深入，学用结合不紧密", "对党的创新理论学习不深不透，存在学用脱节现象"}]


def test_it_finds_each_problem_of_a_campaign_and_merges_none_with_another():
    groups = group_rows(rows(*THEORY, *MASSES, *NICE_GUY, *SURVEYS, *OTHERS))
    assert sorted(map(sorted, grouped(groups))) == sorted(map(sorted, [THEORY, MASSES, NICE_GUY, SURVEYS]))


def test_problems_of_one_dimension_that_differ_stay_apart():
    # all 政治 or all 群众, each a different problem
    assert group_rows(rows("政治敏锐性不强，对错误言论辨别不够", "政治站位不高，大局意识不强",
                           "政治理论学习的系统性不强")) == []
    assert group_rows(rows("办事流程繁琐，群众反映跑腿次数多", "群众反映的问题回应不及时",
                           "联系服务群众不够主动")) == []


def test_function_words_and_the_stock_words_of_official_writing_are_dropped():
    assert words("存在理论学习不够深入的问题") == ("理论", "学习", "深入")
    assert words("对三会一课制度执行不到位") == ("三会一课", "制度", "执行")  # a party-building term stays whole


def test_a_phrase_in_most_of_the_campaigns_descriptions_is_learned_as_stock(monkeypatch):
    # 24 different problems, each opened by the same phrase: it says nothing about which problem it is
    problems = ("学习", "调研", "会议", "宴请", "用车", "办公", "廉政", "考核", "培训", "选人", "信访", "财务",
                "招标", "审批", "安全", "督查", "宣传", "统战", "保密", "档案", "党费", "发展党员", "阵地", "扶贫")
    descriptions = [f"落实全面从严治党主体责任不到位，{word}" for word in problems]
    assert group_rows(rows(*descriptions)) == []
    monkeypatch.setattr(recurring, "STOCK_MIN", len(descriptions) + 1)  # not learned from so few
    assert len(group_rows(rows(*descriptions))) >= 1


def test_it_counts_problems_members_and_orgs_and_problems_without_a_member_apart():
    theory, paraphrase = THEORY[:2]
    [group] = group_rows([(theory, 1, 10), (theory, 1, 10), (paraphrase, 2, 10), (paraphrase, None, 20),
                          ("违规接受服务对象宴请", 3, 10)])
    assert (group.problems, group.members, group.orgs) == (4, 2, 2)
    assert group.description == theory  # written by most: the most central
    assert group.samples == (paraphrase,)


def test_one_members_problem_written_twice_is_not_recurring_and_two_orgs_problems_are():
    theory, paraphrase = THEORY[:2]
    assert group_rows([(theory, 1, 10), (paraphrase, 1, 10)]) == []
    assert group_rows([(theory, None, 10), (paraphrase, None, 10)]) == []  # one org's, written twice
    [group] = group_rows([(theory, None, 10), (theory, None, 20)])  # the same words in two branches
    assert (group.problems, group.members, group.orgs, group.samples) == (2, 0, 2, ())


def test_the_groups_come_out_the_same_each_time_largest_first():
    data = rows(*THEORY, *MASSES[:2], *OTHERS, *SURVEYS, *NICE_GUY[:2])
    first = group_rows(data)
    assert [g.problems for g in first] == [3, 3, 2, 2]
    assert group_rows(list(data)) == first
    assert [g.description for g in first[:2]] == sorted(g.description for g in first[:2])  # ties: by description


def test_a_campaign_without_problems_has_no_groups():
    assert group_rows([]) == []


def test_past_its_limit_it_groups_the_most_recent_descriptions(monkeypatch):
    monkeypatch.setattr(recurring, "MAX_DESCRIPTIONS", 2)
    assert grouped(group_rows(rows(*THEORY[:2], *MASSES[:2]))) == [set(THEORY[:2])]


def test_spacing_and_empty_descriptions_change_nothing():
    text = "理论学习不够深入， 学用结合不紧密"
    assert group_rows([(" 理论学习不够深入，\n学用结合不紧密", 1, 1), (text, 2, 2), ("", 3, 3), ("   ", 4, 4)]) == (
        group_rows(rows(text, text)))


def test_jiebas_dictionary_cache_is_kept_under_the_data_folder():
    words("理论学习不够深入")
    folder = Path(settings.DATA_DIR) / "cache"
    assert Path(recurring._tokenizer().tmp_dir) == folder
    assert list(folder.glob("jieba-*.cache"))


def test_without_a_writable_data_folder_the_cache_goes_to_a_private_temp_folder(settings, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    settings.DATA_DIR = blocked  # its cache folder cannot be made
    folder = Path(recurring._cache_dir())
    assert folder.is_dir() and not str(folder).startswith(str(blocked))
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    folder.rmdir()


# --- through the permission rule ---


@pytest.fixture
def recurring_problems(campaign, world):
    """One problem in different words in both branches (and a confidential one), and a problem of A's alone."""
    dave = MemberFactory(org=world.b, name="赵刚")
    for member, text in ((world.alice, THEORY[0]), (world.bob, THEORY[1]), (world.carol, THEORY[2]),
                         (dave, THEORY[0]), (world.bob, MASSES[0]), (world.alice, MASSES[1])):
        ProblemFactory(campaign=campaign, member=member, description=text)
    ProblemFactory(campaign=campaign, member=world.carol, source="petition", description=SECRET)
    return campaign


def test_a_branch_secretary_groups_only_her_branchs_problems(recurring_problems, world):
    groups = problem_groups(world.sec_a, recurring_problems)
    assert [(g.problems, g.members, g.orgs) for g in groups] == [(2, 2, 1), (2, 2, 1)]
    everything = problem_groups(world.admin, recurring_problems)
    assert [(g.problems, g.members, g.orgs) for g in everything] == [(4, 4, 2), (2, 2, 1)]


def test_an_org_narrows_the_groups_to_its_subtree(recurring_problems, world):
    [group] = problem_groups(world.admin, recurring_problems, world.b)
    assert (group.problems, group.members, group.orgs) == (2, 2, 1)


def test_a_confidential_problems_text_reaches_only_who_may_read_it(recurring_problems, world):
    for user in (world.admin, world.leader, world.sec_b, world.inspector):
        texts = {text for g in problem_groups(user, recurring_problems) for text in (g.description, *g.samples)}
        assert SECRET not in texts, user
    texts = {text for g in problem_groups(world.discipline, recurring_problems) for text in (g.description, *g.samples)}
    assert SECRET in texts


def test_a_member_groups_only_her_own_problems_which_are_never_recurring(recurring_problems, world):
    assert problem_groups(world.alice_user, recurring_problems) == []


def test_past_its_limit_it_reads_the_most_recent_problems(recurring_problems, world, monkeypatch):
    monkeypatch.setattr(recurring, "MAX_PROBLEMS", 2)  # the last two the admin sees: bob's and alice's 联系群众
    groups = problem_groups(world.admin, recurring_problems)
    assert [(g.problems, g.members) for g in groups] == [(2, 2)] and groups.latest == 2  # which the page says
    monkeypatch.setattr(recurring, "MAX_PROBLEMS", 6)  # all six the admin sees: nothing left out, nothing said
    assert problem_groups(world.admin, recurring_problems).latest is None


def test_it_reads_the_problems_in_one_query(recurring_problems, world, django_assert_num_queries):
    grants(world.admin)  # the roles, read once per request
    with django_assert_num_queries(1):
        problem_groups(world.admin, recurring_problems)


def test_other_campaigns_problems_are_not_grouped(recurring_problems, world):
    other = CampaignFactory(org=world.c, created_by=world.admin)
    ProblemFactory(campaign=other, member=world.carol, description=MASSES[2])
    assert [g.problems for g in problem_groups(world.sec_a, other)] == []
    assert [g.problems for g in problem_groups(world.admin, recurring_problems)] == [4, 2]


# --- near-copy self-inspections ---


def inspection_document(campaign, member, kind=Document.Kind.INSPECTION):
    return Document.objects.create(kind=kind, org=member.org, member=member, campaign=campaign,
                                   title=f"{member.name}的对照检查材料", text="……", status=Document.Status.CHECKED,
                                   score=0.9)


@pytest.fixture
def copies(campaign, world):
    alice, bob, carol = (inspection_document(campaign, m) for m in (world.alice, world.bob, world.carol))
    Match.objects.create(document=bob, source=alice, score=0.9)
    Match.objects.create(document=alice, source=bob, score=0.7)  # the same pair, the other way round
    Match.objects.create(document=carol, source=alice, score=0.6)  # across branches
    Match.objects.create(document=carol, source=bob, score=engine.THRESHOLD - 0.01)  # below the line
    return SimpleNamespace(alice=alice, bob=bob, carol=carol)


def pairs(found):
    return [(p.member, p.other_member, p.score) for p in found]


def test_it_lists_each_near_copy_pair_once_by_its_higher_share(campaign, world, copies):
    found = near_copies(world.admin, campaign)
    assert pairs(found) == [("王强", "张丽", 0.9), ("李梅", "张丽", 0.6)]
    assert found[0].document_pk == copies.bob.pk and (found[0].org, found[0].other_org) == ("一中党支部", "一中党支部")


def test_the_campaigns_own_flag_line_decides(campaign, world, copies):
    Threshold.objects.create(campaign=campaign, flag_at=0.8)
    assert pairs(near_copies(world.admin, campaign)) == [("王强", "张丽", 0.9)]


def test_a_pair_is_listed_only_to_who_may_see_both(campaign, world, copies):
    assert pairs(near_copies(world.sec_a, campaign)) == [("王强", "张丽", 0.9)]
    assert near_copies(world.sec_b, campaign) == []  # carol's copied from A, which sec_b may not read
    assert near_copies(world.alice_user, campaign) == []  # her own, and bob's she may not read


def test_an_org_lists_the_pairs_with_one_side_in_its_subtree(campaign, world, copies):
    assert pairs(near_copies(world.admin, campaign, world.b)) == [("李梅", "张丽", 0.6)]


def test_reflections_and_other_campaigns_are_not_self_inspection_pairs(campaign, world):
    other = CampaignFactory(org=world.c, created_by=world.admin)
    reflection = inspection_document(campaign, world.alice, kind=Document.Kind.REFLECTION)
    earlier = inspection_document(other, world.bob)
    mine = inspection_document(campaign, world.carol)
    Match.objects.create(document=mine, source=reflection, score=0.9)
    Match.objects.create(document=mine, source=earlier, score=0.9)
    assert near_copies(world.admin, campaign) == []


def test_near_copies_cost_two_queries(campaign, world, copies, django_assert_num_queries):
    grants(world.admin)
    with django_assert_num_queries(2):
        near_copies(world.admin, campaign)
