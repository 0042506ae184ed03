from django import forms
from django.db import models
from django.db.models import Q

from core.models import User
from core.roles import Role
from improvement.models import (
    Achievement,
    BoardMeeting,
    EvidenceItem,
    NextStep,
    Programme,
    RagStatus,
    Theme,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"class": "govuk-input govuk-input--width-10", **(attrs or {})},
            format="%Y-%m-%d",
        )


GOVUK_CLASSES = {
    forms.URLInput: "govuk-input",
    forms.NumberInput: "govuk-input govuk-input--width-4",
    forms.FileInput: "govuk-file-upload",
}


def govuk_widgets(form):
    """GOV.UK classes for the inputs the template pack leaves unstyled."""
    for field in form.fields.values():
        for widget_type, css in GOVUK_CLASSES.items():
            if type(field.widget) is widget_type and "class" not in field.widget.attrs:
                field.widget.attrs["class"] = css


class LinesField(forms.CharField):
    """A list of short texts entered one a line."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


def la_staff(local_authority_id):
    """Users of the LA who may lead or own improvement work."""
    return User.objects.filter(
        Q(groups__name__in=[Role.ADMINISTRATOR.value, Role.IMPROVEMENT_LEAD.value]),
        local_authority_id=local_authority_id,
        is_active=True,
    ).distinct()


def https_formfield(db_field, **kwargs):
    """Model fields' form fields; web addresses typed without a scheme get https://."""
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class VersionedForm(forms.ModelForm):
    """A model form carrying the version the editor opened, so a stale save is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        formfield_callback = https_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        govuk_widgets(self)

    def model_changes(self):
        """The edited model fields' values (not many-to-many ones)."""
        names = [
            f.name
            for f in self._meta.model._meta.concrete_fields
            if f.name in self.cleaned_data and f.name != "version"
        ]
        return {name: self.cleaned_data[name] for name in names}


