"""The set-password link of an invitation: Django's password-reset token machinery.

A token is an HMAC of the account's id, password hash, last sign-in, email address and whether
it is active, with a timestamp. Setting the password changes the hash, so a link works once;
deactivating the account (or sending a new invitation) makes earlier links fail; a link older
than `PASSWORD_RESET_TIMEOUT` seconds fails.
"""

import datetime

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "core.users.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


invitation_token_generator = InvitationTokenGenerator()


def invitation_path(user) -> str:
    from django.urls import reverse

    return reverse(
        "core:set-password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )


def invitation_expires_at(now=None) -> datetime.datetime:
    """When a link made `now` stops working, in local time."""
    now = now or timezone.now()
    return timezone.localtime(now + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT))
