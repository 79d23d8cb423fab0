"""Figures as people read them: rates as percentages, 「—」 when there is nothing to divide by."""

from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"
