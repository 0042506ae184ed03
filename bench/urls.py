"""The product's URLs plus one signed-in view that renders no template.

It pays what every signed-in request pays (middleware, session, user) and nothing else, so the
benchmark can say what the page layout itself costs: the reference page (the accessibility
statement, signed in) is measured against it.
"""

from django.http import HttpResponse
from django.urls import include, path


def signed_in_without_template(request):
    return HttpResponse(f"Signed in as {request.user.get_username()}", content_type="text/plain")


urlpatterns = [
    path("bench/signed-in", signed_in_without_template, name="bench-signed-in"),
    path("", include("config.urls")),
]

handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
handler403 = "core.errors.permission_denied"
