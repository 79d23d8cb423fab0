from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


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
    """Everyone lands on 我的: what waits for them."""
    return redirect("my_work")
