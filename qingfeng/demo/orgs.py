"""The demo organization: one county committee, its branches, ~150 members and demo logins.

`load_demo()` builds it once (detected by the committee code) from a fixed random seed, so
every run on a fresh database produces the same tree, people and accounts. All names,
phone numbers and dates are invented.
"""

import datetime
import random
import unicodedata

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from qingfeng.demo.vocabulary import ETHNICITIES, GIVEN_FEMALE, GIVEN_MALE, PHONE_PREFIXES, POSITIONS, SURNAMES
from qingfeng.orgs.models import Member, Org, Role
from qingfeng.orgs.services import deactivate_member, transfer_member

DEMO_PASSWORD = "qingfeng-demo"  # all demo logins share it
DEMO_COMMITTEE_CODE = "QF"
SEED = 20240701

COMMITTEE_NAME = "清风县委"
YIZHONG = "县第一中学党支部"
ERZHONG = "县第二中学党支部"

DEMO_ACCOUNTS: list[dict] = [
    {"username": "zuzhibu", "role": "党务管理员（组织部）", "org": COMMITTEE_NAME,
     "note": "发起专项工作、看数据看板和各单位排名、导出整改台账和总结报告；管理全县党组织和党员；"
             "受理、交办提案和社情民意"},
    {"username": "shuji_yizhong", "role": "支部书记", "org": YIZHONG,
     "note": "审阅心得体会、登记问题、分派整改、验收销号、记录学习活动、办理交办的社情民意；看不到其他支部"},
    {"username": "shuji_erzhong", "role": "支部书记", "org": ERZHONG,
     "note": "试着打开一中的党员或整改，会被拒绝"},
    {"username": "ducha", "role": "督查", "org": COMMITTEE_NAME,
     "note": "登记问题（上级点评、巡视巡察等），回头看；查看全县进展"},
    {"username": "jijian", "role": "纪检", "org": COMMITTEE_NAME,
     "note": "唯一能看到信访举报、纪检监察来源的问题；收到督办、约谈建议"},
    {"username": "lingdao", "role": "领导（只读）", "org": COMMITTEE_NAME,
     "note": "只读查看全县数据看板和进展，看不到保密来源的问题"},
    {"username": "dangyuan", "role": "党员", "org": YIZHONG,
     "note": "心得体会被退回待修改（查重标记为疑似抄袭），对照检查和承诺书待完成，两条整改任务，一件提案待评价"},
]

_ROLE_KIND = {
    "zuzhibu": Role.Kind.ORG_ADMIN,
    "shuji_yizhong": Role.Kind.SECRETARY,
    "shuji_erzhong": Role.Kind.SECRETARY,
    "ducha": Role.Kind.INSPECTOR,
    "jijian": Role.Kind.DISCIPLINE,
    "lingdao": Role.Kind.LEADER,
    "dangyuan": Role.Kind.MEMBER,
}
# Display names of the logins that are not linked to a member.
_STAFF_NAMES = {
    "zuzhibu": "县委组织部",
    "ducha": "县委督查室",
    "jijian": "县纪委监委",
    "lingdao": "县委领导",
}

# Branches founded recently (days before today): the compliance grid judges them from their first whole period.
FOUNDED_DAYS_AGO = {"QF-NY-03": 200}
# Branches: (code, name, short name, parent code or None, member count, group names,
#            ordinary positions, leading-cadre positions)
_GENERAL_BRANCHES = [
    ("QF-JY", "县教育局党总支"),
    ("QF-WJ", "县卫生健康局党总支"),
    ("QF-NY", "县农业农村局党总支"),
]
_BRANCHES = [
    ("QF-JG", "县委机关党支部", "机关", None, 14, ["第一党小组", "第二党小组"],
     POSITIONS["party_office"], ["县委副书记", "县委办公室主任"]),
    ("QF-ZF", "县政府办公室党支部", "政府办", None, 10, [],
     POSITIONS["government_office"], ["副县长", "县政府办公室主任"]),
    ("QF-JY-01", "县教育局机关党支部", "教育局", "QF-JY", 10, ["机关党小组"],
     POSITIONS["education_bureau"], ["局长", "副局长"]),
    ("QF-JY-02", YIZHONG, "一中", "QF-JY", 18,
     ["高一年级党小组", "高二年级党小组", "高三年级党小组"], POSITIONS["secondary_school"], ["校长"]),
    ("QF-JY-03", ERZHONG, "二中", "QF-JY", 15, ["初中部党小组", "高中部党小组"],
     POSITIONS["secondary_school"], ["校长"]),
    ("QF-JY-04", "县实验小学党支部", "实验小学", "QF-JY", 12, ["低年级党小组", "高年级党小组"],
     POSITIONS["primary_school"], []),
    ("QF-WJ-01", "县卫生健康局机关党支部", "卫健局", "QF-WJ", 9, ["机关党小组"],
     POSITIONS["health_bureau"], ["局长"]),
    ("QF-WJ-02", "县人民医院党支部", "人民医院", "QF-WJ", 20,
     ["内科党小组", "外科党小组", "护理党小组"], POSITIONS["hospital"], ["院长"]),
    ("QF-WJ-03", "县中医院党支部", "中医院", "QF-WJ", 12, ["临床党小组", "行政后勤党小组"],
     POSITIONS["tcm_hospital"], ["院长"]),
    ("QF-NY-01", "县农业农村局机关党支部", "农业农村局", "QF-NY", 10, ["机关党小组"],
     POSITIONS["agriculture_bureau"], ["局长", "副局长"]),
    ("QF-NY-02", "县农业技术推广中心党支部", "农技中心", "QF-NY", 10, ["农技推广党小组"],
     POSITIONS["agritech_center"], []),
    ("QF-NY-03", "县农业农村局驻村工作队党支部", "驻村工作队", "QF-NY", 10, [],
     POSITIONS["village_team"], []),
]

