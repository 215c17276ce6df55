"""Admin for the report's structure: departments, reports, sections, commitments and milestones.

Administrators edit; supervisors and department reporters read, each within commitments.permissions. An
edit of a commitment goes through commitments.breakdown (history, reason rule, recompute, public cache).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from commitments import amendments, breakdown, history, permissions
from commitments.admin import excel
from commitments.admin.scoping import ScopedAdmin, ScopedHistoryAdmin, client_ip, show_error
from commitments.amendments import AmendmentError
from commitments.figures import DERIVED_FIELDS
from commitments.forms import CommitmentAdminForm
from commitments.models import Commitment, Department, Milestone, ProgressReport, Section, WorkReport


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ["name", "short_name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["members"]

    def scope(self, request):
        if permissions.is_supervisor(request.user):
            return Department.objects.all()
        return Department.objects.filter(pk__in=permissions.department_ids(request.user))


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["key", "number", "heading", "level", "parent", "position"]
    show_change_link = True


@admin.register(WorkReport)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "year", "is_public", "created_at"]
    list_filter = ["year", "is_public"]
    search_fields = ["title", "issuer"]
    readonly_fields = ["source_hash", "created_at"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "work_report", "key", "level", "position"]
    list_filter = ["work_report", "level"]
    search_fields = ["heading"]
    list_select_related = ["work_report"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_date", "target_value", "weight", "done_on", "position"]
    readonly_fields = ["done_on"]


class ProgressReportInline(admin.TabularInline):
    """The reports of a commitment, as far as the user may see them (a supporting department: approved only)."""

    model = ProgressReport
    extra = 0
    fields = ["period", "value", "milestone", "state", "submitted_by", "reviewed_at", "verified"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return permissions.reports_visible_to(request.user).select_related("milestone", "submitted_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DueSoonFilter(admin.SimpleListFilter):
    title = "到期提醒"
    parameter_name = "due_soon"

    def lookups(self, request, model_admin):
        return [("7", "7天内到期（蓝色提醒）")]

    def queryset(self, request, queryset):
        if self.value() != "7":
            return queryset
        today = timezone.localdate()
        window = (today, today + timedelta(days=7))
        soon = Milestone.objects.filter(done_on__isnull=True, due_date__range=window).values("commitment_id")
        return queryset.open().filter(Q(due_date__range=window) | Q(pk__in=soon))


@admin.register(Commitment)
class CommitmentAdmin(excel.BreakdownViews, ScopedHistoryAdmin):
    form = CommitmentAdminForm
    list_display = ["code", "title", "lead_department", "progress_percent", "status", "pace", "due_date", "is_public"]
    list_filter = ["status", DueSoonFilter, "kind", "is_public", "work_report"]
    search_fields = ["code", "title"]
    list_select_related = ["lead_department", "work_report"]
    autocomplete_fields = ["lead_department", "supporting_departments"]
    readonly_fields = DERIVED_FIELDS
    inlines = [MilestoneInline, ProgressReportInline]
    change_list_template = "admin/commitments/commitment/change_list.html"

    def scope(self, request):
        return permissions.commitments_visible_to(request.user)

    def get_list_filter(self, request):
        if permissions.is_supervisor(request.user):
            return [*self.list_filter, "lead_department"]
        return self.list_filter

    def changelist_view(self, request, extra_context=None):
        extra = {"can_breakdown": self.has_breakdown_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if not self.has_change_permission(request, obj):
            return [f for f in fields if f not in ("change_reason", "internal_note")]
        return fields

    def save_model(self, request, obj, form, change):
        today, ip = timezone.localdate(), client_ip(request)
        if not change:
            breakdown.create(obj, by=request.user, today=today, ip=ip)
            return
        data = form.cleaned_data
        values = {f: data[f] for f in form.changed_data if f in breakdown.EDITABLE_FIELDS}
        supporting = list(data["supporting_departments"]) if "supporting_departments" in form.changed_data else None
        original = Commitment.objects.get(pk=obj.pk)
        try:
            breakdown.update(
                original, by=request.user, values=values, supporting=supporting, reason=data["change_reason"],
                today=today, ip=ip,
            )  # fmt: skip
            if "terminal_state" in form.changed_data and data["terminal_state"]:
                amendments.set_terminal(
                    original, state=data["terminal_state"], by=request.user, reason=data["terminal_reason"]
                )
        except AmendmentError as exc:  # the form checks the same rules; this is a race with another editor
            show_error(request, "未保存：", exc)
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        if not change:
            form.save_m2m()  # a new commitment's supporting departments
        # On a change, breakdown.update has written the supporting departments with their history.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save()
        if formset.model is Milestone:
            for milestone in [*instances, *formset.deleted_objects]:
                history.record(
                    milestone, "milestone.changed", by=request.user, data={"title": milestone.title,
                    "due_date": milestone.due_date, "deleted": milestone in formset.deleted_objects},
                    ip=client_ip(request),
                )  # fmt: skip
            if instances or formset.deleted_objects:
                breakdown.update(form.instance, by=request.user, values={}, today=timezone.localdate())


@admin.register(Milestone)
class MilestoneAdmin(ScopedHistoryAdmin):
    list_display = ["title", "commitment", "due_date", "target_value", "weight", "done_on"]
    list_filter = ["due_date"]
    search_fields = ["title", "commitment__code", "commitment__title"]
    list_select_related = ["commitment"]
    readonly_fields = ["done_on"]

    def scope(self, request):
        return Milestone.objects.filter(commitment__in=permissions.commitments_visible_to(request.user).values("pk"))

    def has_change_permission(self, request, obj=None):
        # Milestones are edited with their commitment, where the change is recorded and figures recomputed.
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
