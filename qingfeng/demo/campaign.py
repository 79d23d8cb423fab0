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
from qingfeng.demo.orgs import DEMO_COMMITTEE_CODE, HIDDEN_ACCOUNT_PREFIX
from qingfeng.inspection.models import Commitment, InspectionAnswer, SelfInspection
from qingfeng.inspection.workflow import inspection_workflow
from qingfeng.ledger.models import Problem, Rectification
from qingfeng.ledger.supervision import run_escalation
from qingfeng.ledger.workflow import add_evidence, rectification_workflow
from qingfeng.orgs.models import Member, Org, Role
from qingfeng.study.models import Attendance, Reflection, StudyActivity
from qingfeng.study.workflow import reflection_workflow

DEMO_CAMPAIGN_TITLE = "2026年作风建设专项整治（演示）"
SEED = 20261123
DAY = datetime.timedelta(days=1)
REASON = "演示数据"

COMMITMENT = (
    "本人郑重承诺：坚决贯彻落实中央八项规定及其实施细则精神，"
    "不违规收送礼品礼金，不违规吃喝，不搞形式主义、官僚主义，"
    "自觉接受组织和群众监督。（演示文本）"
)
OPENINGS = ["通过这次集中学习，", "参加专题研讨后，", "认真学习有关文件精神，", "结合本职工作反思，"]
MIDDLES = [
    "我深刻认识到作风建设永远在路上，",
    "我体会到联系群众、服务群众是做好工作的根本，",
    "我认识到自己在工作标准上还有差距，",
    "我更加明白了守纪律、讲规矩的重要性，",
]
ENDINGS = [
    "今后要把学习成果转化为改进工作的实际行动。",
    "我将对照问题清单逐项查摆，立行立改。",
    "要从小事做起，从自身做起，时时处处严格要求自己。",
    "在教学和管理中坚持以学生为本，多办实事。",
]
MEASURES = [
    "制定个人学习计划，每周集中学习一次并记录",
    "建立工作台账，逐项明确完成时限",
    "深入基层走访，每月不少于两次并形成记录",
    "精简会议文件，合并同类会议",
    "公开办事流程和时限，接受群众监督",
    "开展谈心谈话，听取群众意见并反馈",
]
OTHER_PROBLEMS = [
    ("superior", "调查研究不够深入，了解基层情况多靠听汇报"),
    ("criticism", "批评与自我批评开展不够经常，存在“好人主义”"),
    ("public", "办事流程繁琐，群众反映跑腿次数多"),
    ("inspection_tour", "会议多、文件多，部分会议内容重复"),
]


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
    with transaction.atomic():
        campaign = _campaign(committee, admin, today)
        branches = list(Org.objects.filter(path__startswith=committee.path, kind=Org.Kind.BRANCH)
                        .order_by("path"))
        members = list(Member.objects.filter(org__in=branches, is_active=True).select_related("org", "user")
                       .order_by("org__path", "id"))
        reviewers = _secretaries()
        me = next(m for m in members if m.user_id == users["dangyuan"].pk)

        _study(campaign, branches, members, admin, today, rng)
        _reflections(campaign, members, reviewers, admin, me, rng)
        problems = _inspections(campaign, members, admin, me, rng)
        problems += _other_problems(campaign, branches, members, users, rng)
        _commitments(campaign, members, me, rng)
        count = _rectifications(campaign, problems, members, reviewers, admin, users, me, today, rng)
        _release_member_accounts()

    _escalate(today)
    if stdout:
        stdout.write(f"已创建演示专项工作 (demo campaign created)：{len(problems)} 个问题，{count} 条整改措施\n")
    return True


def _campaign(committee, admin, today) -> Campaign:
    campaign = Campaign(
        org=committee, title=DEMO_CAMPAIGN_TITLE, kind=Campaign.Kind.SPECIAL,
        checklist=_checklist(), commitment_text=COMMITMENT, remind_days_before=3, escalate_after_days=7,
        created_by=admin,
    )
    campaign._change_reason = REASON
    campaign.save()
    for kind, start, end in [("study", -60, -40), ("inspect", -39, -20), ("rectify", -19, 40), ("review", 41, 60)]:
        Phase.objects.create(campaign=campaign, kind=kind, start=today + start * DAY, end=today + end * DAY)
    for title in ["开展集中学习和专题研讨", "逐人对照问题清单查摆", "建立整改台账并逐项销号"]:
        KeyTask.objects.create(campaign=campaign, title=title, required=True)
    yizhong = Org.objects.get(code="QF-JY-02")
    KeyTask.objects.create(campaign=campaign, title="开展“师德师风”专题警示教育", required=False, org=yizhong)
    return campaign_workflow.perform(admin, campaign, "activate")


def _study(campaign, branches, members, admin, today, rng):
    by_branch: dict[int, list[Member]] = {}
    for m in members:
        by_branch.setdefault(m.org_id, []).append(m)
    for branch in branches:
        for kind, days, topic in [
            (StudyActivity.Kind.GROUP_STUDY, 55, "学习中央八项规定及其实施细则精神"),
            (StudyActivity.Kind.WARNING, 45, "观看警示教育片并开展讨论"),
        ]:
            activity = StudyActivity.objects.create(
                campaign=campaign, org=branch, kind=kind, date=today - days * DAY, topic=topic,
                summary="支部书记领学，党员逐一交流发言。", created_by=admin)
            Attendance.objects.bulk_create([
                Attendance(activity=activity, member=m, present=(present := rng.random() < 0.9),
                           absence_reason="" if present else rng.choice(["出差", "病假", "外出培训"]))
                for m in by_branch.get(branch.pk, [])
            ])


