from django.conf import settings


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        # The signed-in user's council; the setting names the deployment for everyone else.
        "council_name": getattr(getattr(request, "user", None), "council_name", None)
        or settings.COUNCIL_NAME,
    }
