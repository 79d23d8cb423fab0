"""Who writes a campaign's 总结报告, and the campaign page's link to where they do.

The report is the launcher's: whoever may launch campaigns at the org it is about (an org admin there or
above) writes its sections. A secretary, a leader and a member read the report but do not write it.
"""

from django.template.loader import render_to_string

from qingfeng.core.permissions import can


def may_write(user, org) -> bool:
    return can(user, "launch", org)


def summary_text_link(sender, campaign, user, scope, **kwargs) -> str:
    """The 编写总结报告 button beside the report's download, for who may write it (no query: the grants are read)."""
    if not may_write(user, scope):
        return ""
    return render_to_string("reports/_summary_text_link.html", {"campaign": campaign, "scope": scope})
