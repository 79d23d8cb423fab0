from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from qingfeng.core.forms import DATE, BootstrapMixin
from qingfeng.core.permissions import visible_to

from .models import Member, Org, Role


class MemberForm(BootstrapMixin, forms.ModelForm):
    """Create or edit a member of one branch; moving branch is a transfer, not an edit."""

    class Meta:
        model = Member
        fields = ["name", "gender", "ethnicity", "birth_date", "join_date", "category",
                  "position", "committee_post", "is_leading_cadre", "group", "phone"]
        widgets = {"birth_date": DATE, "join_date": DATE}

    def __init__(self, *args, user, branch: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.org = branch
        self.fields["group"].queryset = visible_to(user, Org, "change").filter(
            path__startswith=branch.path, kind=Org.Kind.GROUP)
        self.fields["group"].empty_label = "（未编入党小组）"

    def clean_phone(self):
        phone = "".join(ch for ch in self.cleaned_data["phone"] if ch.isdigit())
        if phone and (len(phone) != 11 or not phone.startswith("1")):
            raise ValidationError("请填写 11 位手机号码")
        return phone


class TransferForm(BootstrapMixin, forms.Form):
    to_org = forms.ModelChoiceField(label="转入支部", queryset=None)  # the user's, set in __init__
    date = forms.DateField(label="转接日期", widget=DATE)
    reason = forms.CharField(label="转接原因", max_length=200)

    def __init__(self, *args, user, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["to_org"].queryset = (
            visible_to(user, Org, "change").filter(kind=Org.Kind.BRANCH)
            .exclude(pk=member.org_id).order_by("path")
        )
        self.fields["date"].initial = timezone.localdate()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("转接日期不能晚于今天")
        return date


class DeactivateForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="原因", max_length=200,
                             help_text="如：出党、死亡、停止党籍等")


class OrgForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Org
        fields = ["code", "name", "kind", "founded_on"]
        widgets = {"founded_on": DATE}

    def __init__(self, *args, parent: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent

    def clean_founded_on(self):
        founded = self.cleaned_data.get("founded_on")
        if founded and founded > timezone.localdate():
            raise forms.ValidationError("成立日期不能晚于今天")
        return founded

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind"):
            Org(kind=cleaned["kind"]).check_parent(self.parent)
        return cleaned


class OrgEditForm(BootstrapMixin, forms.ModelForm):
    """Rename an org or record when it was founded; its code and kind stay (they name it in imports and the tree)."""

    class Meta:
        model = Org
        fields = ["name", "founded_on"]
        widgets = {"founded_on": DATE}

    clean_founded_on = OrgForm.clean_founded_on


class OrgMoveForm(BootstrapMixin, forms.Form):
    parent = forms.ModelChoiceField(label="移动到", queryset=None)  # the user's, set in __init__

    def __init__(self, *args, user, org: Org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["parent"].queryset = (
            visible_to(user, Org, "manage_org")
            .exclude(path__startswith=org.path)
            .exclude(kind=Org.Kind.GROUP).order_by("path")
        )

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        self.org.check_parent(parent)
        return parent


class RoleForm(BootstrapMixin, forms.Form):
    """Give an existing account a role on one org; `kinds` are those the manager may give there."""

    username = forms.CharField(label="用户名", max_length=150,
                               help_text="对方的登录用户名，如 m000123；党员的用户名写在其档案的“登录账号”中")
    kind = forms.ChoiceField(label="角色")

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, Role.Kind(kind).label) for kind in kinds]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model()._default_manager.filter(username=username).first()
        if user is None:
            raise ValidationError(f"没有用户名为「{username}」的账号，请核对（区分大小写）")
        self.cleaned_data["user"] = user
        return username


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    """Django's: the old password, then the new one twice, judged by the project's validators."""
