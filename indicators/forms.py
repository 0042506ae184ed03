from django import forms

from core.filters import region_choices
from core.forms import GovukForm, bound_text_fields


class NationalTableForm(GovukForm):
    """One measure, one year, every council; optionally one region, in an order."""

    SORTS = [
        ("rank", "Rank (best first)"),
        ("name", "Name (A to Z)"),
        ("highest", "Highest figure first"),
        ("lowest", "Lowest figure first"),
    ]

    metric = forms.ChoiceField(label="Metric")
    year = forms.TypedChoiceField(label="Year (at 30 September)", coerce=int)
    region = forms.ChoiceField(label="Region", required=False)
    sort = forms.ChoiceField(label="Order", choices=SORTS, required=False)

    def __init__(self, data, *, metrics, years, metric_label="Metric", year_label=None):
        super().__init__(data)
        self.fields["metric"].label = metric_label
        if year_label:
            self.fields["year"].label = year_label
        self.fields["metric"].choices = [(metric.slug, metric.name) for metric in metrics]
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["region"].choices = [("", "All regions"), *region_choices()]


NUMBER_MESSAGES = {
    "required": "Enter the figure",
    "invalid": "Enter the figure as a number, like 82 or 82.5",
    "max_decimal_places": "Enter the figure with no more than 3 decimal places",
    "max_digits": "Enter a smaller figure",
}


def number_field(label, **kwargs):
    return forms.DecimalField(
        label=label,
        max_digits=14,
        decimal_places=3,
        error_messages=kwargs.pop("error_messages", NUMBER_MESSAGES),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        **kwargs,
    )


def measure_field(local_authority, label="Measure"):
    from indicators.models import Measure

    return forms.ModelChoiceField(
        queryset=Measure.objects.available_to(local_authority.pk).order_by("topic", "name"),
        label=label,
        empty_label="Choose a measure",
        error_messages={
            "required": "Choose the measure",
            "invalid_choice": "Choose a measure from the list",
        },
    )


class TargetForm(GovukForm):
    def __init__(self, *args, local_authority, **kwargs):
        from core.forms import GovukDateField
        from indicators.engine import Polarity

        super().__init__(*args, **kwargs)
        self.fields["measure"] = measure_field(local_authority)
        self.fields["value"] = number_field(
            "Target",
            help_text="A number only: for a percentage, 90 (not 90%).",
            error_messages={**NUMBER_MESSAGES, "required": "Enter the target"},
        )
        self.fields["tolerance"] = number_field(
            "Tolerance (Amber band)",
            required=False,
            min_value=0,
            help_text="How far short of the target still counts as Amber, in the measure's "
            "unit: for 5 points below a 90% target, 5. Leave empty for none.",
            error_messages={**NUMBER_MESSAGES, "min_value": "Enter a tolerance of 0 or more"},
        )
        self.fields["better_direction"] = forms.ChoiceField(
            label="Which direction is better",
            required=False,
            choices=[("", "As the DfE says"), *Polarity.choices[:2]],
            help_text="Only for measures where the DfE says neither direction is better.",
        )
        self.fields["applies_from"] = GovukDateField(label="Target applies from")
        self.fields["applies_to"] = GovukDateField(label="Target applies until")
        self.fields["applies_from"].error_messages["required"] = "Enter the date the target starts"
        self.fields["applies_to"].error_messages["required"] = "Enter the date the target ends"


