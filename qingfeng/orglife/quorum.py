"""法定人数: who a meeting needed, who came, and whether it could decide (the one place this is computed).

A 支部党员大会 needs more than half of the members with voting rights present: the active 正式党员 of
the org's subtree (预备党员 have no vote). A 支委会 needs more than half of the org's committee: its
active members with a 支委职务. Exactly half is not enough. Present means 出席 (列席 is attending without
a vote). Other kinds have no quorum: their figures are the invited and those 出席, and `met` is None.

`Meeting.quorum_met` keeps the answer at the time the meeting is recorded (services.record_meeting,
and an edit of a held meeting); the meeting page, the minutes export and the compliance figures read
the same function or that field (compliance counts a held meeting unless `quorum_met is False`).
"""

from dataclasses import dataclass

from qingfeng.orgs.models import Member

from .models import Meeting, MeetingAttendance

A = MeetingAttendance
QUORUM_KINDS = (Meeting.Kind.GENERAL_ASSEMBLY, Meeting.Kind.COMMITTEE)


@dataclass(frozen=True)
class Quorum:
    expected: int  # 应到: the voting members (党员大会), the committee (支委会), else the invited but 列席
    present: int  # 实到: those of them 出席
    met: bool | None  # None: no quorum applies, or the org has no one it could count (no 支委 on record)

    @property
    def needed(self) -> int:
        """The fewest present that make a quorum: more than half."""
        return self.expected // 2 + 1


def voters(meeting):
    """The members whose presence counts toward the quorum, or None when the kind has no quorum."""
    members = Member.objects.filter(is_active=True)
    if meeting.kind == Meeting.Kind.GENERAL_ASSEMBLY:
        return members.filter(org__path__startswith=meeting.org.path, category=Member.Category.FULL)
    if meeting.kind == Meeting.Kind.COMMITTEE:
        return committee(meeting.org, members)
    return None


def committee(org, members=None):
    """The org's 支委: its active members with a 支委职务 (of `members`, if given: a form's choices)."""
    members = Member.objects.filter(is_active=True) if members is None else members
    return members.filter(org=org).exclude(committee_post="")


def quorum(meeting) -> Quorum:
    """应到, 实到 and whether more than half came: two counting queries, whatever the size of the org."""
    counted = voters(meeting)
    if counted is None:
        rows = meeting.attendance.exclude(status=A.Status.OBSERVER)
        return Quorum(rows.count(), rows.filter(status=A.Status.PRESENT).count(), None)
    expected = counted.count()
    present = meeting.attendance.filter(status=A.Status.PRESENT, member__in=counted.values("pk")).count()
    return Quorum(expected, present, present * 2 > expected if expected else None)
