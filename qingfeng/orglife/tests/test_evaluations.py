"""民主评议党员: launched by the secretary, 个人总结 and a secret ballot by each member, results with a cap on 优秀."""

import datetime
import io
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qingfeng.core.models import AuditEntry
from qingfeng.orglife.models import Evaluation, EvaluationParticipant, EvaluationTally, Grade
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory

P = EvaluationParticipant


@pytest.fixture
def members(world):
    """Branch A: 张丽 (alice, her own login), 王强 (bob), and 陈新 and 刘洋 with logins of their own."""
    chen = MemberFactory(org=world.a, name="陈新", user=UserFactory(username="chen", role="member", org=world.a))
    liu = MemberFactory(org=world.a, name="刘洋", user=UserFactory(username="liu", role="member", org=world.a))
    MemberFactory(org=world.a, name="周退", is_active=False)  # left: takes no part
    return {"alice": world.alice, "bob": world.bob, "chen": chen, "liu": liu}


@pytest.fixture
def evaluation(world, login, members):
    response = login(world.sec_a).post(reverse("evaluation_create"),
                                       {"org": world.a.pk, "year": timezone.localdate().year, "excellent_cap": 30})
    evaluation = Evaluation.objects.get()
    assert response.url == reverse("evaluation_detail", args=[evaluation.pk])
    return evaluation


def vote(client, evaluation, grades: dict):
    return client.post(reverse("evaluation_vote", args=[evaluation.pk]),
                       {f"grade_{member.pk}": grade for member, grade in grades.items()})


def counts(evaluation) -> dict[tuple[str, str], int]:
    return {(t.member.name, t.grade): t.votes for t in EvaluationTally.objects.filter(evaluation=evaluation)
            .select_related("member") if t.votes}


def test_launching_takes_in_every_active_member_with_every_count_at_zero(evaluation, members):
    assert {p.member.name for p in evaluation.participants.select_related("member")} == {"张丽", "王强", "陈新", "刘洋"}
    assert EvaluationTally.objects.filter(evaluation=evaluation).count() == 4 * 4
    assert not counts(evaluation)
    assert (evaluation.status, evaluation.excellent_cap) == (Evaluation.Status.OPEN, 30)


def test_one_evaluation_a_year_and_a_clear_message(world, login, evaluation):
    response = login(world.sec_a).post(reverse("evaluation_create"),
                                       {"org": world.a.pk, "year": evaluation.year, "excellent_cap": 30})
    assert "该党支部这一年度的民主评议已经开展" in response.content.decode()
    for data, message in [({"year": 1999}, "年度应为"), ({"excellent_cap": 0}, "优秀比例上限应在 1 到 100 之间"),
                          ({"org": world.b.pk}, "选择一个有效的选项")]:
        response = login(world.sec_a).post(reverse("evaluation_create"),
                                           {"org": world.a.pk, "year": evaluation.year - 1, "excellent_cap": 30,
                                            **data})
        assert message in response.content.decode()
    assert Evaluation.objects.count() == 1


