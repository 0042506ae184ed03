from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from core.models import LocalAuthority, StatisticalNeighbour, User
from core.versioning import bump_for_council_and_nation


class StatisticalNeighbourInline(admin.TabularInline):
    model = StatisticalNeighbour
    fk_name = "local_authority"
    extra = 0
    autocomplete_fields = ["neighbour"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "ons_code", "dfe_code", "region_name", "status"]
    list_filter = ["status", "region_name"]
    search_fields = ["name", "ons_code", "dfe_code"]
    inlines = [StatisticalNeighbourInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bump_for_council_and_nation(form.instance)  # cached pages show the change at once


@admin.register(User)
class TrackerUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Council", {"fields": ("local_authority", "job_title")}),)
    list_display = ["username", "first_name", "last_name", "local_authority", "is_staff"]
    list_filter = ["groups", "local_authority", "is_staff"]
    autocomplete_fields = ["local_authority"]
