"""Forms of the action plan: changing a due date, recording progress, milestones, decisions
and confirmations."""

from django import forms

from core.forms import GovukDateField, GovukForm, VersionedForm, VersionedModelForm
from improvement.models import ActionRag, Finding, Milestone, NextStep


def yes_or_no_field(*, label, yes, no, required_message):
    """A yes-or-no question as GOV.UK asks it, as radios; cleaned to True or False."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", yes), ("no", no)],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class DueDateChangeForm(VersionedForm):
    new_date = GovukDateField(label="New due date")
    reason = forms.CharField(
        label="Why is the due date changing?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Members see this reason beside the new date.",
        error_messages={"required": "Give the reason the due date is changing"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_date"].error_messages["required"] = "Enter the new due date"


class DecisionForm(GovukForm):
    decision = yes_or_no_field(
        label="Do you approve the new due date?",
        yes="Yes, approve the new due date",
        no="No, keep the current date",
        required_message="Choose whether to approve the new due date",
    )


class ProgressForm(VersionedForm):
    status = forms.ChoiceField(
        label="Status",
        choices=NextStep.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    text = forms.CharField(
        label="What happened?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write what happened"},
    )
    as_at = GovukDateField(
        label="As at (optional)",
        required=False,
        help_text="If you are recording this late, the date it describes, for example 27 3 "
        "2019. Leave empty for today.",
    )
    rag_override = forms.ChoiceField(
        label="RAG rating",
        choices=[("", "Worked out by the rule"), *ActionRag.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    rag_override_reason = forms.CharField(
        label="Reason for overriding the rule",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed only when you choose a RAG rating yourself.",
    )

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None:
            self.fields["status"].initial = instance.status
            self.fields["rag_override"].initial = instance.rag_override
            self.fields["rag_override_reason"].initial = instance.rag_override_reason


class MilestoneForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = Milestone
        fields = ["title", "due_date", "completed_on"]
        error_messages = {"title": {"required": "Enter the milestone"}}


class ConfirmForm(VersionedForm):
    """'Are you sure?' as GOV.UK asks it: yes or no, for the version the person saw."""

    confirm = yes_or_no_field(
        label="Are you sure?", yes="Yes", no="No", required_message="Choose yes or no"
    )

    def __init__(self, *args, question="Are you sure?", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = question

    def clean(self):
        cleaned = super().clean()
        if "confirm" in cleaned and cleaned.get("version") is None:
            raise forms.ValidationError("Reload the page and try again.")
        return cleaned


class FindingForm(VersionedModelForm):
    class Meta(VersionedModelForm.Meta):
        model = Finding
        fields = ["source", "source_detail", "text", "inspection", "actions"]
        widgets = {
            "source": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4}),
            "actions": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "source": {"required": "Choose where the finding comes from"},
            "text": {"required": "Enter the finding"},
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["inspection"].queryset = programme.inspections.all()
        self.fields["actions"].queryset = (
            NextStep.objects.filter(theme__programme=programme)
            .select_related("theme")
            .order_by("theme__order", "order", "pk")
        )
        self.fields["actions"].label_from_instance = lambda step: f"{step.theme}: {step.label}"
        self.fields["actions"].help_text = "Leave all unticked if no action answers it yet."
