"""`qingfeng synth`: a synthetic region of a given size, for benchmarks and load tests.

One new top-level committee (code `SYN<n>`, n the next free number) with ~members/2000
sub-committees and general branches, branches of 15–60 members, one to three groups per
branch; invented members; one active campaign over the committee with the shipped example
checklist; study activities with attendance, reflections, self-inspections, commitments,
~2 problems per member (mostly self-found against a checklist item, a few % from other
sources, ~1 % confidential), ~1.5 rectifications per problem with a realistic status mix
and due dates spread ±90 days around today, note-only evidence for submitted and accepted
items, and the supervision steps the daily job would have taken for overdue items.
Unless `orglife=False`: this year's organization life up to last month, per branch (`_meetings`):
the meetings the 条例 asks for, held and recorded with each invitee's attendance, some branches
missing some, a few below quorum, so the compliance grid has red cells.

Speed comes from writing rows directly: tree paths (treebeard MP: steplen 4, base 36) and
primary keys are computed in memory, then rows go in with COPY on PostgreSQL and
`executemany` on SQLite, a chunk of branches at a time, in one transaction.
Synthetic data has no django-simple-history rows (only the committee and the campaign,
created through the ORM, have one each). Writers are kept out by table locks on PostgreSQL
and by SQLite's single writer; run it on a database you can spare.
"""

import contextlib
import datetime
import decimal
import io
import random
import time
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from qingfeng.campaigns.models import Campaign, Checklist, ChecklistItem, KeyTask, Phase
from qingfeng.demo import vocabulary
from qingfeng.demo.orglife import DECISIONS, GROUP_MEETING, MINUTES, NOTICE, branch_meetings
from qingfeng.inspection.models import Commitment, InspectionAnswer, SelfInspection
from qingfeng.ledger.models import Evidence, Problem, Rectification, Supervision
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member, Org, Role, Tally
from qingfeng.orgs.pinyin import sort_key
from qingfeng.study.models import Attendance, Reflection, StudyActivity

PREFIX = "SYN"
DAY = datetime.timedelta(days=1)
CHUNK_MEMBERS = 20_000  # rows are generated and written a chunk of branches at a time

OTHER_SOURCES = [  # (source, weight in ‰ of all problems); the rest are self-found
    (Problem.Source.SUPERIOR, 25),
    (Problem.Source.CRITICISM, 15),
    (Problem.Source.PUBLIC, 15),
    (Problem.Source.INSPECTION_TOUR, 15),
    (Problem.Source.PETITION, 5),
    (Problem.Source.DISCIPLINE, 5),
]
SYNTHETIC = "（合成数据）"  # marks invented texts
# The first members of each branch make up its 支委 (the first is the secretary): three, four from 30 members,
# five from 45 (committee_size).
COMMITTEE_POSTS = [Member.CommitteePost.SECRETARY, Member.CommitteePost.ORGANIZATION, Member.CommitteePost.PROPAGANDA,
                   Member.CommitteePost.DISCIPLINE, Member.CommitteePost.DEPUTY]
NEGLIGENT_BRANCHES = 0.12  # of branches: skip one to three of the year's meetings (red cells in the grid)
BELOW_QUORUM = 0.004  # of 支委会 and 党员大会: recorded with exactly half of those counted there
A = MeetingAttendance.Status
MEETING_AGENDA = "一、学习有关文件\n二、讨论\n三、书记小结"
R = Rectification.Status
STATUS_WEIGHTS = [(R.ACCEPTED, 45), (R.IN_PROGRESS, 25), (R.OPEN, 15), (R.SUBMITTED, 10), (R.RETURNED, 5)]


