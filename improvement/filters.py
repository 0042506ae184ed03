import django_filters
from django import forms
from django.db.models import Q

from core.forms import GovukDateField
from improvement.models import EvidenceItem, EvidenceKind, NextStep, Theme


class GovukDateFilter(django_filters.DateFilter):
    """A date to filter by, typed as day, month and year."""

    field_class = GovukDateField


class EvidenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Title, summary or measure", method="search")
    kind = django_filters.ModelChoiceFilter(
        label="Type",
        queryset=EvidenceKind.objects.all(),
        to_field_name="code",
        empty_label="All types",
    )
    theme = django_filters.ModelChoiceFilter(
        label="Theme", field_name="themes", queryset=Theme.objects.none(), empty_label="All themes"
    )
    date_from = GovukDateFilter(label="From", field_name="date", lookup_expr="gte")
    date_to = GovukDateFilter(label="To", field_name="date", lookup_expr="lte")
    has_measure = django_filters.BooleanFilter(
        label="With a measure",
        method="filter_has_measure",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )

    class Meta:
        model = EvidenceItem
        fields = ["q", "kind", "theme", "date_from", "date_to", "has_measure"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = programme.themes.order_by("order")

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Q(measure_label__icontains=value)
        )

    def filter_has_measure(self, queryset, name, value):
        return queryset.filter(measure_value__isnull=not value)


class NextStepFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=NextStep.Status.choices)

    class Meta:
        model = NextStep
        fields = ["status"]
