"""Demo data: the DfE's children's social care indicators for every council, and Havering's
scorecard from its real figures: its key indicators, targets, a theme's measures of success
and a few local monthly figures. Care leavers in education, employment or training are there
twice, both labelled: 58% in the year ending 31 March 2019 by the DfE's count, and 61% at March
2019 by the council's own count, as its November 2019 report to the Children and Learning
Overview and Scrutiny Committee says. Idempotent."""

from datetime import date
from decimal import Decimal

from core.demo import demo_output, havering_and_demo_user, import_summary
from indicators import services
from indicators.importers import import_indicators
from indicators.models import Measure, ScorecardItem, Target, ThemeMeasure, Value

PAPER = (
    "Ofsted improvement update to the Children and Learning Overview and Scrutiny Committee, "
    "26 November 2019"
)
SCORECARD = [
    # DfE code, target, tolerance
    ("CareLeaverEET", "60", "5"),
    ("CareLeaverAcc", "90", "5"),
    ("ReReferral", "20", "3"),
    ("Continue_Assess_Comp", "85", "5"),
    ("PrevRegCPR", "18", "3"),
    ("LACStable_2016on", "10", "2"),
]
LOCAL_FIGURES = [
    # DfE code, date, value, note
    (
        "CareLeaverEET",
        date(2019, 3, 31),
        "61",
        "61% of care leavers in education, employment or training as at March 2019 (the "
        f"council's own count). {PAPER}.",
    ),
    ("ReReferral", date(2019, 7, 31), "21.4", "Monthly performance report, July 2019."),
    ("ReReferral", date(2019, 8, 31), "19.8", "Monthly performance report, August 2019."),
    ("ReReferral", date(2019, 9, 30), "18.9", "Monthly performance report, September 2019."),
    ("Continue_Assess_Comp", date(2019, 9, 30), "81.5", "Monthly performance report."),
]


def load(stdout=None):
    # Opens as workforce.demo.load does, on purpose (national figures, then Havering's own);
    # the steps both take are core.demo's, the import and its wording are each topic's.
    say = demo_output(stdout)
    result = import_indicators(progress=say)
    say(import_summary("Indicator figures", result))
    havering, admin = havering_and_demo_user("havering.admin")
    if havering is None:
        return
    measures = {m.code: m for m in Measure.objects.filter(code__in=[c for c, *_ in SCORECARD])}
    if not ScorecardItem.objects.filter(local_authority=havering).exists():
        services.set_scorecard(
            local_authority=havering, by=admin, measures=[measures[c] for c, *_ in SCORECARD]
        )
    for code, target, tolerance in SCORECARD:
        if not Target.objects.filter(local_authority=havering, measure=measures[code]).exists():
            services.set_target(
                local_authority=havering,
                by=admin,
                measure=measures[code],
                value=Decimal(target),
                tolerance=Decimal(tolerance),
                applies_from=date(2019, 4, 1),
                applies_to=date(2026, 3, 31),
            )
    added = 0
    for code, day, value, note in LOCAL_FIGURES:
        exists = Value.objects.local_figures_of(havering).filter(measure=measures[code], date=day)
        if not exists.exists():
            services.record_local_value(
                local_authority=havering,
                by=admin,
                measure=measures[code],
                date=day,
                value=Decimal(value),
                note=note,
            )
            added += 1
    _theme_measures(havering, admin, measures)
    say(f"Havering's scorecard: {len(SCORECARD)} key indicators, {added} local figures added.")


def _theme_measures(havering, admin, measures):
    """Havering's pathway planning and transitions to adulthood theme, if the demo has it, is
    measured by care leavers in education, employment or training and in suitable
    accommodation."""
    from improvement.models import Theme

    theme = (
        Theme.objects.filter(
            programme__local_authority=havering, title__icontains="Transitions to Adulthood"
        )
        .order_by("pk")
        .first()
    )
    if theme is not None and not ThemeMeasure.objects.filter(theme=theme).exists():
        services.set_theme_measures(
            theme=theme,
            by=admin,
            measures=[measures["CareLeaverEET"], measures["CareLeaverAcc"]],
        )
