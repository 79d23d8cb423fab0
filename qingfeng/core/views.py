from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from qingfeng.core.permissions import top_orgs


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO:
            from qingfeng.orgs.demo import DEMO_ACCOUNTS, DEMO_PASSWORD

            context.update(demo_accounts=DEMO_ACCOUNTS, demo_password=DEMO_PASSWORD)
        return context


@login_required
def home(request):
    """Managers and viewers land on their org; a member on their own record."""
    top = top_orgs(request.user).first()
    if top is not None:
        return redirect("org_detail", top.pk)
    member = getattr(request.user, "member", None)
    if member is not None:
        return redirect("member_detail", member.pk)
    return redirect("org_tree")
