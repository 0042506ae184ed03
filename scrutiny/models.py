"""Committee papers as issued: the inputs, who issued them and when, and the documents.

An issued paper is the committee's record. The Word file, the HTML page and the content they
were written from (as JSON, which the paper's CSV is built from) are stored as they were
generated, in the database (so backups hold them), and are never regenerated: when the
programme changes afterwards, the paper does not. There is no edit: a paper is issued once.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from core.access import CouncilScopedQuerySet


class CommitteePaperQuerySet(CouncilScopedQuerySet):
    """Papers of the user's own LA; every LA's for platform administrators."""

    def for_list(self):
        """Lists never load the stored documents."""
        return self.select_related("programme", "issued_by", "local_authority").defer(
            "docx", "html", "content"
        )

    def latest_first(self):
        return self.order_by("-meeting_date", "-issued_at", "-pk")


class CommitteePaper(models.Model):
    """A committee report on the improvement programme, as issued to a committee."""

    local_authority = models.ForeignKey(
        "core.LocalAuthority", on_delete=models.PROTECT, related_name="committee_papers"
    )
    programme = models.ForeignKey(
        "improvement.Programme", on_delete=models.PROTECT, related_name="committee_papers"
    )
    committee_name = models.CharField("committee", max_length=200)
    meeting_date = models.DateField("date of the meeting")
    subject_heading = models.CharField("subject heading", max_length=200)
    slt_lead = models.CharField("SLT lead", max_length=200)
    report_author = models.TextField("report author and contact details")
    policy_context = models.TextField("policy context", blank=True)
    financial_summary = models.TextField("financial summary", blank=True)
    summary = models.TextField()
    recommendations = models.JSONField(default=list, help_text="One recommendation an item.")
    financial_implications = models.TextField("financial implications and risks", blank=True)
    legal_implications = models.TextField("legal implications and risks", blank=True)
    hr_implications = models.TextField("human resources implications and risks", blank=True)
    equalities_implications = models.TextField("equalities implications and risks", blank=True)

    issued_at = models.DateTimeField("issued at")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="issued_committee_papers",
    )
    docx = models.BinaryField("Word document", editable=False)
    html = models.TextField("the paper as a web page", editable=False)
    content = models.JSONField(
        "the paper's content as data",
        default=dict,
        editable=False,
        help_text="The issued content (scrutiny.paper_content.PaperContent.as_data()).",
    )

    objects = CommitteePaperQuerySet.as_manager()
    # The documents are kept once, on the paper itself.
    history = HistoricalRecords(excluded_fields=["docx", "html", "content"])

    class Meta:
        ordering = ["local_authority", "-meeting_date", "-issued_at", "-pk"]
        verbose_name = "committee paper"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "committee_name", "meeting_date"],
                name="one_paper_per_programme_committee_meeting",
                violation_error_message=(
                    "A paper on this programme has already been issued for this committee's "
                    "meeting on this date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(committee_name="") & ~Q(subject_heading=""),
                name="committee_paper_has_committee_and_subject",
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="committee_paper_has_summary"),
        ]

    def __str__(self):
        return (
            f"{self.subject_heading}: {self.committee_name}, "
            f"{format_date(self.meeting_date, 'j F Y')}"
        )

    def get_absolute_url(self):
        return reverse(
            "scrutiny:paper-detail",
            kwargs={"dfe_code": self.local_authority.dfe_code, "pk": self.pk},
        )

    def get_download_url(self):
        return reverse(
            "scrutiny:paper-download",
            kwargs={"dfe_code": self.local_authority.dfe_code, "pk": self.pk},
        )

    def get_since_url(self):
        """What changed since the meeting (scrutiny.since)."""
        return reverse(
            "scrutiny:paper-since",
            kwargs={"dfe_code": self.local_authority.dfe_code, "pk": self.pk},
        )

    def get_progress_csv_url(self):
        return f"{self.get_absolute_url()}?format=csv"

    @property
    def filename(self) -> str:
        return paper_filename(self.subject_heading, self.committee_name, self.meeting_date)


def paper_filename(subject_heading, committee_name, meeting_date) -> str:
    """'ofsted-improvement-update-children-and-learning-...-2019-11-26.docx'."""
    stem = slugify(f"{subject_heading} {committee_name}")[:120].strip("-") or "committee-paper"
    return f"{stem}-{meeting_date:%Y-%m-%d}.docx"
