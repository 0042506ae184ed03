"""The improvement models in Django's admin. Each ModelAdmin declares its own options: they
read alike (list_display, search_fields, raw_id_fields) on purpose, as Django's declarative
admin intends, and differ in what each model needs."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from improvement.models import (
    Achievement,
    BoardMeeting,
    BoardMeetingTheme,
    EvidenceItem,
    EvidenceKind,
    NextStep,
    Programme,
    ProgressUpdate,
    RagChange,
    ReminderLog,
    Theme,
)


class ThemeInline(admin.TabularInline):
    model = Theme
    fields = ["order", "title", "rag_status"]
    readonly_fields = ["rag_status"]
    extra = 0
    show_change_link = True


@admin.register(Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "local_authority", "status", "start_date"]
    list_filter = ["status"]
    search_fields = ["title", "local_authority__name"]
    autocomplete_fields = ["local_authority"]
    filter_horizontal = ["inspections"]
    inlines = [ThemeInline]


class AchievementInline(admin.StackedInline):
    model = Achievement
    fk_name = "theme"
    extra = 0
    autocomplete_fields = ["evidence"]
    raw_id_fields = ["from_next_step"]


class NextStepInline(admin.StackedInline):
    model = NextStep
    extra = 0
    raw_id_fields = ["owner"]


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "order", "rag_status"]
    list_filter = ["rag_status", "programme__local_authority"]
    search_fields = ["title", "aim"]
    filter_horizontal = ["leads", "recommendations"]
    readonly_fields = ["rag_status"]
    inlines = [AchievementInline, NextStepInline]


@admin.register(NextStep)
class NextStepAdmin(SimpleHistoryAdmin):
    list_display = ["label", "theme", "owner", "due_date", "status"]
    list_filter = ["status", "due_precision"]
    search_fields = ["label", "text"]
    raw_id_fields = ["theme", "owner"]


@admin.register(Achievement)
class AchievementAdmin(SimpleHistoryAdmin):
    list_display = ["label", "theme", "achieved_on"]
    search_fields = ["label", "text"]
    raw_id_fields = ["theme", "evidence", "from_next_step"]


@admin.register(EvidenceKind)
class EvidenceKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(EvidenceItem)
class EvidenceItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "programme", "kind", "date"]
    list_filter = ["kind"]
    list_select_related = ["programme__local_authority", "kind"]
    raw_id_fields = ["finding"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["themes"]


class AgendaInline(admin.TabularInline):
    model = BoardMeetingTheme
    extra = 0


@admin.register(BoardMeeting)
class BoardMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["date", "programme"]
    inlines = [AgendaInline]


@admin.register(RagChange)
class RagChangeAdmin(SimpleHistoryAdmin):
    list_display = ["theme", "from_status", "to_status", "changed_by", "changed_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["theme", "author", "created_at", "rag_status"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["owner", "sent_on", "item_count"]
