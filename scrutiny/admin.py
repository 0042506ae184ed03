from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from scrutiny.models import CommitteePaper


@admin.register(CommitteePaper)
class CommitteePaperAdmin(SimpleHistoryAdmin):
    """Issued papers are the committee's record: read only here too."""

    list_display = ["subject_heading", "local_authority", "committee_name", "meeting_date"]
    list_filter = ["local_authority"]
    date_hierarchy = "meeting_date"
    exclude = ["docx", "html"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("docx", "html")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
