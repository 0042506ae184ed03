"""Loads everything a demonstration needs: the LA register, each app's demo data, demo users."""

from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.demo import DEMO_PASSWORD, create_demo_users

# Each app may provide `<app>.demo.load(stdout)`; they run in this order (scrutiny last: its
# issued paper is built from the others' data).
DEMO_APPS = ["inspections", "workforce", "improvement", "indicators", "scrutiny"]


class Command(BaseCommand):
    help = "Load the LA register, the demo data of every app and one demo user per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Allow loading demo users where DJANGO_ENV=production (never on live data).",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError("Refusing to create demo users with known passwords in production.")
        call_command("import_local_authorities", stdout=self.stdout)
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            module.load(stdout=self.stdout)
        users = create_demo_users()
        self.stdout.write(self.style.SUCCESS("Demo users (all share one password):"))
        for user in users:
            self.stdout.write(f"  {user.username:<22} {', '.join(user.role_names):<20} {user}")
        self.stdout.write(f"  password: {DEMO_PASSWORD}")
