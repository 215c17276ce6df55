"""Figures as people type them (commitments.forms): normalised to Decimal, refused with a Chinese message."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commitments.forms import CommitmentAdminForm, ProgressReportForm, check_figure, parse_figure
from commitments.models import Milestone

TODAY = date(2024, 6, 28)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("86", "个", Decimal(86)),
        ("８６", "个", Decimal(86)),  # full-width digits
        ("86个", "个", Decimal(86)),  # the task's unit after the number
        ("２３．７万吨", "万吨", Decimal("23.7")),
        ("1,234.5", "户", Decimal("1234.5")),
        ("7.5％", "%", Decimal("7.5")),
        ("－3.2", "%", Decimal("-3.2")),
        (" 12 ", "", Decimal(12)),
        ("", "个", None),
    ],
)
def test_it_normalises_typed_figures(text, unit, expected):
    assert parse_figure(text, unit=unit) == expected


@pytest.mark.parametrize("text", ["八十六", "86吨", "1e5", "NaN", "12.3.4", "86%"])
def test_text_that_is_not_a_figure_gets_a_chinese_message(text):
    with pytest.raises(ValidationError, match="不是有效的数字"):
        parse_figure(text, unit="个", label="累计完成值")


@pytest.mark.parametrize(
    ("value", "kind", "unit", "message"),
    [
        (Decimal(-1), "count", "个", "不能为负数"),
        (Decimal("1.23456"), "count", "个", "4位小数"),
        (Decimal(10) ** 11, "level", "万元", "过大"),
        (Decimal(1001), "ratio", "%", "百分比"),
    ],
)
def test_figures_out_of_bounds_are_refused(value, kind, unit, message):
    with pytest.raises(ValidationError, match=message):
        check_figure(value, kind=kind, unit=unit)


def test_a_growth_rate_may_be_negative():
    assert check_figure(Decimal("-2.5"), kind="growth", unit="%") == Decimal("-2.5")


def _form(user, commitment, **data):
    fields = {"commitment": commitment.pk, "period": "2024-06", "narrative": "按计划推进", **data}
    return ProgressReportForm(data=fields, user=user, today=TODAY)


def test_the_report_form_offers_only_commitments_the_department_leads(make_commitment, reporter_a, dept_b):
    led = make_commitment()
    make_commitment(lead_department=dept_b).supporting_departments.add(reporter_a.departments.get())

    form = ProgressReportForm(user=reporter_a, today=TODAY)

    assert list(form.fields["commitment"].queryset) == [led]


def test_a_foreign_commitment_id_is_refused(make_commitment, reporter_b):
    form = _form(reporter_b, make_commitment(), value="50")

    assert not form.is_valid()
    assert form.errors["commitment"] == ["只能填报本单位牵头的任务"]


def test_the_report_form_normalises_the_figure(make_commitment, reporter_a):
    form = _form(reporter_a, make_commitment(), value="８６个", investment_completed="1.5亿元")

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["value"], form.cleaned_data["investment_completed"]) == (Decimal(86), Decimal("1.5"))
    assert form.cleaned_data["period"] == date(2024, 6, 1)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"value": "-3"}, "value", "不能为负数"),
        ({"value": "很多"}, "value", "不是有效的数字"),
        ({"value": ""}, "value", "必须填写累计完成值"),
        ({"value": "5", "period": "2024-07"}, "period", "未来月份"),
        ({"value": "5", "period": "2023-12"}, "period", "更早月份"),
        ({"value": "5", "period": "六月"}, "period", "2024-06"),
    ],
)
def test_bad_report_input_gets_a_clear_message(data, field, message, make_commitment, reporter_a):
    form = _form(reporter_a, make_commitment(), **data)

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_milestone_of_another_commitment_is_refused(make_commitment, reporter_a):
    qualitative = make_commitment(kind="milestone", target_value=None, unit="")
    other = make_commitment(kind="milestone", target_value=None, unit="")
    foreign = Milestone.objects.create(commitment=other, title="开工建设", due_date=date(2024, 3, 31))

    form = _form(reporter_a, qualitative, milestone=foreign.pk)

    assert not form.is_valid()
    assert form.errors["milestone"] == ["所选节点不属于该任务"]


def test_a_milestone_of_another_department_is_not_even_a_choice(make_commitment, reporter_b, dept_b):
    mine = make_commitment(kind="milestone", target_value=None, lead_department=dept_b)
    theirs = Milestone.objects.create(commitment=make_commitment(), title="完成招标", due_date=date(2024, 3, 31))

    form = _form(reporter_b, mine, milestone=theirs.pk)

    assert not form.is_valid()
    assert "不属于本单位" in form.errors["milestone"][0]


def _commitment_data(commitment, **changes) -> dict:
    names = ("code", "position", "title", "quote", "kind", "comparator", "unit", "start_date", "due_date", "is_public")
    data = {f: getattr(commitment, f) for f in names}
    data |= {
        "work_report": commitment.work_report_id,
        "section": commitment.section_id,
        "lead_department": commitment.lead_department_id,
        "target_value": commitment.target_value,
        "supporting_departments": [],
    }
    return {**data, **changes}


def test_a_published_target_changes_only_with_a_reason(make_commitment):
    commitment = make_commitment()

    without = CommitmentAdminForm(data=_commitment_data(commitment, target_value="120"), instance=commitment)
    assert not without.is_valid()
    assert "变更原因" in without.errors["change_reason"][0]

    reason = "市政府常务会议调整改造计划"
    with_reason = CommitmentAdminForm(
        data=_commitment_data(commitment, target_value="120", change_reason=reason), instance=commitment
    )
    assert with_reason.is_valid(), with_reason.errors
