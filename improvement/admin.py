"""The improvement models in Django's admin. Each ModelAdmin declares its own options: they
read alike (list_display, search_fields, raw_id_fields) on purpose, as Django's declarative
admin intends, and differ in what each model needs."""

from django.contrib import admin

from core.admin import BumpsDataVersionsAdmin, BumpsDataVersionsMixin
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
class ProgrammeAdmin(BumpsDataVersionsAdmin):
    list_display = ["title", "local_authority", "status", "start_date"]
    list_filter = ["status"]
    search_fields = ["title", "local_authority__name"]
    autocomplete_fields = ["local_authority"]
    filter_horizontal = ["inspections"]
    inlines = [ThemeInline]

    def council_of(self, obj):
        return obj.local_authority_id


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
class ThemeAdmin(BumpsDataVersionsAdmin):
    list_display = ["title", "programme", "order", "rag_status"]
    list_filter = ["rag_status", "programme__local_authority"]
    search_fields = ["title", "aim"]
    filter_horizontal = ["leads", "recommendations"]
    readonly_fields = ["rag_status"]
    inlines = [AchievementInline, NextStepInline]

    def council_of(self, obj):
        return obj.programme.local_authority_id


@admin.register(NextStep)
class NextStepAdmin(BumpsDataVersionsAdmin):
    list_display = ["label", "theme", "owner", "due_date", "status"]
    list_filter = ["status", "due_precision"]
    search_fields = ["label", "text"]
    raw_id_fields = ["theme", "owner"]

    def council_of(self, obj):
        return obj.theme.programme.local_authority_id


@admin.register(Achievement)
class AchievementAdmin(BumpsDataVersionsAdmin):
    list_display = ["label", "theme", "achieved_on"]
    search_fields = ["label", "text"]
    raw_id_fields = ["theme", "evidence", "from_next_step"]

    def council_of(self, obj):
        return obj.theme.programme.local_authority_id


@admin.register(EvidenceKind)
class EvidenceKindAdmin(BumpsDataVersionsMixin, admin.ModelAdmin):
    list_display = ["name", "code", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(EvidenceItem)
class EvidenceItemAdmin(BumpsDataVersionsAdmin):
    list_display = ["title", "programme", "kind", "date"]
    list_filter = ["kind"]
    list_select_related = ["programme__local_authority", "kind"]
    raw_id_fields = ["finding"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["themes"]

    def council_of(self, obj):
        return obj.programme.local_authority_id


class AgendaInline(admin.TabularInline):
    model = BoardMeetingTheme
    extra = 0


@admin.register(BoardMeeting)
class BoardMeetingAdmin(BumpsDataVersionsAdmin):
    list_display = ["date", "programme"]
    inlines = [AgendaInline]

    def council_of(self, obj):
        return obj.programme.local_authority_id


@admin.register(RagChange)
class RagChangeAdmin(BumpsDataVersionsAdmin):
    list_display = ["theme", "from_status", "to_status", "changed_by", "changed_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def council_of(self, obj):
        return obj.theme.programme.local_authority_id


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(BumpsDataVersionsAdmin):
    list_display = ["theme", "author", "created_at", "rag_status"]

    def has_change_permission(self, request, obj=None):
        return False

    def council_of(self, obj):
        return obj.theme.programme.local_authority_id


@admin.register(ReminderLog)
class ReminderLogAdmin(admin.ModelAdmin):
    list_display = ["owner", "sent_on", "item_count"]
