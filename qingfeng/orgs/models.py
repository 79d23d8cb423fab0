"""The organization tree, the people in it and the roles they hold."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node

from .pinyin import PinyinKeyField

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class Org(MP_Node):
    """A node of the organization tree; a subtree is every path with this path as prefix."""

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("党委")
        GENERAL_BRANCH = "general_branch", _("党总支")
        BRANCH = "branch", _("党支部")
        GROUP = "group", _("党小组")

    # Which kinds may hang under which: a group only under a branch, and so on.
    ALLOWED_PARENTS = {
        Kind.COMMITTEE: {None, Kind.COMMITTEE},
        Kind.GENERAL_BRANCH: {Kind.COMMITTEE},
        Kind.BRANCH: {Kind.COMMITTEE, Kind.GENERAL_BRANCH},
        Kind.GROUP: {Kind.BRANCH},
    }

    code = models.CharField(_("组织编码"), max_length=32, unique=True)
    name = models.CharField(_("组织名称"), max_length=100)
    kind = models.CharField(_("组织类别"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(_("有效"), default=True)
    # Organization life is judged from here on (reports.figures.meeting_compliance): a period that began before
    # the org was founded is not judged. Empty: founded before any record, judged from January.
    founded_on = models.DateField(_("成立日期"), null=True, blank=True,
                                  help_text=_("组织生活合规从成立后的第一个完整周期开始判定；不填则从年初判定"))

    history = HistoricalRecords(excluded_fields=["numchild"])

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.code and not CODE_RE.match(self.code):
            raise ValidationError({"code": _("组织编码只能包含字母、数字、下划线和连字符，最长 32 位")})

    def check_parent(self, parent: "Org | None") -> None:
        parent_kind = parent.kind if parent else None
        if parent_kind not in self.ALLOWED_PARENTS[self.Kind(self.kind)]:
            raise ValidationError(
                _("%(kind)s不能设在%(parent)s之下")
                % {
                    "kind": self.get_kind_display(),
                    "parent": parent.get_kind_display() if parent else _("顶层"),
                }
            )

    @classmethod
    def create(cls, parent: "Org | None", **fields) -> "Org":
        node = cls(**fields)
        node.full_clean(exclude=["path", "depth", "numchild"])
        node.check_parent(parent)
        if parent:
            return cls.objects.add_child(parent, instance=node)
        return cls.objects.add_root(instance=node)

    def move_under(self, parent: "Org") -> None:
        """Move this subtree under `parent`; members follow since they point at nodes."""
        self.check_parent(parent)
        if parent.path.startswith(self.path):
            raise ValidationError(_("不能把组织移动到它自己或它的下级组织之下"))
        from . import tallies

        old_path = self.path
        with transaction.atomic():
            Org.objects.move(self, parent, "last-child")
            moved = Org.objects.get(pk=self.pk)
            moved._change_reason = _("移动到 %(parent)s") % {"parent": parent.name}
            moved.save()
            tallies.moved(moved, old_path)

    def ancestors_and_self(self):
        return Org.objects.filter(path__in=[self.path[:i] for i in range(
            self.steplen, len(self.path) + 1, self.steplen)]).order_by("depth")


class Role(models.Model):
    """A user's role on an org; it covers the org's whole subtree."""

    class Kind(models.TextChoices):
        ORG_ADMIN = "org_admin", _("党务管理员")
        SECRETARY = "secretary", _("书记")
        INSPECTOR = "inspector", _("督查")
        DISCIPLINE = "discipline", _("纪检")
        LEADER = "leader", _("领导（只读）")
        MEMBER = "member", _("党员")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qf_roles",
        verbose_name=_("用户"),
    )
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="roles",
                            verbose_name=_("组织"))
    kind = models.CharField(_("角色"), max_length=20, choices=Kind.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "kind"], name="role_unique_per_org"),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.get_kind_display()}"


class Account(models.Model):
    """What QingFeng keeps about a login beyond Django's user: whether its password was set by someone else.

    An account opened or reset by a secretary carries a password the secretary has seen, so its holder must
    choose their own at the next sign-in (orgs.middleware). Whether it may sign in at all is the user's
    `is_active`, which Django's login refuses."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qf_account",
                                verbose_name=_("用户"))
    must_change_password = models.BooleanField(_("须修改密码"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("登录账号")
        verbose_name_plural = _("登录账号")

    def __str__(self) -> str:
        return self.user.get_username()


class Member(models.Model):
    """A Party member. Never hard-deleted: leaving is `is_active=False`."""

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    class Category(models.TextChoices):
        FULL = "full", _("正式党员")
        PROBATIONARY = "probationary", _("预备党员")

    class CommitteePost(models.TextChoices):
        """支部委员会 (支委) posts: a 支委会's quorum and its invitees, and the 学时 target of 班子成员."""

        SECRETARY = "secretary", _("书记")
        DEPUTY = "deputy", _("副书记")
        ORGANIZATION = "organization", _("组织委员")
        PROPAGANDA = "propaganda", _("宣传委员")
        DISCIPLINE = "discipline", _("纪检委员")
        OTHER = "other", _("委员")

    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = PinyinKeyField(_("姓名拼音"), source="name")  # lists sort by it: 艾 before 李 before 张
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族")
    birth_date = models.DateField(_("出生日期"))
    join_date = models.DateField(_("入党日期"))
    category = models.CharField(_("党员类别"), max_length=20, choices=Category.choices,
                                default=Category.FULL)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    is_leading_cadre = models.BooleanField(_("关键少数"), default=False)
    committee_post = models.CharField(_("支委职务"), max_length=20, choices=CommitteePost.choices, blank=True)
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="members",
                            verbose_name=_("所在支部"))
    group = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="group_members",
                              null=True, blank=True, verbose_name=_("党小组"))
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    is_active = models.BooleanField(_("在册"), default=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="member",
                                verbose_name=_("登录账号"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        indexes = [
            models.Index(fields=["name", "birth_date"], name="member_identity"),
            # A branch's list, the default view, reads its members already in pinyin order.
            models.Index(fields=["org", "name_pinyin"], name="member_org_pinyin"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is not None and "name" in update_fields:
            update_fields = {*update_fields, "name_pinyin"}  # the key follows the name
        super().save(*args, update_fields=update_fields, **kwargs)

    def clean(self):
        errors = {}
        if self.org_id and self.org.kind != Org.Kind.BRANCH:
            errors["org"] = _("党员必须编入党支部")
        if self.group_id and self.org_id and (
            self.group.kind != Org.Kind.GROUP or not self.group.path.startswith(self.org.path)
        ):
            errors["group"] = _("党小组必须属于所在支部")
        if self.birth_date and self.join_date and self.join_date <= self.birth_date:
            errors["join_date"] = _("入党日期必须晚于出生日期")
        if self.join_date and self.join_date > timezone.localdate():
            errors["join_date"] = _("入党日期不能晚于今天")
        if errors:
            raise ValidationError(errors)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("党员记录不能删除，请改为停用"))


def probation_ended_by(today: datetime.date) -> datetime.date:
    """The latest 入党日期 whose one-year probation (预备期) has run out by `today`."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def probation_over_q(today: datetime.date) -> models.Q:
    """预备期已满: probationary members due for 转正, whose year of probation is over by `today`."""
    return models.Q(category=Member.Category.PROBATIONARY, join_date__lte=probation_ended_by(today))


def mask_phone(phone: str) -> str:
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}****{phone[-4:]}"


def reason_kind(reason: str) -> str:
    """A change reason without its free text: "停用：病故" → "停用"."""
    return reason.partition("：")[0]


class Transfer(models.Model):
    """转接组织关系: a member moved from one branch to another, with date and reason."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers",
                               verbose_name=_("党员"))
    from_org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("转出支部"))
    to_org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("转入支部"))
    date = models.DateField(_("转接日期"))
    reason = models.CharField(_("转接原因"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("经办人"))
    created_at = models.DateTimeField(_("办理时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.member} {self.from_org} → {self.to_org}"


class Tally(models.Model):
    """A count kept with every change (orgs.tallies): of one family of figures, in one scope (a campaign "c:<id>",
    "" for none), for one org's own records or, `rolled`, for its whole subtree, by a key of the dimensions the
    figures group by; `secret`: records of a confidential kind."""

    # The key is the primary key: one index for the upserts (ON CONFLICT), the reads and the foreign key; a
    # ranking reads a few families of hundreds of orgs, one range of it per org and family. On PostgreSQL it also
    # carries `n` (INCLUDE, made by migration 0010, which SQLite cannot), so a read never visits the table, where
    # an org's rows lie scattered. Every other index costs every write of a count: a second index on the key
    # made synth's COPY of a region's counts 6.9 s instead of 3.9, and the id Django would add (with its index)
    # ~40 % more than none (960,000 rows: 2.9 s against 2.1).
    pk = models.CompositePrimaryKey("org", "rolled", "scope", "family", "secret", "key")
    scope = models.CharField(max_length=20, blank=True)
    org = models.ForeignKey(Org, on_delete=models.CASCADE, related_name="+", db_index=False)
    rolled = models.BooleanField()
    family = models.CharField(max_length=20)
    secret = models.BooleanField()
    key = models.CharField(max_length=120, blank=True)
    n = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.family} {self.scope} {self.org_id} {'rolled' if self.rolled else 'own'} {self.key}={self.n}"
