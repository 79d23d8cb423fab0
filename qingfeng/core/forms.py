"""What every form shares: the date widget and Bootstrap classes on every widget."""

from django import forms

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
