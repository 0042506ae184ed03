"""Demo data: the DfE workforce indicators for every council, and Havering's own figures from
its November 2019 improvement report to the Children and Learning Overview and Scrutiny
Committee. Idempotent."""

from datetime import date
from decimal import Decimal

from core.demo import demo_output, havering_and_demo_user, import_summary
from workforce.importers import import_workforce
from workforce.models import Metric, Observation
from workforce.services import record_observation

SOURCE = "Ofsted improvement update to the Children and Learning Overview and Scrutiny Committee"
HAVERING_FIGURES = [
    # metric slug, date, value, note
    (
        "permanent-social-workers",
        date(2019, 10, 31),
        Decimal("82"),
        f"“82% of our social workers are now permanent.” {SOURCE}, 26 November 2019.",
    ),
    (
        "care-leavers-eet",
        date(2019, 3, 31),
        Decimal("61"),
        "61% of care leavers in education, employment or training as at March 2019, higher "
        f"than the London and England averages. {SOURCE}, 26 November 2019.",
    ),
    (
        "recruitment-event-attendance",
        date(2018, 3, 31),
        Decimal("80"),
        f"Recruitment open evening, March 2018: 80 potential new recruits. {SOURCE}.",
    ),
    (
        "managers-trained",
        date(2019, 6, 30),
        Decimal("31"),
        f"“What Good Looks Like” workshops, June 2019: 31 managers and supervisors. {SOURCE}.",
    ),
]


def load(stdout=None):
    # Opens as indicators.demo.load does, on purpose: see there.
    say = demo_output(stdout)
    result = import_workforce(progress=say)
    say(import_summary("Workforce figures", result))
    havering, lead = havering_and_demo_user("havering.lead")
    if havering is None:
        return
    added = 0
    for slug, day, value, note in HAVERING_FIGURES:
        metric = Metric.objects.get(slug=slug)
        exists = Observation.objects.filter(
            metric=metric, local_authority=havering, date=day, area_type="local"
        ).exists()
        if not exists:
            record_observation(
                local_authority=havering, metric=metric, date=day, value=value, note=note, by=lead
            )
            added += 1
    say(f"Havering's local workforce figures: {added} added.")
