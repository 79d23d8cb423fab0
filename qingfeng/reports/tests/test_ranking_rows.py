"""The ranking's rows are built as one string (reports.templatetags.reports.ranking_rows): the org's name is the
only text in them, escaped; every other cell is a number, a rate or 「—」."""

import datetime
import re

from qingfeng.orgs.models import Org
from qingfeng.reports.figures import Figures
from qingfeng.reports.templatetags.reports import ranking_rows

HOSTILE = '"><script>alert(1)</script><a href="x'


def row(name, **figures):
    return Figures(org=Org(pk=7, path="0001", depth=1, name=name), as_of=datetime.date(2026, 12, 2), **figures)


def test_a_hostile_name_is_text_in_the_link_and_the_sort_value():
    html = ranking_rows([row(HOSTILE, members=3, participants=2, problems=1, rectifications=4,
                             rectifications_by_status={"accepted": 1}, rectifications_overdue=2)])
    assert "<script>" not in html and 'href="x' not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2  # the sort value and the link text
    assert '<a href="?org=7">' in html


def test_the_cells_hold_the_figures_and_what_they_sort_by():
    html = ranking_rows([row("一支部", members=4, participants=1, inspections_submitted=2, problems=3,
                             rectifications=4, rectifications_by_status={"accepted": 2}, rectifications_on_time=1,
                             rectifications_overdue=1)])
    cells = re.findall(r'<td[^>]*data-value="([^"]*)"[^>]*>(.*?)</td>', html)
    assert cells == [("一支部", '<a href="?org=7">一支部</a>'), ("0.5", "50.0%"), ("2", "2/4"), ("1", "1"),
                     ("0.5", "50.0%"), ("4", "4"), ("0.25", "25.0%"), ("0.5", "50.0%"), ("3", "3")]
    assert "text-danger" in html


def test_nothing_to_divide_by_sorts_last_and_shows_a_dash():
    html = ranking_rows([row("二支部")])
    assert 'data-value="-1">—</td>' in html
    assert "text-danger" not in html
