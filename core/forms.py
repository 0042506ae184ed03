"""Forms in GOV.UK style.

- Sign-in and password forms: no autofocus, messages that say what to enter.
- Safe, bounded text in every form built on core's bases (`GovukForm`, `GovukModelForm`,
  `VersionedModelForm`, or `bound_text_fields(form)`): control characters are refused, single-line
  fields refuse line breaks, and every text field has a maximum length, each with a clear message.
- The building blocks of every app's forms: `GovukDateField` (day, month and year boxes),
  `LinesField` (one item a line), `VersionedModelForm` (carries the version the editor opened,
  GOV.UK widgets, dates and web addresses), `govuk_widgets`, `govuk_formfield`.
"""

import re

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.forms.utils import pretty_name

# Characters no one types and that break documents and exports (the Word paper refuses them):
# C0 controls other than tab, line feed and carriage return, DEL, and the two non-characters.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x85]")
# Maximum lengths of text fields whose model sets none.
LONG_TEXT_MAX_LENGTH = 10_000
SHORT_TEXT_MAX_LENGTH = 500
CONTROL_MESSAGE = (
    "{label} must not include hidden control characters. Type it again instead of pasting it"
)


def _text_of(value) -> str:
    if isinstance(value, list | tuple):
        return "\n".join(str(item) for item in value)
    return value if isinstance(value, str) else ""


class SafeTextValidator:
    """Refuses control characters, line breaks in a single-line field, and text longer than
    the field's maximum (a LinesField's lines counted together), with GOV.UK-style messages."""

    def __init__(self, label: str, max_length: int | None, single_line: bool):
        self.label = label
        self.max_length = max_length
        self.single_line = single_line

    def __call__(self, value):
        text = _text_of(value)
        if CONTROL_CHARACTERS.search(text):
            raise ValidationError(
                CONTROL_MESSAGE.format(label=self.label), code="control_characters"
            )
        if self.single_line and LINE_BREAKS.search(text):
            raise ValidationError(f"{self.label} must be on one line", code="line_breaks")
        if self.max_length is not None and len(text) > self.max_length:
            raise ValidationError(
                f"{self.label} must be {self.max_length:,} characters or fewer "
                f"(you entered {len(text):,})",
                code="too_long",
            )


def bound_text_fields(form) -> None:
    """Every text field of the form refuses control characters, line breaks where it has one
    line, and more than its maximum length (its model's, or 10,000 characters for long text and
    500 for a line). Passwords are left exactly as typed."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
            continue
        single_line = not isinstance(field.widget, forms.Textarea) and not isinstance(
            field, LinesField
        )
        if field.max_length is None:
            limit = SHORT_TEXT_MAX_LENGTH if single_line else LONG_TEXT_MAX_LENGTH
        else:
            limit = field.max_length
        label = str(field.label or pretty_name(name))
        field.error_messages["max_length"] = f"{label} must be {limit:,} characters or fewer"
        field.error_messages["null_characters_not_allowed"] = CONTROL_MESSAGE.format(label=label)
        if not any(isinstance(v, SafeTextValidator) for v in field.validators):
            # A field with its own maximum already has Django's check (with the message above).
            own_limit = None if field.max_length is not None else limit
            field.validators.append(SafeTextValidator(label, own_limit, single_line))


def _lower_first(label: str) -> str:
    """ "Owner" → "owner", but "RAG status" and "DfE code" keep their capitals."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _govuk_messages(field, label: str) -> dict[str, str]:
    """GOV.UK-style messages for Django's error codes on this kind of field. Messages whose
    Django error carries values (limits, the value typed) keep their %(name)s placeholders, so
    a % in the label is doubled there."""
    named = label.replace("%", "%%")
    thing = _lower_first(label)
    messages = {
        "min_value": f"{named} must be %(limit_value)s or more",
        "max_value": f"{named} must be %(limit_value)s or less",
        "step_size": f"{named} must be a multiple of %(limit_value)s",
        "max_digits": f"{named} must have no more than %(max)s digits",
        "max_decimal_places": f"{named} must have no more than %(max)s decimal places",
        "max_whole_digits": f"{named} must have no more than %(max)s digits before the point",
        "min_length": f"{named} must be %(limit_value)s characters or more",
        "unique": f"{named} is already in use: enter a different one",
    }
    if isinstance(field, forms.URLField):
        messages["invalid"] = f"{label} must be a web address, like https://www.example.gov.uk"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = f"{label} must be an email address, like name@example.gov.uk"
    elif isinstance(field, forms.DecimalField | forms.FloatField):  # before IntegerField,
        messages["invalid"] = f"{label} must be a number, like 12.5"  # their base class
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{label} must be a whole number, like 12"
    elif isinstance(field, forms.DateTimeField):
        messages["invalid"] = f"{label} must be a real date and time"
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"{label} must be a real date, like 27 3 2019"
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        messages["invalid_choice"] = f"Select only the options given for {_lower_first(named)}"
        messages["invalid_pk_value"] = messages["invalid_choice"]
        messages["invalid_list"] = f"Select one or more of the options for {thing}"
        messages["required"] = f"Select at least one option for {thing}"
    elif isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
        messages["invalid_choice"] = f"Select one of the options given for {_lower_first(named)}"
        messages["required"] = f"Select {thing}"
    elif isinstance(field, forms.FileField):
        messages["invalid"] = f"{label} must be a file"
        messages["missing"] = f"Select a file for {thing}"
        messages["empty"] = f"The file for {thing} is empty"
        messages["required"] = f"Select a file for {thing}"
    elif isinstance(field, forms.BooleanField):
        messages["required"] = f"Select {thing}"
    else:
        messages["required"] = f"Enter {thing}"
    return messages


