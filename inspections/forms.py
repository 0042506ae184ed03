"""The inspection entry form: the inspection's details, one judgement row per area of the
framework in force on the start date, and the ordered recommendations."""

from django import forms
from django.utils import timezone
from django.utils.dateformat import format as format_date

from core.forms import SafeTextMixin, govuk_formfield
from core.models import LocalAuthority
from inspections.models import Framework, Grade, Inspection, JudgementArea, Recommendation


def _long(day):
    return format_date(day, "j F Y")


class InspectionForm(SafeTextMixin, forms.ModelForm):
    """The inspection's details. `user` limits the LA choices: an LA administrator may only
    enter inspections of their own LA."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    report_url = forms.URLField(
        label="Link to the report",
        required=False,
        max_length=300,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "govuk-input"}),
    )

    class Meta:
        model = Inspection
        fields = [
            "local_authority",
            "inspection_type",
            "start_date",
            "end_date",
            "published_on",
            "theme",
            "lead_inspector",
            "summary",
        ]
        formfield_callback = govuk_formfield  # dates as GOV.UK day, month and year boxes
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        labels = {"local_authority": "Local authority", "inspection_type": "Type of inspection"}
        error_messages = {
            "local_authority": {"required": "Choose the local authority"},
            "inspection_type": {"required": "Choose the type of inspection"},
        }
        help_texts = {
            "start_date": "The framework in force on this date sets the judgement areas. "
            "For example, 13 5 2019",
            "end_date": "For example, 24 5 2019",
            "published_on": "For example, 1 7 2019",
            "theme": "For visits and joint targeted area inspections, for example care leavers.",
            "summary": "Optional: a short summary of the findings.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        queryset = LocalAuthority.objects.order_by("name")
        if not user.is_platform_administrator:
            queryset = queryset.filter(pk=user.local_authority_id)
        self.fields["start_date"].error_messages["required"] = (
            "Enter the date the inspection started"
        )
        self.fields["local_authority"].queryset = queryset
        self.fields["local_authority"].empty_label = "Choose a local authority"
        self.fields["inspection_type"].choices = [("", "Choose a type")] + list(
            Inspection.Type.choices
        )
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.initial.setdefault("report_url", self.instance.report_url)
        self.framework = None

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        start, end, published = (
            cleaned.get("start_date"),
            cleaned.get("end_date"),
            cleaned.get("published_on"),
        )
        labels = {
            "start_date": "start date",
            "end_date": "end date",
            "published_on": "publication date",
        }
        for name, label in labels.items():
            day = cleaned.get(name)
            if day and day > today:
                self.add_error(name, f"The {label} must be today or in the past")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        if published and end and published < end:
            self.add_error(
                "published_on", "The publication date must be the same as or after the end date"
            )
        elif published and start and published < start:
            self.add_error("published_on", "The publication date must be after the start date")
        if start:
            self.framework = Framework.for_date(start)
            if self.framework is None:
                self.add_error(
                    "start_date", f"No inspection framework was in force on {_long(start)}"
                )
        kind = cleaned.get("inspection_type")
        if kind and kind not in Inspection.Type.graded_values() and not cleaned.get("theme"):
            self.add_error("theme", "Enter the theme of the visit")
        la = cleaned.get("local_authority")
        if la and kind and start:
            clash = Inspection.objects.filter(
                local_authority=la, inspection_type=kind, start_date=start
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "start_date",
                    f"{la} already has a {Inspection.Type(kind).label.lower()} starting on "
                    f"{_long(start)}",
                )
        return cleaned

    def _post_clean(self):
        """Skip the model's own validation here: clean() gives clearer messages for the same
        rules (duplicates, date order), and the service runs full_clean() before saving."""

    def inspection_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in [*self.Meta.fields, "report_url"]}
        values["framework"] = self.framework
        return values


class JudgementForm(SafeTextMixin, forms.Form):
    area = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(
        choices=[("", "No grade")] + list(Grade.choices), required=False, label="Grade"
    )
    narrative = forms.CharField(
        label="Findings", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BaseJudgementFormSet(forms.BaseFormSet):
    """One form per area of `framework`. Validates grades against the inspection's type."""

    def __init__(self, *args, framework, inspection_type=None, **kwargs):
        self.framework = framework
        self.inspection_type = inspection_type
        self.areas = {area.pk: area for area in framework.areas.all()} if framework else {}
        super().__init__(*args, **kwargs)
        for form in self.forms:
            area = self.areas.get(_as_int(form["area"].value()))
            form.area_object = area
            if area is not None:
                form.fields["grade"].label = area.name
                form.fields["narrative"].label = f"Findings: {area.short_name}"

    def clean(self):
        if any(self.errors):
            return
        graded = self.inspection_type in Inspection.Type.graded_values()
        kind_label = Inspection.Type(self.inspection_type).label if self.inspection_type else ""
        seen = set()
        for form in self.forms:
            area = self.areas.get(form.cleaned_data.get("area"))
            grade = form.cleaned_data.get("grade")
            if area is None:
                form.add_error(
                    "grade",
                    f"This judgement is not part of {self.framework}; "
                    "grades can only be given for its areas",
                )
                continue
            seen.add(area.pk)
            if graded and not grade:
                form.add_error("grade", f"Choose a grade for {area.name.lower()}")
            if not graded and grade and self.inspection_type:
                form.add_error(
                    "grade",
                    f"A {kind_label.lower()} is not graded: remove the grade for "
                    f"{area.name.lower()}",
                )
        missing = [area for pk, area in self.areas.items() if pk not in seen]
        if graded and missing:
            raise forms.ValidationError(
                "Give a grade for every judgement of the framework: "
                + "; ".join(area.name for area in missing)
            )

    def judgements(self) -> list[tuple[JudgementArea, str, str]]:
        return [
            (
                self.areas[form.cleaned_data["area"]],
                form.cleaned_data["grade"],
                form.cleaned_data["narrative"],
            )
            for form in self.forms
            if form.cleaned_data.get("grade")
        ]


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