# Members with a login: (username, branch code, name, gender, birth, join, position)
_LINKED = [
    ("shuji_yizhong", "QF-JY-02", "王建华", Member.Gender.MALE,
     datetime.date(1972, 4, 16), datetime.date(1995, 6, 28), "党支部书记、副校长"),
    ("shuji_erzhong", "QF-JY-03", "刘芳", Member.Gender.FEMALE,
     datetime.date(1976, 9, 3), datetime.date(1999, 12, 20), "党支部书记、副校长"),
    ("dangyuan", "QF-JY-02", "李晓梅", Member.Gender.FEMALE,
     datetime.date(1990, 2, 11), datetime.date(2014, 7, 1), "教师"),
]

# Latest join date of a full member in the demo (kept fixed so the data does not drift).
_FULL_JOIN_LATEST = datetime.date(2024, 6, 30)


def _name_committee(branch_members: list[Member], specials) -> None:
    """A 支委 of three: the secretary with a demo login (else the first leading cadre, else the first 正式党员)
    and the next two ordinary 正式党员 as 组织委员 and 宣传委员. Draws nothing from the seeded generator."""
    full = [m for m in branch_members if m.category == Member.Category.FULL]
    logins = {row[2]: row[6] for row in specials}
    secretary = (next((m for m in full if "书记" in logins.get(m.name, "")), None)
                 or next((m for m in full if m.is_leading_cadre), None) or full[0])
    secretary.committee_post = Member.CommitteePost.SECRETARY
    others = [m for m in full if m is not secretary and m.name not in logins and not m.is_leading_cadre]
    for member, post in zip(others[:2], (Member.CommitteePost.ORGANIZATION, Member.CommitteePost.PROPAGANDA),
                            strict=True):
        member.committee_post = post


def _is_single_post(position: str) -> bool:
    """Posts a branch has only one of (a head of office, section or station)."""
    return position.endswith(("主任", "科长", "站长"))


def _adult_from(birth: datetime.date, years: int) -> datetime.date:
    return datetime.date(birth.year + years, birth.month, min(birth.day, 28))


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class _People:
    """Deterministic invented names and phone numbers, never repeated."""

    def __init__(self, rng: random.Random, taken_names=()):
        self.rng = rng
        self.names = set(taken_names)
        self.phones: set[str] = set()

    def name(self, gender: str) -> str:
        chars = GIVEN_MALE if gender == Member.Gender.MALE else GIVEN_FEMALE
        while True:
            given = self.rng.choice(chars)
            if self.rng.random() < 0.6:
                given += self.rng.choice(chars)
            name = self.rng.choice(SURNAMES) + given
            if name not in self.names and len(name) >= 2:
                self.names.add(name)
                return name

    def phone(self) -> str:
        while True:
            phone = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randint(0, 99_999_999):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone


