import django_filters
from django.db.models import Exists, OuterRef

from core.filters import GovukFilterForm
from core.models import LocalAuthority
from inspections.models import Framework, Grade, Inspection, Judgement


def ofsted_region_choices():
    regions = (
        LocalAuthority.objects.exclude(ofsted_region="")
        .order_by("ofsted_region")
        .values_list("ofsted_region", flat=True)
        .distinct()
    )
    return [(region, region) for region in regions]


def year_choices():
    years = Inspection.objects.dates("start_date", "year", order="DESC")
    return [(str(day.year), str(day.year)) for day in years]


class InspectionFilter(django_filters.FilterSet):
    local_authority = django_filters.ModelChoiceFilter(
        label="Local authority",
        queryset=LocalAuthority.objects.order_by("name"),
        empty_label="All local authorities",
    )
    region = django_filters.ChoiceFilter(
        label="Ofsted region",
        field_name="local_authority__ofsted_region",
        choices=ofsted_region_choices,
        empty_label="All regions",
    )
    inspection_type = django_filters.ChoiceFilter(
        label="Type", choices=Inspection.Type.choices, empty_label="All types"
    )
    framework = django_filters.ModelChoiceFilter(
        queryset=Framework.objects.order_by("starts_on"), empty_label="All frameworks"
    )
    grade = django_filters.ChoiceFilter(
        label="Grade in any judgement",
        choices=Grade.choices,
        empty_label="Any grade",
        method="filter_grade",
    )
    year = django_filters.ChoiceFilter(
        label="Year", field_name="start_date__year", choices=year_choices, empty_label="All years"
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("local_authority__name", "local_authority"),
            ("start_date", "date"),
            ("inspection_type", "type"),
            ("published_on", "published"),
        ),
        field_labels={
            "local_authority__name": "Local authority",
            "start_date": "Start date",
            "inspection_type": "Type",
            "published_on": "Publication date",
        },
        label="Sort by",
        empty_label="Newest first",
    )

    class Meta:
        model = Inspection
        fields = ["local_authority", "region", "inspection_type", "framework", "grade", "year"]
        form = GovukFilterForm

    def filter_grade(self, queryset, name, value):
        return queryset.filter(
            Exists(Judgement.objects.filter(inspection=OuterRef("pk"), grade=value))
        )
