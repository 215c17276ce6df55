"""Admin views for Excel: a department's progress template and bulk import; the 任务分解表 round trip.

Each view checks its permission first (403 otherwise) and reads rows only through commitments.permissions.
"""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from commitments import spreadsheets
from commitments.admin.scoping import client_ip
from commitments.forms import SpreadsheetUploadForm
from commitments.models import WorkReport


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=spreadsheets.XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class ProgressUploadForm(SpreadsheetUploadForm):
    submit = django_forms.BooleanField(label="导入后直接提交审核", required=False, initial=True)


class BreakdownUploadForm(SpreadsheetUploadForm):
    work_report = django_forms.ModelChoiceField(
        label="政府工作报告", queryset=WorkReport.objects.all(), empty_label=None
    )


def _render(admin, request, form, *, title: str, errors: list[str], intro: str) -> TemplateResponse:
    context = {
        **admin.admin_site.each_context(request),
        "opts": admin.model._meta,
        "title": title,
        "form": form,
        "errors": errors,
        "intro": intro,
    }
    return TemplateResponse(request, "admin/commitments/spreadsheet_import.html", context)


class ProgressSpreadsheetViews:
    """On ProgressReportAdmin: /template/ (download) and /import/ (upload) for reporting departments."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("template/", view(self.template_view), name="commitments_progressreport_template"),
            path("import/", view(self.import_view), name="commitments_progressreport_import"),
            *super().get_urls(),
        ]

    def template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        data = spreadsheets.progress_template(user=request.user, today=today)
        return xlsx_response(data, f"进展填报模板-{today:%Y-%m}.xlsx")

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form, errors = ProgressUploadForm(request.POST or None, request.FILES or None), []
        if request.method == "POST" and form.is_valid():
            try:
                result = spreadsheets.import_progress(
                    form.cleaned_data["file"], by=request.user, today=timezone.localdate(),
                    submit=form.cleaned_data["submit"], ip=client_ip(request),
                )  # fmt: skip
            except spreadsheets.SpreadsheetError as exc:
                messages.error(request, str(exc))
                errors = exc.errors
            else:
                messages.success(request, f"已导入 {result.created} 条进展填报")
                return redirect(reverse("admin:commitments_progressreport_changelist"))
        intro = (
            "先下载本单位的填报模板，在“累计完成值”“完成的节点”“进展情况”中填写后上传。"
            "任何一行有错误时，整个文件都不会导入。"
        )
        return _render(self, request, form, title="批量导入进展填报", errors=errors, intro=intro)


class BreakdownViews:
    """On CommitmentAdmin: /breakdown/export/ and /breakdown/import/ for administrators."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("breakdown/export/", view(self.breakdown_export), name="commitments_commitment_breakdown_export"),
            path("breakdown/import/", view(self.breakdown_import), name="commitments_commitment_breakdown_import"),
            *super().get_urls(),
        ]

    def has_breakdown_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm("commitments.change_commitment")

    def breakdown_export(self, request: HttpRequest) -> HttpResponse:
        if not self.has_breakdown_permission(request):
            raise PermissionDenied
        work_report = (
            WorkReport.objects.filter(pk=request.GET.get("report") or None).first() or WorkReport.objects.first()
        )
        if work_report is None:
            messages.error(request, "还没有政府工作报告，无法导出任务分解表")
            return redirect(reverse("admin:commitments_commitment_changelist"))
        return xlsx_response(
            spreadsheets.export_breakdown(work_report=work_report), f"任务分解表-{work_report.year}.xlsx"
        )

    def breakdown_import(self, request: HttpRequest) -> HttpResponse:
        if not self.has_breakdown_permission(request):
            raise PermissionDenied
        form, errors = BreakdownUploadForm(request.POST or None, request.FILES or None), []
        if request.method == "POST" and form.is_valid():
            try:
                result = spreadsheets.import_breakdown(
                    form.cleaned_data["file"], work_report=form.cleaned_data["work_report"], by=request.user,
                    today=timezone.localdate(), ip=client_ip(request),
                )  # fmt: skip
            except spreadsheets.SpreadsheetError as exc:
                messages.error(request, str(exc))
                errors = exc.errors
            else:
                messages.success(request, f"任务分解表已导入：修改 {result.changed} 项，未变 {result.unchanged} 项")
                return redirect(reverse("admin:commitments_commitment_changelist"))
        intro = "上传修改后的任务分解表，按“任务编号”匹配任务。单位名称或任务编号不存在时逐行报告，且不写入任何数据。"
        return _render(self, request, form, title="导入任务分解表", errors=errors, intro=intro)
