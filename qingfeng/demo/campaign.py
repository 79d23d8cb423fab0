"""The demo campaign: a living 学·查·改 ledger over the demo county, in every state.

Built once (detected by its title) from a fixed seed on top of `orgs.demo`. Records are
created as drafts and every status comes from the workflows, performed as the person who
may: the member submits, the branch secretary (or, for their own records and confidential
ones, the org admin or 纪检) reviews, 督查 does the 回头看. Only dates are backdated
afterwards, so the figures look like weeks of work; overdue is derived from due dates set
around today, so the supervision ladder has something to act on at every level.
"""

import datetime
import random
import struct
import zlib

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from qingfeng.campaigns.models import Campaign, Checklist, KeyTask, Phase
from qingfeng.campaigns.workflow import campaign_workflow
from qingfeng.demo import originality, vocabulary
from qingfeng.demo.orgs import DEMO_COMMITTEE_CODE, HIDDEN_ACCOUNT_PREFIX, refresh_statistics
from qingfeng.inspection.models import Commitment, InspectionAnswer, SelfInspection
from qingfeng.inspection.workflow import inspection_workflow
from qingfeng.ledger.models import Problem, Rectification
from qingfeng.ledger.supervision import run_escalation
from qingfeng.ledger.workflow import add_evidence, rectification_workflow
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member, Org, Role
from qingfeng.reports.models import SummaryText
from qingfeng.study.models import Attendance, Reflection, StudyActivity
from qingfeng.study.workflow import reflection_workflow

DEMO_CAMPAIGN_TITLE = "2026年作风建设专项整治（演示）"
DEMO_DRAFT_TITLE = "2027年主题教育（草稿，演示）"
SEED = 20261123
DAY = datetime.timedelta(days=1)
REASON = "演示数据"


def _png() -> bytes:
    """A 1×1 red PNG, so evidence downloads are real image files."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xcc\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def _checklist() -> Checklist:
    call_command("load_checklists", verbosity=0)
    return Checklist.objects.filter(code="zuofeng-example").order_by("-version").first()


def _secretaries() -> dict[int, object]:
    """Branch id -> the user who reviews there (its secretary, else the org admin)."""
    return {role.org_id: role.user for role in Role.objects.filter(kind=Role.Kind.SECRETARY)}


def _reviewer(reviewers, org_id, owner_user, fallback):
    """The branch's reviewer, unless the record is theirs: nobody reviews their own, so it goes up."""
    reviewer = reviewers.get(org_id)
    return fallback if reviewer is None or reviewer == owner_user else reviewer


def _release_member_accounts() -> None:
    """The hidden accounts (demo.orgs) only let the demo act through the workflows as each member. Afterwards
    the members are as the roster left them: without a login, but for the demo accounts. Unlinked without a
    history row: the member never had a login a person could use."""
    hidden = get_user_model().objects.filter(username__startswith=HIDDEN_ACCOUNT_PREFIX)
    Member.objects.filter(user__in=hidden).update(user=None)
    hidden.update(is_active=False)


