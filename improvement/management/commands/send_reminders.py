"""Email each next-step owner their items overdue or due within 14 days, once a day at most.

Run it from cron, e.g. daily at 07:00: `python manage.py send_reminders`. Uses the configured
email backend (the console unless EMAIL_HOST is set)."""

import datetime
import os

from django.core.management.base import BaseCommand, CommandError

from improvement.services import REMINDER_DAYS, send_reminders


class Command(BaseCommand):
    help = "Email next-step owners their items overdue or due soon (at most once a day each)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REMINDER_DAYS,
            help=f"Remind about items due within this many days (default {REMINDER_DAYS}).",
        )
        parser.add_argument(
            "--base-url",
            default=os.environ.get("SITE_URL", ""),
            help="The tracker's address for links in the emails (default: SITE_URL).",
        )
        parser.add_argument(
            "--date", help="Run as if today were this date (YYYY-MM-DD), for testing."
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("Give --date as YYYY-MM-DD.") from error
        if options["days"] < 0:
            raise CommandError("--days cannot be negative.")
        sent = send_reminders(today=today, base_url=options["base_url"], days=options["days"])
        for log in sent:
            self.stdout.write(f"Reminded {log.owner} of {log.item_count} next step(s).")
        self.stdout.write(
            self.style.SUCCESS(f"{len(sent)} reminder{'s' if len(sent) != 1 else ''} sent.")
        )