def _reflections(campaign, members, reviewers, admin, me, rng):
    S = Reflection.Status
    for m in members:
        if m is me:
            state = S.RETURNED
        elif rng.random() < 0.25:
            continue
        else:
            state = rng.choices([S.ACCEPTED, S.SUBMITTED, S.RETURNED, S.DRAFT], [50, 20, 10, 20])[0]
        reflection = Reflection(
            campaign=campaign, member=m, org=m.org, title="学习心得体会",
            body=rng.choice(OPENINGS) + rng.choice(MIDDLES) + rng.choice(ENDINGS))
        reflection._change_reason = REASON
        reflection.save()
        if state == S.DRAFT:
            continue
        reflection = reflection_workflow.perform(m.user, reflection, "submit")
        reviewer = _reviewer(reviewers, m.org_id, m.user, admin)
        if state == S.ACCEPTED:
            reflection_workflow.perform(reviewer, reflection, "accept", "认识较深刻，同意。")
        elif state == S.RETURNED:
            reflection_workflow.perform(reviewer, reflection, "return", "联系自身实际不够，请结合具体事例修改。")
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
        inspection = SelfInspection(
            campaign=campaign, member=m, org=m.org,
            study_summary="通过学习，进一步提高了思想认识。",
            root_cause="理论学习不够深入，宗旨意识有所淡化，自我要求有所放松。",
            measures_summary="加强学习，改进作风，逐项整改。")
        inspection._change_reason = REASON
        inspection.save()
        found = set(rng.sample(range(len(all_items)), k=rng.choice([1, 1, 2])))
        answers = []
        for index, (_category, item) in enumerate(all_items):
            answer = (rng.choice([InspectionAnswer.Answer.EXISTS, InspectionAnswer.Answer.PARTLY])
                      if index in found else InspectionAnswer.Answer.NOT_FOUND)
            dimension = rng.choice(dimensions) if index in found else ""
            description = f"对照“{item.text[:20]}”，自身存在一定差距" if index in found else ""
            example = "比如：有时满足于完成任务，主动作为不够。" if index in found else ""
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
    problems = []
    for branch in branches:
        source, text = rng.choice(OTHER_PROBLEMS)
        problems.append(Problem(campaign=campaign, org=branch, source=source, description=text,
                                dimension="工作作风", created_by=users["ducha"]))
    erzhong, weijian = Org.objects.get(code="QF-JY-03"), Org.objects.get(code="QF-WJ-02")
    problems.append(Problem(
        campaign=campaign, org=erzhong, member=by_branch[erzhong.pk][2], source=Problem.Source.PETITION,
        description="群众反映其在学生课外辅导中收取费用", dimension="工作作风",
        confidential_detail="举报人：匿名（来信编号 XF-2026-0413，演示）", created_by=users["jijian"]))
    problems.append(Problem(
        campaign=campaign, org=weijian, member=by_branch[weijian.pk][1], source=Problem.Source.DISCIPLINE,
        description="违规接受服务对象宴请", dimension="工作作风",
        confidential_detail="案件线索编号 JJ-2026-027（演示）", created_by=users["jijian"]))
    for p in problems:
        p._change_reason = REASON
        p.save()
    return problems


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
    # 回头看: one accepted item confirmed, one reopened.
    accepted = list(Rectification.objects.filter(problem__campaign=campaign, status=S.ACCEPTED,
                                                 problem__source=Problem.Source.SELF).order_by("id")[:2])
    follow_ups = [("confirm", "回头看：整改成效巩固良好"), ("reopen", "回头看发现问题有反弹，重新整改")]
    for rectification, (action, reason) in zip(accepted, follow_ups, strict=False):
        rectification_workflow.perform(users["ducha"], rectification, action, reason)
    return count + 2


def _make_rectification(problem, owner, leader, due, state, reviewer, admin, png, rng):
    """Create the item and take it, as its owner and then its reviewer, to `state`."""
    S = Rectification.Status
    rectification = Rectification(
        problem=problem, org=problem.org, measure=rng.choice(MEASURES), owner=owner, leader=leader,
        due_date=due, kind=rng.choice(list(Rectification.Kind)), created_by=admin)
    rectification._change_reason = REASON
    rectification.save()
    if state == S.OPEN:
        return
    perform = rectification_workflow.perform
    rectification = perform(owner.user, rectification, "start")
    progress = "已按计划完成整改。" if state == S.ACCEPTED else "已制定计划，正在逐项落实。"
    rectification = perform(owner.user, rectification, "report", progress)
    if state == S.IN_PROGRESS:
        return
    add_evidence(owner.user, rectification, file=ContentFile(png, name="整改照片.png"),
                 content_type="image/png", note="整改落实情况说明及照片")
    rectification = perform(owner.user, rectification, "submit")
    if state == S.ACCEPTED:
        perform(reviewer, rectification, "accept", "整改到位，同意销号。")
        Rectification.objects.filter(pk=rectification.pk).update(
            accepted_at=timezone.now() - rng.randint(1, 20) * DAY)
    elif state == S.RETURNED:
        perform(reviewer, rectification, "return", "佐证材料不充分，请补充会议记录。")


def _escalate(today):
    """Run the daily supervision job once, so 提醒/催办/督办/约谈 show from the start."""
    run_escalation(today)