def load_campaign_demo(stdout=None) -> bool:
    """Create the demo campaign unless it exists; True if it was created now."""
    if Campaign.objects.filter(title=DEMO_CAMPAIGN_TITLE).exists():
        return False
    committee = Org.objects.filter(code=DEMO_COMMITTEE_CODE).first()
    if committee is None:
        return False

    rng = random.Random(SEED)
    today = timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["zuzhibu", "dangyuan", "jijian", "ducha"])}
    admin = users["zuzhibu"]
    # Counted once at the end: the demo backdates timestamps and bulk-writes rows past the signals.
    with transaction.atomic(), tallies.suspended():
        campaign = _campaign(committee, admin, today)
        branches = list(Org.objects.filter(path__startswith=committee.path, kind=Org.Kind.BRANCH)
                        .order_by("path"))
        members = list(Member.objects.filter(org__in=branches, is_active=True).select_related("org", "user")
                       .order_by("org__path", "id"))
        reviewers = _secretaries()
        me = next(m for m in members if m.user_id == users["dangyuan"].pk)

        _study(campaign, branches, members, admin, today, rng)
        originality.load_library(DEMO_COMMITTEE_CODE)
        _reflections(campaign, members, reviewers, admin, me, rng)
        problems = _inspections(campaign, members, admin, me, rng)
        problems += _other_problems(campaign, branches, members, users, rng)
        _commitments(campaign, members, me, rng)
        count = _rectifications(campaign, problems, members, reviewers, admin, users, me, today, rng)
        problems.append(_unassigned_problem(campaign, branches, users))
        _summary_text(campaign, committee, admin)
        _release_member_accounts()
        _draft_campaign(committee, admin, today)
    if not tallies.is_suspended():  # else whoever suspended them counts at the end (load_demo)
        tallies.rebuild()

    _escalate(today)
    originality.check_pending()
    if stdout:
        stdout.write(f"已创建演示专项工作 (demo campaign created)：{len(problems)} 个问题，{count} 条整改措施\n")
    return True


def _summary_text(campaign, committee, admin) -> None:
    """The county's 总结报告 is written; every branch's is left empty, so its report shows the placeholders."""
    SummaryText.objects.create(
        campaign=campaign, org=committee, updated_by=admin, overview=vocabulary.SUMMARY_OVERVIEW,
        practices=vocabulary.SUMMARY_PRACTICES, shortcomings=vocabulary.SUMMARY_SHORTCOMINGS,
        next_steps=vocabulary.SUMMARY_NEXT_STEPS)


def _draft_campaign(committee, admin, today) -> Campaign:
    """A campaign still being prepared: only the 学 phase has dates and no 问题清单 is chosen, so its page
    lists what is missing before it may start. Only its launchers (zuzhibu) see it."""
    draft = Campaign(org=committee, title=DEMO_DRAFT_TITLE, kind=Campaign.Kind.THEME,
                     commitment_text=vocabulary.COMMITMENT + "（演示文本）", created_by=admin)
    draft._change_reason = REASON
    draft.save()
    Phase.objects.create(campaign=draft, kind="study", start=today + 70 * DAY, end=today + 90 * DAY)
    return draft


def _campaign(committee, admin, today) -> Campaign:
    campaign = Campaign(
        org=committee, title=DEMO_CAMPAIGN_TITLE, kind=Campaign.Kind.SPECIAL,
        checklist=_checklist(), commitment_text=vocabulary.COMMITMENT + "（演示文本）", remind_days_before=3,
        escalate_after_days=7, created_by=admin,
    )
    campaign._change_reason = REASON
    campaign.save()
    for kind, start, end in [("study", -60, -40), ("inspect", -39, -20), ("rectify", -19, 40), ("review", 41, 60)]:
        Phase.objects.create(campaign=campaign, kind=kind, start=today + start * DAY, end=today + end * DAY)
    for title in vocabulary.KEY_TASKS:
        KeyTask.objects.create(campaign=campaign, title=title, required=True)
    yizhong = Org.objects.get(code="QF-JY-02")
    KeyTask.objects.create(campaign=campaign, title="开展“师德师风”专题警示教育", required=False, org=yizhong)
    return campaign_workflow.perform(admin, campaign, "activate")


def _study(campaign, branches, members, admin, today, rng):
    by_branch: dict[int, list[Member]] = {}
    for m in members:
        by_branch.setdefault(m.org_id, []).append(m)
    for branch in branches:
        for kind, days in [(StudyActivity.Kind.GROUP_STUDY, 55), (StudyActivity.Kind.WARNING, 45)]:
            activity = StudyActivity.objects.create(
                campaign=campaign, org=branch, kind=kind, date=today - days * DAY,
                topic=vocabulary.STUDY_TOPICS[kind], summary=vocabulary.STUDY_SUMMARY, created_by=admin)
            Attendance.objects.bulk_create([
                _attendance(activity, m, rng.random(), rng) for m in by_branch.get(branch.pk, [])
            ])


