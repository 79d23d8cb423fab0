"""Forms of the 学 pages: study activities with their materials, attendance, reflections."""

from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from qingfeng.core.forms import DATE, CheckedFiles, bootstrap
from qingfeng.core.permissions import visible_to
from qingfeng.core.texts import TEXT_LABEL, UnreadableText, read_text
from qingfeng.orgs.models import Org

from .models import Attendance, Reflection, StudyActivity


def recording_orgs(user, campaign):
    """The branches inside the campaign where the user may record study."""
    return (visible_to(user, Org, "record_study")
            .filter(kind=Org.Kind.BRANCH, path__startswith=campaign.org.path).order_by("path"))


class StudyActivityForm(forms.ModelForm):
    materials = CheckedFiles(label="学习材料", required=False)

    class Meta:
        model = StudyActivity
        fields = ["org", "kind", "date", "topic", "hours", "summary"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = recording_orgs(user, campaign)
        self.fields["org"].empty_label = None
        self.fields["kind"].choices = [("", "请选择形式"), *StudyActivity.Kind.choices]
        self.fields["date"].initial = timezone.localdate()
        self.fields["hours"].required = False  # 0: the activity counts no 学时
        bootstrap(self)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("学习日期不能晚于今天")
        return date

    def clean_hours(self):
        return hours_or_zero(self.cleaned_data.get("hours"))


def hours_or_zero(hours):
    """学时 as a form gives it: empty is none (0), a negative number is refused."""
    if hours is None:
        return 0
    if hours < 0:
        raise ValidationError("学时不能为负数")
    return hours


class AttendanceForm(forms.Form):
    """One row per member: 出席, 请假 (a reason is required) or 缺席 (a reason if known)."""

    def __init__(self, *args, members, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            record = current.get(member.pk)
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name}的出勤", choices=Attendance.Status.choices,
                initial=record.status if record else Attendance.Status.PRESENT,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                error_messages={"required": f"请选择「{member.name}」的出勤情况",
                                "invalid_choice": f"「{member.name}」的出勤情况只能是出席、请假或缺席"})
            self.fields[f"reason_{member.pk}"] = forms.CharField(
                label=f"{member.name}的请假或缺席原因", required=False, max_length=200,
                initial=record.reason if record else "",
                error_messages={"max_length": f"「{member.name}」的请假或缺席原因最多 %(limit_value)d 字"
                                              "（现有 %(show_value)d 字）"})
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        for member in self.members:
            status = cleaned.get(f"status_{member.pk}")
            if status == Attendance.Status.PRESENT:
                cleaned[f"reason_{member.pk}"] = ""  # a reason belongs to an absence only
            elif (status == Attendance.Status.LEAVE and f"reason_{member.pk}" not in self.errors
                  and not cleaned.get(f"reason_{member.pk}", "").strip()):
                self.add_error(f"reason_{member.pk}", f"「{member.name}」请假，请填写请假原因")
        return cleaned

    def rows(self):
        return [SimpleNamespace(member=m, status=self[f"status_{m.pk}"], reason=self[f"reason_{m.pk}"])
                for m in self.members]

    def attendance(self):
        """(member, status, reason) for every row of a valid form."""
        return [(member, self.cleaned_data[f"status_{member.pk}"], self.cleaned_data[f"reason_{member.pk}"].strip())
                for member in self.members]


class ReflectionForm(forms.ModelForm):
    """Typed, or uploaded as a .txt or .docx whose text becomes the body (read as the originality check reads it)."""

    upload = forms.FileField(label="或上传文件", required=False,
                             help_text=f"可上传{TEXT_LABEL}代替输入，上传后以文件内容为正文")

    class Meta:
        model = Reflection
        fields = ["title", "body", "upload"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = False
        bootstrap(self)
        self.fields["upload"].widget.attrs["accept"] = ".txt,.docx"

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return upload
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ValidationError(f"文件「{upload.name}」超过 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB 上限")
        try:
            self.uploaded_text = read_text(upload.read(), upload.name or "")
        except UnreadableText as unreadable:
            raise ValidationError(str(unreadable)) from None
        if not self.uploaded_text.strip():
            raise ValidationError(f"文件「{upload.name}」中没有文字")
        return upload

    def clean(self):
        cleaned = super().clean()
        if getattr(self, "uploaded_text", None):
            cleaned["body"] = self.uploaded_text.strip()
            self.instance.body = cleaned["body"]
        elif not (cleaned.get("body") or "").strip() and "upload" not in self.errors:
            self.add_error("body", "请填写正文，或上传文件")
        return cleaned
