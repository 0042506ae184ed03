import datetime

from django import forms

from core.forms import GovukDateField, LinesField, SafeTextMixin

TEXTAREA = {"rows": 3}


class PaperForm(SafeTextMixin, forms.Form):
    """The committee paper's inputs; the report detail and progress come from the programme."""

    programme = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": "Choose one of your council's programmes."},
    )
    committee_name = forms.CharField(
        label="Committee",
        max_length=200,
        error_messages={"required": "Enter the name of the committee."},
    )
    meeting_date = GovukDateField(
        label="Date of the meeting",
        help_text="For example, 26 11 2019",
        error_messages={"required": "Enter the date of the meeting."},
    )
    subject_heading = forms.CharField(
        label="Subject heading",
        max_length=200,
        error_messages={"required": "Enter the subject heading."},
    )
    slt_lead = forms.CharField(
        label="SLT lead",
        max_length=200,
        help_text="Name and job title of the senior leadership team lead.",
        error_messages={"required": "Enter the SLT lead."},
    )
    report_author = forms.CharField(
        label="Report author and contact details",
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text="Name and job title, telephone and email, one a line.",
        error_messages={"required": "Enter the report author and their contact details."},
    )
    policy_context = forms.CharField(
        label="Policy context", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    financial_summary = forms.CharField(
        label="Financial summary", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    council_objectives = LinesField(
        label="Council objectives",
        required=False,
        help_text="The council objectives the report deals with, one a line.",
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the summary."},
    )
    recommendations = LinesField(
        label="Recommendations",
        help_text="One recommendation a line. They are numbered in the paper.",
        error_messages={"required": "Enter at least one recommendation."},
    )
    financial_implications = forms.CharField(
        label="Financial implications and risks",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
    )
    legal_implications = forms.CharField(
        label="Legal implications and risks", widget=forms.Textarea(attrs=TEXTAREA), required=False
    )
    hr_implications = forms.CharField(
        label="Human resources implications and risks",
        widget=forms.Textarea(attrs=TEXTAREA),
        required=False,
    )
    equalities_implications = forms.CharField(
        label="Equalities implications and risks",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text="Starts with the Public Sector Equality Duty text; change it as you need.",
    )

    consultation = forms.CharField(
        label="Consultation",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Starts with the standard wording on consultation; change it as you need.",
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes

    def clean_meeting_date(self):
        day = self.cleaned_data["meeting_date"]
        if not datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 12, 31):
            raise forms.ValidationError("Enter a meeting date between 2000 and 2100.")
        return day

    def inputs(self) -> dict:
        """The paper's inputs, as `scrutiny.paper_content.paper_content` takes them."""
        return {name: value for name, value in self.cleaned_data.items() if name != "programme"}
