from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from core.models import LocalAuthority, StatisticalNeighbour, User
from core.versioning import bump_for_council_and_nation, bump_national


class BumpsDataVersionsMixin:
    """A change made in the Django admin shows at once on every cached page: it bumps the
    national data version, and the council's when the record belongs to one (`council_of`)."""

    def council_of(self, obj):
        return None

    def bump(self, obj):
        council = self.council_of(obj)
        if council is None:
            bump_national()
        else:
            bump_for_council_and_nation(council)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.bump(form.instance)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.bump(obj)

    def delete_queryset(self, request, queryset):
        objects = list(queryset)
        super().delete_queryset(request, queryset)
        for obj in objects:
            self.bump(obj)


class BumpsDataVersionsAdmin(BumpsDataVersionsMixin, SimpleHistoryAdmin):
    """A model admin with history whose changes bump the data versions."""


class StatisticalNeighbourInline(admin.TabularInline):
    model = StatisticalNeighbour
    fk_name = "local_authority"
    extra = 0
    autocomplete_fields = ["neighbour"]


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(BumpsDataVersionsMixin, admin.ModelAdmin):
    list_display = ["name", "ons_code", "dfe_code", "region_name", "status"]
    list_filter = ["status", "region_name"]
    search_fields = ["name", "ons_code", "dfe_code"]
    inlines = [StatisticalNeighbourInline]

    def council_of(self, obj):
        return obj


@admin.register(User)
class TrackerUserAdmin(BumpsDataVersionsMixin, UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("Council", {"fields": ("local_authority", "job_title")}),)
    list_display = ["username", "first_name", "last_name", "local_authority", "is_staff"]
    list_filter = ["groups", "local_authority", "is_staff"]
    autocomplete_fields = ["local_authority"]

    def council_of(self, obj):
        # A person's name and roles show on their council's pages (owners, leads, users).
        return obj.local_authority_id
