"""Filters of the public commitment lists and the API (section, lead department, status, kind, keyword).

The report is chosen by the page (``?report=``, defaulting to the latest public report), so a filter's
choices are always those of public data in scope: a section list never offers another report's sections.

Two more filters are the targets of links from other pages: ``supporter`` (配合单位, from a department's page)
and ``code`` (任务编号, from a commitment's page, over every report). The form shows them only when a link
set them: offering every supporting department would cost a scan of the supporting relation on every page.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from commitments.models import Commitment, Department, Section, WorkReport
from commitments.public import selectors

KEYWORD_MAX = 50
CODE_MAX = Commitment._meta.get_field("code").max_length
ON_DEMAND = ("supporter", "code")  # in the form only when the request sets them (see the module docstring)
SECTION_DEPTH = 4  # 二、 → (一) → theme paragraph is three levels; one more to spare


def in_subtree(section: Section) -> Q:
    """Commitments in a section or any section below it, as one condition (no query to walk the tree)."""
    condition, path = Q(section=section), "section"
    for _level in range(SECTION_DEPTH):
        path += "__parent"
        condition |= Q(**{path: section})
    return condition


class CommitmentFilter(django_filters.FilterSet):
    section = django_filters.ModelChoiceFilter(
        label="章节", queryset=Section.objects.none(), method="in_section", empty_label="全部章节"
    )
    department = django_filters.ModelChoiceFilter(
        label="牵头单位",
        field_name="lead_department",
        to_field_name="slug",
        queryset=Department.objects.none(),
        empty_label="全部单位",
    )
    status = django_filters.ChoiceFilter(label="状态", choices=Commitment.Status.choices, empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="目标类型", choices=Commitment.Kind.choices, empty_label="全部类型")
    q = django_filters.CharFilter(
        label="关键词",
        method="search",
        max_length=KEYWORD_MAX,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "任务名称或报告原文"}),
    )
    supporter = django_filters.ModelChoiceFilter(
        label="配合单位",
        field_name="supporting_departments",
        to_field_name="slug",
        queryset=Department.objects.none(),
        empty_label="全部配合单位",
        help_text="配合单位的网址标识（如 zjj）：该单位作为配合单位的任务",
    )
    code = django_filters.CharFilter(
        label="任务编号",
        max_length=CODE_MAX,
        help_text="任务编号，须完全一致（如 2024-2-1-05）；不同报告中的任务可有相同编号",
    )

    class Meta:
        model = Commitment
        fields = ["section", "department", "status", "kind", "q", "supporter", "code"]

    def __init__(
        self, data=None, queryset=None, *, work_report: WorkReport | None = None, hide: tuple[str, ...] = (), **kw
    ):
        super().__init__(data, queryset, **kw)
        for name in hide:
            self.filters.pop(name, None)
        if "section" in self.filters:
            sections = Section.objects.filter(work_report=work_report) if work_report else Section.objects.none()
            self.filters["section"].queryset = sections.order_by("position", "pk")
        if "department" in self.filters:
            # Only departments leading something in scope: the list never hints at non-public work.
            leading = selectors.leading_departments(queryset) if queryset is not None else Department.objects.none()
            self.filters["department"].queryset = leading.order_by("name")
        for name in ON_DEMAND:
            if not (data or {}).get(name):
                self.filters.pop(name, None)
        if "supporter" in self.filters and queryset is not None:
            # The one department asked for, if it supports something in scope: the choice costs one small
            # query, and a department supporting only work that is not public is never named.
            supporting = Exists(queryset.filter(supporting_departments=OuterRef("pk")))
            self.filters["supporter"].queryset = Department.objects.filter(slug=data["supporter"]).filter(supporting)

    def in_section(self, qs: QuerySet[Commitment], name: str, value: Section) -> QuerySet[Commitment]:
        """A section includes the commitments of its sub-sections (a theme paragraph under (一))."""
        if not value:
            return qs
        return qs.filter(in_subtree(value))

    def search(self, qs: QuerySet[Commitment], name: str, value: str) -> QuerySet[Commitment]:
        words = value.split()
        for word in words:
            qs = qs.filter(Q(title__icontains=word) | Q(quote__icontains=word) | Q(code__icontains=word))
        return qs

    def filtered(self) -> QuerySet[Commitment]:
        """The filtered rows, or none when a filter is invalid: bad input never widens the list."""
        return self.qs if self.is_valid() else self.queryset.none()
