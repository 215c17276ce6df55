"""Admin for progress reports and their evidence: departments report, supervisors review.

A report is editable only as its department's draft or returned report; approved reports are read-only
for everyone and cannot be deleted (the database refuses too). Review, verification and file downloads
are views of their own that call commitments.reviews / commitments.evidence.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from commitments import evidence, permissions, reporting, reviews
from commitments.admin import dashboard
from commitments.admin.excel import ProgressSpreadsheetViews
from commitments.admin.scoping import ScopedAdmin, ScopedHistoryAdmin, client_ip, show_error
from commitments.forms import EvidenceForm, ProgressReportForm, ReviewForm, VerifyForm
from commitments.models import Evidence, ProgressReport

State = ProgressReport.State
REVIEW_FIELDS = ["state", "submitted_by", "submitted_at", "reviewed_by", "reviewed_at", "review_note",
                 "verified", "verified_by", "verified_at", "verification_note"]  # fmt: skip


def download_link(item: Evidence) -> str:
    url = reverse("admin:commitments_evidence_download", args=[item.pk])
    return format_html('<a href="{}">{}</a>（{} KB）', url, item.original_name, max(1, item.size // 1024))


class EvidenceInline(admin.TabularInline):
    model = Evidence
    form = EvidenceForm
    extra = 1
    fields = ["file", "is_public", "download"]
    readonly_fields = ["download"]
    verbose_name_plural = "佐证材料（PDF、JPG、PNG、Word、Excel，每个不超过 20 MB）"

    @admin.display(description="已上传文件")
    def download(self, obj: Evidence) -> str:
        return download_link(obj) if obj.pk else "—"

    @property
    def parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def _editable(self, request, obj) -> bool:
        if obj is None:  # the add page: whoever may add a report may attach files to it
            return self.parent_admin.has_add_permission(request)
        return permissions.can_edit_report(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.parent_admin.has_view_permission(request, obj)

    def get_fields(self, request, obj=None):
        # A stored file is shown as a permission-checked download link, never as its media path.
        return self.fields if self._editable(request, obj) else ["download", "is_public"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ProgressSpreadsheetViews, ScopedHistoryAdmin):
    form = ProgressReportForm
    list_display = ["commitment", "department", "month", "figure", "milestone", "state", "verified", "submitted_at"]
    list_filter = ["state", "verified", "period"]
    search_fields = ["commitment__code", "commitment__title", "narrative"]
    list_select_related = ["commitment__lead_department", "milestone"]
    inlines = [EvidenceInline]
    actions = ["approve_selected"]
    change_form_template = "admin/commitments/progressreport/change_form.html"
    change_list_template = "admin/commitments/progressreport/change_list.html"

    def scope(self, request):
        return permissions.reports_visible_to(request.user)

    @admin.display(description="牵头单位", ordering="commitment__lead_department__name")
    def department(self, obj):
        return obj.commitment.lead_department

    @admin.display(description="累计完成值", ordering="value")
    def figure(self, obj):
        return f"{obj.value.normalize():f}{obj.commitment.unit}" if obj.value is not None else "—"

    @admin.display(description="填报月份", ordering="period")
    def month(self, obj):
        return f"{obj.period:%Y-%m}"

    def get_list_filter(self, request):
        if permissions.is_supervisor(request.user):
            return [*self.list_filter, "commitment__lead_department"]
        return self.list_filter

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        user, today = request.user, timezone.localdate()

        class Form(base):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=user, today=today, **kw)

        return Form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("period", reporting.month_start(timezone.localdate()))
        return initial

    def get_readonly_fields(self, request, obj=None):
        return REVIEW_FIELDS if obj is not None else []

    def get_fields(self, request, obj=None):
        fields = ["commitment", "period", "value", "milestone", "investment_completed", "narrative"]
        return fields + REVIEW_FIELDS if obj is not None else fields

    def has_add_permission(self, request):
        user = request.user
        return super().has_add_permission(request) and (user.is_superuser or bool(permissions.department_ids(user)))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_report(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_report(request.user, obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, through reviews.delete_draft
        return actions

    def changelist_view(self, request, extra_context=None):
        extra = {"is_supervisor": permissions.is_supervisor(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    @admin.action(description="审核通过所选填报", permissions=["review"])
    def approve_selected(self, request, queryset):
        done = 0
        for progress_report in queryset.filter(state=State.SUBMITTED):
            try:
                reviews.approve(progress_report, by=request.user, today=timezone.localdate(), ip=client_ip(request))
                done += 1
            except reviews.ReviewError as exc:
                show_error(request, f"{progress_report}：", exc)
        skipped = queryset.exclude(state=State.SUBMITTED).count()
        if done:
            messages.success(request, f"已审核通过 {done} 条填报")
        if skipped:
            messages.warning(request, f"{skipped} 条不是待审核状态，已跳过")

    def save_model(self, request, obj, form, change):
        reviews.save_draft(obj, by=request.user, changed=form.changed_data, ip=client_ip(request))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Evidence:
            return super().save_formset(request, form, formset, change)
        progress_report, ip = form.instance, client_ip(request)
        # The admin's change message reads what formset.save() would have recorded.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for item_form in formset.forms:
            item = item_form.instance
            if item_form in formset.deleted_forms:
                if item.pk:
                    formset.deleted_objects.append(item)
                    evidence.remove(item, by=request.user, ip=ip)
            elif item.pk is None and item_form.cleaned_data.get("file"):
                public = item_form.cleaned_data.get("is_public", False)
                upload = item_form.cleaned_data["file"]
                formset.new_objects.append(
                    evidence.attach(progress_report, upload, by=request.user, is_public=public, ip=ip)
                )
            elif item.pk and "is_public" in item_form.changed_data:
                evidence.set_public(item, by=request.user, is_public=item_form.cleaned_data["is_public"], ip=ip)
                formset.changed_objects.append((item, ["is_public"]))
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "_submit_report" in request.POST:
            try:
                reviews.submit(form.instance, by=request.user, ip=client_ip(request))
                form.instance.refresh_from_db()  # the admin's own message names the report's state
                messages.success(request, "已提交审核")
            except reviews.ReviewError as exc:
                show_error(request, "已保存为草稿，但未能提交：", exc)

    def delete_model(self, request, obj):
        reviews.delete_draft(obj, by=request.user, ip=client_ip(request))

    def get_deleted_objects(self, objs, request):
        # Evidence is PROTECTed from a bare delete; a draft's files go with it through reviews.delete_draft.
        needed = {self.opts.verbose_name for o in objs if not self.has_delete_permission(request, o)}
        listed = [[str(o), [str(e) for e in o.evidence.all()]] for o in objs]
        return listed, {self.opts.verbose_name_plural: len(objs)}, needed, []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and permissions.is_supervisor(request.user):
            context["review_form"] = ReviewForm() if obj.state == State.SUBMITTED else None
            context["verify_form"] = VerifyForm() if obj.is_approved and not obj.verified else None
        context["can_submit"] = obj is None or permissions.can_edit_report(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/review/", view(self.review_view), name="commitments_progressreport_review"),
            path("<int:pk>/verify/", view(self.verify_view), name="commitments_progressreport_verify"),
            path("compliance/", view(dashboard.compliance_view), name="commitments_progressreport_compliance"),
            *super().get_urls(),
        ]

    def _reviewable(self, request, pk: int) -> ProgressReport:
        if not self.has_review_permission(request):
            raise PermissionDenied
        progress_report = self.get_queryset(request).filter(pk=pk).first()
        if progress_report is None:
            raise Http404("不存在，或您无权查看")
        return progress_report

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """通过 or 退回 from the report's page; a return needs its reason in the note."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        progress_report = self._reviewable(request, pk)
        form = ReviewForm(request.POST)
        note = form.cleaned_data["note"] if form.is_valid() else ""
        decision, ip = request.POST.get("decision"), client_ip(request)
        try:
            if decision == "approve":
                reviews.approve(progress_report, by=request.user, today=timezone.localdate(), note=note, ip=ip)
                messages.success(request, f"{progress_report.commitment.code} 的填报已审核通过，任务进度已更新")
            elif decision == "return":
                reviews.return_report(progress_report, by=request.user, reason=note, ip=ip)
                messages.success(request, f"{progress_report.commitment.code} 的填报已退回")
            else:
                messages.error(request, "请选择“通过”或“退回”")
        except reviews.ReviewError as exc:
            show_error(request, "", exc)
        return redirect(reverse("admin:commitments_progressreport_change", args=[progress_report.pk]))

    def verify_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """督查核实 of an approved figure, with a note."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        progress_report = self._reviewable(request, pk)
        form = VerifyForm(request.POST)
        try:
            if not form.is_valid():
                raise reviews.ReviewError("请填写核实说明（核实时间、地点、方式）")
            reviews.verify(progress_report, by=request.user, note=form.cleaned_data["note"], ip=client_ip(request))
            messages.success(request, "已标记为督查核实")
        except reviews.ReviewError as exc:
            show_error(request, "", exc)
        return redirect(reverse("admin:commitments_progressreport_change", args=[progress_report.pk]))


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdmin):
    list_display = ["original_name", "progress_report", "content_type", "size", "is_public", "uploaded_at", "download"]
    list_filter = ["is_public", "content_type"]
    search_fields = ["original_name", "progress_report__commitment__code"]
    list_select_related = ["progress_report__commitment"]
    fields = [
        "progress_report",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "is_public",
        "uploaded_at",
        "download",
    ]
    readonly_fields = fields
    actions = ["make_public", "make_private"]

    def scope(self, request):
        return permissions.evidence_visible_to(request.user)

    @admin.display(description="下载")
    def download(self, obj: Evidence) -> str:
        return download_link(obj)

    def has_add_permission(self, request):
        return False  # files are attached in their report's form

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or permissions.can_edit_report(request.user, obj.progress_report))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        evidence.remove(obj, by=request.user, ip=client_ip(request))

    def _publicity(self, request, queryset, public: bool) -> None:
        for item in queryset:
            try:
                evidence.set_public(item, by=request.user, is_public=public, ip=client_ip(request))
            except evidence.EvidenceError as exc:
                show_error(request, f"{item}：", exc)

    @admin.action(description="设为公开（填报通过后公众可见）", permissions=["review"])
    def make_public(self, request, queryset):
        self._publicity(request, queryset, True)

    @admin.action(description="设为不公开", permissions=["review"])
    def make_private(self, request, queryset):
        self._publicity(request, queryset, False)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/download/", view(self.download_view), name="commitments_evidence_download"),
            *super().get_urls(),
        ]

    def download_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The file, to those who may see its report; as an attachment with our own content type."""
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        item = self.get_queryset(request).filter(pk=pk).first()
        if item is None:
            raise Http404("不存在，或您无权下载")
        try:
            return evidence.file_response(item)
        except FileNotFoundError:
            raise Http404("文件已不存在") from None
