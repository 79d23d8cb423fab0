from django.conf import settings


def qingfeng(request):
    """What the base layout needs on every page: demo flag and the working org."""
    return {
        "qf_demo": settings.DEMO,
        "qf_working_org": request.session.get("qf_working_org") if hasattr(request, "session")
        else None,
    }
