"""Dates read as on paper, 2026年10月17日, in the study lists."""

import datetime

from django.urls import reverse

from qingfeng.study.tests.test_study_attendance import make_activity


def test_the_activity_list_shows_dates_in_chinese(campaign, world, login):
    make_activity(campaign, world.a, date=datetime.date(2026, 10, 17))
    body = login(world.sec_a).get(reverse("study_list", args=[campaign.pk])).content.decode()
    assert "2026年10月17日" in body
    assert "2026-10-17" not in body
