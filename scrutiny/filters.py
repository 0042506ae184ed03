"""Filters of the learning-from-elsewhere page. Both tables share region and statistical
neighbour filters; the visits table also filters by theme and type."""

import django_filters
from django.db.models import Q

from core.filters import region_choices
from core.models import LocalAuthority, StatisticalNeighbour
from inspections.models import Inspection

IMPROVED, DECLINED = "improved", "declined"
DIRECTION_CHOICES = [
    (IMPROVED, "Improved: inadequate to good or better"),
    (DECLINED, "Declined: good or better to inadequate"),
]
VISIT_TYPES = [
    (Inspection.Type.MONITORING_VISIT.value, Inspection.Type.MONITORING_VISIT.label),
    (Inspection.Type.FOCUSED_VISIT.value, Inspection.Type.FOCUSED_VISIT.label),
]


class ElsewhereFilter(django_filters.FilterSet):
    """Filters inspections by the region or statistical neighbours of their LA."""

    region = django_filters.ChoiceFilter(
        label="Region",
        field_name="local_authority__region_code",
        choices=region_choices,
        empty_label="All regions",
    )
    neighbours_of = django_filters.ModelChoiceFilter(
        label="Statistical neighbours of",
        queryset=LocalAuthority.objects.current().order_by("name"),
        to_field_name="dfe_code",
        empty_label="Any local authority",
        method="filter_neighbours_of",
    )

    class Meta:
        model = Inspection
        fields = ["region", "neighbours_of"]

    def filter_neighbours_of(self, queryset, name, value):
        neighbours = StatisticalNeighbour.objects.filter(local_authority=value).values("neighbour")
        return queryset.filter(local_authority__in=neighbours)

    @property
    def chosen_neighbours_of(self):
        return self.form.cleaned_data.get("neighbours_of") if self.is_bound else None


class JourneyFilter(ElsewhereFilter):
    direction = django_filters.ChoiceFilter(
        label="Direction",
        choices=DIRECTION_CHOICES,
        empty_label="Both directions",
        method="keep_all",  # applied to the journeys, not the inspections
    )

    class Meta(ElsewhereFilter.Meta):
        fields = ["region", "neighbours_of", "direction"]

    def keep_all(self, queryset, name, value):
        return queryset


class VisitFilter(ElsewhereFilter):
    theme = django_filters.CharFilter(
        label="Theme", method="filter_theme", help_text="For example care leavers"
    )
    visit_type = django_filters.ChoiceFilter(
        label="Type of visit",
        field_name="inspection_type",
        choices=VISIT_TYPES,
        empty_label="Monitoring and focused visits",
    )

    class Meta(ElsewhereFilter.Meta):
        fields = ["theme", "visit_type", "region", "neighbours_of"]

    def filter_theme(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= Q(theme__icontains=word)
        return queryset.filter(condition)
