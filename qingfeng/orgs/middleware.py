from django.shortcuts import redirect

from .accounts import SESSION_FLAG

# What someone who must change their password may still open: the form itself, and the way out.
ALLOWED = {"password_change", "logout"}


class PasswordChangeRequiredMiddleware:
    """Someone whose password a secretary set (a new or reset account) chooses their own before anything else.

    The flag is put in the session at sign-in (accounts.flag_session), so other requests pay no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.session.get(SESSION_FLAG) and request.resolver_match.url_name not in ALLOWED:
            return redirect("password_change")
        return None
