"""Figures as people read them: rates as percentages, 「—」 when there is nothing to divide by."""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}%"


RANKING_ROW = (
    '<tr data-org="{}"><td data-value="{}"><a href="?org={}">{}</a></td>'
    '<td class="text-end" data-value="{}">{}</td>'
    '<td class="text-end text-nowrap qf-hide-sm" data-value="{}">{}/{}</td>'
    '<td class="text-end{}" data-value="{}">{}</td>'
    '<td class="text-end qf-hide-sm" data-value="{}">{}</td>'
    '<td class="text-end qf-hide-sm" data-value="{}">{}</td>'
    '<td class="text-end qf-hide-sm" data-value="{}">{}</td>'
    '<td class="text-end qf-hide-sm" data-value="{}">{}</td>'
    '<td class="text-end qf-hide-sm" data-value="{}">{}</td></tr>')


def _sort_value(rate) -> str:
    return "-1" if rate is None else str(rate)


@register.simple_tag
def ranking_rows(ranking):
    """The dashboard's rows of sub-orgs (reports.figures.Figures), each cell with the value it sorts by: built
    here, as the template engine spends about 0.5 ms a row on them and a region's root ranks hundreds. The org's
    name is escaped (the standard library's `html.escape`, as Django's `escape` does, without its lazy-string checks
    that cost as much again); every other value is a number or made of one (`percent`, `_sort_value`)."""
    return mark_safe("\n".join(RANKING_ROW.format(*row) for row in (
        (r.org.pk, escape(r.org.name), r.org.pk, escape(r.org.name),
         _sort_value(r.completion_rate), percent(r.completion_rate),
         r.rectifications_accepted, r.rectifications_accepted, r.rectifications,
         " text-danger fw-bold" if r.rectifications_overdue else "", r.rectifications_overdue, r.rectifications_overdue,
         _sort_value(r.on_time_rate), percent(r.on_time_rate),
         r.members, r.members,
         _sort_value(r.participation_rate), percent(r.participation_rate),
         _sort_value(r.inspection_rate), percent(r.inspection_rate),
         r.problems, r.problems)
        for r in ranking)))