def _attendance(activity, member, draw: float, rng) -> Attendance:
    """Nine in ten present; of the rest, most on leave with a reason, some absent."""
    if draw < 0.9:
        return Attendance(activity=activity, member=member, status=Attendance.Status.PRESENT)
    reason = rng.choice(vocabulary.ABSENCE_REASONS)
    if draw < 0.96:
        return Attendance(activity=activity, member=member, status=Attendance.Status.LEAVE, reason=reason)
    return Attendance(activity=activity, member=member, status=Attendance.Status.ABSENT)


def _reflections(campaign, members, reviewers, admin, me, rng):
    S = Reflection.Status
    # 查重: most write their own; `me` and a few others copy a 范文 of the county's library (flagged), and one
    # member copies the colleague before her (flagged, the source another member's reflection).
    copiers = {me.pk} | {m.pk for m in rng.sample(members, originality.COPIERS - 1)}
    copied = 0
    previous = None  # the last member who submitted a reflection of her own
    colleague_copied = False
    for m in members:
        if m is me:
            state = S.RETURNED
        elif rng.random() < 0.25:
            continue
        else:
            state = rng.choices([S.ACCEPTED, S.SUBMITTED, S.RETURNED, S.DRAFT], [50, 20, 10, 20])[0]
        if m.pk in copiers:
            body = originality.copied_reflection(copied)
            copied += 1
        elif (not colleague_copied and state != S.DRAFT and previous is not None and previous.org_id == m.org_id
              and previous is not me):
            body = "我认真学习了有关文件，结合自身谈几点体会。" + originality.own_reflection(previous.pk)
            colleague_copied = True
        else:
            body = originality.own_reflection(m.pk)
            if state != S.DRAFT:
                previous = m
        reflection = Reflection(
            campaign=campaign, member=m, org=m.org, title=vocabulary.REFLECTION_TITLE, body=body)
        reflection._change_reason = REASON
        reflection.save()
        if state == S.DRAFT:
            continue
        reflection = reflection_workflow.perform(m.user, reflection, "submit")
        reviewer = _reviewer(reviewers, m.org_id, m.user, admin)
        if state == S.ACCEPTED:
            reflection_workflow.perform(reviewer, reflection, "accept", vocabulary.REFLECTION_ACCEPTED)
        elif state == S.RETURNED:
            reflection_workflow.perform(reviewer, reflection, "return", vocabulary.REFLECTION_RETURNED)
    now = timezone.now()
    reflections = Reflection.objects.filter(campaign=campaign)
    reflections.exclude(submitted_at=None).update(submitted_at=now - 30 * DAY)
    reflections.exclude(reviewed_at=None).update(reviewed_at=now - 25 * DAY)