JudgementFormSet = forms.formset_factory(
    JudgementForm, formset=BaseJudgementFormSet, extra=0, max_num=20, validate_max=True
)


def posted_judgements(data) -> dict[str, tuple[str, str]]:
    """Grades and findings in posted judgement rows, by strand, to carry them over when the
    dates bring a different framework (areas with the same strand keep their grade)."""
    rows = {}
    try:
        total = min(int(data.get("judgements-TOTAL_FORMS", 0)), 20)
    except ValueError:
        return {}
    for index in range(total):
        area = _as_int(data.get(f"judgements-{index}-area"))
        if area is not None:
            rows[area] = (
                data.get(f"judgements-{index}-grade", ""),
                data.get(f"judgements-{index}-narrative", ""),
            )
    areas = JudgementArea.objects.filter(pk__in=rows).only("pk", "strand")
    return {area.strand: rows[area.pk] for area in areas}


def judgement_formset(*, framework, inspection=None, data=None, inspection_type=None, carried=None):
    """The judgement rows for `framework`: bound to `data` when given; otherwise filled from
    `carried` ({strand: (grade, findings)}) or else from `inspection`'s judgements."""
    if carried is None:
        carried = {}
        if inspection is not None and inspection.pk:
            carried = {j.area.strand: (j.grade, j.narrative) for j in inspection.judgements.all()}
    initial = [
        {
            "area": area.pk,
            "grade": carried.get(area.strand, ("", ""))[0],
            "narrative": carried.get(area.strand, ("", ""))[1],
        }
        for area in (framework.areas.all() if framework else [])
    ]
    return JudgementFormSet(
        data=data,
        initial=initial,
        prefix="judgements",
        framework=framework,
        inspection_type=inspection_type,
    )


class RecommendationForm(SafeTextMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["kind", "text"]
        labels = {"kind": "Kind", "text": "Recommendation"}
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["kind"].required = False  # an empty row is ignored whatever its kind
        number = (_as_int((self.prefix or "").rsplit("-", 1)[-1]) or 0) + 1
        self.fields["text"].label = f"Recommendation {number}"
        self.fields["kind"].label = f"Kind of recommendation {number}"


class BaseRecommendationFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Remove recommendation {(index or 0) + 1}"


MAX_RECOMMENDATIONS = 40
RecommendationFormSet = forms.inlineformset_factory(
    Inspection,
    Recommendation,
    form=RecommendationForm,
    formset=BaseRecommendationFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_RECOMMENDATIONS,
)
ADD_RECOMMENDATION = "add-recommendation"
REMOVE_RECOMMENDATION = "remove-recommendation-"  # followed by the row's index


def recommendation_rows(data, action: str):
    """The posted recommendation rows after "Add another" (one more empty row) or "Remove"
    (the row marked for removal: a saved one is deleted on save, a new one is dropped), with
    every other value as typed (the GOV.UK "add another" pattern, without JavaScript)."""
    data = data.copy()
    key = "recommendations-TOTAL_FORMS"
    total = _as_int(data.get(key)) or 0
    if action == ADD_RECOMMENDATION and total < MAX_RECOMMENDATIONS:
        data[key] = str(total + 1)
        data[f"recommendations-{total}-kind"] = Recommendation.Kind.IMPROVE
    else:
        index = _as_int(action.removeprefix(REMOVE_RECOMMENDATION))
        if index is not None and 0 <= index < total:
            data[f"recommendations-{index}-DELETE"] = "on"
    return data


def recommendation_formset(*, inspection=None, data=None):
    return RecommendationFormSet(
        data=data,
        instance=inspection or Inspection(),
        prefix="recommendations",
        queryset=Recommendation.objects.filter(inspection=inspection).order_by("order", "pk")
        if inspection is not None and inspection.pk
        else Recommendation.objects.none(),
    )


def recommendation_items(formset) -> list[dict]:
    items = []
    for form in formset.forms:
        if not hasattr(form, "cleaned_data"):
            continue
        data = form.cleaned_data
        items.append(
            {
                "id": form.instance.pk,
                "kind": data.get("kind") or Recommendation.Kind.IMPROVE,
                "text": data.get("text") or "",
                "delete": data.get("DELETE", False),
            }
        )
    return items
