"""Dates as people in English councils read them: "26 November 2019", "November 2019",
"26 November 2019 at 14:05". Pages use Django's `date` filter with the en-GB formats
(config/formats); Python code that writes text (messages, papers, emails) uses these."""

import calendar
import datetime

from django.utils import timezone
from django.utils.dateformat import format as format_date


def today() -> datetime.date:
    """Today in Europe/London."""
    return timezone.localdate()


def long_date(value: datetime.date | None) -> str:
    """'26 November 2019' ('' for no date)."""
    return format_date(value, "j F Y") if value else ""


def month_year(value: datetime.date | None) -> str:
    """'November 2019' ('' for no date)."""
    return format_date(value, "F Y") if value else ""


def long_date_time(value: datetime.datetime | None) -> str:
    """'26 November 2019 at 14:05' in local time ('' for none)."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_date(value, "j F Y \\a\\t H:i")


def end_of_month(value: datetime.date) -> datetime.date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def add_years(value: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 28 February for 29 February in a year without one."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)
