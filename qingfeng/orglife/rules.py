"""The rules of organization life in force for an org: for each subject, the `Requirement` of the nearest org
up the tree (the org itself first) that has one, else `DEFAULT_REQUIREMENTS`.

Rules are read by org path, not through `visible_to`: a rule binds everyone below the org that set it, so a
branch's secretary computes her compliance by the county's rule as well as her own, and the rules page tells an
org admin whom a rule is inherited from. Changing a rule is asked of `can(user, "manage_requirements", org)`
and done by `services.set_rule` / `reset_rule`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from qingfeng.orgs.models import Org

from .models import DEFAULT_REQUIREMENTS, Requirement

Subject, Period = Requirement.Subject, Requirement.Period
# The subjects counted in meetings (a Meeting.kind of the same value); the others are 学时 and 民主评议党员.
MEETING_SUBJECTS = (Subject.COMMITTEE, Subject.GROUP, Subject.GENERAL_ASSEMBLY, Subject.PARTY_LECTURE,
                    Subject.THEME_DAY, Subject.ORG_LIFE)
# The subjects of the compliance grid (reports.figures.meeting_compliance): the meetings and 民主评议党员.
GRID_SUBJECTS = (*MEETING_SUBJECTS, Subject.DEMOCRATIC_REVIEW)
HOURS_SUBJECTS = (Subject.HOURS_MEMBER, Subject.HOURS_LEADER)


@dataclass(frozen=True)
class Rule:
    subject: str
    period: str
    minimum: Decimal
    source: Org | None  # the org that set it; None: the default of the 条例

    @property
    def label(self) -> str:
        return Subject(self.subject).label

    @property
    def required(self) -> bool:
        return self.minimum > 0

    @property
    def text(self) -> str:
        return describe(self.subject, self.period, self.minimum)


def describe(subject: str, period: str, minimum: Decimal) -> str:
    """每月至少 1 次, 每年至少 32 学时, 不作要求."""
    if minimum <= 0:
        return "不作要求"
    return f"{Period(period).label}至少 {plain(minimum)} {'学时' if subject in HOURS_SUBJECTS else '次'}"


def plain(number: Decimal) -> str:
    """2 for 2.0, 40.5 for 40.5, 30 for 30.0 (Decimal's :g keeps a stored 2.0 as "2.0")."""
    return f"{Decimal(number).normalize():f}"


DEFAULTS = {subject: Rule(subject, period, Decimal(minimum), None)
            for subject, (period, minimum) in DEFAULT_REQUIREMENTS.items()}


class RuleBook:
    """The rules set on every org above and inside one subtree, read in one query."""

    def __init__(self, root: Org):
        ancestors = [root.path[:i] for i in range(Org.steplen, len(root.path), Org.steplen)]
        rows = Requirement.objects.filter(Q(org__path__in=ancestors) | Q(org__path__startswith=root.path)
                                          ).select_related("org")
        self.by_path: dict[str, dict[str, Rule]] = {}
        for row in rows:
            self.by_path.setdefault(row.org.path, {})[row.subject] = Rule(row.subject, row.period, row.minimum,
                                                                          row.org)
        self._effective: dict[str, dict[str, Rule]] = {}

    def own(self, org: Org) -> dict[str, Rule]:
        """The rules set on `org` itself."""
        return self.by_path.get(org.path, {})

    def effective(self, path: str) -> dict[str, Rule]:
        """subject -> the rule in force for the org at `path`: top down, so the nearest org's rule is applied last."""
        if path not in self._effective:
            rules = dict(DEFAULTS)
            for end in range(Org.steplen, len(path) + 1, Org.steplen):
                rules.update(self.by_path.get(path[:end], {}))
            self._effective[path] = rules
        return self._effective[path]