def govuk_error_messages(form) -> None:
    """Django's own wording ("Enter a valid URL.", "Select a valid choice. … is not one of the
    available choices.", "Ensure this value is less than or equal to 10.", "This field is
    required.") replaced on every field by GOV.UK-style messages that name the field and say
    what to enter. Messages a form or field sets itself are kept."""
    for name, field in form.fields.items():
        django_defaults: dict[str, set[str]] = {}
        for klass in type(field).__mro__:
            for code, message in getattr(klass, "default_error_messages", {}).items():
                django_defaults.setdefault(code, set()).add(str(message))
        # The validators' own messages (a field's limits, a model field's checks).
        for validator in field.validators:
            code = getattr(validator, "code", None)
            if code and getattr(validator, "message", None):
                django_defaults.setdefault(code, set()).add(str(validator.message))
        label = str(field.label or pretty_name(name))
        for code, message in _govuk_messages(field, label).items():
            current = field.error_messages.get(code)
            if current is None or str(current) in django_defaults.get(code, ()):
                field.error_messages[code] = message


class SafeTextMixin:
    """Applies `bound_text_fields` and `govuk_error_messages` to a form when it is made."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_error_messages(self)
        bound_text_fields(self)


def _say(form, messages: dict[str, str]) -> None:
    for name, message in messages.items():
        form.fields[name].error_messages["required"] = message


class SignInForm(SafeTextMixin, auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": (
            "The username or password is not right. Enter them again, checking capital letters"
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django focuses the first box on load, which skips the skip link and the page's
        # heading for screen reader and keyboard users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        _say(self, {"username": "Enter your username", "password": "Enter your password"})


class PasswordChangeForm(SafeTextMixin, auth_forms.PasswordChangeForm):
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


REAL_DATE = "Enter a real date, like 27 3 2019"


class GovukDateField(DateInputField):
    """The GOV.UK date input (day, month and year boxes), with plain messages for impossible
    dates and short years. Every date a person types goes through this field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("require_all_fields", False)
        kwargs.setdefault("help_text", "For example, 27 3 2019")
        error_messages = kwargs.pop("error_messages", {})
        super().__init__(**kwargs)
        self.error_messages["invalid"] = REAL_DATE
        self.error_messages.update(error_messages)
        for box in self.fields:  # day, month, year: digits only, said the GOV.UK way
            box.validators = [RegexValidator(r"^[0-9]+$", REAL_DATE)]

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return None
        day, month, year = data_list
        if day and month and year and len(str(year)) != 4:
            raise ValidationError("Enter the year as 4 digits, like 2019", code="invalid")
        try:
            return super().compress(data_list)
        except (ValidationError, ValueError, OverflowError) as exc:
            raise ValidationError(REAL_DATE, code="invalid") from exc


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
        # Lines end at line breaks only (not at the other characters str.splitlines() breaks
        # at, such as form feeds, which are refused as control characters).
        return [line.strip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


GOVUK_CLASSES = {
    forms.URLInput: "govuk-input",
    forms.NumberInput: "govuk-input govuk-input--width-4",
    forms.FileInput: "govuk-file-upload",
    forms.ClearableFileInput: "govuk-file-upload",
}


def govuk_widgets(form) -> None:
    """GOV.UK classes for the inputs the template pack leaves unstyled; radios for a required
    choice start with none chosen, without Django's "---------" choice."""
    for field in form.fields.values():
        for widget_type, css in GOVUK_CLASSES.items():
            if type(field.widget) is widget_type and "class" not in field.widget.attrs:
                field.widget.attrs["class"] = css
        if (
            isinstance(field.widget, forms.RadioSelect)
            and isinstance(field, forms.ChoiceField)
            and not isinstance(field, forms.ModelChoiceField)  # Django leaves out its blank
            and field.required
            and field.choices
            and field.choices[0][0] in ("", None)
        ):
            field.choices = field.choices[1:]


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


class GovukForm(SafeTextMixin, forms.Form):
    """A form with safe, bounded text fields (`bound_text_fields`) and GOV.UK widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_widgets(self)


class GovukModelForm(SafeTextMixin, forms.ModelForm):
    """A model form with safe, bounded text fields, GOV.UK widgets and date inputs."""

    class Meta:
        formfield_callback = govuk_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        govuk_widgets(self)


def cleaned_values(form, *names: str) -> dict:
    """{name: cleaned value} of the named fields: what a view hands on to a service."""
    return {name: form.cleaned_data[name] for name in names}


class VersionedForm(SafeTextMixin, forms.Form):
    """A plain form (not a model's) carrying the version of the record the person opened, so a
    service can refuse a stale save; GOV.UK widgets."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["version"].initial = instance.version
        govuk_widgets(self)


class VersionedModelForm(SafeTextMixin, forms.ModelForm):
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
