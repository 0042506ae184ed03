from django.contrib import admin

from core.admin import BumpsDataVersionsAdmin
from workforce.models import Metric, Observation


@admin.register(Metric)
class MetricAdmin(BumpsDataVersionsAdmin):
    list_display = ["name", "slug", "unit", "better_direction", "source", "local_authority"]
    list_filter = ["source", "unit", "is_headline"]
    search_fields = ["name", "slug", "csv_column"]
    autocomplete_fields = ["local_authority"]

    def council_of(self, obj):
        return obj.local_authority_id


@admin.register(Observation)
class ObservationAdmin(BumpsDataVersionsAdmin):
    list_display = ["metric", "area_type", "area_name", "date", "value", "special_value", "source"]
    list_filter = ["source", "area_type", "metric"]
    search_fields = ["area_name", "local_authority__name", "local_authority__dfe_code"]
    list_select_related = ["metric", "local_authority"]
    autocomplete_fields = ["local_authority", "entered_by"]
    date_hierarchy = "date"
    readonly_fields = ["version", "created_at", "updated_at"]

    def council_of(self, obj):
        return obj.local_authority_id
