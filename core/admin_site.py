"""The Django admin is for platform administrators only.

It shows every council's records unscoped, so a council's administrator (even one marked as
staff by mistake) is refused it: they manage their council in the service's own pages, which
check the council of every record.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PlatformAdminSite(admin.AdminSite):
    site_header = "Improvement tracker administration"
    site_title = "Improvement tracker administration"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and user.is_platform_administrator


class PlatformAdminConfig(AdminConfig):
    default_site = "core.admin_site.PlatformAdminSite"