class RowWriter:
    """Writes tuples of field values into a model's table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self):
        connection.ensure_connection()
        self.postgres = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def next_id(self, model) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")
            return cursor.fetchone()[0] + 1

    def lock(self, models: Iterable) -> None:
        """Keep other writers out of the tables whose ids we hand out ourselves (PostgreSQL)."""
        if self.postgres:
            tables = ", ".join(m._meta.db_table for m in models)
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")

    @contextlib.contextmanager
    def foreign_keys_checked_at_end(self, models: Iterable):
        """PostgreSQL: drop the tables' foreign keys for the load and add them back (validated) after.

        Checking each row's keys at commit costs about twice the COPY itself; adding a
        constraint back validates the whole table with one join instead (PostgreSQL docs,
        "Populating a Database"). Inside the transaction, so nobody sees the tables without them.
        """
        if not self.postgres:
            yield
            return
        tables = [m._meta.db_table for m in models]
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # check the ORM's rows now: no pending events
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)", [tables])
            constraints = cursor.fetchall()
            for table, name, _definition in constraints:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        yield
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for table, name, definition in constraints:
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        self.seconds["(foreign keys added back)"] = time.perf_counter() - started

    def write(self, model, fields: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        started = time.perf_counter()
        table = model._meta.db_table
        columns = [model._meta.get_field(f).column for f in fields]
        if self.postgres:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            datetimes = [i for i, f in enumerate(fields)
                         if model._meta.get_field(f).get_internal_type() == "DateTimeField"]
            if datetimes:
                rows = [_naive(row, datetimes) for row in rows]
            marks = ", ".join("?" * len(columns))
            connection.connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        name = model._meta.label
        self.counts[name] = self.counts.get(name, 0) + len(rows)
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

    def analyze(self, models: Iterable) -> None:
        """PostgreSQL: refresh the planner's statistics of the tables just written, inside the transaction (ANALYZE
        samples the rows this transaction wrote as live). Without it the queries that read them next (the count of
        the region) are planned for the tables as they were, empty in a new database: twice as slow. A small sample
        (3,000 rows a table, not 30,000) plans them as well, in a tenth of the time (0.15 s instead of 1.4 at
        100,000 members); autovacuum takes the full one after the commit. The columns are named, which leaves out
        the statistics of an index's expression: the 责任人 name index keeps a thousand buckets (migration
        ledger 0005), 2 s of sampling at 500,000 members, and no count reads it."""
        if self.postgres:
            quote = connection.ops.quote_name
            columns = {m: ", ".join(quote(f.column) for f in m._meta.concrete_fields if f.column) for m in models}
            tables = ", ".join(f"{quote(m._meta.db_table)} ({columns[m]})" for m in models)
            with tallies.setting("default_statistics_target", "10"), connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {tables}")

    def reset_sequences(self, models) -> None:
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
                cursor.execute(sql)


def _naive(row: tuple, datetimes: list[int]) -> tuple:
    """SQLite stores datetimes as naive UTC text, as Django's backend does."""
    row = list(row)
    for i in datetimes:
        if row[i] is not None:
            row[i] = row[i].replace(tzinfo=None).isoformat(" ")
    return tuple(row)


def next_region_number() -> int:
    codes = Org.objects.filter(depth=1, code__startswith=PREFIX).values_list("code", flat=True)
    numbers = [int(c[len(PREFIX):]) for c in codes if c[len(PREFIX):].isdigit()]
    return max(numbers, default=0) + 1


def branch_sizes(members: int, rng: random.Random) -> list[int]:
    sizes, total = [], 0
    while total < members:
        size = min(rng.randint(15, 60), members - total)
        sizes.append(size)
        total += size
    return sizes


