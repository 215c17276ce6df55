"""Atom feeds of approved updates: every public report, or one report.

Narratives are written by departments: they are HTML-escaped before going into the feed's HTML summary,
so a feed reader shows them as text and never runs markup typed into a report.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from commitments.models import ProgressReport, WorkReport
from commitments.public import selectors
from commitments.public.tables import commitment_url
from commitments.templatetags.tracker_format import amount, cn_month

FEED_ITEMS = 50


class UpdatesFeed(Feed):
    feed_type = Atom1Feed
    subtitle = "经审核通过的重点任务进展（仅公开任务）"
    author_name = "政府工作报告重点任务督查系统"  # Atom asks for an author; the feed speaks for the system

    def get_object(self, request, work_report_id: int | None = None) -> WorkReport | None:
        if work_report_id is None:
            return None
        return get_object_or_404(selectors.public_work_reports(), pk=work_report_id)

    def title(self, obj: WorkReport | None) -> str:
        return f"{obj.title}：最新进展" if obj else "政府工作报告重点任务：最新进展"

    def link(self, obj: WorkReport | None) -> str:
        return f"{reverse('public:home')}?report={obj.pk}" if obj else reverse("public:home")

    def feed_url(self, obj: WorkReport | None) -> str:
        return reverse("public:report-feed", args=[obj.pk]) if obj else reverse("public:feed")

    def items(self, obj: WorkReport | None) -> list[ProgressReport]:
        return selectors.latest_updates(work_report=obj, limit=FEED_ITEMS)

    def item_title(self, item: ProgressReport) -> str:
        return f"{item.commitment.code} {item.commitment.title}（{cn_month(item.period)}进展）"

    def item_description(self, item: ProgressReport) -> str:
        figure = "" if item.value is None else f"累计完成：{amount(item.value, item.commitment.unit)}。"
        verified = "督查核实。" if item.verified else ""
        return escape(f"{figure}{verified}{item.narrative}")

    def item_link(self, item: ProgressReport) -> str:
        return f"{commitment_url(item.commitment)}#update-{item.pk}"

    def item_pubdate(self, item: ProgressReport):
        return item.reviewed_at

    def item_updateddate(self, item: ProgressReport):
        return item.reviewed_at
