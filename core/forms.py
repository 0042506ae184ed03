"""Sign-in and password forms in GOV.UK style: no autofocus, messages that say what to enter."""

from django.contrib.auth import forms as auth_forms


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
