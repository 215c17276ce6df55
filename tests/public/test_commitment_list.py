"""The commitment table: filters, sorting, pagination and the report it covers."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from commitments.models import Commitment, Department, Section, WorkReport

pytestmark = pytest.mark.django_db
LIST = reverse("public:commitment-list")


def codes(response) -> list[str]:
    return [row.record.code for row in response.context["table"].paginated_rows]


def test_a_keyword_finds_a_commitment_by_its_title_or_its_quote(client, make_commitment):
    parking = make_commitment(title="新增停车位", quote="推行“全市一个停车场”，新增2000个停车位")
    shrimp = make_commitment(title="小龙虾交易量", quote="小龙虾交易量突破28万吨")

    assert codes(client.get(LIST, {"q": "停车位"})) == [parking.code]
    assert codes(client.get(LIST, {"q": "28万吨"})) == [shrimp.code]


def test_each_row_links_to_the_commitment_and_its_lead_department(client, work_report, make_commitment, dept_a):
    c = make_commitment(title="新增停车位")

    text = client.get(LIST).text

    assert f'<a href="/commitments/{c.code}/?report={work_report.pk}">新增停车位</a>' in text
    assert f'<a href="/departments/{dept_a.slug}/">{dept_a}</a>' in text


def test_every_word_of_a_keyword_must_match(client, make_commitment):
    make_commitment(title="新增停车位", quote="新增2000个停车位")
    both = make_commitment(title="停车场改造", quote="老旧小区停车场改造")

    assert codes(client.get(LIST, {"q": "停车　改造"})) == [both.code]  # a full-width space separates too


def test_it_filters_by_status_kind_and_lead_department(client, make_commitment, approve, dept_b):
    done = make_commitment()
    approve(done, value="103")
    milestone = make_commitment(kind="milestone", target_value=None, lead_department=dept_b)

    assert codes(client.get(LIST, {"status": "completed"})) == [done.code]
    assert codes(client.get(LIST, {"kind": "milestone"})) == [milestone.code]
    assert codes(client.get(LIST, {"department": dept_b.slug})) == [milestone.code]


def test_a_section_filter_includes_its_sub_sections(client, work_report, section, make_commitment):
    child = Section.objects.create(work_report=work_report, parent=section, key="2.1", heading="精致之城", level=2)
    grandchild = Section.objects.create(work_report=work_report, parent=child, key="2.1.1", heading="老旧小区", level=3)
    deep = make_commitment(section=grandchild)
    make_commitment(section=section)

    assert codes(client.get(LIST, {"section": child.pk})) == [deep.code]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "finished"},
        {"kind": "secret"},
        {"department": "no-such-dept"},
        {"section": "99999"},
        {"supporter": "no-such-dept"},
    ],
)
def test_an_invalid_filter_shows_a_chinese_message_and_no_rows(client, make_commitment, params):
    make_commitment()

    response = client.get(LIST, params)

    assert response.status_code == 200
    assert codes(response) == []
    assert "选择一个有效的选项" in response.text


def test_a_too_long_keyword_is_refused_with_a_message(client, make_commitment):
    make_commitment()

    response = client.get(LIST, {"q": "长" * 51})

    assert codes(response) == [] and "不超过 50 字符" in response.text


def test_it_sorts_by_progress(client, make_commitment, approve):
    slow, fast = make_commitment(), make_commitment()
    approve(slow, value="10")
    approve(fast, value="90")

    assert codes(client.get(LIST, {"sort": "-progress_percent"}))[:2] == [fast.code, slow.code]
    assert codes(client.get(LIST, {"sort": "progress_percent"}))[-2:] == [slow.code, fast.code]


def test_it_sorts_by_status_in_the_order_the_home_page_counts_them(client, make_commitment, approve, recompute):
    late = make_commitment(due_date=date(2024, 3, 31))
    recompute(late)
    done = make_commitment()
    approve(done, value="103")

    assert codes(client.get(LIST, {"sort": "status"})) == [done.code, late.code]


def test_it_pages_fifty_rows_at_a_time(client, make_commitment):
    for _ in range(51):
        make_commitment()

    first, second = client.get(LIST), client.get(LIST, {"page": 2})

    assert len(codes(first)) == 50 and len(codes(second)) == 1
    assert "共 51 项" in first.text


def test_it_lists_the_latest_public_report_unless_asked(client, work_report, make_commitment, second_report):
    later, later_section = second_report
    old = make_commitment()
    new = make_commitment(work_report=later, section=later_section, code="2025-1")

    assert codes(client.get(LIST)) == [new.code]
    assert codes(client.get(LIST, {"report": work_report.pk})) == [old.code]
    assert sorted(codes(client.get(LIST, {"report": "all"}))) == sorted([old.code, new.code])


def test_download_links_carry_the_filters(client, work_report, make_commitment):
    make_commitment()

    response = client.get(LIST, {"q": "小区", "status": "not_started", "page": 1})

    link = response.context["query"]
    assert "q=%E5%B0%8F%E5%8C%BA" in link and "status=not_started" in link and f"report={work_report.pk}" in link
    assert "page" not in link


def test_the_rates_follow_the_filters(client, make_commitment, approve):
    done = make_commitment(title="停车位")
    approve(done, value="103")
    make_commitment(title="口袋公园")

    tally = client.get(LIST, {"q": "停车位"}).context["tally"]

    assert (tally.total, tally.completed) == (1, 1)


def test_a_commitment_that_is_not_public_is_not_listed(client, make_commitment):
    make_commitment(title="公开的任务")
    make_commitment(title="内部的任务", is_public=False)

    response = client.get(LIST, {"report": "all"})

    assert "公开的任务" in response.text and "内部的任务" not in response.text
    assert Commitment.objects.count() == 2


def test_the_supporter_filter_lists_the_public_commitments_a_department_supports(
    client, make_commitment, second_report, dept_a, dept_b
):
    later, later_section = second_report
    old = make_commitment(title="二四年配合")
    new = make_commitment(title="二五年配合", work_report=later, section=later_section, code="2025-1")
    hidden = make_commitment(title="内部配合", is_public=False)
    make_commitment(title="别家配合").supporting_departments.add(dept_a)
    for c in (old, new, hidden):
        c.supporting_departments.add(dept_b)

    everywhere = client.get(LIST, {"report": "all", "supporter": dept_b.slug})
    one_report = client.get(LIST, {"supporter": dept_b.slug})  # the latest report, as the list defaults to

    assert sorted(codes(everywhere)) == sorted([old.code, new.code])
    assert codes(one_report) == [new.code]
    assert "内部配合" not in everywhere.text and "别家配合" not in everywhere.text
    # The form says what the list is filtered by, so the citizen can see it and clear it.
    assert f'<option value="{dept_b.slug}" selected>{dept_b}</option>' in everywhere.text


def test_a_department_supporting_only_hidden_work_is_neither_listed_nor_named(client, make_commitment):
    hidden_dept = Department.objects.create(name="只配合内部任务的单位", slug="hidden-helper")
    make_commitment(is_public=False).supporting_departments.add(hidden_dept)
    make_commitment()

    response = client.get(LIST, {"report": "all", "supporter": hidden_dept.slug})

    assert codes(response) == [] and "选择一个有效的选项" in response.text
    assert "只配合内部任务的单位" not in response.text


def test_the_code_filter_finds_the_same_task_in_every_public_report(client, make_commitment, second_report):
    later, later_section = second_report
    hidden = WorkReport.objects.create(year=2026, issuer="隐藏县人民政府", title="隐藏报告", is_public=False)
    hidden_section = Section.objects.create(work_report=hidden, key="2", heading="重点工作")
    old = make_commitment(code="2024-2-1-05")
    new = make_commitment(code="2024-2-1-05", work_report=later, section=later_section)
    make_commitment(code="2024-2-1-050", title="编号以它开头")  # exact, not a prefix or a keyword
    make_commitment(code="2024-2-1-06", quote="见2024-2-1-05")
    make_commitment(code="2024-2-1-05", work_report=hidden, section=hidden_section)

    response = client.get(LIST, {"report": "all", "code": "2024-2-1-05"})

    assert sorted(codes(response)) == sorted([old.code, new.code]) and response.context["tally"].total == 2
    assert {row.record.work_report_id for row in response.context["table"].paginated_rows} == {
        old.work_report_id,
        later.pk,
    }


def test_the_supporter_and_code_fields_are_offered_only_when_a_link_sets_them(client, make_commitment, dept_b):
    make_commitment().supporting_departments.add(dept_b)

    plain = client.get(LIST).text
    linked = client.get(LIST, {"supporter": dept_b.slug, "code": "2024-1"}).text

    assert 'name="supporter"' not in plain and 'name="code"' not in plain
    assert 'name="supporter"' in linked and 'name="code"' in linked


def test_download_links_carry_the_supporter_and_code(client, make_commitment, dept_b):
    make_commitment().supporting_departments.add(dept_b)

    response = client.get(LIST, {"supporter": dept_b.slug, "code": "2024-1"})

    assert f"supporter={dept_b.slug}" in response.context["query"] and "code=2024-1" in response.context["query"]
    assert f"supporter={dept_b.slug}" in response.context["api_query"]
