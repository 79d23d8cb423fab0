"""bootstrap(): every select offers 「请选择…」 where Django would write "---------"."""

from django import forms
from django.contrib.auth import get_user_model

from qingfeng.core.forms import BootstrapMixin


class ExampleForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(queryset=get_user_model().objects.none())
    kept = forms.ModelChoiceField(queryset=get_user_model().objects.none(), empty_label="（不指定）")
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "甲")])
    plain = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")])


def test_a_blank_choice_reads_please_choose(db):
    html = str(ExampleForm())
    assert "---------" not in html
    assert html.count('<option value="" selected>请选择…</option>') == 2
    assert "（不指定）" in html


def test_choices_of_their_own_are_left_alone(db):
    form = ExampleForm()
    assert list(form.fields["plain"].choices) == [("a", "甲"), ("b", "乙")]
    assert form.fields["kind"].choices == [("", "请选择…"), ("a", "甲")]
    assert "form-select" in form.fields["kind"].widget.attrs["class"]
