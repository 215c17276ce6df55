"""The page of one commitment: wording, figures, status in words, milestones, approved reports, changes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments import amendments
from commitments.models import Milestone, ProgressReport
from commitments.public import selectors

pytestmark = pytest.mark.django_db


def page(client, commitment, **params):
    return client.get(reverse("public:commitment-detail", args=[commitment.code]), params)


def test_it_shows_the_verbatim_quote_and_its_section_path(client, make_commitment, section):
    c = make_commitment(quote="实施103个老旧小区改造，4个完整社区建设")

    response = page(client, c)

    assert "实施103个老旧小区改造，4个完整社区建设" in response.text
    assert [s.pk for s in response.context["page"].path] == [section.pk]


def test_it_names_the_lead_and_supporting_departments(client, make_commitment, dept_a, dept_b):
    c = make_commitment(lead_department=dept_a)
    c.supporting_departments.add(dept_b)

    response = page(client, c)

    assert dept_a.name in response.text and dept_b.name in response.text


def test_it_shows_target_baseline_and_current_value_with_units(client, make_commitment, approve):
    c = make_commitment(
        kind="level", comparator=">", target_value=Decimal(28), baseline_value=Decimal("23.7"), unit="万吨"
    )
    approve(c, value="26.4")

    response = page(client, c)

    assert "超过 28 万吨" in response.text and "23.7 万吨" in response.text and "26.4 万吨" in response.text


def test_it_states_a_lagging_status_in_points_behind(client, make_commitment, approve):
    c = make_commitment()
    approve(c, value="10")  # 9.7 % done in mid-July, 7/12 of the year gone

    response = page(client, c)

    assert c.status == "lagging" and c.status_reason == "落后计划进度 49 个百分点"
    assert "落后计划进度 49 个百分点" in response.text


def test_it_states_an_overdue_milestone_in_days(client, make_commitment, recompute):
    c = make_commitment(kind="milestone", target_value=None)
    Milestone.objects.create(commitment=c, title="主体完工", due_date=date(2024, 6, 30))
    recompute(c)

    response = page(client, c)

    assert "节点“主体完工”已逾期 15 天" in response.text
    assert "未完成，已逾期" in response.text


def test_a_milestone_whose_interim_target_an_approved_figure_reached_is_done(client, make_commitment, approve):
    c = make_commitment()
    Milestone.objects.create(commitment=c, title="上半年完成40个", due_date=date(2024, 6, 30), target_value=40)
    approve(c, month=5, value="45", day=date(2024, 5, 20))

    response = page(client, c)

    [row] = response.context["page"].milestones
    assert row.done_on == date(2024, 5, 20) and not row.late
    assert "未完成，已逾期" not in response.text


def test_achievement_over_the_target_shows(client, make_commitment, approve):
    c = make_commitment(target_value=Decimal(100))
    approve(c, value="131")

    response = page(client, c)

    assert "目标达成 131%" in response.text and "100%" in response.text


def test_it_shows_approved_reports_only(client, make_commitment, approve, make_progress_report):
    c = make_commitment()
    approve(c, narrative="六月完成50个")
    make_progress_report(c, narrative="草稿不应公开", state=ProgressReport.State.DRAFT)
    make_progress_report(c, narrative="退回的填报", state=ProgressReport.State.RETURNED, review_note="数据有误请核实")

    response = page(client, c)

    assert "六月完成50个" in response.text
    for hidden in ("草稿不应公开", "退回的填报", "数据有误请核实"):
        assert hidden not in response.text


def test_it_marks_figures_verified_on_site(client, make_commitment, approve):
    c = make_commitment()
    approve(c, verified=True)

    assert "督查核实" in page(client, c).text


def test_it_links_public_evidence_and_hides_the_rest(client, make_commitment, approve, attach):
    c = make_commitment()
    report = approve(c)
    shown = attach(report, name="施工照片.png")
    attach(report, name="内部台账.png", public=False)

    response = page(client, c)

    assert "施工照片.png" in response.text and "内部台账.png" not in response.text
    assert reverse("public:evidence-download", args=[shown.pk]) in response.text


def test_it_shows_investment_against_plan_as_a_second_bar(client, make_commitment, approve):
    c = make_commitment(kind="milestone", target_value=None, planned_investment=Decimal(126))
    approve(c, value=None, investment_completed=Decimal(63))

    response = page(client, c)

    assert response.context["page"].investment_percent == Decimal("50.0")
    assert "已完成 63 亿元 / 年度计划 126 亿元" in response.text


def test_the_chart_has_a_title_and_the_figures_in_words(client, make_commitment, approve):
    c = make_commitment()
    approve(c, month=6, value="51.5")

    text = page(client, c).text

    assert '<svg class="chart" role="img" aria-labelledby="trajectory-title trajectory-desc"' in text
    assert "2024年6月 50%" in text  # 51.5 of 103 in June, in the chart's description


def test_every_change_to_the_target_is_public_with_its_reason(client, make_commitment, admin_user):
    c = make_commitment()
    amendments.change_target(c, by=admin_user, reason="市政府常务会议调整任务量", target_value=Decimal(110))

    response = page(client, c)

    changes = response.context["page"].changes
    assert [(label, old, new) for label, old, new in changes[0].fields] == [("目标值", "103", "110")]
    assert "市政府常务会议调整任务量" in response.text
    assert admin_user.username not in response.text


def test_an_adjusted_commitment_shows_its_reason(client, make_commitment, admin_user):
    c = make_commitment()
    amendments.set_terminal(c, state="adjusted", by=admin_user, reason="并入城市更新项目统一实施")

    response = page(client, c)

    assert "本任务已调整" in response.text and "并入城市更新项目统一实施" in response.text


def test_a_code_shared_by_two_reports_shows_the_latest_and_links_the_other(
    client, work_report, make_commitment, second_report
):
    later, later_section = second_report
    old = make_commitment(code="X-01", title="旧年任务")
    new = make_commitment(code="X-01", title="新年任务", work_report=later, section=later_section)

    latest = page(client, new)
    chosen = page(client, old, report=work_report.pk)

    assert latest.context["c"] == new and "旧年任务" in latest.text
    assert chosen.context["c"] == old


def test_other_reports_with_the_code_are_capped_newest_first_with_their_number(
    client, make_commitment, bulk_commitments, many_reports
):
    c = make_commitment(code="X-01")  # 2024: newer than every other report
    shown = selectors.NAMESAKES_SHOWN
    others = many_reports(shown + 2)  # 2010 … 2021
    for r, s in others:
        bulk_commitments(1, prefix="X", work_report=r, section=s, code="X-01", title=f"{r.year}年同编号任务")
    # Not public either way: neither listed nor counted.
    [(hidden_report, hidden_section)] = many_reports(1, first=2022, is_public=False)
    bulk_commitments(1, work_report=hidden_report, section=hidden_section, code="X-01", title="隐藏报告任务")
    [(report_2023, section_2023)] = many_reports(1, first=2023)
    bulk_commitments(1, work_report=report_2023, section=section_2023, code="X-01", title="内部任务", is_public=False)

    response = page(client, c)

    namesakes = response.context["page"].namesakes
    assert [n.work_report.year for n in namesakes.rows] == list(range(2021, 2021 - shown, -1))
    assert namesakes.total == shown + 2
    assert "共 13 份报告含此编号" in response.text and "（最新的 10 份报告）" in response.text
    assert "2011年同编号任务" not in response.text
    assert "隐藏报告任务" not in response.text and "内部任务" not in response.text


def test_the_link_to_every_report_with_the_code_lists_exactly_the_public_ones(
    client, make_commitment, bulk_commitments, many_reports
):
    c = make_commitment(code="X-01")
    for r, s in many_reports(12):
        bulk_commitments(1, work_report=r, section=s, code="X-01")
    [(hidden_report, hidden_section)] = many_reports(1, first=2022, is_public=False)
    bulk_commitments(1, work_report=hidden_report, section=hidden_section, code="X-01")
    bulk_commitments(1, work_report=c.work_report, section=c.section, code="X-010")  # a longer code is another task

    response = page(client, c)
    url = reverse("public:commitment-list") + "?report=all&code=X-01"
    assert f'<a href="{url.replace("&", "&amp;")}">在任务清单中查看全部 13 项</a>' in response.text

    listed = client.get(url)

    rows = list(listed.context["table"].paginated_rows)
    assert {row.record.code for row in rows} == {"X-01"} and len(rows) == 13
    assert hidden_report.pk not in {row.record.work_report_id for row in rows}


def test_a_code_in_one_report_only_mentions_no_other_report(client, make_commitment):
    response = page(client, make_commitment())

    assert response.context["page"].namesakes.total == 0 and "份报告含此编号" not in response.text


@pytest.mark.parametrize("report_value", ["abc", "999999"])
def test_a_bad_report_parameter_is_not_found(client, make_commitment, report_value):
    c = make_commitment()

    assert page(client, c, report=report_value).status_code == 404


def test_an_unknown_code_is_not_found(client, db):
    assert client.get(reverse("public:commitment-detail", args=["2024-9-9-99"])).status_code == 404


def test_a_commitment_that_is_not_public_is_not_found(client, make_commitment):
    c = make_commitment(is_public=False)

    assert page(client, c).status_code == 404


def test_a_commitment_of_a_report_that_is_not_public_is_not_found(client, make_commitment, work_report):
    c = make_commitment()
    work_report.is_public = False
    work_report.save()

    assert page(client, c).status_code == 404