class ProgrammeForm(VersionedForm):
    reports_to = LinesField(
        label="Reports to",
        required=False,
        help_text="One body a line, for example LSCB, SLT, the scrutiny committee, the Executive",
    )

    class Meta(VersionedForm.Meta):
        model = Programme
        fields = [
            "title",
            "summary",
            "start_date",
            "end_date",
            "status",
            "governance_board",
            "reports_to",
            "themes_per_meeting",
            "due_date_changes_need_approval",
            "inspections",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "inspections": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Enter the programme's title"},
            "start_date": {"required": "Enter the date the programme starts"},
            "status": {"required": "Choose the programme's status"},
            "themes_per_meeting": {
                "required": "Enter how many themes the board reviews at each meeting"
            },
        }

    def __init__(self, *args, local_authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.local_authority = local_authority
        self.fields["inspections"].queryset = local_authority.inspections.order_by("-start_date")
        self.fields["inspections"].label = "Inspections and visits it answers"


class ThemeForm(VersionedForm):
    class Meta(VersionedForm.Meta):
        model = Theme
        fields = [
            "title",
            "aim_heading",
            "aim",
            "order",
            "leads",
            "recommendations",
            "pid_file",
            "pid_link",
        ]
        widgets = {
            "aim": forms.Textarea(attrs={"rows": 6}),
            "leads": forms.CheckboxSelectMultiple,
            "recommendations": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Enter the theme's title"},
            "order": {"required": "Enter the theme's number in the programme, for example 3"},
        }

    def __init__(self, *args, programme, can_choose_leads, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        if can_choose_leads:
            self.fields["leads"].queryset = la_staff(programme.local_authority_id).order_by(
                "last_name", "first_name"
            )
        else:
            del self.fields["leads"]
        self.fields["recommendations"].queryset = (
            self.fields["recommendations"]
            .queryset.filter(inspection__in=programme.inspections.all())
            .select_related("inspection")
            .order_by("inspection__start_date", "order")
        )
        self.fields["recommendations"].label = "Recommendations it answers"
        self.fields["pid_file"].widget = forms.FileInput(
            attrs={"accept": ".pdf,.doc,.docx,.odt", "class": "govuk-file-upload"}
        )


class RagChangeForm(forms.Form):
    status = forms.ChoiceField(
        label="New RAG status",
        choices=RagStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new RAG status"},
    )
    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A short reason that scrutiny and the board will read.",
        error_messages={"required": "Give a short reason for the change of RAG status"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.theme = theme
        self.fields["version"].initial = theme.version

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a short reason for the change of RAG status")
        return reason

    def clean_status(self):
        status = self.cleaned_data["status"]
        if status == self.theme.rag_status:
            raise forms.ValidationError(
                f"The theme is already {self.theme.get_rag_status_display()}: choose another status"
            )
        return status


class ProgressUpdateForm(forms.Form):
    text = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What has happened since the last update. Updates are kept as a log and "
        "cannot be changed later.",
        error_messages={"required": "Write the update"},
    )


class AchievementForm(VersionedForm):
    class Meta(VersionedForm.Meta):
        model = Achievement
        fields = [
            "label",
            "text",
            "achieved_on",
            "achieved_precision",
            "evidence_link",
            "evidence",
            "order",
        ]
        widgets = {
            "achieved_on": DateInput,
            "text": forms.Textarea(attrs={"rows": 4}),
            "achieved_precision": forms.RadioSelect,
        }
        error_messages = {
            "label": {"required": "Enter a short label, for example 'The Cocoon'"},
            "text": {"required": "Describe the achievement"},
            "achieved_precision": {"required": "Choose how to show the date"},
            "order": {"required": "Enter a number for the order, for example 2"},
        }

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.theme = theme
        self.fields["evidence"].queryset = EvidenceItem.objects.filter(
            programme_id=theme.programme_id
        )
        if not self.instance.pk:
            del self.fields["order"]


class NextStepForm(VersionedForm):
    class Meta(VersionedForm.Meta):
        model = NextStep
        fields = ["label", "text", "owner", "owner_name", "owner_role", "due_date"]
        fields += ["due_precision", "status", "order"]
        widgets = {
            "due_date": DateInput,
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_precision": forms.RadioSelect,
        }
        error_messages = {
            "label": {"required": "Enter a short label, for example 'Health Passports'"},
            "text": {"required": "Describe the next step"},
            "due_precision": {"required": "Choose how to show the due date"},
            "status": {"required": "Choose the next step's status"},
            "order": {"required": "Enter a number for the order, for example 2"},
        }

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.theme = theme
        self.fields["owner"].queryset = la_staff(theme.programme.local_authority_id).order_by(
            "last_name", "first_name"
        )
        if self.instance.pk and self.instance.due_date:
            del self.fields["due_date"]  # moved only by "Change the due date", with a reason
        if not self.instance.pk:
            del self.fields["order"]
            self.fields["status"].choices = [
                (value, label)
                for value, label in NextStep.Status.choices
                if value in (NextStep.Status.PLANNED, NextStep.Status.IN_PROGRESS)
            ]


class CompleteNextStepForm(forms.Form):
    label = forms.CharField(
        max_length=200, error_messages={"required": "Enter a short label for the achievement"}
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the achievement"},
    )
    achieved_on = forms.DateField(
        label="Achieved on",
        widget=DateInput,
        error_messages={"required": "Enter the date it was achieved"},
    )
    evidence_link = forms.URLField(
        label="Link to evidence", required=False, max_length=500, assume_scheme="https"
    )
    evidence = forms.ModelChoiceField(
        label="Evaluation evidence", queryset=EvidenceItem.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, next_step, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].initial = next_step.label
        self.fields["text"].initial = next_step.text
        self.fields["version"].initial = next_step.version
        self.fields["evidence"].queryset = EvidenceItem.objects.filter(
            programme_id=next_step.theme.programme_id
        )
        govuk_widgets(self)


class EvidenceForm(VersionedForm):
    class Meta(VersionedForm.Meta):
        model = EvidenceItem
        fields = [
            "kind",
            "title",
            "date",
            "summary",
            "measure_label",
            "measure_value",
            "link",
            "themes",
        ]
        widgets = {
            "date": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Enter a title for the evidence"},
            "kind": {"required": "Choose the type of evidence"},
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["themes"].queryset = programme.themes.order_by("order")


class BoardMeetingForm(VersionedForm):
    themes = forms.ModelMultipleChoiceField(
        label="Themes reviewed",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(VersionedForm.Meta):
        model = BoardMeeting
        fields = ["date", "notes"]
        widgets = {"date": DateInput, "notes": forms.Textarea(attrs={"rows": 6})}
        error_messages = {"date": {"required": "Enter the date of the meeting"}}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["themes"].queryset = programme.themes.order_by("order")
        if self.instance.pk:
            self.fields["themes"].initial = [
                item.theme_id for item in self.instance.agenda_items.all()
            ]


class RotaForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_widgets(self)

    start = forms.DateField(
        label="Date of the first meeting",
        widget=DateInput,
        error_messages={"required": "Enter the date of the first meeting"},
    )
    every_n_weeks = forms.IntegerField(
        label="Weeks between meetings",
        min_value=1,
        max_value=52,
        initial=6,
        error_messages={"required": "Enter the number of weeks between meetings"},
    )
    count = forms.IntegerField(
        label="Number of meetings",
        min_value=1,
        max_value=52,
        required=False,
        help_text="Leave empty for enough meetings for every theme to come round once.",
    )
