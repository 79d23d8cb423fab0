from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect


class LoginView(auth_views.LoginView):
    # The demo accounts, when QF_DEMO is on, come from the demo app's context processor.
    redirect_authenticated_user = True


@login_required
def home(request):
    """Everyone lands on 我的: what waits for them."""
    return redirect("my_work")
