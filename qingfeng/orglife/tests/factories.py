"""`MeetingFactory(org=branch, created_by=secretary, invited=[alice, bob])`: a draft meeting a week ahead."""

import datetime

import factory
from django.utils import timezone

from qingfeng.orglife.models import Meeting, MeetingAttendance


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    kind = Meeting.Kind.THEME_DAY
    title = factory.Sequence(lambda n: f"主题党日活动{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + datetime.timedelta(hours=2))
    place = "党员活动室"
    notice = "请携带党员证，准时参加。"

    @factory.post_generation
    def invited(self, create, members, **kwargs):
        for member in members or ():
            MeetingAttendance.objects.create(meeting=self, member=member)
