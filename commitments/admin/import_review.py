"""The review page of an imported work report (导入审核): one page per report, one action to accept checked rows.

Reached from the import job's page; administrators only (those who may upload a report). The page lists the
report's drafts with their quotes highlighted in their paragraphs, the figures in form fields, the warnings
beside the rows; the action validates and accepts the checked rows in one transaction (importers/review.py).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from commitments.importers import review
from commitments.importers.errors import ReportImportError
from commitments.models import Commitment, WorkReport


class ReviewRowForm(forms.Form):
    """The editable figures of one draft; validated only when its row is checked."""

    accept = forms.BooleanField(label="接受", required=False)
    title = forms.CharField(label="指标（任务简称）", max_length=120)
    target_value = forms.CharField(label="目标值", required=False, max_length=30)
    unit = forms.CharField(label="单位", required=False, max_length=30)
    comparator = forms.ChoiceField(label="比较方式", choices=Commitment.Comparator.choices)
    kind = forms.ChoiceField(label="类型", choices=Commitment.Kind.choices)
    baseline_value = forms.CharField(label="基数", required=False, max_length=30)

    def _figure(self, name: str):
        try:
            return review.as_decimal(self.cleaned_data.get(name, ""))
        except ValueError:
            raise forms.ValidationError("请填写数字，如 110 或 5.5（单位写在“单位”一栏）") from None

    def clean_target_value(self):
        return self._figure("target_value")

    def clean_baseline_value(self):
        return self._figure("baseline_value")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") and cleaned["kind"] != Commitment.Kind.MILESTONE and cleaned.get("target_value") is None:
            self.add_error("target_value", "量化任务必须填写目标值")
        return cleaned


def _initial(c: Commitment) -> dict:
    plain = lambda v: "" if v is None else f"{v.normalize():f}"  # noqa: E731 - 103.0000 shows as 103
    return {
        "title": c.title,
        "target_value": plain(c.target_value),
        "unit": c.unit,
        "comparator": c.comparator,
        "kind": c.kind,
        "baseline_value": plain(c.baseline_value),
    }


def review_view(model_admin, request: HttpRequest, work_report_id: int) -> HttpResponse:
    """GET: the review page; POST: accept the checked rows (nothing is saved when any checked row is wrong)."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied  # department users never reach an import's drafts
    work_report = get_object_or_404(WorkReport, pk=work_report_id)
    page = review.review(work_report)
    bound = request.method == "POST"
    forms_by_id = {
        row.commitment.pk: ReviewRowForm(
            request.POST if bound else None, prefix=f"c{row.commitment.pk}", initial=_initial(row.commitment)
        )
        for row in page.rows
    }
    if bound:
        checked = [
            row.commitment
            for row in page.rows
            if forms_by_id[row.commitment.pk].data.get(f"c{row.commitment.pk}-accept")
        ]
        if not checked:
            messages.warning(request, "没有勾选任何任务，未做修改。")
        elif all(forms_by_id[c.pk].is_valid() for c in checked):
            values = {c.pk: {f: forms_by_id[c.pk].cleaned_data[f] for f in review.EDITABLE} for c in checked}
            try:
                review.accept(checked, values, by=request.user, today=timezone.localdate())
            except ReportImportError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已接受 {len(checked)} 项任务；它们仍未公开，发布后才对公众可见。")
                return redirect(request.path)
        else:
            messages.error(request, "勾选的任务中有填写错误，请按提示修改；本次未保存任何修改。")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"审核导入的任务：{work_report.title}",
        "review": page,
        "rows": [(row, forms_by_id[row.commitment.pk]) for row in page.rows],
    }
    return TemplateResponse(request, "admin/commitments/importjob/review.html", context)
