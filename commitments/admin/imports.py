"""Admin for report uploads (报告导入): an administrator uploads a work report, a Celery task imports it.

The add form refuses bad files at once (too large, wrong type, empty, binary, no coming-year part, another
text of an imported report), so a refused upload leaves no job and no file behind. The job page is read-only:
state, counts, warnings, error and a link to the drafts.
"""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from commitments.admin.import_review import review_view
from commitments.importers import loader
from commitments.importers.errors import ReportImportError
from commitments.importers.sources import MAX_BYTES, read_source
from commitments.importers.tasks import run_import
from commitments.importers.work_report import parse_report
from commitments.models import ImportJob

EXTENSIONS = (".txt", ".htm", ".html", ".docx", ".pdf")


class ImportJobForm(forms.ModelForm):
    """Validates an upload before anything is stored; the import itself runs in the task."""

    replace_drafts = forms.BooleanField(
        label="替换草稿",
        required=False,
        help_text="该年度报告已用另一份原文导入过时，以新原文替换其中尚未发布、尚无填报的草稿任务；已发布的任务不受影响",
    )

    class Meta:
        model = ImportJob
        fields = ["source", "year", "issuer"]
        help_texts = {
            "source": "报告的 .txt、.html、.docx 或文字版 .pdf 文件，不超过 5 MB",
            "issuer": "如：潜江市人民政府",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "source" in self.fields:
            self.fields["source"].allow_empty_file = True  # refused below with the importer's own message

    def clean_source(self):
        upload = self.cleaned_data["source"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"文件太大（{upload.size / 1024 / 1024:.1f} MB），上限是 5 MB。")
        suffix = PurePath(upload.name).suffix.lower()
        if suffix not in EXTENSIONS:
            kind = suffix or "无扩展名"
            raise forms.ValidationError(f"不支持“{kind}”文件：请上传报告的 .txt、.html、.docx 或 .pdf 文件。")
        return upload

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1949 <= year <= 2100:
            raise forms.ValidationError("年度应在 1949 至 2100 之间。")
        return year

    def clean(self):
        cleaned = super().clean()
        upload, year, issuer = cleaned.get("source"), cleaned.get("year"), cleaned.get("issuer")
        if not (upload and year and issuer):
            return cleaned
        try:
            upload.seek(0)
            text = read_source(upload.read(), filename=upload.name)
            upload.seek(0)
            result = parse_report(text, year=year)  # ~20 ms for a full report: cheap enough to check here
            loader.plan(result, issuer=issuer)
            loader.check_conflict(
                issuer=issuer, year=result.year, source_text=text, replace_drafts=cleaned.get("replace_drafts", False)
            )
        except ReportImportError as exc:
            self.add_error("source", exc.message)
        return cleaned


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    form = ImportJobForm
    list_display = ["__str__", "year", "issuer", "state", "created_by", "created_at", "finished_at"]
    list_filter = ["state", "year"]
    list_select_related = ["created_by", "work_report"]
    result_fields = [
        "state",
        "original_name",
        "year",
        "issuer",
        "created_by",
        "created_at",
        "finished_at",
        "counts",
        "warnings",
        "error",
        "drafts",
    ]

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("review/<int:work_report_id>/", view(self.review), name="commitments_importjob_review"),
            path("<int:job_id>/state/", view(self.state), name="commitments_importjob_state"),
            *super().get_urls(),
        ]

    def review(self, request, work_report_id: int):
        return review_view(self, request, work_report_id)

    def state(self, request, job_id: int):
        """The job's state for the page's progress indication, polled while the import runs."""
        if not self.has_view_permission(request):
            return JsonResponse({"error": "无权查看"}, status=403)
        job = ImportJob.objects.filter(pk=job_id).values("state").first()
        if job is None:
            return JsonResponse({"error": "没有这个导入任务"}, status=404)
        running = job["state"] in (ImportJob.State.PENDING, ImportJob.State.RUNNING)
        return JsonResponse({"state": job["state"], "running": running})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = ImportJob.objects.filter(pk=object_id).first()
        running = job is not None and job.state in (ImportJob.State.PENDING, ImportJob.State.RUNNING)
        extra = {"import_running": running, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def get_fields(self, request, obj=None):
        return ["source", "year", "issuer", "replace_drafts"] if obj is None else self.result_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.result_fields

    # Uploading creates drafts of a whole report: administrators only (superusers, or the add permission).
    def has_module_permission(self, request):
        return super().has_module_permission(request) and self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or self.has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # a job is a record of what happened

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.original_name = PurePath(form.cleaned_data["source"].name).name[:200]
        obj.created_by = request.user
        super().save_model(request, obj, form, change)
        # After commit, so a worker never looks for a job that is not there yet. With REDIS_URL unset Celery
        # is eager and the result is on the job page at once.
        run_import.delay_on_commit(obj.pk, replace_drafts=form.cleaned_data["replace_drafts"])

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request, "已收到报告文件，正在后台导入；导入结果显示在本页，未完成时请稍后刷新。", messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:commitments_importjob_change", args=[obj.pk]))

    @admin.display(description="导入结果")
    def counts(self, obj: ImportJob) -> str:
        s = obj.summary or {}
        if not s:
            return "—"
        outcome = {"created": "新导入", "replaced": "以新原文更新草稿", "unchanged": "原文未变，未做修改"}
        parts = [
            ("结果", outcome.get(s.get("outcome"), s.get("outcome", ""))),
            ("报告", s.get("report_title", "")),
            ("章节", s.get("sections", 0)),
            ("任务", f"{s.get('commitments', 0)}（量化 {s.get('quantified', 0)}、定性 {s.get('qualitative', 0)}）"),
            ("新建 / 更新 / 删除", f"{s.get('created', 0)} / {s.get('updated', 0)} / {s.get('removed', 0)}"),
        ]
        return format_html_join("", "<div>{}：{}</div>", parts)

    @admin.display(description="警告")
    def warnings(self, obj: ImportJob) -> str:
        items = (obj.summary or {}).get("warnings") or []
        if not items:
            return "—"
        return format_html_join("", "<div>⚠ {}</div>", ((w,) for w in items))

    @admin.display(description="草稿任务")
    def drafts(self, obj: ImportJob) -> str:
        if obj.work_report_id is None:
            return "—"
        query = urlencode({"work_report__id__exact": obj.work_report_id, "is_public__exact": 0})
        url = f"{reverse('admin:commitments_commitment_changelist')}?{query}"
        review = reverse("admin:commitments_importjob_review", args=[obj.work_report_id])
        return format_html(
            '<a href="{}" id="review-link">审核导入的任务（逐条核对并接受）</a> · '
            '<a href="{}">查看本报告未公开的草稿任务</a>',
            review,
            url,
        )