def _build_tree() -> dict[str, Org]:
    K = Org.Kind
    committee = Org.create(None, code=DEMO_COMMITTEE_CODE, name=COMMITTEE_NAME, kind=K.COMMITTEE)
    orgs: dict[str, Org] = {committee.code: committee}

    def add_branches(parent_code):
        for code, name, short, parent, _n, groups, _pos, _lead in _BRANCHES:
            if parent != parent_code:
                continue
            founded = FOUNDED_DAYS_AGO.get(code)
            branch = Org.create(orgs[parent or DEMO_COMMITTEE_CODE], code=code, name=name, kind=K.BRANCH,
                                founded_on=timezone.localdate() - datetime.timedelta(days=founded) if founded else None)
            orgs[code] = branch
            for i, group_name in enumerate(groups, start=1):
                gcode = f"{code}-{i}"
                orgs[gcode] = Org.create(branch, code=gcode, name=f"{short}{group_name}",
                                         kind=K.GROUP)

    add_branches(None)  # the committee's own branches come first in tree order
    for code, name in _GENERAL_BRANCHES:
        orgs[code] = Org.create(committee, code=code, name=name, kind=K.GENERAL_BRANCH)
        add_branches(code)
    return orgs


def _build_members(rng: random.Random, orgs: dict[str, Org], today: datetime.date):
    """Return (members, linked) where linked maps username -> the member with that login."""
    people = _People(rng, taken_names={row[2] for row in _LINKED})
    ethnicities, weights = list(ETHNICITIES), list(ETHNICITIES.values())
    full_latest = min(_FULL_JOIN_LATEST, today - datetime.timedelta(days=400))
    members: list[Member] = []
    linked: dict[str, Member] = {}

    for code, _name, _short, _parent, count, groups, positions, leading in _BRANCHES:
        branch = orgs[code]
        group_orgs = [orgs[f"{code}-{i}"] for i in range(1, len(groups) + 1)]
        specials = [row for row in _LINKED if row[1] == code]
        single_posts_taken: set[str] = set()
        for index in range(count):
            member = Member(org=branch, category=Member.Category.FULL)
            if index < len(specials):
                username, _c, name, gender, birth, join, position = specials[index]
                member.name, member.gender = name, gender
                member.birth_date, member.join_date, member.position = birth, join, position
                member.group = group_orgs[0] if group_orgs else None
                linked[username] = member
            else:
                lead_index = index - len(specials)
                member.gender = rng.choice([Member.Gender.MALE] * 11 + [Member.Gender.FEMALE] * 9)
                member.name = people.name(member.gender)
                if lead_index < len(leading):
                    member.position = leading[lead_index]
                    member.is_leading_cadre = True
                    member.birth_date = _random_date(
                        rng, datetime.date(1964, 1, 1), datetime.date(1980, 12, 31))
                else:
                    member.position = rng.choice(positions)
                    if _is_single_post(member.position):
                        if member.position in single_posts_taken:
                            member.position = positions[0]
                        single_posts_taken.add(member.position)
                    member.birth_date = _random_date(
                        rng, datetime.date(1960, 1, 1), datetime.date(2002, 12, 31))
                probationary = (not member.is_leading_cadre and member.birth_date.year >= 1985
                                and rng.random() < 0.28)
                if probationary:
                    member.category = Member.Category.PROBATIONARY
                    member.join_date = today - datetime.timedelta(days=rng.randint(20, 340))
                else:
                    start = _adult_from(member.birth_date, 18)
                    end = min(_adult_from(member.birth_date, 40), full_latest)
                    member.join_date = _random_date(rng, start, end)
                if group_orgs and rng.random() < 0.93:
                    member.group = rng.choice(group_orgs)
            member.ethnicity = rng.choices(ethnicities, weights)[0]
            member.phone = people.phone()
            members.append(member)
        _name_committee(members[-count:], specials)
    # One 预备党员 of 一中 past her year of probation: the branch page tells its secretary 预备期已满.
    due = next(m for m in members if m.org is orgs["QF-JY-02"] and m.category == Member.Category.PROBATIONARY)
    due.join_date = today - datetime.timedelta(days=400)
    return members, linked


def _move(member: Member, to_branch: Org, to_group: Org | None, reason: str, date, by):
    """Transfer a member through the same service the transfer form uses, then regroup."""
    member._history_user = by
    transfer_member(member, to_org=to_branch, date=date, reason=reason, by=by)
    if to_group is not None:
        _edit(member, f"编入{to_group.name}", by, group=to_group)


def _edit(member: Member, reason: str, by, **changes):
    for field, value in changes.items():
        setattr(member, field, value)
    member._change_reason = reason
    member._history_user = by
    member.save()


def _make_user(username: str, first_name: str):
    user = get_user_model()(username=username, first_name=first_name)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


HIDDEN_ACCOUNT_PREFIX = "demo-member-"


def _member_accounts(members: list[Member]) -> None:
    """Give each member an account that cannot sign in, so the demo can submit their reflections,
    self-inspections and rectifications through the workflows, which let only the owner do that."""
    accounts = [get_user_model()(username=f"{HIDDEN_ACCOUNT_PREFIX}{index:03d}", first_name=member.name)
                for index, member in enumerate(members, 1)]
    for account in accounts:
        account.set_unusable_password()
    accounts = get_user_model().objects.bulk_create(accounts)
    for member, account in zip(members, accounts, strict=True):
        member.user = account


