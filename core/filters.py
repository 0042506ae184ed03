import django_filters
from django.db.models import Q

from core.models import LocalAuthority


def region_choices():
    return (
        LocalAuthority.objects.exclude(region_code="")
        .order_by("region_name")
        .values_list("region_code", "region_name")
        .distinct()
    )


class LocalAuthorityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Name or code", method="search")
    region_code = django_filters.ChoiceFilter(
        label="Region", choices=region_choices, empty_label="All regions"
    )
    status = django_filters.ChoiceFilter(
        choices=LocalAuthority.Status.choices, empty_label="Any status"
    )

    class Meta:
        model = LocalAuthority
        fields = ["q", "region_code", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(dfe_code=value) | Q(ons_code__iexact=value)
        )
