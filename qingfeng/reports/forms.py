from django import forms

from .models import SUMMARY_SECTIONS, SummaryText


class SummaryTextForm(forms.ModelForm):
    """The sections of a 总结报告 a person writes; each line becomes a paragraph of the report."""

    class Meta:
        model = SummaryText
        fields = [name for name, _heading, _figures in SUMMARY_SECTIONS]
        widgets = {name: forms.Textarea(attrs={"rows": 6 if not figures else 3, "class": "form-control"})
                   for name, _heading, figures in SUMMARY_SECTIONS}
