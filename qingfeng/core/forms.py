"""What every form shares: the date widget, Bootstrap classes on every widget, a field of checked files."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy

from qingfeng.core.uploads import ALLOWED_LABEL, check_upload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# Django's "---------" for an empty choice says nothing in a Chinese form.
BLANK_LABEL = "---------"
EMPTY_LABEL = "请选择…"


def bootstrap(form: forms.BaseForm) -> None:
    """Give every widget the Bootstrap class its kind needs, so templates need no per-field markup,
    and every select a Chinese empty choice (「请选择…」) where Django would show "---------"."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == BLANK_LABEL:
                field.empty_label = EMPTY_LABEL
        elif (isinstance(field, forms.ChoiceField) and isinstance(field.choices, list)
              and ("", BLANK_LABEL) in field.choices):
            field.choices = [(value, EMPTY_LABEL if (value, label) == ("", BLANK_LABEL) else label)
                             for value, label in field.choices]
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        if css not in widget.attrs.get("class", "").split():
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


def _files_help() -> str:
    return f"可多选；{ALLOWED_LABEL}，每个不超过 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFiles(forms.FileField):
    """Several files under one name, each checked by its content like evidence: cleans to
    [(upload, MIME type)] (empty when none was chosen); the error names every bad file."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("help_text", lazy(_files_help, str)())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        checked, errors = [], []
        for upload in uploads:
            if not upload:
                continue
            try:
                upload = super().clean(upload, initial)
                checked.append((upload, check_upload(upload)))
            except ValidationError as error:
                errors += error.messages
        if errors:
            raise ValidationError(errors)
        return checked
