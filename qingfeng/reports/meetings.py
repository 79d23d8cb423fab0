"""A meeting's 会议记录 (.docx, the form filed for each meeting) and an org's 会议台账 for a year (.xlsx).

Both show only what the user may see: the meeting's attendance as `visible_to` gives it, and the
台账's meetings from the 组织生活 list's own filter. 应到 is the invitees but the 列席, 实到 the 出席.
A 党员大会's or 支委会's quorum is orglife.quorum's: computed for the one meeting of a 会议记录, and in the
台账 the flag `Meeting.quorum_met` it kept when the meeting was recorded (no query per row).
"""

from django.db.models import Count, Q
from django.utils import timezone

from qingfeng.core.permissions import can, visible_to
from qingfeng.core.spreadsheets import append, block_heights, new_cell
from qingfeng.core.uploads import download_name
from qingfeng.ledger.exports import FONT_SIZE, ORG_COLUMN, register_sheet
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orglife.quorum import QUORUM_KINDS, quorum
from qingfeng.orgs.models import Org

from .documents import add_form_table, add_signature, add_title, cn_date, new_document, to_bytes

Attended = MeetingAttendance.Status
VOTERS = {Meeting.Kind.GENERAL_ASSEMBLY: "有表决权的党员", Meeting.Kind.COMMITTEE: "支委"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_SHOWN = "—"  # a count or a name the reader may not see (an invitee reads her own attendance only)


def time_range(meeting) -> str:
    """2026年10月17日 14:30—16:00; a meeting running past midnight names its end's day too."""
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{cn_date(end)} {end:%H:%M}"
    return f"{cn_date(start)} {start:%H:%M}—{until}"


def text_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# --- 会议记录 ---


def record_title(meeting) -> str:
    return f"{meeting.org.name}会议记录"


def _people(rows, status) -> list:
    return [row for row in rows if row.status == status]


def _with_reasons(rows) -> str:
    return "、".join(f"{row.member.name}（{row.reason or row.leave_reason}）" if row.reason or row.leave_reason
                    else row.member.name for row in rows)


def _away(rows) -> list[str]:
    """请假 and 缺席 apart, each name with its reason; 无 when everyone came."""
    lines = [f"{label}：{_with_reasons(people)}" for label, people in
             (("请假", _people(rows, Attended.LEAVE)), ("缺席", _people(rows, Attended.ABSENT))) if people]
    return lines or ["无"]


def quorum_text(meeting, held: bool) -> str:
    """A 党员大会's or 支委会's quorum (orglife.quorum): what was needed and, once held, whether it was met."""
    figures, voters = quorum(meeting), VOTERS[meeting.kind]
    if not figures.expected:
        return f"无法核定：未登记{voters}"
    needed = f"{voters}{figures.expected}人，须过半数即至少{figures.needed}人出席"
    if not held:
        return needed
    return f"{'已达到' if figures.met else '未达到'}（{needed}，实际出席{figures.present}人）"


def record_rows(meeting, rows, sees_all: bool) -> list[tuple[str, list[str], float]]:
    """The form's rows: (label, lines, at least cm tall). Before the meeting is recorded the attendance, the
    minutes and the decisions are blanks to fill in by hand."""
    held = meeting.status == Meeting.Status.HELD
    expected = [row for row in rows if row.status != Attended.OBSERVER]
    present = _people(rows, Attended.PRESENT)

    def attendance(lines, blank=1.0):
        if not sees_all:
            return [NOT_SHOWN], 1.0
        return (lines, 1.0) if held else ([], blank)

    def text(value, blank):
        return (text_lines(value) or ["无"], 1.0) if held else (text_lines(value), blank)

    form = [
        ("会议类型", [meeting.get_kind_display()], 1.0),
        ("会议主题", [meeting.title], 1.0),
        ("时间", [time_range(meeting)], 1.0),
        ("地点", [meeting.place], 1.0),
        ("主持人", [meeting.host.name if meeting.host else ""], 1.0),
        ("记录人", [meeting.recorder.name if meeting.recorder else ""], 1.0),
        ("应到人数", [f"{len(expected)}人" if sees_all else NOT_SHOWN], 1.0),
        ("实到人数", *attendance([f"{len(present)}人"])),
    ]
    if meeting.kind in QUORUM_KINDS:
        form.append(("法定人数", [quorum_text(meeting, held)] if sees_all else [NOT_SHOWN], 1.0))
    observers = "、".join(row.member.name for row in _people(rows, Attended.OBSERVER)) or "无"
    form += [
        ("缺席（请假）人员及原因", *attendance(_away(rows), blank=3.0)),
        ("列席人员", *attendance([observers])),
        ("议程/议题", text_lines(meeting.agenda) or ([] if not held else ["无"]), 1.0 if held else 4.0),
        # a blank form: the minutes get the next page to themselves, the decisions and signatures below them
        ("会议内容", *text(meeting.minutes, blank=15.0)),
        ("会议决议", *text(meeting.decisions, blank=4.0)),
    ]
    return form


def record_document(user, meeting) -> bytes:
    """The 会议记录 of `meeting` as .docx bytes; `user` may view the meeting (the caller checks).

    Whoever sees the meeting's org by role reads everyone's attendance, as on the meeting page; an invitee
    reads the meeting but not who else came or why they stayed away.
    """
    rows = list(visible_to(user, meeting.attendance.select_related("member")
                           .order_by("member__name_pinyin", "member_id")))
    doc = new_document()
    add_title(doc, record_title(meeting))
    add_form_table(doc, record_rows(meeting, rows, sees_all=can(user, "view", meeting.org)))
    add_signature(doc, "主持人（签字）：　　　　　　　　", "记录人（签字）：　　　　　　　　")
    return to_bytes(doc)


# --- 会议台账 ---

COLUMNS = [  # (header, width in characters, style), as the 整改台账's
    ("序号", 5, "qf_center"), ("会议类型", 11, "qf_center"), ("会议主题", 26, "qf_body"),
    ("时间", 17, "qf_center"), ("地点", 14, "qf_body"), ("主持人", 8, "qf_center"), ("记录人", 8, "qf_center"),
    ("应到", 5, "qf_center"), ("实到", 5, "qf_center"), ("请假", 5, "qf_center"), ("缺席", 5, "qf_center"),
    ("学时", 5, "qf_center"), ("是否达到法定人数", 9, "qf_center"), ("状态", 7, "qf_center"),
]
QUORUM_CELL = {True: "是", False: "否", None: ""}


def register_queryset(queryset):
    """The 台账's meetings of `queryset` (already visible to the user), attendance counted in the same query.

    The user sees these meetings' org by role, so every attendance row counted is one they may read.
    Drafts are left out: the 台账 files meetings that were called.
    """
    def counted(*statuses):
        return Count("attendance", filter=Q(attendance__status__in=statuses))

    return (queryset.exclude(status=Meeting.Status.DRAFT).select_related("org", "host", "recorder")
            .annotate(expected=counted(Attended.PRESENT, Attended.LEAVE, Attended.ABSENT, ""),
                      present=counted(Attended.PRESENT), on_leave=counted(Attended.LEAVE),
                      absent=counted(Attended.ABSENT))
            .order_by("starts_at", "pk"))


def register_row(number: int, meeting, org_column: bool) -> list:
    held = meeting.status == Meeting.Status.HELD
    recorded = [meeting.present, meeting.on_leave, meeting.absent] if held else ["", "", ""]
    return [number, *[meeting.org.name] * org_column, meeting.get_kind_display(), meeting.title,
            time_range(meeting).replace(" ", "\n", 1), meeting.place, meeting.host.name if meeting.host else "",
            meeting.recorder.name if meeting.recorder else "", meeting.expected, *recorded,
            meeting.hours if held else "", QUORUM_CELL[meeting.quorum_met] if held else "",
            meeting.get_status_display()]


def register_title(org, year: int) -> str:
    return f"{org.name}{year}年会议台账"


def write_register(meetings, org, year: int, path) -> int:
    """One row per meeting of `meetings` (from `register_queryset`) to `path`, as the 整改台账 prints: A4
    landscape, the header row on every page, 第 n 页 共 m 页 at the foot. Returns the row count."""
    # 所属组织 after 序号 (the 整改台账's column) for an org above branches: a branch's sub-orgs are its 党小组
    org_column = org.kind != Org.Kind.BRANCH and org.numchild > 0
    columns = COLUMNS[:1] + [ORG_COLUMN] + COLUMNS[1:] if org_column else COLUMNS
    widths = [width for _, width, _ in columns]
    wb, ws, _ = register_sheet("会议台账", register_title(org, year), columns)
    cells = [new_cell(ws, style) for _, _, style in columns]
    count = 0
    for count, meeting in enumerate(meetings, start=1):
        values = register_row(count, meeting, org_column)
        [height] = block_heights([values], widths, FONT_SIZE)
        append(ws, values, cells=cells, height=height)
    wb.save(path)
    return count


def register_filename(org, year: int) -> str:
    """<org>_<year>年_会议台账_<date>.xlsx, like the 整改台账's."""
    return download_name(org.name, f"{year}年", "会议台账", f"{timezone.localdate():%Y%m%d}", suffix=".xlsx")
