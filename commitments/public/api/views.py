"""Read-only, anonymous API views. Querysets start from public data only (public_data); errors are JSON.

Responses are cached whole like the pages (views/caching.py, applied in urls.py); the anonymous throttle
guards the database from clients that walk every filter combination.
"""

from __future__ import annotations

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView, exception_handler

from commitments.models import Commitment, Milestone, ProgressReport, Section
from commitments.public import cache as public_cache
from commitments.public import selectors
from commitments.public.api import serializers as s
from commitments.public.filters import CommitmentFilter


class PublicThrottle(AnonRateThrottle):
    """Per client address, cold responses only (a cached response never reaches the view)."""

    scope = "public"

    def get_rate(self) -> str:
        return getattr(settings, "TRACKER_API_RATE", "600/minute")

    @classmethod
    def key_for(cls, ident: str) -> str:
        # Per database, like the page cache: test workers and deployments sharing a Redis count apart.
        return f"throttle:public:{public_cache.version_key()}:{ident}"

    def get_cache_key(self, request, view) -> str:
        return self.key_for(self.get_ident(request))


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def json_errors(exc, context):
    """DRF's handler, with invalid filters summed up in one Chinese message next to the field errors."""
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = {"detail": "请求参数无效，请检查筛选条件。", "errors": response.data}
    return response


class PublicAPI:
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]
    pagination_class = Pages

    def get_exception_handler(self):
        return json_errors


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    return JsonResponse({"detail": "没有这个接口。"}, status=404, json_dumps_params={"ensure_ascii": False})


@extend_schema(exclude=True)  # the document does not describe itself
class Schema(SpectacularAPIView):
    """The OpenAPI document, named in a Content-Disposition browsers can read.

    drf-spectacular names the file after the (Chinese) title in a plain ``filename="…"``; Django MIME-encodes
    a header that is not Latin-1 as a whole (``=?utf-8?b?…?=``), which no browser parses, so the document
    was saved as "download". RFC 6266's ``filename*`` carries the same name in ASCII.
    """

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        filename = self._get_filename(request, getattr(request, "version", None))
        response["Content-Disposition"] = content_disposition_header(False, filename)
        return response


ENDPOINTS = {
    "commitments": "public:api:commitment-list",
    "milestones": "public:api:milestone-list",
    "updates": "public:api:update-list",
    "departments": "public:api:department-list",
    "sections": "public:api:section-list",
    "reports": "public:api:report-list",
    "summary": "public:api:summary",
    "schema": "public:api:schema",
}


