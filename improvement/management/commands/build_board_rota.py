"""Plan a programme's improvement board meetings so every theme comes round in turn."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from improvement.models import Programme
from improvement.services import build_board_rota


class Command(BaseCommand):
    help = "Build the board rota of a programme: N themes a meeting, every theme in turn."

    def add_arguments(self, parser):
        parser.add_argument("programme", type=int, help="The programme's id")
        parser.add_argument("--start", required=True, help="First meeting, YYYY-MM-DD")
        parser.add_argument("--every-weeks", type=int, default=6, help="Weeks between meetings")
        parser.add_argument("--meetings", type=int, help="How many (default: one full cycle)")

    def handle(self, *args, **options):
        try:
            programme = Programme.objects.get(pk=options["programme"])
            start = datetime.date.fromisoformat(options["start"])
            meetings = build_board_rota(
                programme=programme,
                by=None,
                start=start,
                every_n_weeks=options["every_weeks"],
                count=options["meetings"],
            )
        except Programme.DoesNotExist as error:
            raise CommandError("No programme has that id.") from error
        except ValueError as error:
            raise CommandError("Give --start as YYYY-MM-DD.") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for meeting in meetings:
            themes = "; ".join(item.theme.title for item in meeting.agenda_items.all())
            self.stdout.write(f"{meeting.date:%d %B %Y}: {themes}")
