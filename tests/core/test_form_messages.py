"""Every form says what is wrong in GOV.UK style, never in Django's own words."""

import pytest
from django import forms
from django.urls import reverse

from core.forms import GovukForm, GovukModelForm
from core.users.forms import InviteForm
from improvement.forms import NextStepForm
from indicators.forms import LocalValueForm
from inspections.models import Inspection

DJANGO_WORDS = [
    "Enter a valid",
    "Ensure this value",
    "Select a valid choice",
    "This field is required",
    "Please enter a correct",
]


class ReportForm(GovukForm):
    link = forms.URLField(label="Link to the report", required=False, assume_scheme="https")
    title = forms.CharField(label="Title", max_length=120)
    score = forms.IntegerField(label="Score", min_value=1, max_value=10, required=False)
    share = forms.DecimalField(label="Share (%)", max_digits=4, decimal_places=1, required=False)
    colour = forms.ChoiceField(label="RAG status", choices=[("red", "Red")], required=False)
    email = forms.EmailField(label="Email address", required=False)
    owner_name = forms.CharField(
        label="Owner", error_messages={"required": "Enter the owner's name"}, required=True
    )


def errors_of(form) -> dict[str, list[str]]:
    assert not form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_djangos_default_wording_is_replaced_by_messages_that_name_the_field():
    errors = errors_of(
        ReportForm(
            {
                "link": "not a web address",
                "title": "x" * 400,
                "score": "11",
                "share": "1234.5",
                "colour": "banana",
                "email": "nobody",
                "owner_name": "",
            }
        )
    )
    assert errors == {
        "link": ["Link to the report must be a web address, like https://www.example.gov.uk"],
        "title": ["Title must be 120 characters or fewer"],
        "score": ["Score must be 10 or less"],
        "share": ["Share (%) must have no more than 4 digits"],
        "colour": ["Select one of the options given for RAG status"],
        "email": ["Email address must be an email address, like name@example.gov.uk"],
        "owner_name": ["Enter the owner's name"],  # the form's own message is kept
    }


def test_numbers_and_empty_fields_get_plain_messages():
    errors = errors_of(
        ReportForm({"title": "", "score": "ten", "share": "lots", "owner_name": "A"})
    )
    assert errors == {
        "title": ["Enter title"],
        "score": ["Score must be a whole number, like 12"],
        "share": ["Share (%) must be a number, like 12.5"],
    }
    assert errors_of(ReportForm({"title": "A", "score": "0", "owner_name": "A"})) == {
        "score": ["Score must be 1 or more"]
    }


def test_model_forms_get_the_same_messages(lead):
    class InspectionLinkForm(GovukModelForm):
        class Meta(GovukModelForm.Meta):
            model = Inspection
            fields = ["report_url"]

    errors = errors_of(InspectionLinkForm({"report_url": "https://"}))
    assert errors == {
        "report_url": ["Link to the report must be a web address, like https://www.example.gov.uk"]
    }


@pytest.mark.django_db
def test_app_forms_on_every_base_carry_no_django_wording(lead, local_authority):
    from tests.improvement.factories import ProgrammeFactory, ThemeFactory

    theme = ThemeFactory(programme=ProgrammeFactory(local_authority=local_authority))
    step = NextStepForm({"label": "x" * 400, "owner": "banana"}, theme=theme)
    value = LocalValueForm({"measure": "banana", "value": "lots"}, local_authority=local_authority)
    invite = InviteForm({"email": "nobody", "roles": ["banana"]})
    for form in (step, value, invite):
        form.is_valid()
        text = " ".join(str(e) for errors in form.errors.values() for e in errors)
        assert text, form
        assert not any(words in text for words in DJANGO_WORDS), (form, text)


def test_a_wrong_password_is_told_in_govuk_words(client, lead):
    response = client.post(reverse("login"), {"username": lead.username, "password": "wrong"})
    content = response.content.decode()
    assert "The username or password is not right" in content
    assert "Please enter a correct" not in content