def _inspections(campaign, members, admin, me, rng) -> list[Problem]:
    """Members fill in and submit their self-inspections; the ledger turns each finding into a problem."""
    items = list(campaign.checklist.categories.all().prefetch_related("items"))
    all_items = [(c, i) for c in items for i in c.items.all()]
    dimensions = campaign.get_dimensions()
    for m in members:
        if m is me or rng.random() < 0.4:
            continue
        # Two members of a branch hand in the same 学习体会, 根源剖析 and 整改措施 (对照检查材料雷同).
        inspection = SelfInspection(campaign=campaign, member=m, org=m.org, **originality.own_sections(
            m.pk - 1 if m.pk % 11 == 1 and any(o.pk == m.pk - 1 for o in members if o.org_id == m.org_id) else m.pk))
        inspection._change_reason = REASON
        inspection.save()
        found = set(rng.sample(range(len(all_items)), k=rng.choice([1, 1, 2])))
        answers = []
        for index, (_category, item) in enumerate(all_items):
            answer = (rng.choice([InspectionAnswer.Answer.EXISTS, InspectionAnswer.Answer.PARTLY])
                      if index in found else InspectionAnswer.Answer.NOT_FOUND)
            dimension = rng.choice(dimensions) if index in found else ""
            description = vocabulary.finding(item.text) if index in found else ""
            example = originality.example(m.pk * 100 + index) if index in found else ""
            answers.append(InspectionAnswer(inspection=inspection, item=item, answer=answer,
                                            dimension=dimension, description=description, example=example))
        InspectionAnswer.objects.bulk_create(answers)
        inspection_workflow.perform(m.user, inspection, "submit")
    SelfInspection.objects.filter(campaign=campaign).exclude(submitted_at=None).update(
        submitted_at=timezone.now() - 22 * DAY)
    return list(Problem.objects.filter(campaign=campaign, source=Problem.Source.SELF).order_by("id"))


def _other_problems(campaign, branches, members, users, rng) -> list[Problem]:
    by_branch: dict[int, list[Member]] = {}
    for m in members:
        by_branch.setdefault(m.org_id, []).append(m)
    open_problems = [(source, text) for source, texts in vocabulary.PROBLEMS.items()
                     if source not in Problem.CONFIDENTIAL_SOURCES for text in texts]
    problems = []
    for branch in branches:
        source, text = rng.choice(open_problems)
        problems.append(Problem(campaign=campaign, org=branch, source=source, description=text,
                                dimension="工作作风", created_by=users["ducha"]))
    erzhong, weijian = Org.objects.get(code="QF-JY-03"), Org.objects.get(code="QF-WJ-02")
    problems.append(Problem(
        campaign=campaign, org=erzhong, member=by_branch[erzhong.pk][2], source=Problem.Source.PETITION,
        description="群众反映其在学生课外辅导中收取费用", dimension="工作作风",
        confidential_detail="举报人：匿名（来信编号 XF-2026-0413，演示）", created_by=users["jijian"]))
    problems.append(Problem(
        campaign=campaign, org=weijian, member=by_branch[weijian.pk][1], source=Problem.Source.DISCIPLINE,
        description=rng.choice(vocabulary.PROBLEMS[Problem.Source.DISCIPLINE]), dimension="工作作风",
        confidential_detail="案件线索编号 JJ-2026-027（演示）", created_by=users["jijian"]))
    for p in problems:
        p._change_reason = REASON
        p.save()
    return problems


def _unassigned_problem(campaign, branches, users) -> Problem:
    """Registered by 督查 just now: nobody has been given a measure yet (the list marks it 未制定整改措施)."""
    problem = Problem(campaign=campaign, org=branches[0], source=Problem.Source.SUPERIOR, dimension="工作作风",
                      description="主题党日活动形式单一，党员参与积极性不高", created_by=users["ducha"])
    problem._change_reason = REASON
    problem.save()
    return problem


def _commitments(campaign, members, me, rng):
    Commitment.objects.bulk_create([
        Commitment(campaign=campaign, member=m, org=m.org, text=campaign.commitment_text, signed_name=m.name,
                   signed_at=timezone.now() - rng.randint(20, 40) * DAY,
                   signed_by_id=m.user_id or campaign.created_by_id)
        for m in members if m is not me and rng.random() < 0.7
    ])


