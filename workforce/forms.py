from django import forms
from django.utils.dateformat import format as format_date

from core.forms import GovukDateField, SafeTextMixin
from workforce.models import Metric, Observation


class ObservationForm(SafeTextMixin, forms.ModelForm):
    """A council's own figure for one of its local metrics at a date."""

    metric = forms.ModelChoiceField(
        queryset=Metric.objects.none(),
        label="Metric",
        empty_label="Choose a metric",
        error_messages={
            "required": "Choose the metric this figure is for",
            "invalid_choice": "Choose a metric from the list",
        },
    )
    date = GovukDateField(
        label="Date the figure describes",
        help_text="For example, 31 10 2019. It must be today or earlier.",
        require_all_fields=False,
    )
    value = forms.DecimalField(
        label="Figure",
        max_digits=14,
        decimal_places=3,
        min_value=0,
        help_text="A number only: for a percentage, 82 or 82.5 (not 82%).",
        error_messages={
            "min_value": "Enter a figure that is 0 or more",
            "required": "Enter the figure",
            "invalid": "Enter the figure as a number, like 82 or 82.5",
            "max_decimal_places": "Enter the figure with no more than 3 decimal places",
            "max_digits": "Enter a smaller figure",
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )
    note = forms.CharField(
        label="Where the figure comes from (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, “HR establishment report, October 2019”.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Observation
        fields = ["metric", "date", "value", "note"]

    def __init__(self, *args, local_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_authority = local_authority
        self.fields["metric"].queryset = Metric.objects.local().available_to(local_authority.pk)
        self.fields["date"].error_messages["required"] = "Enter the date the figure describes"
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        # The model's checks (0–100 for a percentage, no negatives, no future dates, one figure
        # per metric and date) run on this instance in full_clean.
        self.instance.local_authority = local_authority
        self.instance.area_type = Observation.AreaType.LOCAL
        self.instance.area_name = local_authority.name
        self.instance.source = Observation.Source.LOCAL

    def clean(self):
        cleaned = super().clean()
        metric, day = cleaned.get("metric"), cleaned.get("date")
        if metric and day:
            clash = (
                Observation.objects.filter(
                    metric=metric,
                    area_type=Observation.AreaType.LOCAL,
                    local_authority=self.local_authority,
                    date=day,
                )
                .exclude(pk=self.instance.pk)
                .exists()
            )
            if clash:
                self.add_error(
                    "date",
                    f"There is already a figure for {metric.name.lower()} on "
                    f"{format_date(day, 'j F Y')}: "
                    "change that one instead",
                )
        return cleaned

    def _post_clean(self):
        # A figure the form already refused (empty, not a number) is not set on the model, whose
        # own check would then add "Enter the figure." under the form's message: keep one.
        refused = len(self._errors.get("value", []))
        super()._post_clean()
        if refused:
            del self._errors["value"][refused:]

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise forms.ValidationError("Reload the page and make your change again.")
        return version


class MetricDefinitionForm(SafeTextMixin, forms.ModelForm):
    """An administrator defines a local metric."""

    decimal_places = forms.TypedChoiceField(
        label="Decimal places to show",
        coerce=int,
        choices=[(0, "0 (82%)"), (1, "1 (82.4%)"), (2, "2 (82.41%)")],
        initial=0,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how many decimal places to show"},
    )

    class Meta:
        model = Metric
        fields = ["name", "phrase", "unit", "better_direction", "definition", "decimal_places"]
        labels = {"name": "Name", "phrase": "Name in a sentence"}
        widgets = {
            "unit": forms.RadioSelect,
            "better_direction": forms.RadioSelect,
            "definition": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "name": {"required": "Enter the metric's name"},
            "phrase": {"required": "Enter how a sentence names the metric"},
            "unit": {"required": "Choose the unit"},
            "better_direction": {"required": "Choose which direction is better"},
            "definition": {"required": "Enter a plain-English definition"},
        }
