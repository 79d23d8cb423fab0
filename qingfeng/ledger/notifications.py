"""Who is told what when a rectification moves (`RectificationWorkflow.after`) or a problem is registered
about a member (post_save, connected in apps.py, so the form, the demo and the self-inspection alike).

提交验收 → its reviewers: who may review it by a role on the nearest org up the tree (the branch
secretary; on a confidential problem 纪检; for one's own item, those above). 验收销号 / 退回 / 回头看
重新整改 → its owner (责任人) and responsible leader (责任领导), with the opinion or reason. A problem
registered about a member → that member, never for a confidential source (纪检监察, 信访举报): the
person concerned may read it, but is not tipped off before discipline acts. Nobody is told of what they
did themselves. Bell and email through core's `notify`, which drops anyone who may not see the record.
"""

from django.urls import reverse
from django.utils.text import Truncator

from qingfeng.core.notifications import notify
from qingfeng.core.permissions import nearest_holders


def _others(users, actor) -> list:
    return [u for u in users if u is not None and u.pk != actor.pk]


def rectification_moved(user, rectification, transition, text: str) -> None:
    url = reverse("rectification_detail", args=[rectification.pk])
    measure = Truncator(rectification.measure).chars(40)
    owner = rectification.owner
    where = f"【{rectification.problem.campaign.title}】{rectification.org.name} {owner.name}的整改措施「{measure}」"
    concerned = _others([owner.user, rectification.leader.user if rectification.leader else None], user)
    if transition.name == "submit":
        notify(nearest_holders("review", rectification), rectification, f"{owner.name}提交了整改验收：{measure}",
               f"{where}已提交验收，请审核佐证材料后验收销号或退回。", url)
    elif transition.name == "accept":
        opinion = f"\n验收意见：{text}" if text else ""
        notify(concerned, rectification, f"整改已验收销号：{measure}", f"{where}已验收销号。{opinion}", url)
    elif transition.name == "return":
        notify(concerned, rectification, f"整改被退回：{measure}",
               f"{where}被退回。\n退回原因：{text}\n请继续整改后重新提交验收。", url)
    elif transition.name == "reopen":
        notify(concerned, rectification, f"回头看：整改需重新整改：{measure}",
               f"{where}经回头看重新打开。\n重新整改的理由：{text}", url)


def problem_registered(sender, instance, created, raw=False, **kwargs) -> None:
    problem = instance
    if not created or raw or problem.member_id is None or problem.is_confidential:
        return
    person = problem.member.user
    if person is None or person.pk == problem.created_by_id:
        return
    description = Truncator(problem.description).chars(40)
    notify([person], problem, f"新登记与您有关的问题：{description}",
           f"【{problem.campaign.title}】{problem.org.name}登记了与您有关的问题"
           f"（来源：{problem.get_source_display()}）：\n{problem.description}",
           reverse("problem_detail", args=[problem.pk]))
