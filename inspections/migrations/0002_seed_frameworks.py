"""Seeds Ofsted's frameworks for inspecting LA children's services and their judgement areas.

Later frameworks are added the same way: as rows (here, in the admin or in a new data
migration), never as code.
"""

import datetime

from django.db import migrations

OVERALL = ("overall", "Overall effectiveness", "Overall effectiveness", "overall")
LEADERS = (
    "impact-of-leaders",
    "The impact of leaders on social work practice with children and families",
    "Impact of leaders",
    "leadership",
)
HELP = (
    "help-and-protection",
    "The experiences and progress of children who need help and protection",
    "Help and protection",
    "help-and-protection",
)
CARE_AND_LEAVERS = (
    "children-in-care-and-care-leavers",
    "The experiences and progress of children in care and care leavers",
    "Children in care and care leavers",
    "children-in-care",
)
CARE = (
    "children-in-care",
    "The experiences and progress of children in care",
    "Children in care",
    "children-in-care",
)
LEAVERS = (
    "care-leavers",
    "The experiences and progress of care leavers",
    "Care leavers",
    "care-leavers",
)

FRAMEWORKS = [
    {
        "code": "sif",
        "name": "Single inspection framework",
        "short_name": "SIF",
        "starts_on": datetime.date(2013, 11, 1),
        "ends_on": datetime.date(2017, 12, 31),
        "description": (
            "Inspections of services for children in need of help and protection, children "
            "looked after and care leavers (November 2013 to 2017)."
        ),
        # code, name, short name, strand, parent code
        "areas": [
            (*OVERALL, None),
            (
                "help-and-protection",
                "Children who need help and protection",
                "Help and protection",
                "help-and-protection",
                None,
            ),
            (
                "looked-after-and-permanence",
                "Children looked after and achieving permanence",
                "Looked after and permanence",
                "children-in-care",
                None,
            ),
            (
                "adoption",
                "Adoption performance",
                "Adoption performance",
                "adoption",
                "looked-after-and-permanence",
            ),
            (
                "care-leavers",
                "Experiences and progress of care leavers",
                "Care leavers",
                "care-leavers",
                "looked-after-and-permanence",
            ),
            (
                "leadership",
                "Leadership, management and governance",
                "Leadership, management and governance",
                "leadership",
                None,
            ),
        ],
    },
    {
        "code": "ilacs-2018",
        "name": "Inspecting local authority children's services (ILACS) 2018",
        "short_name": "ILACS 2018",
        "starts_on": datetime.date(2018, 1, 1),
        "ends_on": datetime.date(2022, 12, 31),
        "description": "Standard and short inspections, focused visits and monitoring visits.",
        "areas": [(*a, None) for a in (OVERALL, LEADERS, HELP, CARE_AND_LEAVERS)],
    },
    {
        "code": "ilacs-2023",
        "name": "Inspecting local authority children's services (ILACS) 2023",
        "short_name": "ILACS 2023",
        "starts_on": datetime.date(2023, 1, 1),
        "ends_on": datetime.date(2026, 3, 31),
        "description": (
            "From 1 January 2023 the experiences and progress of care leavers is a judgement "
            "of its own."
        ),
        "areas": [(*a, None) for a in (OVERALL, LEADERS, HELP, CARE, LEAVERS)],
    },
    {
        "code": "ilacs-2026",
        "name": "Inspecting local authority children's services (ILACS) 2026",
        "short_name": "ILACS 2026",
        "starts_on": datetime.date(2026, 4, 1),
        "ends_on": None,
        "description": "From 1 April 2026: no overall effectiveness grade.",
        "areas": [(*a, None) for a in (LEADERS, HELP, CARE, LEAVERS)],
    },
]


def seed(apps, schema_editor):
    Framework = apps.get_model("inspections", "Framework")
    JudgementArea = apps.get_model("inspections", "JudgementArea")
    for spec in FRAMEWORKS:
        spec = dict(spec)
        areas = spec.pop("areas")
        framework, _ = Framework.objects.update_or_create(code=spec.pop("code"), defaults=spec)
        by_code = {}
        for order, (code, name, short_name, strand, parent) in enumerate(areas, start=1):
            by_code[code], _ = JudgementArea.objects.update_or_create(
                framework=framework,
                code=code,
                defaults={
                    "name": name,
                    "short_name": short_name,
                    "strand": strand,
                    "order": order,
                    "parent": by_code.get(parent),
                },
            )


def unseed(apps, schema_editor):
    apps.get_model("inspections", "Framework").objects.filter(
        code__in=[spec["code"] for spec in FRAMEWORKS], inspections__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_frameworks_and_inspections")]

    operations = [migrations.RunPython(seed, unseed)]
