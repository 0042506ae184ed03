"""Filters of the learning-from-elsewhere page. Both tables share region and statistical
neighbour filters; the visits table also filters by theme and type.

The region and local authority choices are read once a page (`shared_choices()`) and given to
both filter sets, so a page runs the same queries however many filters it shows.
"""

import django_filters
from django.db.models import Q

from core.filters import GovukFilterForm, region_choices
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


def shared_choices() -> dict:
    """Regions and current LAs (two queries): {"region": [...], "local_authorities": [...]},
    the LAs as (pk, DfE code, name)."""
    return {
        "region": list(region_choices()),
        "local_authorities": list(
            LocalAuthority.objects.current().order_by("name").values_list("pk", "dfe_code", "name")
        ),
    }


class ElsewhereFilter(django_filters.FilterSet):
    """Filters inspections by the region or statistical neighbours of their LA."""

    region = django_filters.ChoiceFilter(
        label="Region",
        field_name="local_authority__region_code",
        choices=region_choices,
        empty_label="All regions",
    )
    neighbours_of = django_filters.ChoiceFilter(
        label="Statistical neighbours of",
        choices=[],
        empty_label="Any local authority",
        method="filter_neighbours_of",
    )

    class Meta:
        model = Inspection
        fields = ["region", "neighbours_of"]
        form = GovukFilterForm

    def __init__(self, data=None, *args, choices=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        choices = choices or shared_choices()
        self.filters["region"].extra["choices"] = choices["region"]
        self.filters["neighbours_of"].extra["choices"] = [
            (code, name) for _pk, code, name in choices["local_authorities"]
        ]
        self._names = {code: name for _pk, code, name in choices["local_authorities"]}

    def filter_neighbours_of(self, queryset, name, value):
        neighbours = StatisticalNeighbour.objects.filter(local_authority__dfe_code=value)
        return queryset.filter(local_authority__in=neighbours.values("neighbour"))

    @property
    def chosen_neighbours_of(self) -> str:
        """The name of the LA whose neighbours are shown, or ""."""
        if not self.is_bound or not self.is_valid():
            return ""
        return self._names.get(self.form.cleaned_data.get("neighbours_of"), "")


class JourneyFilter(ElsewhereFilter):
    direction = django_filters.ChoiceFilter(
        label="Direction",
        choices=DIRECTION_CHOICES,
        empty_label="Both directions",
        method="keep_all",  # applied to the journeys, not to the inspections
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
        """Visits whose theme holds every word given, in any order."""
        condition = Q()
        for word in value.split():
            condition &= Q(theme__icontains=word)
        return queryset.filter(condition)
