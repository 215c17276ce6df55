"""Django admin for every model. Role scoping (reporters see their department only) is layered on by
the permissions module; here: list columns, filters, search and inlines."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from commitments.models import (
    Commitment,
    Department,
    Evidence,
    Milestone,
    ProgressReport,
    Report,
    Section,
    SupervisionNotice,
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["key", "number", "heading", "level", "parent", "position"]
    show_change_link = True


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "year", "is_public", "created_at"]
    list_filter = ["year", "is_public"]
    search_fields = ["title", "issuer"]
    readonly_fields = ["source_hash", "created_at"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "report", "key", "level", "position"]
    list_filter = ["report", "level"]
    search_fields = ["heading"]
    list_select_related = ["report"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_date", "target_value", "weight", "done_on", "position"]
    readonly_fields = ["done_on"]


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0
    fields = ["period", "value", "milestone", "state", "submitted_by", "reviewed_at", "verified"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "lead_department",
        "kind",
        "target_value",
        "unit",
        "progress_percent",
        "status",
        "due_date",
        "is_public",
    ]
    list_filter = ["report", "status", "kind", "is_public", "lead_department", "section"]
    search_fields = ["code", "title", "quote"]
    list_select_related = ["lead_department", "report"]
    autocomplete_fields = ["lead_department", "supporting_departments"]
    readonly_fields = [
        "current_value",
        "progress_percent",
        "achievement_percent",
        "expected_pace_percent",
        "pace",
        "status",
        "status_reason",
        "status_since",
        "last_approved_at",
        "investment_completed",
    ]
    inlines = [MilestoneInline, ProgressReportInline]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "commitment", "due_date", "target_value", "weight", "done_on"]
    list_filter = ["due_date"]
    search_fields = ["title", "commitment__code", "commitment__title"]
    list_select_related = ["commitment"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["file", "original_name", "content_type", "size", "is_public"]
    readonly_fields = ["original_name", "content_type", "size"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "period", "value", "state", "submitted_by", "submitted_at", "verified"]
    list_filter = ["state", "verified", "period"]
    search_fields = ["commitment__code", "commitment__title", "narrative"]
    list_select_related = ["commitment", "submitted_by"]
    autocomplete_fields = ["commitment"]
    inlines = [EvidenceInline]


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "department", "state", "response_due", "issued_at"]
    list_filter = ["state", "department"]
    search_fields = ["commitment__code", "reason"]
    list_select_related = ["commitment", "department"]