@require_safe
def root(request: HttpRequest) -> JsonResponse:
    """/api/v1/ itself: where each list and the OpenAPI document are (the README points people here)."""
    body = {
        "description": "政府工作报告重点任务开放数据接口（只读，无需登录）；参数与说明见 OpenAPI 3 文档（schema）。",
        "endpoints": {name: request.build_absolute_uri(reverse(url_name)) for name, url_name in ENDPOINTS.items()},
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


# --- Commitments ------------------------------------------------------------------------------------------


class ApiCommitmentFilter(CommitmentFilter):
    """The table's filters, over every public report unless ``report`` narrows it."""

    report = django_filters.ModelChoiceFilter(
        field_name="work_report", label="报告", queryset=selectors.public_work_reports()
    )

    class Meta(CommitmentFilter.Meta):
        fields = ["report", *CommitmentFilter.Meta.fields]

    def __init__(self, data=None, queryset=None, **kwargs):
        kwargs.pop("report", None)
        super().__init__(data, queryset, **kwargs)
        self.filters["section"].queryset = selectors.public_sections()


def public_commitment_rows() -> QuerySet[Commitment]:
    return selectors.listing(selectors.public_commitments()).prefetch_related("supporting_departments")


class StableOrdering(OrderingFilter):
    """The order asked for, then the default order for rows that tie.

    Many rows share a status, a due date or a code (codes repeat across reports); without a tie-break the
    database may order them differently for each page, and a client walking the pages would see some rows
    twice and others never.
    """

    def get_ordering(self, request, queryset, view) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        asked = {term.lstrip("-") for term in ordering}
        return ordering + [term for term in self.get_default_ordering(view) if term.lstrip("-") not in asked]


class CommitmentList(PublicAPI, generics.ListAPIView):
    """Public commitments with their derived figures, newest report first; filters match the public table."""

    serializer_class = s.CommitmentSerializer
    filter_backends = [DjangoFilterBackend, StableOrdering]
    filterset_class = ApiCommitmentFilter
    ordering_fields = ["code", "due_date", "progress_percent", "expected_pace_percent", "status", "last_approved_at"]
    ordering = list(selectors.NEWEST_FIRST)  # the table's default: served by indexes, no sort of every row

    def get_queryset(self) -> QuerySet[Commitment]:
        return public_commitment_rows()


report_parameter = OpenApiParameter("report", int, description="报告编号；两份报告有相同任务编号时用于区分")


@extend_schema(parameters=[report_parameter])
class CommitmentDetail(PublicAPI, generics.RetrieveAPIView):
    """One public commitment with milestones, approved updates and the public change log."""

    serializer_class = s.CommitmentDetailSerializer

    def get_object(self):
        code, report = self.kwargs["code"], self.request.query_params.get("report")
        page = selectors.commitment_page(code, report_value=report, today=timezone.localdate())
        if page is None:
            raise NotFound(f"没有编号为“{code}”的公开任务。")
        commitment = page.commitment
        commitment.updates, commitment.changes = page.updates, page.changes
        return commitment


# --- Milestones, updates, departments, sections, reports ----------------------------------------------------


class ByCommitment(django_filters.FilterSet):
    report = django_filters.NumberFilter(field_name="commitment__work_report_id", label="报告")
    commitment = django_filters.CharFilter(field_name="commitment__code", label="任务编号")


class MilestoneFilter(ByCommitment):
    class Meta:
        model = Milestone
        fields: list[str] = []


class MilestoneList(PublicAPI, generics.ListAPIView):
    serializer_class = s.MilestoneSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MilestoneFilter

    def get_queryset(self):
        return (
            selectors.public_milestones()
            .select_related("commitment")
            .order_by("commitment__work_report_id", "commitment__position", "due_date", "position", "pk")
        )


class UpdateFilter(ByCommitment):
    class Meta:
        model = ProgressReport
        fields: list[str] = []


class UpdateList(PublicAPI, generics.ListAPIView):
    """Approved progress reports only, newest first."""

    serializer_class = s.UpdateSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = UpdateFilter

    def get_queryset(self):
        return (
            selectors.public_progress_reports()
            .select_related("commitment")
            .prefetch_related(selectors.with_public_evidence())
            .order_by("-reviewed_at", "-pk")
        )


class DepartmentList(PublicAPI, generics.ListAPIView):
    """Departments that lead at least one public commitment."""

    serializer_class = s.DepartmentSerializer

    def get_queryset(self):
        return selectors.leading_departments(selectors.public_commitments()).order_by("name")


class DepartmentDetail(PublicAPI, generics.RetrieveAPIView):
    serializer_class = s.DepartmentSerializer
    lookup_field = "slug"

    def get_object(self):
        leading = selectors.leading_departments(selectors.public_commitments())
        department = leading.filter(slug=self.kwargs["slug"]).first()
        if department is None:
            raise NotFound(f"没有网址标识为“{self.kwargs['slug']}”的责任单位。")
        return department


class SectionFilter(django_filters.FilterSet):
    report = django_filters.NumberFilter(field_name="work_report_id", label="报告")

    class Meta:
        model = Section
        fields: list[str] = []


class SectionList(PublicAPI, generics.ListAPIView):
    serializer_class = s.SectionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SectionFilter

    def get_queryset(self):
        return selectors.public_sections().order_by("work_report_id", "position", "pk")


class ReportList(PublicAPI, generics.ListAPIView):
    serializer_class = s.ReportSerializer

    def get_queryset(self):
        return selectors.public_work_reports()


@extend_schema(parameters=[report_parameter], responses=s.SummarySerializer)
class Summary(PublicAPI, APIView):
    """Completion rate, average progress against 序时进度, counts by status, rates by section and department."""

    def get(self, request, *args, **kwargs):
        try:
            page = selectors.home_page(report_value=request.query_params.get("report"), today=timezone.localdate())
        except selectors.UnknownReport:
            raise NotFound("没有这份公开的报告。") from None
        if page.work_report is None:
            raise NotFound("还没有公开的报告。")
        return Response(s.SummarySerializer(page).data)
