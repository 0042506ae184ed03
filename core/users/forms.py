"""The forms of council user management, in GOV.UK style."""

from crispy_forms_gds.choices import Choice
from django import forms
from django.contrib.auth import forms as auth_forms

from core.forms import CONTROL_CHARACTERS, LINE_BREAKS, SafeTextMixin, govuk_error_messages
from core.roles import Role

ROLE_HINTS = {
    Role.ADMINISTRATOR: "Manages the council's users and programme, enters inspections and "
    "can change everything of the council.",
    Role.IMPROVEMENT_LEAD: "Updates the themes they lead and their items, enters local "
    "workforce figures and generates committee papers.",
    Role.SCRUTINY_MEMBER: "Reads the programme, figures and papers; changes nothing.",
}


def role_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label="Roles",
        help_text="Select all that apply. Which themes someone leads is set on each theme.",
        choices=[Choice(role.value, role.label, hint=ROLE_HINTS[role]) for role in Role],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one role",
            "invalid_choice": "Choose roles from the list",
        },
    )


def _single_line(value: str) -> str:
    if LINE_BREAKS.search(value) or CONTROL_CHARACTERS.search(value) or "\t" in value:
        raise forms.ValidationError("Enter this on one line, without special characters")
    return value.strip()


class InviteForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        help_text="We will send the invitation here. They sign in with this email address "
        "as their username.",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=120, required=False)
    roles = role_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_error_messages(self)
        for name in ("first_name", "last_name", "job_title"):
            self.fields[name].widget.attrs.setdefault("autocomplete", "off")
        self.fields["email"].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        for name in ("first_name", "last_name", "email", "job_title"):
            self.fields[name].error_messages["max_length"] = (
                f"{self.fields[name].label.removesuffix(' (optional)')} must be "
                f"{self.fields[name].max_length} characters or fewer"
            )

    def clean_first_name(self):
        return _single_line(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return _single_line(self.cleaned_data["last_name"])

    def clean_job_title(self):
        return _single_line(self.cleaned_data["job_title"])


class RolesForm(forms.Form):
    """The roles of an account, carrying the version the administrator opened."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": "Reload the page and make your change again."},
    )
    roles = role_field()

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_error_messages(self)
        self.member = member
        self.fields["version"].initial = member.version
        self.fields["roles"].initial = [role.value for role in Role if member.has_role(role)]

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if version is None:
            raise forms.ValidationError("Reload the page and make your change again.")
        return version


class SetPasswordForm(SafeTextMixin, auth_forms.SetPasswordForm):
    """Choosing a password from an invitation's link: no autofocus, plain messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].widget.attrs.pop("autofocus", None)
        self.fields["new_password1"].label = "Password"
        self.fields["new_password1"].help_text = (
            "At least 12 characters. Not a common password, not all numbers and not like "
            "your name or email address."
        )
        self.fields["new_password2"].label = "Type the password again"
        self.fields["new_password1"].error_messages["required"] = "Enter a password"
        self.fields["new_password2"].error_messages["required"] = "Enter the password again"
