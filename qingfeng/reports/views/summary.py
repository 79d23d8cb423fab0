"""编写总结报告: the launcher writes the sections of a campaign's summary report for one org."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone

from qingfeng.campaigns.context import CLOSED_MESSAGE, campaign_scope, load_campaign, refuse_if_closed
from qingfeng.core.pages import form_page
from qingfeng.core.permissions import visible_to

from ..forms import SummaryTextForm
from ..models import SummaryText
from ..summary import may_write

NOTICE = ("基本情况和取得的成效中的统计数字和表格，在下载报告时按当天的数据自动生成；这里只写文字。"
          "每行是一段，以“（一）”等开头的一行是小标题。没有填写的部分在报告中显示为“（未填写）”。")


@login_required
def summary_text_edit(request, pk):
    campaign = load_campaign(request, pk)
    org = campaign_scope(request, campaign)  # ?org= as on the campaign page and the report's download
    if not may_write(request.user, org):
        raise PermissionDenied
    campaign_page = f"{reverse('campaign_detail', args=[campaign.pk])}?org={org.pk}"
    if request.method == "POST" and refuse_if_closed(request, campaign):
        return redirect(campaign_page)
    text = (visible_to(request.user, SummaryText).filter(campaign=campaign, org=org).select_related("updated_by")
            .first() or SummaryText(campaign=campaign, org=org))
    notice = f"{CLOSED_MESSAGE}。" if campaign.is_closed else NOTICE
    if text.pk:
        when = formats.date_format(timezone.localtime(text.updated_at), "DATETIME_FORMAT")
        saver = text.updated_by.first_name or text.updated_by.username  # as the navbar names them
        notice += f"上次保存：{saver}，{when}。"

    def save(form):
        form.instance.updated_by = request.user
        return form.save()

    return form_page(request, SummaryTextForm(request.POST or None, instance=text), save=save,
                     done=f"已保存「{org.name}」的总结报告文字", to=lambda _text: campaign_page,
                     title=f"编写总结报告（{org.name}）", notice=notice, working_org=org)


urlpatterns = [
    path("campaigns/<int:pk>/summary/", summary_text_edit, name="summary_text_edit"),
]
