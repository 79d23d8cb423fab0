"""Who is told what when a reflection (心得体会) moves (called by `ReflectionWorkflow.after`).

提交 → its reviewers: who may review it by a role on the nearest org up the tree (the branch
secretary; for a secretary's own reflection, those above). 通过 / 退回 → its writer, with the opinion.
Bell and email through core's `notify`, which drops anyone who may not see the reflection.
"""

from django.urls import reverse
from django.utils.text import Truncator

from qingfeng.core.notifications import notify
from qingfeng.core.permissions import nearest_holders


def reflection_moved(user, reflection, transition, text: str) -> None:
    url = reverse("reflection_detail", args=[reflection.campaign_id, reflection.pk])
    title = Truncator(reflection.title).chars(40)
    where = f"【{reflection.campaign.title}】"
    if transition.name == "submit":
        writer = reflection.member.name
        notify(nearest_holders("review", reflection), reflection, f"{writer}提交了心得体会：{title}",
               f"{where}{reflection.org.name} {writer}提交了心得体会「{title}」，请审阅。", url)
    elif transition.name == "accept":
        opinion = f"\n审阅意见：{text}" if text else ""
        notify([reflection.member.user], reflection, "您的心得体会已通过审阅",
               f"{where}您的心得体会「{title}」已通过审阅。{opinion}", url)
    elif transition.name == "return":
        notify([reflection.member.user], reflection, "您的心得体会被退回修改",
               f"{where}您的心得体会「{title}」被退回修改。\n退回意见：{text}\n请修改后重新提交。", url)
