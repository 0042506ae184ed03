"""Forms in GOV.UK style.

- Sign-in and password forms: no autofocus, messages that say what to enter.
- The building blocks of every app's forms: `GovukDateField` (day, month and year boxes),
  `LinesField` (one item a line), `VersionedModelForm` (carries the version the editor opened,
  GOV.UK widgets, dates and web addresses), `govuk_widgets`, `govuk_formfield`.
"""

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.db import models


def _say(form, messages: dict[str, str]) -> None:
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class SignInForm(auth_forms.AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django focuses the first box on load, which skips the skip link and the page's
        # heading for screen reader and keyboard users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        _say(self, {"username": "Enter your username", "password": "Enter your password"})


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        _say(
            self,
            {
                "old_password": "Enter your current password",
                "new_password1": "Enter a new password",
                "new_password2": "Enter the new password again",
            },
        )


# --------------------------------------------------------------------------------------------
# Fields and forms every app's forms are built from


class GovukDateField(DateInputField):
    """The GOV.UK date input (day, month and year boxes), with plain messages for impossible
    dates and short years. Every date a person types goes through this field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("require_all_fields", False)
        kwargs.setdefault("help_text", "For example, 27 3 2019")
        super().__init__(**kwargs)

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = data_list
        if day and month and year and len(str(year)) != 4:
            raise ValidationError("Enter the year as 4 digits, like 2019", code="invalid")
        try:
            return super().compress(data_list)
        except (ValidationError, ValueError, OverflowError) as exc:
            raise ValidationError("Enter a real date, like 27 3 2019", code="invalid") from exc


class LinesField(forms.CharField):
    """A list of short texts entered one a line (blank lines dropped)."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(v).strip() for v in value if str(v).strip()]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


GOVUK_CLASSES = {
    forms.URLInput: "govuk-input",
    forms.NumberInput: "govuk-input govuk-input--width-4",
    forms.FileInput: "govuk-file-upload",
    forms.ClearableFileInput: "govuk-file-upload",
}


def govuk_widgets(form) -> None:
    """GOV.UK classes for the inputs the template pack leaves unstyled."""
    for field in form.fields.values():
        for widget_type, css in GOVUK_CLASSES.items():
            if type(field.widget) is widget_type and "class" not in field.widget.attrs:
                field.widget.attrs["class"] = css


def govuk_formfield(db_field, **kwargs):
    """Model fields' form fields the GOV.UK way: dates as day, month and year boxes; web
    addresses typed without a scheme get https://."""
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs.setdefault("form_class", GovukDateField)
        field = db_field.formfield(**kwargs)
        return field
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class VersionedModelForm(forms.ModelForm):
    """A model form carrying the version the editor opened, so a stale save is refused
    (`core.editing.model_update`), with GOV.UK widgets and date inputs."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        formfield_callback = govuk_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        govuk_widgets(self)

    def clean_version(self):
        version = self.cleaned_data.get("version")
        if self.instance.pk and version is None:
            raise ValidationError("Reload the page and make your change again.")
        return version

    def model_changes(self) -> dict:
        """The edited model fields' values (not many-to-many ones)."""
        return {
            f.name: self.cleaned_data[f.name]
            for f in self._meta.model._meta.concrete_fields
            if f.name in self.cleaned_data and f.name != "version"
        }
