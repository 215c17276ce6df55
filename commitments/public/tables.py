"""The public commitment table (django-tables2): columns declare, ``render_*`` only formats.

Rows come from public_data.listing(), which selects report, section and lead department in the same query,
so a page of the table costs two queries (count and page) whatever its sort.
"""

from __future__ import annotations

import django_tables2 as tables
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from commitments.models import Commitment
from commitments.public.selectors import STATUS_ORDER
from commitments.templatetags.tracker_format import cn_date, percent

PER_PAGE = 50


def commitment_url(commitment: Commitment) -> str:
    """The page of a commitment; ``?report=`` keeps it unambiguous when two reports share a code."""
    return f"{reverse('public:commitment-detail', args=[commitment.code])}?report={commitment.work_report_id}"


def status_badge(commitment: Commitment) -> str:
    return format_html('<span class="status status-{}">{}</span>', commitment.status, commitment.get_status_display())


class CommitmentTable(tables.Table):
    code = tables.Column(verbose_name="编号", order_by=("work_report__year", "position", "code"))
    title = tables.Column(verbose_name="重点任务", linkify=lambda record: commitment_url(record))
    lead_department = tables.Column(
        verbose_name="牵头单位",
        order_by=("lead_department__name",),
        linkify=lambda record: (
            reverse("public:department-detail", args=[record.lead_department.slug]) if record.lead_department else None
        ),
        default="未明确",
    )
    status = tables.Column(verbose_name="状态")
    progress_percent = tables.Column(verbose_name="进度")
    expected_pace_percent = tables.Column(verbose_name="序时进度")
    due_date = tables.Column(verbose_name="完成期限")

    class Meta:
        model = Commitment
        fields = ()
        sequence = ("code", "title", "lead_department", "status", "progress_percent", "expected_pace_percent")
        template_name = "django_tables2/public.html"
        attrs = {"class": "data-table"}
        empty_text = "没有符合条件的任务。"
        order_by_field = "sort"

    def __init__(self, *args, caption: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.caption = caption

    def render_status(self, record: Commitment):
        return status_badge(record)

    def order_status(self, queryset: QuerySet[Commitment], is_descending: bool):
        # Done first, then what needs attention, terminal last: the order the home page counts them in.
        rank = Case(*(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)), output_field=IntegerField())
        queryset = queryset.annotate(status_rank=rank).order_by(
            "-status_rank" if is_descending else "status_rank", "position", "code"
        )
        return queryset, True

    def render_progress_percent(self, value, record: Commitment):
        return render_to_string(
            "public/includes/_progress_bar.html",
            {"value": value, "width": min(max(value, 0), 100), "label": "进度", "tone": record.status},
        )

    def render_expected_pace_percent(self, value):
        return percent(value)

    def render_due_date(self, value):
        return cn_date(value)
