"""What Ofsted does next: the schedule of inspections and visits under its framework.

- `what_comes_next(latest_inspection) -> WhatNext | None`: Ofsted's next step after that graded
  inspection, with the date it is due around.
"""

import datetime
from dataclasses import dataclass

from inspections.models import GOOD_OR_BETTER, Grade


@dataclass
class WhatNext:
    """What Ofsted does next under its framework, given the latest overall grade."""

    text: str
    due_around: datetime.date | None = None


def what_comes_next(latest) -> WhatNext | None:
    """The next step under the inspection framework after `latest` (a graded inspection)."""
    if latest is None:
        return None
    grade = latest.overall_grade
    three_years_on = _add_years(latest.start_date, 3)
    if grade == Grade.INADEQUATE:
        return WhatNext(
            "Monitoring visits, about every three months, then a standard inspection when "
            "Ofsted judges that enough has improved."
        )
    if grade in GOOD_OR_BETTER:
        return WhatNext(
            "A short inspection around three years after the last inspection, with a focused "
            "visit in between.",
            three_years_on,
        )
    # Requires improvement to be good (or no overall grade): a full inspection again.
    return WhatNext(
        "A standard inspection around three years after the last inspection, with a focused "
        "visit in between.",
        three_years_on,
    )


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
