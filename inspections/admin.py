from django.contrib import admin

from core.admin import BumpsDataVersionsAdmin
from inspections.models import Framework, Inspection, Judgement, JudgementArea, Recommendation


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