class Synth:
    """Builds one region; `run()` returns the committee. Row counts and seconds per table in `writer`."""

    BULK_MODELS = [Org, Member, StudyActivity, Attendance, Reflection, SelfInspection, InspectionAnswer,
                   Commitment, Problem, Rectification, Evidence, Supervision, Meeting, MeetingAttendance]
    COUNTED_MODELS = [m for m in BULK_MODELS if m not in (InspectionAnswer, Evidence, Supervision)]  # what counts read

    def __init__(self, members: int, seed: int = 1, campaign_title: str = "",
                 rectifications_per_member: float = 3.0, orglife: bool = True,
                 log: Callable[[str], None] = lambda s: None):
        if members < 1:
            raise ValueError("members must be at least 1")
        self.members = members
        self.rng = random.Random(seed)
        self.seed = seed
        self.campaign_title = campaign_title
        self.rect_per_problem = rectifications_per_member / 2  # ~2 problems per member
        self.orglife = orglife
        # Organization life draws from its own generator: the other records are the same with or without it.
        self.life_rng = random.Random(f"{seed}-orglife")
        self.log = log
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.schedule = self._schedule()

    def run(self) -> Org:
        started = time.perf_counter()
        with transaction.atomic():
            self.writer = RowWriter()
            self.writer.lock(self.BULK_MODELS)
            self.number = next_region_number()
            self.code = f"{PREFIX}{self.number}"
            self.ids = {m: self.writer.next_id(m) for m in self.BULK_MODELS if m is not Org}
            self._users_and_committee()
            self._campaign()
            with self.writer.foreign_keys_checked_at_end([*self.BULK_MODELS, Tally]):
                self._orgs()
                self._people_and_work()
                counting = time.perf_counter()
                if not tallies.is_suspended():  # the rows were written in bulk, past the signals: count them all
                    self.writer.analyze(self.COUNTED_MODELS)
                    self.tally_rows = tallies.fill(self.committee)
                self.tally_seconds = time.perf_counter() - counting
            self.writer.reset_sequences(self.BULK_MODELS)
            commit_started = time.perf_counter()
        self.commit_seconds = time.perf_counter() - commit_started
        self.elapsed = time.perf_counter() - started
        return self.committee

    # ---- the small parts, through the ORM -------------------------------------------------

    def _users_and_committee(self):
        self.committee = Org.create(None, code=self.code, name=f"合成{self.number}区委{SYNTHETIC}",
                                    kind=Org.Kind.COMMITTEE)
        User = get_user_model()
        self.users = {}
        for kind in [Role.Kind.ORG_ADMIN, Role.Kind.DISCIPLINE, Role.Kind.INSPECTOR]:
            user = User.objects.create_user(f"{self.code.lower()}-{kind.replace('_', '')}")
            Role.objects.create(user=user, org=self.committee, kind=kind)
            self.users[kind] = user
        self.admin_id = self.users[Role.Kind.ORG_ADMIN].pk

    def _campaign(self):
        call_command("load_checklists", stdout=io.StringIO())
        checklist = Checklist.objects.filter(code="zuofeng-example").order_by("-version").first()
        self.campaign = Campaign.objects.create(
            org=self.committee, title=self.campaign_title or f"{self.code} 作风建设专项整治{SYNTHETIC}",
            kind=Campaign.Kind.SPECIAL, status=Campaign.Status.ACTIVE, checklist=checklist,
            commitment_text=vocabulary.COMMITMENT + SYNTHETIC,
            remind_days_before=3, escalate_after_days=7, created_by=self.users[Role.Kind.ORG_ADMIN])
        for kind, start, end in [("study", -120, -95), ("inspect", -94, -80), ("rectify", -79, 90),
                                 ("review", 91, 120)]:
            Phase.objects.create(campaign=self.campaign, kind=kind, start=self.today + start * DAY,
                                 end=self.today + end * DAY)
        for title in vocabulary.KEY_TASKS:
            KeyTask.objects.create(campaign=self.campaign, title=title, required=True)
        self.items = list(ChecklistItem.objects.filter(category__checklist=checklist).order_by("pk")
                          .values_list("pk", "text"))
        self.dimensions = self.campaign.get_dimensions()

    # ---- the tree ---------------------------------------------------------------------------

    def _orgs(self):
        """Committee → sub-committees / general branches → branches → groups, paths computed here."""
        rng = self.rng
        sizes = branch_sizes(self.members, rng)
        mids = max(1, round(self.members / 2000))
        mids = min(mids, len(sizes))
        K = Org.Kind
        rows = []
        org_id = self.writer.next_id(Org)
        self.branches = []  # (branch id, size, [group ids])
        per_mid, extra = divmod(len(sizes), mids)
        places = vocabulary.PLACES
        b = 0
        for m in range(mids):
            kind = K.COMMITTEE if rng.random() < 0.2 else K.GENERAL_BRANCH
            mid_path = Org._get_path(self.committee.path, 2, m + 1)
            count = per_mid + (1 if m < extra else 0)
            place = places[m % len(places)] + places[(m // len(places)) % len(places)]
            name = f"{place}{rng.choice(vocabulary.UNITS)}{'党委' if kind == K.COMMITTEE else '党总支'}"
            rows.append((org_id, mid_path, 2, count, f"{self.code}-Z{m + 1:04d}", f"{name}（{m + 1}）", kind, True))
            org_id += 1
            for j in range(count):
                size = sizes[b]
                b += 1
                groups = 1 if size < 25 else (2 if size < 45 else 3)
                branch_path = Org._get_path(mid_path, 3, j + 1)
                branch_id = org_id
                branch_code = f"{self.code}-B{b:06d}"
                rows.append((branch_id, branch_path, 3, groups, branch_code,
                             f"{name[:-3]}第{j + 1}党支部（{b}）", K.BRANCH, True))
                org_id += 1
                group_ids = []
                for g in range(groups):
                    rows.append((org_id, Org._get_path(branch_path, 4, g + 1), 4, 0, f"{branch_code}-{g + 1}",
                                 f"第{b}支部第{g + 1}党小组", K.GROUP, True))
                    group_ids.append(org_id)
                    org_id += 1
                self.branches.append((branch_id, size, group_ids))
        self.writer.write(Org, ["id", "path", "depth", "numchild", "code", "name", "kind", "is_active"], rows)
        Org.objects.filter(pk=self.committee.pk).update(numchild=mids)
        self.committee.refresh_from_db()

    # ---- members and the campaign's records, a chunk of branches at a time -----------------

    def _people_and_work(self):
        chunk = []
        size = 0
        for branch in self.branches:
            chunk.append(branch)
            size += branch[1]
            if size >= CHUNK_MEMBERS:
                self._chunk(chunk)
                chunk, size = [], 0
        if chunk:
            self._chunk(chunk)

    def _take(self, model, n=1) -> int:
        first = self.ids[model]
        self.ids[model] += n
        return first

    def _chunk(self, branches):
        rng, now, today = self.rng, self.now, self.today
        admin = self.admin_id
        campaign = self.campaign.pk
        members, activities, attendance, reflections, inspections, answers = [], [], [], [], [], []
        commitments, problems, rects, evidence, supervisions = [], [], [], [], []
        status_pop = [s for s, _ in STATUS_WEIGHTS]
        status_cum = _cumulative([w for _, w in STATUS_WEIGHTS])
        source_pop = [Problem.Source.SELF] + [s for s, _ in OTHER_SOURCES]
        source_cum = _cumulative([1000 - sum(w for _, w in OTHER_SOURCES)] + [w for _, w in OTHER_SOURCES])
        ethnicities = list(vocabulary.ETHNICITIES)
        ethnicity_cum = _cumulative(list(vocabulary.ETHNICITIES.values()))
        bodies = [opening + middle + ending + SYNTHETIC for opening in vocabulary.REFLECTION_OPENINGS
                  for middle in vocabulary.REFLECTION_MIDDLES for ending in vocabulary.REFLECTION_ENDINGS]
        commitment = self.campaign.commitment_text
        kinds = Rectification.Kind.values
        confidential = Problem.CONFIDENTIAL_SOURCES
        items, dimensions = self.items, self.dimensions
        born0 = datetime.date(1950, 1, 1)
        latest_join = today - 400 * DAY
        started = now - 100 * DAY

        meetings, meeting_attendance = [], []
        for branch_id, size, group_ids in branches:
            leader = None
            branch_members = []
            people = []  # (member id, group id, 正式党员, on the 支委)
            committee = committee_size(size)
            for i in range(size):
                mid = self._take(Member)
                gender = "male" if rng.random() < 0.55 else "female"
                given = vocabulary.GIVEN_MALE if gender == "male" else vocabulary.GIVEN_FEMALE
                name = rng.choice(vocabulary.SURNAMES) + "".join(rng.choices(given, k=1 if rng.random() < 0.3 else 2))
                birth = born0 + rng.randrange(365 * 52) * DAY
                joined = birth + (19 * 365 + rng.randrange(max(1, (latest_join - birth).days - 19 * 365))) * DAY
                cadre = i == 0 or rng.random() < 0.04
                category = "full" if rng.random() < 0.95 else "probationary"
                members.append((
                    mid, name, sort_key(name), gender, rng.choices(ethnicities, cum_weights=ethnicity_cum)[0],
                    birth, joined, category,
                    "" if rng.random() < 0.25 else rng.choice(vocabulary.ALL_POSITIONS),
                    cadre, branch_id, group_ids[i % len(group_ids)],
                    rng.choice(vocabulary.PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}", True, now,
                    COMMITTEE_POSTS[i] if i < committee else ""))
                if i == 0:
                    leader = mid
                branch_members.append((mid, name))
                people.append((mid, group_ids[i % len(group_ids)], category == "full", i < committee))
            if self.orglife:
                self._meetings(branch_id, people, group_ids, meetings, meeting_attendance)

            for kind, days in [(StudyActivity.Kind.GROUP_STUDY, 110), (StudyActivity.Kind.WARNING, 100)]:
                aid = self._take(StudyActivity)
                activities.append((aid, campaign, branch_id, kind, today - days * DAY, vocabulary.STUDY_TOPICS[kind],
                                   vocabulary.STUDY_SUMMARY, 2, admin, now - days * DAY))
                for mid, _ in branch_members:
                    # Nine in ten present; of the rest, most on leave with a reason, some absent.
                    draw = rng.random()
                    reason = "" if draw < 0.9 else rng.choice(vocabulary.ABSENCE_REASONS)
                    status = "present" if draw < 0.9 else "leave" if draw < 0.96 else "absent"
                    attendance.append((self._take(Attendance), aid, mid, status,
                                       reason if status == "leave" else ""))

            for mid, name in branch_members:
                # 心得体会: 80 % wrote one; of those most are through review.
                if rng.random() < 0.8:
                    state = rng.choices(("accepted", "submitted", "returned", "draft"),
                                        cum_weights=(55, 80, 88, 100))[0]
                    reviewed = state in ("accepted", "returned")
                    comment = vocabulary.REFLECTION_ACCEPTED if state == "accepted" else vocabulary.REFLECTION_RETURNED
                    reflections.append((
                        self._take(Reflection), campaign, mid, branch_id, vocabulary.REFLECTION_TITLE,
                        rng.choice(bodies), state, comment if reviewed else "",
                        admin if reviewed else None, None if state == "draft" else now - 90 * DAY,
                        now - 85 * DAY if reviewed else None, now - 95 * DAY))
                # 对照检查 for 85 %, nine in ten of them submitted; self-found problems come from it.
                inspection = None
                if rng.random() < 0.85:
                    inspection = self._take(SelfInspection)
                    submitted = rng.random() < 0.9
                    inspections.append((
                        inspection, campaign, mid, branch_id, "submitted" if submitted else "draft",
                        vocabulary.INSPECTION_STUDY_SUMMARY, vocabulary.ROOT_CAUSE,
                        vocabulary.INSPECTION_MEASURES_SUMMARY, now - 82 * DAY if submitted else None))
                if rng.random() < 0.75:
                    commitments.append((self._take(Commitment), campaign, mid, branch_id, commitment, name,
                                        now - rng.randint(80, 95) * DAY, admin))
                seen_items = set()
                # ~2 problems per member: self-found ones only by those who did the self-inspection.
                for _ in range(rng.choice((1, 2, 2, 2, 2, 3, 3, 3))):
                    source = rng.choices(source_pop, cum_weights=source_cum)[0]
                    if source == Problem.Source.SELF and inspection is None:
                        continue
                    pid = self._take(Problem)
                    dimension = rng.choice(dimensions)
                    created = started + rng.randrange(20 * 86400) * datetime.timedelta(seconds=1)
                    if source == Problem.Source.SELF:
                        item_id, text = rng.choice(items)
                        description = vocabulary.finding(text)
                        example = vocabulary.FINDING_EXAMPLE
                        if item_id not in seen_items:
                            seen_items.add(item_id)
                            answers.append((self._take(InspectionAnswer), inspection, item_id,
                                            rng.choice(("exists", "partly")), description, example, dimension))
                    else:
                        item_id, description, example = None, rng.choice(vocabulary.PROBLEMS[source]), ""
                    problems.append((
                        pid, campaign, branch_id, mid, source, dimension, item_id, description, example,
                        vocabulary.ROOT_CAUSE,
                        f"线索编号 SYN-{pid}{SYNTHETIC}" if source in confidential else "",
                        admin, created))
                    count = int(self.rect_per_problem) + (rng.random() < self.rect_per_problem % 1)
                    for _ in range(count):
                        self._rectification(pid, branch_id, mid, leader, created, rects, evidence, supervisions,
                                            rng.choices(status_pop, cum_weights=status_cum)[0], rng.choice(kinds))

        w = self.writer.write
        w(Member, ["id", "name", "name_pinyin", "gender", "ethnicity", "birth_date", "join_date", "category",
                   "position",
                   "is_leading_cadre", "org", "group", "phone", "is_active", "created_at", "committee_post"], members)
        w(StudyActivity, ["id", "campaign", "org", "kind", "date", "topic", "summary", "hours", "created_by",
                          "created_at"],
          activities)
        w(Attendance, ["id", "activity", "member", "status", "reason"], attendance)
        w(Reflection, ["id", "campaign", "member", "org", "title", "body", "status", "review_comment",
                       "reviewed_by", "submitted_at", "reviewed_at", "created_at"], reflections)
        w(SelfInspection, ["id", "campaign", "member", "org", "status", "study_summary", "root_cause",
                           "measures_summary", "submitted_at"], inspections)
        w(InspectionAnswer, ["id", "inspection", "item", "answer", "description", "example", "dimension"], answers)
        w(Commitment, ["id", "campaign", "member", "org", "text", "signed_name", "signed_at", "signed_by"],
          commitments)
        w(Problem, ["id", "campaign", "org", "member", "source", "dimension", "checklist_item", "description",
                    "example", "root_cause", "confidential_detail", "created_by", "created_at"], problems)
        w(Rectification, ["id", "problem", "org", "measure", "owner", "leader", "due_date", "kind", "status",
                          "progress", "reviewed_by", "accepted_at", "review_comment", "return_reason", "created_by",
                          "created_at"],
          rects)
        w(Evidence, ["id", "rectification", "file", "original_name", "content_type", "size", "note",
                     "uploaded_by", "uploaded_at"], evidence)
        w(Supervision, ["id", "rectification", "level", "due_date", "note", "created_at", "created_by"],
          supervisions)
        w(Meeting, ["id", "org", "kind", "title", "starts_at", "ends_at", "place", "host", "recorder", "agenda",
                    "notice", "minutes", "decisions", "hours", "opinions", "reported_at", "report_note",
                    "quorum_met", "status", "published_at", "recorded_at", "created_by", "created_at"], meetings)
        w(MeetingAttendance, ["id", "meeting", "member", "status", "reason", "leave_status", "leave_reason",
                              "leave_requested_at", "leave_decided_by", "leave_decided_at"], meeting_attendance)
        self.log(f"  {self.ids[Member] - 1:,} members so far")

    # ---- organization life ------------------------------------------------------------------

    def _schedule(self) -> list[tuple]:
        """(kind, title, starts, hours) of the meetings a branch holds this year before this month, as the demo's
        branches do (qingfeng.demo.orglife): monthly kinds every month, quarterly ones in their month of the
        quarter, 组织生活会 in January; a 党小组会 (kind GROUP, invitees one group) per group each month."""
        zone = timezone.get_current_timezone()
        year = self.today.year
        schedule = []
        group_meeting = (Meeting.Kind.GROUP, *GROUP_MEETING)
        for month in range(1, self.today.month):
            for kind, title, day, hour, hours in [*branch_meetings(month), group_meeting]:
                starts = datetime.datetime(year, month, day, hour, tzinfo=zone).astimezone(datetime.UTC)
                schedule.append((kind, title + SYNTHETIC, starts, decimal.Decimal(hours)))
        return schedule

    def _meetings(self, branch_id, people, group_ids, meetings, attendance):
        """A branch's year so far: the schedule's meetings, held by the branch and recorded, each invitee's
        attendance (9 in 10 出席, 请假 granted with a reason, 缺席); a negligent branch skipped a few."""
        rng, admin = self.life_rng, self.admin_id
        K = Meeting.Kind
        planned = [(kind, title, starts, hours, group) for kind, title, starts, hours in self.schedule
                   for group in (group_ids if kind == K.GROUP else (None,))]
        if planned and rng.random() < NEGLIGENT_BRANCHES:
            for index in sorted(rng.sample(range(len(planned)), min(len(planned), rng.randint(1, 3))), reverse=True):
                del planned[index]
        everyone = [p[0] for p in people]
        committee = [p[0] for p in people if p[3]]
        voters = {K.COMMITTEE: set(committee), K.GENERAL_ASSEMBLY: {p[0] for p in people if p[2]}}
        by_group = {}
        for mid, group, _full, _committee in people:
            by_group.setdefault(group, []).append(mid)
        reasons = vocabulary.ABSENCE_REASONS
        place = "党员活动室"
        day = datetime.timedelta(days=1)
        for kind, title, starts, hours, group in planned:
            invited = (by_group.get(group) if group else committee if kind == K.COMMITTEE else everyone) or everyone
            meeting = self._take(Meeting)
            rows = []
            for mid in invited:
                draw = rng.random()
                status = A.PRESENT if draw < 0.9 else A.LEAVE if draw < 0.96 else A.ABSENT
                rows.append([mid, status])
            quorum = None
            counted = voters.get(kind)
            if counted:
                counting = [row for row in rows if row[0] in counted]
                if rng.random() < BELOW_QUORUM:  # exactly half there: flagged, and not counted for compliance
                    for i, row in enumerate(counting):
                        row[1] = A.PRESENT if i < len(counting) // 2 else A.LEAVE
                elif sum(row[1] == A.PRESENT for row in counting) * 2 <= len(counting):
                    for row in counting:  # as the demo: a meeting short of its quorum was put off until it had one
                        row[1] = A.PRESENT
                present = sum(row[1] == A.PRESENT for row in counting)
                quorum = present * 2 > len(counting)
            asked = starts - 2 * day
            for mid, status in rows:
                if status == A.LEAVE:
                    reason = rng.choice(reasons)
                    attendance.append((self._take(MeetingAttendance), meeting, mid, status, reason, "granted", reason,
                                       asked, admin, asked + day / 4))
                else:
                    attendance.append((self._take(MeetingAttendance), meeting, mid, status, "", "", "",
                                       None, None, None))
            published = starts - 7 * day
            meetings.append((meeting, branch_id, kind, title, starts, starts + day / 12, place, invited[0],
                             invited[-1], MEETING_AGENDA, NOTICE, MINUTES, DECISIONS, hours,
                             vocabulary.LIFE_OPINIONS if kind == K.ORG_LIFE else "",
                             starts + 5 * day if kind == K.ORG_LIFE else None, "", quorum, Meeting.Status.HELD,
                             published, starts + day / 6, admin, published))

    def _rectification(self, pid, org, owner, leader, created, rects, evidence, supervisions, status, kind):
        rng, today, now, admin = self.rng, self.today, self.now, self.admin_id
        rid = self._take(Rectification)
        due = today + rng.randint(-90, 90) * DAY
        accepted_at = None
        progress, comment, reason, reviewer = "", "", "", None
        if status != R.OPEN:
            progress = vocabulary.PROGRESS_STARTED
        if status == R.ACCEPTED:
            progress, comment, reviewer = vocabulary.PROGRESS_DONE, vocabulary.RECTIFICATION_ACCEPTED, admin
            # Accepted between the measure's creation and now, mostly around the due date.
            latest = min(now, datetime.datetime.combine(due, datetime.time(12), tzinfo=now.tzinfo) + 10 * DAY)
            span = max(1, int((latest - created).total_seconds()))
            accepted_at = created + datetime.timedelta(seconds=rng.randrange(span))
        elif status == R.RETURNED:
            reason, reviewer = vocabulary.RECTIFICATION_RETURNED, admin
        rects.append((rid, pid, org, rng.choice(vocabulary.MEASURES), owner, leader, due, kind, status, progress,
                      reviewer, accepted_at, comment, reason, admin, created))
        if status in (R.ACCEPTED, R.SUBMITTED):
            for _ in range(1 if rng.random() < 0.7 else 2):
                evidence.append((self._take(Evidence), rid, "", "", "", 0, vocabulary.EVIDENCE_NOTE + SYNTHETIC, admin,
                                 accepted_at or now - rng.randint(1, 10) * DAY))
        if status != R.ACCEPTED:
            # The steps the daily job has taken so far: remind 3 days before, urge from 1 day
            # overdue, supervise from 7, talk from 14; one per level and due date.
            overdue = (today - due).days
            due_noon = datetime.datetime.combine(due, datetime.time(6), tzinfo=now.tzinfo)
            for level, from_day in ((1, -3), (2, 1), (3, 7), (4, 14)):
                if overdue >= from_day:
                    supervisions.append((self._take(Supervision), rid, level, due, "", due_noon + from_day * DAY,
                                         None))


def committee_size(members: int) -> int:
    """The 支委 of a branch of `members`: three, four from 30 members, five from 45 (never more than there are)."""
    return min(members, 3 + (members >= 30) + (members >= 45))


def _cumulative(weights: list[int]) -> list[int]:
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def report(synth: Synth) -> list[str]:
    """Lines with rows and rows/s per table and in total."""
    writer = synth.writer
    lines = [f"{'table':<28}{'rows':>12}{'write s':>10}{'rows/s':>12}"]
    for name, seconds in writer.seconds.items():
        rows = writer.counts.get(name, 0)
        lines.append(f"{name:<28}{rows:>12,}{seconds:>10.1f}{rows / max(seconds, 1e-9):>12,.0f}")
    total = sum(writer.counts.values())
    lines.append(f"{'total (writes only)':<28}{total:>12,}{sum(writer.seconds.values()):>10.1f}"
                 f"{total / max(sum(writer.seconds.values()), 1e-9):>12,.0f}")
    lines.append(f"{'total (end to end)':<28}{total:>12,}{synth.elapsed:>10.1f}{total / synth.elapsed:>12,.0f}")
    return lines
