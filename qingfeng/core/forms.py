"""What every form shares: the date widget and Bootstrap classes on every widget."""

from django import forms

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def bootstrap(form: forms.BaseForm) -> None:
    """Give every widget the Bootstrap class its kind needs, so templates need no per-field markup."""
    for field in form.fields.values():
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
