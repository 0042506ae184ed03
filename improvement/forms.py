from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django import forms
from django.db.models import Q

from core.dates import long_date
from core.forms import (
    GovukDateField,
    LinesField,
    SafeTextMixin,
    VersionedModelForm,
    govuk_widgets,
)
from core.models import User
from core.roles import Role
from improvement import services
from improvement.models import (
    ACHIEVED_NOT_IN_FUTURE,
    Achievement,
    BoardMeeting,
    EvidenceItem,
    NextStep,
    Programme,
    RagStatus,
    Theme,
)


def la_staff(local_authority_id):
    """Users of the LA who may lead or own improvement work."""
    return User.objects.filter(
        Q(groups__name__in=[Role.ADMINISTRATOR.value, Role.IMPROVEMENT_LEAD.value]),
        local_authority_id=local_authority_id,
        is_active=True,
    ).distinct()


def leads_to_offer(programme, theme):
    """The council's staff who may lead a theme, and the theme's current leads even if they
    have since been deactivated or lost the role, so saving the form does not drop them."""
    current = theme.leads.all() if theme.pk else User.objects.none()
    return (
        User.objects.filter(
            Q(pk__in=la_staff(programme.local_authority_id).values("pk"))
            | Q(pk__in=current.values("pk")),
            local_authority_id=programme.local_authority_id,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def lead_label(user) -> str:
    return str(user) if user.is_active else f"{user} (deactivated)"


def say_when_missing(form, messages: dict[str, str]) -> None:
    """The message for each named field left empty (date fields take theirs this way)."""
    for name, message in messages.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message


class ProgrammeForm(VersionedModelForm):
    reports_to = LinesField(
        label="Reports to",
        required=False,
        help_text="One body a line, for example LSCB, SLT, the scrutiny committee, the Executive",
    )

    class Meta(VersionedModelForm.Meta):
        model = Programme
        fields = [*services.PROGRAMME_FIELDS, "inspections"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "inspections": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Enter the programme's title"},
            "status": {"required": "Choose the programme's status"},
            "themes_per_meeting": {
                "required": "Enter how many themes the board reviews at each meeting"
            },
        }

    def __init__(self, *args, local_authority, **kwargs):
        super().__init__(*args, **kwargs)
        say_when_missing(self, {"start_date": "Enter the date the programme starts"})
        self.instance.local_authority = local_authority
        self.fields["inspections"].queryset = local_authority.inspections.order_by("-start_date")
        self.fields["inspections"].label = "Inspections and visits it answers"


@dataclass
class RecommendationChoice:
    id: str
    value: str
    label: str
    text: str
    ticked: bool


@dataclass
class RecommendationGroup:
    inspection: object
    legend: str
    choices: list[RecommendationChoice] = dataclass_field(default_factory=list)


def _source(inspection) -> str:
    """'Standard inspection, 11 June 2018', or 'Focused visit, 5 March 2020: children in
    need' for a visit with a theme."""
    text = f"{inspection.get_inspection_type_display()}, {long_date(inspection.start_date)}"
    return f"{text}: {inspection.theme}" if inspection.theme else text


class ThemeForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
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
        # The stored document, if any: a refused upload replaces the instance's field value.
        self.saved_pid_file = self.instance.pid_file.name if self.instance.pk else ""
        if can_choose_leads:
            self.fields["leads"].queryset = leads_to_offer(programme, self.instance)
            self.fields["leads"].label_from_instance = lead_label
        else:
            del self.fields["leads"]
        self.fields["recommendations"].queryset = (
            self.fields["recommendations"]
            .queryset.filter(inspection__in=programme.inspections.all())
            .select_related("inspection")
            .order_by("inspection__start_date", "order")
        )
        self.fields["recommendations"].label = "Recommendations it answers"
        self.fields[
            "recommendations"
        ].help_text = "Grouped by the inspection or visit that made them. Select all that apply."
        self.fields["pid_file"].widget = forms.FileInput(
            attrs={"accept": ".pdf,.doc,.docx,.odt", "class": "govuk-file-upload"}
        )

    def recommendation_groups(self) -> list[RecommendationGroup]:
        """The recommendations to choose from, grouped by the inspection or visit that made
        them (oldest first), each with its full text and whether it is ticked. Checkbox ids
        follow the field's (`id_recommendations_1`, ...) so the error summary links to the
        first."""
        bound = self["recommendations"]
        ticked = {str(value) for value in (bound.value() or [])}
        groups: list[RecommendationGroup] = []
        for number, recommendation in enumerate(bound.field.queryset, start=1):
            inspection = recommendation.inspection
            if not groups or groups[-1].inspection != inspection:
                groups.append(
                    RecommendationGroup(inspection=inspection, legend=_source(inspection))
                )
            groups[-1].choices.append(
                RecommendationChoice(
                    id=f"{bound.auto_id}_{number}",
                    value=str(recommendation.pk),
                    label=f"{recommendation.get_kind_display()}: point {recommendation.order}",
                    text=" ".join(recommendation.text.split()),
                    ticked=str(recommendation.pk) in ticked,
                )
            )
        return groups


class RagChangeForm(SafeTextMixin, forms.Form):
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


class ProgressUpdateForm(SafeTextMixin, forms.Form):
    text = forms.CharField(
        label="Update",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What has happened since the last update. Updates are kept as a log and "
        "cannot be changed later.",
        error_messages={"required": "Write the update"},
    )


class AchievementForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = Achievement
        fields = list(services.ACHIEVEMENT_FIELDS)
        widgets = {
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


class NextStepForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = NextStep
        fields = list(services.NEXT_STEP_FIELDS)
        widgets = {
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


class CompleteNextStepForm(SafeTextMixin, forms.Form):
    label = forms.CharField(
        max_length=200, error_messages={"required": "Enter a short label for the achievement"}
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the achievement"},
    )
    achieved_on = GovukDateField(label="Achieved on", validators=[ACHIEVED_NOT_IN_FUTURE])
    evidence_link = forms.URLField(
        label="Link to evidence", required=False, max_length=500, assume_scheme="https"
    )
    evidence = forms.ModelChoiceField(
        label="Evaluation evidence", queryset=EvidenceItem.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, next_step, **kwargs):
        super().__init__(*args, **kwargs)
        say_when_missing(self, {"achieved_on": "Enter the date it was achieved"})
        self.fields["label"].initial = next_step.label
        self.fields["text"].initial = next_step.text
        self.fields["version"].initial = next_step.version
        self.fields["evidence"].queryset = EvidenceItem.objects.filter(
            programme_id=next_step.theme.programme_id
        )
        govuk_widgets(self)


class EvidenceForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = EvidenceItem
        fields = [*services.EVIDENCE_FIELDS, "themes"]
        widgets = {
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
        self.fields["finding"].queryset = programme.findings.order_by("order", "pk")
        self.fields["finding"].empty_label = "No particular finding"


class BoardMeetingForm(VersionedModelForm):
    themes = forms.ModelMultipleChoiceField(
        label="Themes reviewed",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(VersionedModelForm.Meta):
        model = BoardMeeting
        fields = list(services.MEETING_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        say_when_missing(self, {"date": "Enter the date of the meeting"})
        self.instance.programme = programme
        self.fields["themes"].queryset = programme.themes.order_by("order")
        if self.instance.pk:
            self.fields["themes"].initial = [
                item.theme_id for item in self.instance.agenda_items.all()
            ]


class RotaForm(SafeTextMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        say_when_missing(self, {"start": "Enter the date of the first meeting"})
        govuk_widgets(self)

    start = GovukDateField(label="Date of the first meeting")
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
