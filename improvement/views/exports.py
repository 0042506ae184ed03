"""A programme's downloads: achievements, next steps and evidence as CSV (through
`core.exports`, which keeps spreadsheet formulas out)."""

from django.utils.text import slugify

from core.exports import CsvExportView, plain_number
from improvement.filters import EvidenceFilter
from improvement.models import Achievement, EvidenceItem
from improvement.views.access import ProgrammeFromUrlMixin


class ProgrammeCsvView(ProgrammeFromUrlMixin, CsvExportView):
    """A CSV of one programme, named after its council: `<council>-<name>.csv`."""

    name = ""

    def get_filename(self) -> str:
        return f"{slugify(self.programme.local_authority.name)}-{self.name}.csv"


class AchievementCsvView(ProgrammeCsvView):
    name = "achievements"
    header = (
        "Theme",
        "Label",
        "Achievement",
        "Achieved",
        "Evidence link",
        "Evaluation evidence",
        "From next step",
        "Achievement id",
    )

    def rows(self):
        achievements = (
            Achievement.objects.filter(theme__programme=self.programme)
            .select_related("theme", "evidence", "from_next_step")
            .order_by("theme__order", "theme__pk", "order", "pk")
        )
        for a in achievements:
            yield [
                a.theme.title,
                a.label,
                a.text,
                a.achieved_display,
                a.evidence_link,
                a.evidence.title if a.evidence else "",
                a.from_next_step.label if a.from_next_step else "",
                a.pk,
            ]


class EvidenceCsvView(ProgrammeCsvView):
    name = "evidence"
    header = (
        "Type",
        "Title",
        "Date",
        "Summary",
        "Measure",
        "Value",
        "Link",
        "Themes",
        "Finding it tests",
        "Evidence id",
    )

    def rows(self):
        filterset = EvidenceFilter(
            self.request.GET or None,
            queryset=EvidenceItem.objects.filter(programme=self.programme).with_themes(),
            programme=self.programme,
        )
        for item in filterset.qs:
            yield [
                item.kind.name,
                item.title,
                item.date,
                item.summary,
                item.measure_label,
                plain_number(item.measure_value),
                item.link,
                "; ".join(t.title for t in item.themes.all()),
                item.finding.text if item.finding else "",
                item.pk,
            ]
