"""范文库 and 标记线: the import form, the list's filter and table, the flag line's form (views in views/)."""

import math

import django_filters
import django_tables2 as tables
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse

from qingfeng.core.forms import MultipleFileInput, bootstrap
from qingfeng.core.permissions import top_orgs, visible_to
from qingfeng.core.tables import HIDE_ON_PHONE, HIDE_ON_PHONE_NOWRAP, NOWRAP, TABLE_ATTRS
from qingfeng.ledger.filters import OrgFilterSet
from qingfeng.orgs.models import Org

from . import engine
from .models import LibraryText

ORG_REFUSED = "所选组织不存在或您无权管理其范文库"


def library_orgs(user):
    """The orgs whose library the user may add to: where a role allowing `manage_library` starts, and below."""
    return visible_to(user, Org, "manage_library").exclude(kind=Org.Kind.GROUP)


def too_large(upload) -> str:
    """Why an upload is refused for its size, or ''. Rounded up: 20.03 MB reads as 20.1, never as the limit."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size <= limit:
        return ""
    size = math.ceil(upload.size / 1024 / 1024 * 10) / 10
    return f"文件「{upload.name}」大小为 {size:.1f} MB，超过 {limit / 1024 / 1024:g} MB 上限"


class TextFiles(forms.FileField):
    """Several files under one name (Django's documented multiple-file field), each within UPLOAD_MAX_BYTES;
    what is inside them is read by library.read_uploads. The error names every file refused."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.docx,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        errors = [f"文件「{upload.name}」为空" if not upload.size else too_large(upload) for upload in uploads]
        if any(errors):
            raise ValidationError([message for message in errors if message])
        return uploads


class LibraryImportForm(forms.Form):
    org = forms.ModelChoiceField(label="所属组织", queryset=None, empty_label=None,
                                 error_messages={"invalid_choice": ORG_REFUSED},
                                 help_text="范文用于该组织及其下级组织的查重")
    source = forms.CharField(label="来源", max_length=LibraryText._meta.get_field("source").max_length,
                             required=False, help_text="网址、网站或书名；不填则记为文件名")
    files = TextFiles(label="文件", help_text=(
        f"可多选：文本文件（.txt，UTF-8 或 GBK/GB18030 编码）、Word 文档（.docx），或装有它们的压缩包（.zip，"
        f"可含文件夹）；每个文件不超过 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB，"
        f"一次最多选 {settings.DATA_UPLOAD_MAX_NUMBER_FILES} 个文件，更多请打包成 .zip"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        org = self.fields["org"]
        # Any org the user manages is accepted (a forged id of another is refused); the list offers where her
        # roles start, a few whatever the size of the region below.
        org.queryset = library_orgs(user)
        org.widget.choices = [(choice.pk, choice.name) for choice in top_orgs(user, "manage_library")]
        bootstrap(self)


class LibraryTextFilter(OrgFilterSet):
    """范文库: by words of the title or the source, and by org (its subtree)."""

    q = django_filters.CharFilter(label="标题或来源", method="filter_q", max_length=100)

    class Meta:
        model = LibraryText
        fields = ["q", "org"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(source__icontains=value))


class LibraryTextTable(tables.Table):
    title = tables.Column(verbose_name="标题", linkify=lambda record: reverse("originality_library_text",
                                                                             args=[record.pk]))
    source = tables.Column(verbose_name="来源", attrs=HIDE_ON_PHONE)
    org = tables.Column(verbose_name="所属组织", accessor="org__name", order_by=("org__path",), attrs=HIDE_ON_PHONE)
    characters = tables.Column(verbose_name="字数", accessor="document__characters", default=0,
                               attrs=HIDE_ON_PHONE_NOWRAP)
    added_by = tables.Column(verbose_name="导入人", order_by=("added_by__username",), attrs=HIDE_ON_PHONE_NOWRAP)
    added_at = tables.DateTimeColumn(verbose_name="导入时间", order_by=("added_at", "pk"), attrs=NOWRAP)

    class Meta:
        model = LibraryText
        fields = ["title", "source", "org", "characters", "added_by", "added_at"]
        attrs = {**TABLE_ATTRS, "id": "library-texts"}
        empty_text = "范文库中还没有范文"

    def render_added_by(self, value):
        return value.first_name or value.username


class ThresholdForm(forms.Form):
    percent = forms.IntegerField(
        label="标记线（重复率 %）", min_value=1, max_value=100,
        help_text=f"重复率达到此值的心得体会和对照检查材料标记为疑似抄袭；默认 {engine.THRESHOLD * 100:g}%")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
