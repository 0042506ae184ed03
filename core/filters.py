import django_filters
from django.db.models import Q

from core.forms import GovukForm
from core.models import LocalAuthority


class GovukFilterForm(GovukForm):
    """The form of every filter panel: GOV.UK wording for a bad value ("Select one of the
    options given for region", "Enter a real date"), never Django's "Select a valid choice.
    banana is not one of the available choices." Pages show its errors in an error summary."""


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
        form = GovukFilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(dfe_code=value) | Q(ons_code__iexact=value)
        )