def test_a_member_writes_her_summary_and_votes_once(world, login, evaluation, members):
    alice = login(world.alice_user)
    alice.post(reverse("evaluation_summary", args=[evaluation.pk]), {"text": "认真学习，按时交纳党费。"})
    row = P.objects.get(evaluation=evaluation, member=world.alice)
    assert row.self_evaluation == "认真学习，按时交纳党费。" and row.submitted_at

    ballot = alice.get(reverse("evaluation_vote", args=[evaluation.pk])).content.decode()
    assert "王强" in ballot and "陈新" in ballot and "grade_" + str(world.alice.pk) not in ballot  # not herself
    incomplete = vote(alice, evaluation, {members["bob"]: Grade.EXCELLENT})
    assert "请评定陈新" in incomplete.content.decode() and not counts(evaluation)

    vote(alice, evaluation, {members["bob"]: Grade.EXCELLENT, members["chen"]: Grade.QUALIFIED,
                             members["liu"]: Grade.BASIC})
    assert counts(evaluation) == {("王强", "excellent"): 1, ("陈新", "qualified"): 1, ("刘洋", "basic"): 1}
    assert P.objects.get(pk=row.pk).has_voted
    again = vote(alice, evaluation, {members["bob"]: Grade.UNQUALIFIED, members["chen"]: Grade.UNQUALIFIED,
                                     members["liu"]: Grade.UNQUALIFIED})
    assert again.status_code == 302 and len(counts(evaluation)) == 3  # nothing more counted
    page = alice.get(reverse("evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "已投票" in page and 'id="participants"' not in page  # she sees her own part, not the others'


def test_a_forged_ballot_counts_nothing(world, login, evaluation, members):
    outsider = MemberFactory(org=world.b, name="外人")
    data = {f"grade_{m.pk}": Grade.QUALIFIED for m in (members["bob"], members["chen"], members["liu"])}
    for forged in [{f"grade_{members['bob'].pk}": "best"}, {f"grade_{outsider.pk}": Grade.EXCELLENT}]:
        login(world.alice_user).post(reverse("evaluation_vote", args=[evaluation.pk]), {**data, **forged})
    # the bad grade was a form error; the outsider's field is no field of the form, so it was ignored
    assert counts(evaluation) == {("王强", "qualified"): 1, ("陈新", "qualified"): 1, ("刘洋", "qualified"): 1}
    assert not EvaluationTally.objects.filter(member=outsider).exists()


def test_no_table_history_or_audit_entry_links_a_voter_to_her_grades(world, login, evaluation, members):
    """The secret ballot: snapshot every table (history and audit tables included) before and after one vote;
    no row that changed holds both something naming the voter and a grade she gave."""
    def snapshot():
        rows = {}
        with connection.cursor() as cursor:
            for model in apps.get_models(include_auto_created=True):
                table = model._meta.db_table
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (our own tables)
                rows[table] = {tuple(str(v) for v in row) for row in cursor.fetchall()}
        return rows

    before = snapshot()
    vote(login(world.alice_user), evaluation, {members["bob"]: Grade.EXCELLENT, members["chen"]: Grade.BASIC,
                                               members["liu"]: Grade.UNQUALIFIED})
    after = snapshot()
    changed = {table: after[table] - before.get(table, set()) for table in after}
    voter = {str(world.alice.pk), str(world.alice_user.pk), world.alice_user.username}
    given = {Grade.EXCELLENT.value, Grade.BASIC.value, Grade.UNQUALIFIED.value}
    tally_rows = changed.pop(EvaluationTally._meta.db_table)
    assert len(tally_rows) == 3  # the three counts went up …
    ids = {str(evaluation.pk), str(members["bob"].pk), str(members["chen"].pk), str(members["liu"].pk)}
    for row in tally_rows:  # … and a count holds no more than its evaluation, member, grade and number
        assert set(row) - ids - given - {"1"} <= {str(t.pk) for t in EvaluationTally.objects.all()}
    words = given | {str(Grade(g).label) for g in given}  # a grade, as a value or in words, anywhere in a value

    def names_a_grade(row):
        return any(word in value for value in row for word in words)

    for table, rows in changed.items():
        for row in rows:
            assert not (voter & set(row) and names_a_grade(row)), f"{table} links the voter to a grade: {row}"
    assert not AuditEntry.objects.filter(action__contains="vote").exists()
    history = P.history.filter(member=world.alice).latest("history_date")
    assert (history.has_voted, history.history_change_reason) == (True, "已投票")


def test_the_tally_shows_only_once_voting_is_closed(world, login, evaluation, members):
    vote(login(world.alice_user), evaluation, {members["bob"]: Grade.EXCELLENT, members["chen"]: Grade.QUALIFIED,
                                               members["liu"]: Grade.QUALIFIED})
    secretary = login(world.sec_a)
    page = secretary.get(reverse("evaluation_detail", args=[evaluation.pk]))
    assert "投票截止后显示各人得票" in page.content.decode()
    assert secretary.get(reverse("evaluation_results", args=[evaluation.pk])).status_code == 302
    assert secretary.get(reverse("evaluation_export", args=[evaluation.pk])).status_code == 302
    secretary.post(reverse("evaluation_action", args=[evaluation.pk]), {"action": "close"})
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.CLOSED and evaluation.closed_at
    rows = {row.member.name: votes for row, votes in
            secretary.get(reverse("evaluation_detail", args=[evaluation.pk])).context["rows"]}
    assert rows["王强"] == [1, 0, 0, 0] and rows["张丽"] == [0, 0, 0, 0]
    late = vote(login(members["chen"].user), evaluation, {members["bob"]: Grade.EXCELLENT,
                                                          world.alice: Grade.EXCELLENT, members["liu"]: Grade.BASIC})
    assert late.status_code == 302 and counts(evaluation)[("王强", "excellent")] == 1
    # a member may not close it
    assert login(world.alice_user).post(reverse("evaluation_action", args=[evaluation.pk]),
                                        {"action": "close"}).status_code == 403


def results(members, **overrides):
    data = {}
    for key, member in members.items():
        result, disposition, note = overrides.get(key, (Grade.QUALIFIED, "", ""))
        data.update({f"result_{member.pk}": result, f"disposition_{member.pk}": disposition,
                     f"note_{member.pk}": note})
    return data


def test_results_respect_the_cap_and_unqualified_needs_a_disposition(world, login, evaluation, members):
    secretary = login(world.sec_a)
    secretary.post(reverse("evaluation_action", args=[evaluation.pk]), {"action": "close"})
    url = reverse("evaluation_results", args=[evaluation.pk])
    over = secretary.post(url, results(members, alice=(Grade.EXCELLENT, "", ""), bob=(Grade.EXCELLENT, "", "")))
    assert "评为优秀的有 2 人，超过上限 1 人（参评 4 人的 30%）" in over.content.decode()
    bare = secretary.post(url, results(members, liu=(Grade.UNQUALIFIED, "", "")))
    assert "刘洋评为不合格，请选择组织处置" in bare.content.decode()
    stray = secretary.post(url, results(members, bob=(Grade.QUALIFIED, "remove", "")))
    assert "只有评为不合格的党员才作组织处置" in stray.content.decode()
    assert not P.objects.exclude(result="").exists()
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.CLOSED

    secretary.post(url, results(members, alice=(Grade.EXCELLENT, "", ""),
                                liu=(Grade.UNQUALIFIED, "correct", "三个月内改正，支部跟踪")))
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.DONE and evaluation.decided_at
    liu = P.objects.get(evaluation=evaluation, member=members["liu"])
    assert (liu.result, liu.disposition, liu.disposition_note) == ("unqualified", "correct", "三个月内改正，支部跟踪")
    mine = login(world.alice_user).get(reverse("evaluation_detail", args=[evaluation.pk])).content.decode()
    assert '<strong id="my-result">优秀</strong>' in mine and "不合格" not in mine


def test_the_export_lists_tally_and_results_and_is_audited(world, login, evaluation, members):
    vote(login(world.alice_user), evaluation, {members["bob"]: Grade.EXCELLENT, members["chen"]: Grade.QUALIFIED,
                                               members["liu"]: Grade.QUALIFIED})
    secretary = login(world.sec_a)  # one client: each login signs the last one out
    secretary.post(reverse("evaluation_action", args=[evaluation.pk]), {"action": "close"})
    P.objects.filter(member=members["bob"]).update(result=Grade.EXCELLENT)
    response = login(world.leader).get(reverse("evaluation_export", args=[evaluation.pk]))
    assert response.status_code == 200, response.content[:3000]
    assert quote("一中党支部_") in response["Content-Disposition"]
    assert quote("_民主评议党员结果_") in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    by_name = {row[1]: row for row in rows}
    assert by_name["王强"][2:7] == [1, 0, 0, 0, "优秀"] and by_name["张丽"][6] == "未评定"
    entry = AuditEntry.objects.get(action="export.evaluation")
    assert (entry.user, entry.detail) == (world.leader, "4 名党员的评议结果")


def test_a_member_of_another_branch_takes_no_part(world, login, evaluation):
    carol_user = UserFactory(username="carol", role="member", org=world.b)
    world.carol.user = carol_user
    world.carol.save()
    client = login(carol_user)
    assert client.get(reverse("evaluation_detail", args=[evaluation.pk])).status_code == 404
    assert client.get(reverse("evaluation_vote", args=[evaluation.pk])).status_code == 404


def test_a_branch_of_one_member_cannot_evaluate(world, login):
    response = login(world.sec_b).post(reverse("evaluation_create"),
                                       {"org": world.b.pk, "year": datetime.date.today().year, "excellent_cap": 30})
    assert "在册党员不足 2 人，无法互评" in response.content.decode()
    assert not Evaluation.objects.exists()


def paper(client, evaluation, data):
    return client.post(reverse("evaluation_paper", args=[evaluation.pk]), data)


def sheet(grades: dict):
    return {"action": "count", **{f"ballot-grade_{member.pk}": grade for member, grade in grades.items()}}


def test_a_member_without_a_login_votes_on_paper_and_the_ballot_is_counted_without_her_name(
        world, login, evaluation, members):
    secretary = login(world.sec_a)
    page = secretary.get(reverse("evaluation_paper", args=[evaluation.pk])).content.decode()
    assert "王强" in page and 'id="paper-due">待录入 0 张' in page
    assert f'value="{P.objects.get(member=world.alice).pk}"' not in page  # 张丽 has a login: she votes online
    bob, alice = members["bob"], members["alice"]
    full = {alice: Grade.EXCELLENT, members["chen"]: Grade.QUALIFIED, members["liu"]: Grade.BASIC}
    refused = paper(secretary, evaluation, sheet(full))  # no ballot handed in yet
    assert "没有待录入的纸质选票" in refused.content.decode() and not counts(evaluation)

    forged = paper(secretary, evaluation, {"action": "mark", "voters-voters": [P.objects.get(member=alice).pk]})
    assert "选择一个有效的选项" in forged.content.decode() and not P.objects.get(member=alice).has_voted
    paper(secretary, evaluation, {"action": "mark", "voters-voters": [P.objects.get(member=bob).pk]})
    row = P.objects.get(member=bob)
    assert row.has_voted and row.history.latest("history_date").history_change_reason == "已交纸质选票"
    page = secretary.get(reverse("evaluation_paper", args=[evaluation.pk])).content.decode()
    assert 'id="paper-due">待录入 1 张' in page

    for bad, message in [({**full, bob: Grade.QUALIFIED}, "这张有 0 人未评"),  # she rated herself too
                         ({alice: Grade.EXCELLENT}, "这张有 3 人未评")]:
        assert message in paper(secretary, evaluation, sheet(bad)).content.decode()
    assert not counts(evaluation)

    tables_before = {m._meta.db_table: m._default_manager.count() for m in apps.get_models()}
    assert paper(secretary, evaluation, sheet(full)).status_code == 302
    assert counts(evaluation) == {("张丽", "excellent"): 1, ("陈新", "qualified"): 1, ("刘洋", "basic"): 1}
    # counting wrote no row anywhere (no history, no audit): only three counts went up
    assert {m._meta.db_table: m._default_manager.count() for m in apps.get_models()} == tables_before
    assert "没有待录入的纸质选票" in paper(secretary, evaluation, sheet(full)).content.decode()
    assert sum(counts(evaluation).values()) == 3


def test_online_votes_leave_no_paper_ballot_due_and_a_closed_evaluation_takes_none(world, login, evaluation, members):
    vote(login(world.alice_user), evaluation, {members["bob"]: Grade.EXCELLENT, members["chen"]: Grade.QUALIFIED,
                                               members["liu"]: Grade.QUALIFIED})
    secretary = login(world.sec_a)
    assert 'id="paper-due">待录入 0 张' in secretary.get(
        reverse("evaluation_paper", args=[evaluation.pk])).content.decode()
    secretary.post(reverse("evaluation_action", args=[evaluation.pk]), {"action": "close"})
    response = secretary.get(reverse("evaluation_paper", args=[evaluation.pk]), follow=True)
    assert "投票已截止，不能再录入纸质选票" in response.content.decode()
    assert 'id="evaluation-paper"' not in response.content.decode()


def test_only_who_manages_the_evaluation_enters_paper_ballots(world, login, evaluation, members):
    row = P.objects.get(member=members["bob"])
    assert paper(login(world.alice_user), evaluation, {"action": "mark", "voters-voters": [row.pk]}).status_code == 403
    assert paper(login(world.sec_b), evaluation, {"action": "mark", "voters-voters": [row.pk]}).status_code == 404
    assert paper(login(world.leader), evaluation, {"action": "mark", "voters-voters": [row.pk]}).status_code == 403
    assert not P.objects.get(pk=row.pk).has_voted
