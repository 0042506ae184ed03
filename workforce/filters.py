import django_filters

from core.filters import GovukFilterForm
from workforce.models import Metric, Observation


class LocalObservationFilter(django_filters.FilterSet):
    """Narrows an LA's list of local figures to one metric."""

    metric = django_filters.ModelChoiceFilter(
        queryset=Metric.objects.none(),
        to_field_name="slug",
        label="Metric",
        empty_label="All local metrics",
    )

    class Meta:
        model = Observation
        fields = ["metric"]
        form = GovukFilterForm

    def __init__(self, *args, local_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["metric"].queryset = Metric.objects.local().available_to(local_authority.pk)
