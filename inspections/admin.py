from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from core.versioning import bump_for_council_and_nation, bump_national
from inspections.models import Framework, Inspection, Judgement, JudgementArea, Recommendation


class BumpsDataVersionsAdmin(SimpleHistoryAdmin):
    """A change made in the Django admin shows at once on every cached page: it bumps the
    national data version, and the council's when the record belongs to one."""

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


class JudgementAreaInline(admin.TabularInline):
    model = JudgementArea
    fk_name = "framework"
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(BumpsDataVersionsAdmin):
    list_display = ["short_name", "name", "starts_on", "ends_on"]
    inlines = [JudgementAreaInline]


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0
    autocomplete_fields = []


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(BumpsDataVersionsAdmin):
    list_display = ["local_authority", "inspection_type", "start_date", "framework", "source"]
    list_filter = ["inspection_type", "framework", "source"]
    search_fields = ["local_authority__name", "theme"]
    date_hierarchy = "start_date"
    list_select_related = ["local_authority", "framework"]
    inlines = [JudgementInline, RecommendationInline]

    def council_of(self, obj):
        return obj.local_authority_id


@admin.register(Recommendation)
class RecommendationAdmin(BumpsDataVersionsAdmin):
    list_display = ["__str__", "inspection", "order", "kind"]
    list_select_related = ["inspection__local_authority"]
    search_fields = ["text", "inspection__local_authority__name"]

    def council_of(self, obj):
        return obj.inspection.local_authority_id