def load_demo(stdout=None) -> bool:
    """Create the demo organization unless it exists; True if it was created now."""
    if Org.objects.filter(code=DEMO_COMMITTEE_CODE).exists():
        if stdout:
            stdout.write("演示数据已存在，未重复创建 (demo data already loaded; nothing created)\n")
        return False

    rng = random.Random(SEED)
    today = timezone.localdate()
    with transaction.atomic():
        orgs = _build_tree()
        by_name = {org.name: org for org in orgs.values()}
        members, linked = _build_members(rng, orgs, today)

        users = {}
        for account in DEMO_ACCOUNTS:
            username = account["username"]
            first_name = linked[username].name if username in linked else _STAFF_NAMES[username]
            users[username] = _make_user(username, first_name)
        for username, member in linked.items():
            member.user = users[username]
        _member_accounts([m for m in members if m.user is None])
        admin = users["zuzhibu"]
        bulk_create_with_history(
            [Role(user=users[a["username"]], org=by_name[a["org"]],
                  kind=_ROLE_KIND[a["username"]]) for a in DEMO_ACCOUNTS],
            Role, default_user=admin, default_change_reason="演示数据导入")

        members = bulk_create_with_history(
            members, Member, default_user=admin, default_change_reason="演示数据导入")
        if any(m.pk is None for m in members):  # backends that do not return primary keys
            root = orgs[DEMO_COMMITTEE_CODE].path
            members = list(Member.objects.filter(org__path__startswith=root).order_by("id"))

        # A few later events, so the history pages have something to show.
        demo_accounts = {user.pk for user in users.values()}
        ordinary = [m for m in members if m.user_id not in demo_accounts and not m.is_leading_cadre
                    and not m.committee_post  # the 支委 stay in their branch
                    and m.category == Member.Category.FULL]

        def pick(code, position=None):
            for m in ordinary:
                if m.org_id == orgs[code].pk and (position is None or m.position == position):
                    ordinary.remove(m)
                    return m
            raise LookupError(code)

        _move(pick("QF-JY-03", "教师"), orgs["QF-JY-02"], orgs["QF-JY-02-2"],
              "工作调动，调入县第一中学任教", today - datetime.timedelta(days=150), admin)
        _move(pick("QF-WJ-03"), orgs["QF-WJ-02"], orgs["QF-WJ-02-1"],
              "工作调动，调入县人民医院", today - datetime.timedelta(days=90), admin)
        _move(pick("QF-NY-01"), orgs["QF-NY-03"], None,
              "选派驻村，参加驻村工作队", today - datetime.timedelta(days=30), admin)
        _edit(pick("QF-JY-02", "教师"), "职务变动：任语文教研组长", admin, position="教研组长")
        _edit(pick("QF-WJ-02", "医生"), "职称晋升：晋升主治医师", admin, position="主治医师")
        for m in rng.sample(ordinary, 6):
            m._history_user = admin
            deactivate_member(m, "组织关系转出至外县")

    if stdout:
        stdout.write(
            f"已创建演示数据 (demo created)：{len(orgs)} 个党组织，{len(members)} 名党员，"
            f"{len(DEMO_ACCOUNTS)} 个演示账号\n"
        )
    return True


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def accounts_table() -> str:
    """The demo logins as a plain-text table, Chinese with English hints."""
    header = ["用户名 username", "密码 password", "角色 role", "组织 org"]
    rows = [[a["username"], DEMO_PASSWORD, a["role"], a["org"]] for a in DEMO_ACCOUNTS]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    rule = "-+-".join("-" * w for w in widths)

    def line(cells):
        return " | ".join(_pad(c, w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = ["演示账号 (demo logins)：", line(header), rule, *map(line, rows)]
    out.append("")
    out.append("可以试试 (things to try)：")
    width = max(_width(a["username"]) for a in DEMO_ACCOUNTS)
    out += [f"  {_pad(a['username'], width)}  {a['note']}" for a in DEMO_ACCOUNTS]
    return "\n".join(out) + "\n"


def refresh_statistics() -> None:
    """ANALYZE on PostgreSQL after writing the demo, before the jobs that read it in bulk (the escalation, the
    compliance ladder). The planner otherwise goes by the statistics of before, which may say that the tables
    are empty (autovacuum analyzed them then) and choose nested loops over the whole county: the ladder's
    aggregate took minutes in the tests, where the demo is written in a transaction autovacuum cannot see.
    Inside a transaction ANALYZE reads that transaction's own rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
