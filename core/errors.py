from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    # No context processors or database access: the database may be what failed.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"service_name": "Improvement tracker"}))
