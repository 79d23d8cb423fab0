"""The public pages' forms (the submission, the tracking code, the rating) and the list of published replies' filter
and table (the views are in views/public.py)."""

import django_filters
import django_tables2 as tables
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

from qingfeng.core.filters import StyledFilterSet
from qingfeng.core.forms import BootstrapMixin, CheckedFiles
from qingfeng.core.tables import HIDE_ON_PHONE, NOWRAP, TABLE_ATTRS

from . import services
from .models import Category, Proposal

PHONE_DIGITS = (7, 20)


def _attachments_help() -> str:
    return (f"可选，最多 {settings.PROPOSAL_ATTACHMENTS_MAX} 个；PDF、JPG、PNG、Word（.docx）、Excel（.xlsx），"
            f"每个不超过 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB")


class ProposalForm(BootstrapMixin, forms.Form):
    """提交提案/社情民意. `user`: a logged-in submitter's name is attached, so the form does not ask for one.

    `altcha` is the proof of work the page's script writes; the view spends it after the form is valid."""

    kind = forms.ChoiceField(label="类型", choices=Proposal.Kind.choices, initial=Proposal.Kind.OPINION)
    office = forms.ModelChoiceField(label="受理单位", queryset=services.offices())
    title = forms.CharField(label="标题", max_length=100)
    content = forms.CharField(label="内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 8}),
                              help_text="请写明事项、地点和您的建议，不超过 5000 字")
    category = forms.ModelChoiceField(label="类别", queryset=Category.objects.filter(active=True))
    submitter_name = forms.CharField(label="署名", max_length=40, required=False, help_text="可不填（匿名）")
    contact_phone = forms.CharField(label="联系电话", max_length=40, required=False,
                                    help_text="可不填；只有受理单位能看到，便于核实情况")
    attachments = CheckedFiles(label="附件", required=False)
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = _attachments_help()
        self.fields["content"].widget.attrs["maxlength"] = 5000
        offices = list(services.offices())
        # One office (the usual install): nobody has to choose it.
        self.office = offices[0] if len(offices) == 1 else None
        if self.office is not None:
            del self.fields["office"]
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            del self.fields["submitter_name"]

    def clean_contact_phone(self):
        phone = "".join(self.cleaned_data["contact_phone"].replace("-", " ").split())
        low, high = PHONE_DIGITS
        if phone and not (phone.isascii() and phone.isdigit() and low <= len(phone) <= high):
            raise ValidationError(f"请填写 {low}–{high} 位数字的电话号码，如 13812345678 或 057412345678")
        return phone

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        most = settings.PROPOSAL_ATTACHMENTS_MAX
        if len(uploads) > most:
            raise ValidationError(f"最多上传 {most} 个附件，您选择了 {len(uploads)} 个")
        return uploads

    def submitted_name(self) -> str:
        """The name attached: a logged-in member's own (or her account's), else what the public typed."""
        if self.user is None:
            return self.cleaned_data.get("submitter_name", "")
        member = getattr(self.user, "member", None)
        return (member.name if member else self.user.get_full_name() or self.user.username)[:40]

    def submission(self) -> dict:
        """The keyword arguments of services.submit."""
        data = self.cleaned_data
        return {"office": self.office or data["office"], "kind": data["kind"], "title": data["title"],
                "content": data["content"], "category": data["category"], "submitter_name": self.submitted_name(),
                "contact_phone": data["contact_phone"], "uploads": data["attachments"], "user": self.user}


class TrackForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label="查询码", max_length=40,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                         "placeholder": "ABCD-EFGH-JKMN"}))


class RateForm(BootstrapMixin, forms.Form):
    """评价 on the progress page: the tracking code again (hidden) and the item it was opened on."""

    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    item = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    value = forms.ChoiceField(label="满意度", choices=Proposal.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="评价意见", max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class PublishedFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="搜索标题或内容", method="search", max_length=50)

    class Meta:
        model = Proposal
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(content__icontains=value))


class PublishedTable(tables.Table):
    number = tables.Column(verbose_name="编号", orderable=False, attrs=NOWRAP)
    title = tables.Column(verbose_name="标题", linkify=lambda record: reverse("proposal_public_detail",
                                                                            args=[record.pk]))
    category = tables.Column(verbose_name="类别", accessor="category__name", orderable=False, attrs=HIDE_ON_PHONE)
    lead_unit = tables.Column(verbose_name="主办单位", accessor="lead_unit__name", orderable=False,
                              attrs=HIDE_ON_PHONE)
    replied_at = tables.DateColumn(verbose_name="答复日期", order_by=("replied_at", "pk"), attrs=NOWRAP)

    class Meta:
        model = Proposal
        fields = ["number", "title", "category", "lead_unit", "replied_at"]
        attrs = {**TABLE_ATTRS, "id": "published"}
        empty_text = "暂无公开答复"