def _rectifications(campaign, problems, members, reviewers, admin, users, me, today, rng) -> int:
    S = Rectification.Status
    leaders: dict[int, Member] = {}
    by_branch: dict[int, list[Member]] = {}
    for m in members:
        by_branch.setdefault(m.org_id, []).append(m)
        if m.is_leading_cadre:
            leaders.setdefault(m.org_id, m)
    count = 0
    png = _png()
    for problem in problems:
        for _ in range(rng.choice([1, 1, 2])):
            owner = problem.member or rng.choice(by_branch[problem.org_id])
            state = rng.choices([S.ACCEPTED, S.SUBMITTED, S.IN_PROGRESS, S.RETURNED, S.OPEN],
                                [35, 15, 25, 5, 20])[0]
            due = today + rng.randint(-25, 40) * DAY
            if state == S.ACCEPTED:
                due = today - rng.randint(0, 15) * DAY
            # Confidential problems answer to 纪检 alone, their review included.
            if problem.source in Problem.CONFIDENTIAL_SOURCES:
                reviewer = users["jijian"]
            else:
                reviewer = _reviewer(reviewers, problem.org_id, owner.user, admin)
            _make_rectification(problem, owner, leaders.get(problem.org_id), due, state, reviewer, admin, png, rng)
            count += 1
    # 李晓梅 (dangyuan) has work to do: one item due in two days, one not yet started.
    mine = Problem.objects.create(
        campaign=campaign, org=me.org, member=me, source=Problem.Source.SUPERIOR, dimension="担当作为",
        description="作业批改反馈不够及时", created_by=admin)
    _make_rectification(mine, me, leaders.get(me.org_id), today + 2 * DAY, S.IN_PROGRESS, None, admin, png, rng)
    _make_rectification(mine, me, leaders.get(me.org_id), today + 20 * DAY, S.OPEN, None, admin, png, rng)
    # …and one accepted already, so her bell tells her so, with the 验收意见.
    _make_rectification(mine, me, leaders.get(me.org_id), today - 5 * DAY, S.ACCEPTED,
                        _reviewer(reviewers, me.org_id, me.user, admin), admin, png, rng)
    # 回头看: one accepted item confirmed, one reopened.
    accepted = list(Rectification.objects.filter(problem__campaign=campaign, status=S.ACCEPTED,
                                                 problem__source=Problem.Source.SELF).order_by("id")[:2])
    follow_ups = [("confirm", "回头看：整改成效巩固良好"), ("reopen", "回头看发现问题有反弹，重新整改")]
    for rectification, (action, reason) in zip(accepted, follow_ups, strict=False):
        rectification_workflow.perform(users["ducha"], rectification, action, reason)
    return count + 3


def _make_rectification(problem, owner, leader, due, state, reviewer, admin, png, rng):
    """Create the item and take it, as its owner and then its reviewer, to `state`."""
    S = Rectification.Status
    rectification = Rectification(
        problem=problem, org=problem.org, measure=rng.choice(vocabulary.MEASURES), owner=owner, leader=leader,
        due_date=due, kind=rng.choice(list(Rectification.Kind)), created_by=admin)
    rectification._change_reason = REASON
    rectification.save()
    if state == S.OPEN:
        return
    perform = rectification_workflow.perform
    rectification = perform(owner.user, rectification, "start")
    progress = vocabulary.PROGRESS_DONE if state == S.ACCEPTED else vocabulary.PROGRESS_STARTED
    rectification = perform(owner.user, rectification, "report", progress)
    if state == S.IN_PROGRESS:
        return
    add_evidence(owner.user, rectification, file=ContentFile(png, name="整改照片.png"),
                 content_type="image/png", note=f"{vocabulary.EVIDENCE_NOTE}及照片")
    rectification = perform(owner.user, rectification, "submit")
    if state == S.ACCEPTED:
        perform(reviewer, rectification, "accept", vocabulary.RECTIFICATION_ACCEPTED)
        Rectification.objects.filter(pk=rectification.pk).update(
            accepted_at=timezone.now() - rng.randint(1, 20) * DAY)
    elif state == S.RETURNED:
        perform(reviewer, rectification, "return", vocabulary.RECTIFICATION_RETURNED)


def _escalate(today):
    """Run the daily supervision job once, so 提醒/催办/督办/约谈 show from the start."""
    refresh_statistics()
    run_escalation(today)
