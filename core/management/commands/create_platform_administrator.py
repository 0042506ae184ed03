"""Creates (or updates) a platform administrator without asking anything at a terminal, so it
works in a deployment script, a container or over SSH with no TTY.

    PLATFORM_ADMIN_PASSWORD='...' python manage.py create_platform_administrator \\
        --username alex --email alex@example.gov.uk
    printf '%s\\n' "$PASSWORD" | python manage.py create_platform_administrator \\
        --username alex --email alex@example.gov.uk --password-stdin

The password must pass the service's password rules (12 characters or more, not common, not
all numbers, not like the username). It is never taken from the command line, where other
users of the machine could read it.
"""

import os
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import Role, sync_role_permissions

PASSWORD_VARIABLE = "PLATFORM_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a platform administrator (belongs to no council, sees every council, can use "
        f"the Django admin). The password comes from {PASSWORD_VARIABLE} or, with "
        "--password-stdin, the first line of standard input. Running it again for the same "
        "username sets the new password and restores the role."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from the first line of standard input.",
        )

    def handle(self, *args, **options):
        password = self.password(options)
        User = get_user_model()
        candidate = User(
            username=options["username"],
            email=options["email"],
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        try:
            password_validation.validate_password(password, candidate)
        except ValidationError as error:
            message = "The password is not accepted: " + " ".join(error.messages)
            raise CommandError(message) from error

        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=options["username"],
                defaults={"email": options["email"]},
            )
            user.email = options["email"]
            user.first_name = options["first_name"] or user.first_name
            user.last_name = options["last_name"] or user.last_name
            user.local_authority = None
            user.is_staff = True
            user.is_active = True
            user.set_password(password)
            user.save()
            group = Group.objects.filter(name=Role.ADMINISTRATOR.value).first()
            if group is None:
                sync_role_permissions()
                group = Group.objects.get(name=Role.ADMINISTRATOR.value)
            user.groups.add(group)
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} platform administrator {user.username} ({user.email}).")
        )

    def password(self, options) -> str:
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            source = "standard input"
        else:
            password = os.environ.get(PASSWORD_VARIABLE, "")
            source = PASSWORD_VARIABLE
        if not password:
            raise CommandError(
                f"No password: set {PASSWORD_VARIABLE}, or pass --password-stdin and send the "
                "password on standard input."
            )
        if password != password.strip():
            raise CommandError(f"The password from {source} starts or ends with a space.")
        return password
