"""Seeds the workforce metrics: the DfE's published indicators and the local measures councils
track between releases. More are added as rows (by administrators, or a new data migration)."""

from django.db import migrations

# slug, name, phrase, unit, better, csv column ("" = local), decimal places, headline, order,
# definition
DFE = "dfe"
LOCAL = "local"
METRICS = [
    (
        "turnover-rate",
        "Turnover rate",
        "turnover rate",
        "percentage",
        "lower",
        "turnover_rate_fte",
        1,
        True,
        10,
        "Social workers who left the council in the year to 30 September as a percentage of "
        "social workers in post on 30 September, in full-time equivalents: "
        "leavers ÷ in-post FTE × 100.",
    ),
    (
        "agency-rate",
        "Agency rate",
        "agency rate",
        "percentage",
        "lower",
        "agency_rate_fte",
        1,
        True,
        20,
        "Agency social workers as a percentage of all social workers (agency workers plus "
        "social workers in post) on 30 September, in full-time equivalents: "
        "agency ÷ (agency + in post) × 100.",
    ),
    (
        "vacancy-rate",
        "Vacancy rate",
        "vacancy rate",
        "percentage",
        "lower",
        "vacancy_rate_fte",
        1,
        True,
        30,
        "Vacant social worker posts as a percentage of vacancies plus social workers in post on "
        "30 September, in full-time equivalents: vacancies ÷ (vacancies + in post) × 100.",
    ),
    (
        "caseload",
        "Average caseload",
        "average caseload",
        "ratio",
        "lower",
        "caseload_fte",
        1,
        True,
        40,
        "Children's cases held per case-holding social worker on 30 September: "
        "cases ÷ case-holding FTE.",
    ),
    (
        "absence-rate",
        "Sickness absence rate",
        "sickness absence rate",
        "percentage",
        "lower",
        "absence_rate_fte",
        1,
        True,
        50,
        "Working days lost to sickness absence in the year to 30 September as a percentage of "
        "the working days available to social workers in post: "
        "days lost ÷ (in-post FTE × working days in the year) × 100.",
    ),
    (
        "in-post-fte",
        "Social workers in post (FTE)",
        "number of social workers in post",
        "fte",
        "neither",
        "inpost_fte",
        1,
        False,
        110,
        "Children and family social workers employed by the council (not agency workers) on "
        "30 September, in full-time equivalents.",
    ),
    (
        "starters-fte",
        "Starters (FTE)",
        "number of starters",
        "fte",
        "neither",
        "starters_fte",
        1,
        False,
        120,
        "Social workers who joined the council in the year to 30 September, in full-time "
        "equivalents.",
    ),
    (
        "leavers-fte",
        "Leavers (FTE)",
        "number of leavers",
        "fte",
        "neither",
        "leavers_fte",
        1,
        False,
        130,
        "Social workers who left the council in the year to 30 September, in full-time "
        "equivalents.",
    ),
    (
        "agency-fte",
        "Agency workers (FTE)",
        "number of agency workers",
        "fte",
        "neither",
        "agency_fte",
        1,
        False,
        140,
        "Agency social workers working for the council on 30 September, in full-time equivalents.",
    ),
    (
        "agency-cover-fte",
        "Agency workers covering vacancies (FTE)",
        "number of agency workers covering vacancies",
        "fte",
        "neither",
        "agency_cover_fte",
        1,
        False,
        150,
        "Agency social workers on 30 September who were covering a vacant post, in full-time "
        "equivalents.",
    ),
    (
        "agency-cover-rate",
        "Agency workers covering vacancies (%)",
        "share of agency workers covering vacancies",
        "percentage",
        "neither",
        "agency_cover_rate_fte",
        1,
        False,
        160,
        "Agency workers covering vacant posts as a percentage of all agency workers on "
        "30 September: agency workers covering vacancies ÷ agency workers × 100.",
    ),
    (
        "vacancies-fte",
        "Vacancies (FTE)",
        "number of vacancies",
        "fte",
        "neither",
        "vacancy_fte",
        1,
        False,
        170,
        "Vacant social worker posts on 30 September, in full-time equivalents.",
    ),
    (
        "vacancies-covered-by-agency",
        "Vacancies covered by agency workers (%)",
        "share of vacancies covered by agency workers",
        "percentage",
        "neither",
        "vacancy_agency_cover_rate_fte",
        1,
        False,
        180,
        "Vacant posts covered by agency workers as a percentage of all vacancies on "
        "30 September: agency workers covering vacancies ÷ vacancies × 100.",
    ),
    (
        "case-holders-fte",
        "Case-holding social workers (FTE)",
        "number of case-holding social workers",
        "fte",
        "neither",
        "case_holders_fte",
        1,
        False,
        190,
        "Social workers holding cases on 30 September, in full-time equivalents.",
    ),
    (
        "cases",
        "Cases held",
        "number of cases held",
        "count",
        "neither",
        "cases",
        0,
        False,
        200,
        "Children's cases held by case-holding social workers on 30 September.",
    ),
    (
        "days-lost",
        "Working days lost to sickness",
        "number of working days lost to sickness",
        "count",
        "neither",
        "working_days_lost_fte",
        1,
        False,
        210,
        "Working days lost to sickness absence by social workers in post in the year to "
        "30 September (full-time equivalent days).",
    ),
    (
        "permanent-social-workers",
        "Permanent social workers (%)",
        "share of social workers who are permanent",
        "percentage",
        "higher",
        "",
        0,
        True,
        60,
        "Social workers employed permanently by the council as a percentage of all social "
        "workers (permanent plus agency), as the council counts them at the date given.",
    ),
    (
        "care-leavers-eet",
        "Care leavers in education, employment or training (%)",
        "share of care leavers in education, employment or training",
        "percentage",
        "higher",
        "",
        0,
        False,
        310,
        "Care leavers the council is in touch with who are in education, employment or "
        "training, as a percentage of all its care leavers at the date given.",
    ),
    (
        "managers-trained",
        "Managers and supervisors trained",
        "number of managers and supervisors trained",
        "count",
        "higher",
        "",
        0,
        False,
        320,
        "Managers and supervisors who attended practice training (for example “What good looks "
        "like” workshops) in the month ending at the date given.",
    ),
    (
        "recruitment-event-attendance",
        "Attendance at recruitment events",
        "attendance at recruitment events",
        "count",
        "higher",
        "",
        0,
        False,
        330,
        "Potential recruits who attended the council's recruitment events (such as open "
        "evenings) in the month ending at the date given.",
    ),
]


def seed_metrics(apps, schema_editor):
    Metric = apps.get_model("workforce", "Metric")
    for slug, name, phrase, unit, better, column, places, headline, order, text in METRICS:
        Metric.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "phrase": phrase,
                "unit": unit,
                "better_direction": better,
                "source": DFE if column else LOCAL,
                "csv_column": column,
                "decimal_places": places,
                "is_headline": headline,
                "display_order": order,
                "definition": text,
            },
        )


def remove_metrics(apps, schema_editor):
    Metric = apps.get_model("workforce", "Metric")
    Metric.objects.filter(slug__in=[row[0] for row in METRICS], observations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("workforce", "0002_sync_role_permissions")]

    operations = [migrations.RunPython(seed_metrics, remove_metrics)]