class LocalValueForm(GovukForm):
    def __init__(self, *args, local_authority, **kwargs):
        from core.forms import GovukDateField

        super().__init__(*args, **kwargs)
        self.fields["measure"] = measure_field(local_authority)
        self.fields["date"] = GovukDateField(
            label="Date the figure describes",
            help_text="For example, 31 10 2019. It must be today or earlier.",
        )
        self.fields["date"].error_messages["required"] = "Enter the date the figure describes"
        self.fields["value"] = number_field(
            "Figure", help_text="A number only: for a percentage, 61 or 61.5 (not 61%)."
        )
        self.fields["note"] = forms.CharField(
            label="Where the figure comes from (optional)",
            required=False,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        bound_text_fields(self)


class OwnMeasureForm(GovukForm):
    """A council's own measure: what it is called, its unit, which way is better, how many
    decimal places its figures have and how it is worked out."""

    name = forms.CharField(
        label="Name",
        max_length=200,
        help_text="As the scorecard shows it, for example “Care leavers in education, "
        "employment or training (council's own count)”.",
        error_messages={"required": "Enter the measure's name"},
    )
    kind = forms.ChoiceField(
        label="Unit",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the measure's unit"},
    )
    unit = forms.CharField(
        label="Unit in words (optional)",
        required=False,
        max_length=80,
        help_text="For example “per 10,000 children” or “days”.",
    )
    better_direction = forms.ChoiceField(
        label="Which direction is better",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether higher or lower figures are better"},
    )
    decimal_places = forms.TypedChoiceField(
        label="Decimal places",
        coerce=int,
        choices=[(n, str(n)) for n in range(4)],
        initial=0,
        help_text="How many decimal places its figures are shown with: 0 to 3.",
        error_messages={"required": "Choose the number of decimal places"},
    )
    definition = forms.CharField(
        label="Definition (optional)",
        required=False,
        max_length=2000,
        help_text="How the figure is worked out and where it comes from.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, local_authority, **kwargs):
        from indicators.engine import Polarity
        from indicators.models import Kind

        super().__init__(*args, **kwargs)
        self.local_authority = local_authority
        self.fields["kind"].choices = Kind.choices
        self.fields["better_direction"].choices = Polarity.choices
        self.fields["decimal_places"].error_messages["invalid_choice"] = (
            "Choose 0, 1, 2 or 3 decimal places"
        )

    def clean_name(self):
        from indicators.models import Measure

        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the measure's name")
        if Measure.objects.available_to(self.local_authority.pk).filter(name__iexact=name).exists():
            raise forms.ValidationError(
                f"There is already a measure called “{name}”: choose another name"
            )
        return name


class LocalCsvForm(GovukForm):
    file = forms.FileField(
        label="Upload the completed template (CSV)",
        error_messages={"required": "Choose the CSV file to upload"},
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv", "class": "govuk-file-upload"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError("The file must be smaller than 1 MB")
        return upload


class ScorecardForm(GovukForm):
    """Key indicators, one a line in order, picked from the council's measures and (for the
    scorecard, `workforce=True`) the social work workforce metrics."""

    def __init__(self, *args, local_authority, workforce=False, **kwargs):
        from indicators.models import Measure, ScorecardItem
        from workforce.models import Metric

        initial = (kwargs.get("initial") or {}).get("measures")
        super().__init__(*args, **kwargs)
        self.available = list(
            Measure.objects.available_to(local_authority.pk).order_by("topic", "name")
        )
        self.workforce_metrics = (
            list(Metric.objects.available_to(local_authority.pk)) if workforce else []
        )
        current = [
            item.indicator.code if item.measure_id and item.measure.code else item.indicator.slug
            for item in ScorecardItem.objects.filter(
                local_authority=local_authority
            ).select_related("measure", "metric")
        ]
        self.fields["measures"] = forms.CharField(
            label="Key indicators, one a line, in the order the scorecard shows them",
            help_text="Use the codes in the list below, for example CareLeaverEET.",
            initial=initial if initial is not None else "\n".join(current),
            widget=forms.Textarea(attrs={"rows": 8}),
            error_messages={"required": "Enter at least one measure code"},
        )
        bound_text_fields(self)

    def clean_measures(self):
        lookup = {}
        for metric in self.workforce_metrics:
            lookup[metric.slug.lower()] = metric
        for measure in self.available:
            lookup[measure.slug.lower()] = measure
            if measure.code:
                lookup[measure.code.lower()] = measure
        chosen, unknown = [], []
        for line in self.cleaned_data["measures"].splitlines():
            code = line.strip()
            if not code:
                continue
            measure = lookup.get(code.lower())
            if measure is None:
                unknown.append(code)
            elif measure not in chosen:
                chosen.append(measure)
        if unknown:
            raise forms.ValidationError(
                f"These are not measure codes: {', '.join(unknown)}. Use the codes in the list"
            )
        if not chosen:
            raise forms.ValidationError("Enter at least one measure code")
        return chosen
