"""The demo's 提案 / 社情民意: a year of items (120, like the county's 118) in every state, so the office's list, the
units' pages, the public page and the figures (办结率, 按期答复率, 满意率, 年度考评) have something to show.

Taken in by 清风县委 (its org admin, zuzhibu) and handled by eight units of the tree (一中 and 二中 by their
secretaries, the others by the org admin, whom the permission rule finds walking up from a unit without a secretary
of its own): most closed and rated 满意 or 基本满意, some 不满意 after a 二次办理, some closed 未评价 by the job;
replies awaiting a rating, items being handled (four of them near or past their deadline, which the ladder has reminded,
urged, supervised and handed to 纪检 for a talk), one or two in a second round, items waiting to be taken in or
assigned, kept for reference, refused with a reason, merged into another. Some were submitted by the demo member
李晓梅 (`dangyuan`) from the app, so 我的提案 lists hers; the rest came from the public, and one of those awaiting a
rating opens with DEMO_TRACKING_CODE on the public page.

Every step goes through the services (so the workflow, the notifications and the history are what they would be);
the dates are then moved back to when each step happened over the year — the records' own timestamps and each
history row's date by the status it recorded — since the services stamp today. Built once (detected by any item of
the demo county), after the demo campaign and organization life.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from qingfeng.demo import vocabulary
from qingfeng.demo.orgs import DEMO_COMMITTEE_CODE
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Org, Role
from qingfeng.proposals import codes, counts, ladder, services
from qingfeng.proposals.models import Assignment, Category, Progress, Proposal, Rating, Reply
from qingfeng.proposals.workflow import CodeHolder

SEED = 20261202
DEMO_TRACKING_CODE = "QFDM2345RATE"  # shown as QFDM-2345-RATE: an item awaiting its rating, for anyone to try
S = Proposal.Status
R = Proposal.Rating
# The units that handle items (主办, 协办), by org code
UNITS = ["QF-JY-02", "QF-JY-03", "QF-JY", "QF-WJ", "QF-WJ-02", "QF-NY", "QF-ZF", "QF-NY-02"]
DEADLINE_DAYS = 30  # the time a unit is given, as the office sets it
# story, how many, submitted this many days ago (from, to); None: the story reckons back from today
PLAN = [
    ("satisfied", 52, (75, 365)), ("basic", 18, (75, 365)), ("closed_by_office", 2, (75, 300)),
    ("unrated", 5, (75, 300)), ("second_round_done", 4, (110, 330)), ("second_round_unsatisfied", 3, (110, 330)),
    ("second_round_open", 2, None), ("replied", 6, None), ("handling", 8, (5, 25)), ("overdue", 4, None),
    ("accepted", 3, (2, 6)), ("pending", 5, (0, 3)), ("reference", 3, (20, 300)), ("rejected", 3, (20, 300)),
    ("merged", 2, (20, 300)),
]
# The items being handled past (or near) their deadline, one for each step of the ladder (提醒, 催办, 督办 at M = 7
# days, 约谈 at 2M): (days from today to the deadline, lead unit)
OVERDUE = [(2, "QF-JY"), (-2, "QF-WJ-02"), (-10, "QF-JY-03"), (-20, "QF-JY-02")]
SUBMITTED_BY_MEMBER = {"satisfied": 2, "replied": 1, "handling": 1, "pending": 1}  # the first n of each: dangyuan's
DAY = datetime.timedelta(days=1)
BATCH = 50  # rows per bulk UPDATE


def load_proposals_demo(stdout=None) -> bool:
    """Create the demo items unless some exist; True if they were created now."""
    committee = Org.objects.filter(code=DEMO_COMMITTEE_CODE).first()
    if committee is None or Proposal.objects.filter(office=committee).exists():
        return False
    today = timezone.localdate()
    with transaction.atomic():
        demo = Demo(committee, today)
        demo.build()
        demo.backdate()
        expired = services.expire_unrated(today)  # the replies nobody rated in time, as the nightly job closes them
        demo.backdate_closing()
        demo.backdate_history()
    counts = ladder.run(today)  # the day's steps for the items near or past their deadline
    if stdout:
        stdout.write(f"已创建演示提案和社情民意 (demo proposals created)：{len(demo.items)} 件，"
                     f"{expired} 件逾期未评价自动办结，督办阶梯 {sum(counts.values()) - counts['notifications']} 步\n")
    return True


def tracking_hint() -> str:
    """The line the demo prints under its logins: a tracking code to try on the public page, while its item exists."""
    if services.find(DEMO_TRACKING_CODE) is None:
        return ""
    return (f"公开查询和评价 (track and rate an item, no login)：/proposals/track/ "
            f"查询码 {codes.shown(DEMO_TRACKING_CODE)}（已答复、待评价）\n")


@dataclass
class Item:
    """An item and when each of its steps happened (the services stamped them now)."""

    proposal: Proposal
    texts: tuple  # the unit's progress and its reply, from the item's vocabulary.PROPOSALS entry
    times: dict = field(default_factory=dict)  # step -> datetime: submitted, accepted, replied1, rated1, closed, …
    deadlines: dict = field(default_factory=dict)  # round -> the lead unit's deadline
    progress: list = field(default_factory=list)  # (Progress, datetime)
    done: list = field(default_factory=list)  # (co-unit Assignment, datetime its part was handed over)
    expires: bool = False  # left unrated, for the nightly job to close


class Demo:
    """Builds the items one story at a time, then moves their dates back to when each step happened."""

    def __init__(self, committee, today: datetime.date):
        self.rng = random.Random(SEED)
        self.today = today
        self.office = committee
        users = get_user_model().objects
        self.admin = users.get(username="zuzhibu")
        self.member = users.get(username="dangyuan")
        self.units = {org.code: org for org in Org.objects.filter(code__in=UNITS).order_by("path")}
        secretaries = {role.org_id: role.user for role in Role.objects.filter(kind=Role.Kind.SECRETARY)}
        # who handles for a unit: its secretary, else the org admin above (as the permission rule finds them)
        self.handler = {org.pk: secretaries.get(org.pk, self.admin) for org in self.units.values()}
        self.categories = {c.name: c for c in Category.objects.all()}
        self.items: list[Item] = []
        self.merge_targets: list[Item] = []

    def at(self, day: datetime.date) -> datetime.datetime:
        """A moment of office hours on `day`, never after now."""
        moment = datetime.datetime.combine(day, datetime.time(self.rng.randint(8, 17), self.rng.randint(0, 59)))
        return min(timezone.make_aware(moment), timezone.now())

    def ago(self, low: int, high: int) -> datetime.date:
        return self.today - self.rng.randint(low, high) * DAY

    def build(self) -> None:
        for story, count, ages in PLAN:
            for index in range(count):
                submitted = self.ago(*ages) if ages else None
                getattr(self, f"_{story}")(index < SUBMITTED_BY_MEMBER.get(story, 0), submitted, index)

    # ---- the steps, as people take them ----

    def submit(self, by_member: bool, day: datetime.date, story: tuple | None = None) -> Item:
        category, title, content, *texts = story or self.rng.choice(vocabulary.PROPOSALS)
        place = self.rng.choice(vocabulary.PLACES) + self.rng.choice(vocabulary.PLACES)
        phone = f"{self.rng.choice(vocabulary.PHONE_PREFIXES)}{self.rng.randint(0, 99999999):08d}"
        name = self.rng.choice(vocabulary.SURNAMES) + self.rng.choice(["先生", "女士"])
        proposal, _code = services.submit(
            office=self.office, kind=Proposal.Kind.PROPOSAL if by_member else Proposal.Kind.OPINION,
            title=title.format(place=place), content=content.format(place=place), category=self.categories[category],
            submitter_name="" if by_member else name,
            contact_phone="" if by_member else phone, user=self.member if by_member else None)
        item = Item(proposal, tuple(texts), times={"submitted": self.at(day)})
        self.items.append(item)
        return item

    def assign(self, item: Item, day: datetime.date, lead: str | None = None, deadline=None) -> None:
        lead_unit = self.units[lead or self.rng.choice(UNITS)]
        others = [unit for unit in self.units.values() if unit != lead_unit]
        co_units = [self.rng.choice(others)] if self.rng.random() < 0.3 else []
        deadline = deadline or day + DEADLINE_DAYS * DAY
        item.proposal = services.assign(self.admin, item.proposal, lead_unit=lead_unit, co_units=co_units,
                                        deadline=deadline, note="请认真办理，按时答复提交人。")
        item.times["accepted"] = item.times["assigned"] = self.at(day)
        item.deadlines[1] = deadline

    def work(self, item: Item, start: datetime.date, until: datetime.date, co_units_finish: bool = True) -> None:
        """Progress between `start` and `until` from each unit still at it: the lead unit's (public, mostly) and
        each co-unit's part (handed to the lead unit, if `co_units_finish`)."""
        span = max((until - start).days, 1)
        for assignment in item.proposal.assignments.filter(done_at__isnull=True).select_related("unit"):
            when = self.at(start + self.rng.randint(1, span) * DAY)
            handler = self.handler[assignment.unit_id]
            text = item.texts[0] if assignment.lead else f"协办意见：{assignment.unit.name}已按分工完成相关工作。"
            entry = services.post_progress(handler, assignment, text, public=self.rng.random() < 0.7)
            item.progress.append((entry, when))
            if not assignment.lead and co_units_finish:
                services.finish_part(handler, assignment)
                item.done.append((assignment, when))

    def reply(self, item: Item, start: datetime.date, day: datetime.date) -> None:
        self.work(item, start, day)
        lead = item.proposal.assignments.get(lead=True)
        text = item.texts[1] if item.proposal.round == 1 else "经再次办理，" + item.texts[1]
        item.proposal = services.reply(self.handler[lead.unit_id], item.proposal, text)
        item.times[f"replied{item.proposal.round}"] = self.at(day)

    def rate(self, item: Item, day: datetime.date, value: str) -> None:
        actor = item.proposal.submitted_by or CodeHolder(item.proposal.pk)
        before = item.proposal.round
        item.proposal = services.rate(actor, item.proposal, value, self.rng.choice(vocabulary.PROPOSAL_OPINIONS[value]))
        item.times[f"rated{before}"] = self.at(day)
        if item.proposal.round > before:  # 二次办理: the lead unit's new deadline runs from that day
            item.deadlines[item.proposal.round] = day + services.SECOND_ROUND_DAYS * DAY

    def handled(self, item: Item, submitted: datetime.date, values: list[str]) -> None:
        """Taken in and assigned within three days, answered each round (nine in ten in time, the rest up to a week
        late) and rated in turn with `values` ('' leaves the last reply unrated)."""
        day = submitted + self.rng.randint(1, 3) * DAY
        self.assign(item, day)
        for value in values:
            deadline = item.deadlines[item.proposal.round]
            answered = (deadline + self.rng.randint(1, 7) * DAY if self.rng.random() < 0.1
                        else min(deadline, day + self.rng.randint(8, 25) * DAY))
            self.reply(item, day, answered)
            if not value:
                return
            day = answered + self.rng.randint(1, 8) * DAY
            self.rate(item, day, value)

    # ---- the stories: (submitted by the demo member?, submitted on, index within the story) ----

    def _satisfied(self, by_member, submitted, index, value=R.SATISFIED) -> None:
        item = self.submit(by_member, submitted)
        self.handled(item, submitted, [value])
        item.times["closed"] = item.times["rated1"]
        if index % 3 == 0:  # 公开答复
            services.set_published(self.admin, item.proposal, True)
        if not by_member:
            self.merge_targets.append(item)

    def _basic(self, by_member, submitted, index) -> None:
        self._satisfied(by_member, submitted, index, R.BASIC)

    def _closed_by_office(self, by_member, submitted, index) -> None:
        """Called back a week after the reply, the submitter was content but never rated: the office closed it."""
        item = self.submit(by_member, submitted)
        self.handled(item, submitted, [""])
        item.proposal = services.act(self.admin, item.proposal, "close", "已电话回访，提交人表示认可")
        item.times["closed"] = self.at(item.times["replied1"].date() + 7 * DAY)

    def _unrated(self, by_member, submitted, index) -> None:
        item = self.submit(by_member, submitted)
        self.handled(item, submitted, [""])
        item.expires = True

    def _second_round_done(self, by_member, submitted, index) -> None:
        item = self.submit(by_member, submitted)
        self.handled(item, submitted, [R.UNSATISFIED, R.SATISFIED if index % 2 else R.BASIC])
        item.times["closed"] = item.times["rated2"]
        services.set_published(self.admin, item.proposal, True)

    def _second_round_unsatisfied(self, by_member, submitted, index) -> None:
        item = self.submit(by_member, submitted)
        self.handled(item, submitted, [R.UNSATISFIED, R.UNSATISFIED])
        item.times["closed"] = item.times["rated2"]

    def _second_round_open(self, by_member, submitted, index) -> None:
        """Rated 不满意 a few days ago: the lead unit is at it again, its new deadline ahead."""
        rated = self.ago(2, 6)
        answered = rated - self.rng.randint(1, 5) * DAY
        submitted = answered - self.rng.randint(15, 25) * DAY
        item = self.submit(by_member, submitted)
        self.assign(item, submitted + DAY)
        self.reply(item, submitted + DAY, answered)
        self.rate(item, rated, R.UNSATISFIED)
        self.work(item, rated, self.today)

    def _replied(self, by_member, submitted, index) -> None:
        """Answered within the rating days: the submitter may still rate it (one of them is DEMO_TRACKING_CODE's)."""
        answered = self.ago(1, settings.PROPOSAL_RATING_DAYS - 3)
        submitted = answered - self.rng.randint(12, 25) * DAY
        item = self.submit(by_member, submitted)
        self.assign(item, submitted + DAY)
        self.reply(item, submitted + DAY, answered)
        if not by_member and not any(i.proposal.code_digest == codes.code_digest(DEMO_TRACKING_CODE)
                                     for i in self.items):
            item.proposal.code_digest = codes.code_digest(DEMO_TRACKING_CODE)
            Proposal.objects.filter(pk=item.proposal.pk).update(code_digest=item.proposal.code_digest)

    def _handling(self, by_member, submitted, index) -> None:
        item = self.submit(by_member, submitted)
        self.assign(item, submitted + self.rng.randint(1, 3) * DAY)
        self.work(item, item.times["assigned"].date(), self.today, co_units_finish=index % 2 == 0)

    def _overdue(self, by_member, submitted, index) -> None:
        days, unit = OVERDUE[index]
        deadline = self.today + days * DAY
        submitted = deadline - (DEADLINE_DAYS + 2) * DAY
        item = self.submit(by_member, submitted)
        self.assign(item, submitted + 2 * DAY, unit, deadline)
        self.work(item, submitted + 2 * DAY, min(deadline, self.today), co_units_finish=False)

    def _accepted(self, by_member, submitted, index) -> None:
        item = self.submit(by_member, submitted)
        item.proposal = services.act(self.admin, item.proposal, "accept")
        item.times["accepted"] = self.at(submitted + DAY)

    def _pending(self, by_member, submitted, index) -> None:
        self.submit(by_member, submitted)

    def _reference(self, by_member, submitted, index) -> None:
        item = self.submit(by_member, submitted)
        item.proposal = services.act(self.admin, item.proposal, "refer", vocabulary.PROPOSAL_REFER_REASON)
        item.times["decided"] = self.at(submitted + self.rng.randint(2, 6) * DAY)

    def _rejected(self, by_member, submitted, index) -> None:
        item = self.submit(by_member, submitted)
        reason = vocabulary.PROPOSAL_REJECT_REASONS[index % len(vocabulary.PROPOSAL_REJECT_REASONS)]
        item.proposal = services.act(self.admin, item.proposal, "reject", reason)
        item.times["decided"] = self.at(submitted + self.rng.randint(1, 4) * DAY)

    def _merged(self, by_member, submitted, index) -> None:
        """The same matter as an earlier item (of the same kind of story), merged into it."""
        earlier = [i for i in self.merge_targets if i.times["submitted"].date() < submitted] or self.merge_targets
        target = self.rng.choice(earlier)
        item = self.submit(by_member, submitted, next(s for s in vocabulary.PROPOSALS if s[3] == target.texts[0]))
        item.proposal = services.merge(self.admin, item.proposal, target.proposal,
                                       f"与{target.proposal.number}反映的问题相同，合并办理")
        item.times["decided"] = self.at(submitted + DAY)

    # ---- when it happened ----

    def backdate(self) -> None:
        """Each record's own dates, as the steps happened (the services stamped now)."""
        proposals, assignments, progress, replies, ratings = [], [], [], [], []
        assignments_of = _by_proposal(Assignment.objects.filter(proposal__in=[i.proposal for i in self.items]))
        replies_of = _by_proposal(Reply.objects.filter(proposal__in=[i.proposal for i in self.items]))
        ratings_of = _by_proposal(Rating.objects.filter(proposal__in=[i.proposal for i in self.items]))
        fresh = Proposal.objects.in_bulk([i.proposal.pk for i in self.items])

        def kept() -> set:  # where the items and their replies count: before the dates move, and after
            return ({mark for p in fresh.values() for mark in counts.proposal_marks(p)}
                    | {mark for rows in replies_of.values() for reply in rows
                       for mark in counts.reply_marks(reply, fresh[reply.proposal_id])})

        marks = kept()
        for item in self.items:
            p, times = fresh[item.proposal.pk], item.times
            p.submitted_at = times["submitted"]
            p.accepted_at = times.get("accepted", p.accepted_at)
            p.assigned_at = times.get("assigned", p.assigned_at)
            if p.deadline:
                p.deadline = item.deadlines[p.round]
            if p.replied_at:
                p.replied_at = times[f"replied{p.round}"]
                p.replied_on_time = timezone.localdate(p.replied_at) <= p.deadline
            if p.rated_at:
                p.rated_at = times[f"rated{max(r for r in item.deadlines if f'rated{r}' in times)}"]
            p.closed_at = times.get("closed", p.closed_at)
            proposals.append(p)
            for assignment in assignments_of.get(p.pk, []):
                assignment.created_at = times["assigned"]
                if assignment.lead:
                    assignment.deadline = p.deadline
                    if assignment.done_at:
                        assignment.done_at = times[f"replied{p.round}"]
                assignments.append(assignment)
            for reply in replies_of.get(p.pk, []):
                reply.created_at = times[f"replied{reply.round}"]
                replies.append(reply)
            for rating in ratings_of.get(p.pk, []):
                rating.created_at = times[f"rated{rating.round}"]
                ratings.append(rating)
            for entry, when in item.progress:
                entry.created_at = when
                progress.append(entry)
        done = {a.pk: when for item in self.items for a, when in item.done}
        for assignment in assignments:
            assignment.done_at = done.get(assignment.pk, assignment.done_at)
        # small batches: SQLite's time for one UPDATE … CASE grows with the square of its rows
        Proposal.objects.bulk_update(proposals, ["submitted_at", "accepted_at", "assigned_at", "deadline",
                                                 "replied_at", "replied_on_time", "rated_at", "closed_at"],
                                     batch_size=BATCH)
        Assignment.objects.bulk_update(assignments, ["created_at", "deadline", "done_at"], batch_size=BATCH)
        for model, rows in [(Progress, progress), (Reply, replies), (Rating, ratings)]:
            model.objects.bulk_update(rows, ["created_at"], batch_size=BATCH)
        tallies.touch_many(marks | kept())  # bulk updates send no signal

    def backdate_closing(self) -> None:
        """The replies the job closed unrated: closed the day after their rating days ran out."""
        for item in self.items:
            if item.expires:
                item.times["closed"] = self.at(item.times["replied1"].date()
                                               + (settings.PROPOSAL_RATING_DAYS + 1) * DAY)
                Proposal.objects.filter(pk=item.proposal.pk).update(closed_at=item.times["closed"])

    def backdate_history(self) -> None:
        """Each history row dated by the step it recorded: its status (and round) names the step."""
        times = {item.proposal.pk: item.times for item in self.items}
        rows = list(Proposal.history.filter(id__in=times).order_by("history_id"))
        for row in rows:
            when = times[row.id]
            step = {S.PENDING: "submitted", S.ACCEPTED: "accepted", S.REPLIED: f"replied{row.round}",
                    S.CLOSED: "closed", S.HANDLING: "assigned" if row.round == 1 else "rated1"}
            row.history_date = when.get(step.get(row.status, "decided"), row.history_date)
        Proposal.history.model.objects.bulk_update(rows, ["history_date"], batch_size=BATCH)


def _by_proposal(queryset) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in queryset.order_by("pk"):
        grouped.setdefault(row.proposal_id, []).append(row)
    return grouped
