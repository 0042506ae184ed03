import django_filters
from django import forms
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim

from core.filters import GovukFilterForm
from core.forms import GovukDateField
from improvement.models import ActionRag, EvidenceItem, EvidenceKind, NextStep, Theme


class GovukDateFilter(django_filters.DateFilter):
    """A date to filter by, typed as day, month and year."""

    field_class = GovukDateField


def _rank(field, values):
    return Case(
        *(When(**{field: value}, then=Value(rank)) for rank, value in enumerate(values)),
        default=Value(len(values)),
    )


# The columns an action table can be sorted by: `sort=due` (blanks last) or `sort=-due`.
SORTS = {
    "action": Lower("label"),
    "theme": Lower("theme__title"),
    "owner": Lower(
        Coalesce(
            NullIf(Trim(Concat("owner__first_name", Value(" "), "owner__last_name")), Value("")),
            "owner__username",
            NullIf("owner_name", Value("")),
        )
    ),
    "due": F("due_date"),
    "status": _rank("status", NextStep.Status.values),
    "rag": _rank("rag", ActionRag.values),
}


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
        form = GovukFilterForm

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


class ActionFilterForm(GovukFilterForm):
    def clean(self):
        data = super().clean()
        after, before = data.get("due_after"), data.get("due_before")
        if after and before and after > before:
            self.add_error(
                "due_before",
                "The ‘due on or before’ date must be the same as or after the ‘due on or "
                "after’ date",
            )
        return data


class ActionFilter(django_filters.FilterSet):
    """Filters and sorting for a table of actions (next steps): My work, a programme's next
    steps and the exception report. The queryset must carry `improvement.plan.with_plan`'s
    annotations, so that RAG is filtered in the database. The theme and owner choices are the
    themes and owners of those rows only, so another council's are never offered or accepted.
    A bad value is a message on the form; the other filters still apply."""

    status = django_filters.ChoiceFilter(
        choices=NextStep.Status.choices,
        empty_label="Any status",
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    rag = django_filters.ChoiceFilter(
        label="RAG rating",
        choices=ActionRag.choices,
        empty_label="Any RAG rating",
        error_messages={"invalid_choice": "Select a RAG rating from the list"},
    )
    owner = django_filters.ChoiceFilter(
        method="filter_owner",
        empty_label="Anyone",
        error_messages={"invalid_choice": "Select an owner from the list"},
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=Theme.objects.none(),
        empty_label="All themes",
        error_messages={"invalid_choice": "Select a theme from the list"},
    )
    due_after = GovukDateFilter(label="Due on or after", field_name="due_date", lookup_expr="gte")
    due_before = GovukDateFilter(label="Due on or before", field_name="due_date", lookup_expr="lte")
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="filter_overdue", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        method="sort_by",
        choices=[(f"{way}{key}", key) for key in SORTS for way in ("", "-")],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Sort by one of the table's columns"},
    )

    class Meta:
        model = NextStep
        fields = ["status", "rag", "owner", "theme", "due_after", "due_before", "overdue"]
        form = ActionFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        rows = self.queryset.order_by()
        self.filters["theme"].queryset = Theme.objects.filter(
            pk__in=rows.values("theme_id")
        ).order_by("programme__title", "order", "pk")
        self.filters["owner"].extra["choices"] = lambda: owner_choices(rows)

    @property
    def sorted_by(self) -> str:
        """The valid `sort` value ("due", "-due") or ""."""
        if not self.is_bound:
            return ""
        self.is_valid()
        return self.form.cleaned_data.get("sort") or ""

    def filter_owner(self, queryset, name, value):
        kind, _, key = value.partition(":")
        if kind == "user":
            return queryset.filter(owner_id=key)
        return queryset.filter(owner__isnull=True, owner_name=key)

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def sort_by(self, queryset, name, value):
        key = value.removeprefix("-")
        expression = SORTS[key]
        order = (
            expression.desc(nulls_last=True)
            if value.startswith("-")
            else expression.asc(nulls_last=True)
        )
        return queryset.order_by(order, "theme__order", "order", "pk")


def owner_choices(rows):
    """[("user:<id>", name) or ("named:<name>", "name, role")] for the rows' owners."""
    choices = {}
    for owner_id, first, last, username, name, role in (
        rows.values_list(
            "owner_id",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
            "owner_name",
            "owner_role",
        )
        .distinct()
        .order_by()
    ):
        if owner_id:
            choices[f"user:{owner_id}"] = f"{first} {last}".strip() or username
        elif name:
            choices.setdefault(f"named:{name}", f"{name}, {role}" if role else name)
    return sorted(choices.items(), key=lambda choice: choice[1].lower())
