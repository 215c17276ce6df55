"""The public site in a real browser: figures equal the database, filters work, the CSV downloads,
and axe-core finds no serious or critical accessibility violation on any page."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from commitments import figures
from commitments.models import Commitment, Department, Milestone, ProgressReport, Section, WorkReport
from commitments.templatetags.tracker_format import percent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(db):
    """A small report: six public commitments of two departments, approved figures, one hidden task."""
    report = WorkReport.objects.create(year=2024, issuer="浏览器市人民政府", title="2024年浏览器市政府工作报告")
    root = Section.objects.create(work_report=report, key="2", number="二、", heading="2024年重点工作", level=1)
    city_section = Section.objects.create(work_report=report, parent=root, key="2.1", heading="精致之城建设", level=2)
    housing = Department.objects.create(name="市住房和城乡建设局", short_name="住建局", slug="zjj")
    urban = Department.objects.create(name="市城市管理执法局", short_name="城管局", slug="cgj")
    specs = [
        ("老旧小区改造", "实施103个老旧小区改造", 103, "个", "103", housing),
        ("新增停车位", "推行“全市一个停车场”，新增2000个停车位", 2000, "个", "1500", urban),
        ("更新窨井盖", "更新窨井盖5000个", 5000, "个", "900", urban),
        ("口袋公园", "新建25个“口袋公园”", 25, "个", None, housing),
        ("背街小巷亮化", "实现背街小巷亮化90%以上", 90, "%", "88", urban),
        ("易涝点改造", "红梅路、泰丰路等9处易涝点改造", 9, "处", "9", housing),
    ]
    made = []
    for i, (title, quote, target, unit, value, lead) in enumerate(specs, start=1):
        c = Commitment.objects.create(
            work_report=report,
            section=city_section,
            code=f"2024-2-1-{i:02d}",
            position=i,
            title=title,
            quote=quote,
            lead_department=lead,
            kind="ratio" if unit == "%" else "count",
            target_value=Decimal(target),
            unit=unit,
            start_date=date(2024, 1, 1),
            due_date=date(2024, 12, 31),
            is_public=True,
        )
        Milestone.objects.create(commitment=c, title="开工", due_date=date(2024, 4, 30))
        if value is not None:
            ProgressReport.objects.create(
                commitment=c,
                period=date(2024, 11, 1),
                value=Decimal(value),
                narrative=f"{title}进展顺利",
                state=ProgressReport.State.APPROVED,
                submitted_at=timezone.now(),
                reviewed_at=timezone.now(),
            )
        made.append(c)
    hidden = Commitment.objects.create(
        work_report=report,
        section=city_section,
        code="2024-2-1-99",
        title="内部任务不公开",
        quote="内部",
        kind="count",
        target_value=1,
        start_date=date(2024, 1, 1),
        due_date=date(2024, 12, 31),
        is_public=False,
    )
    for c in [*made, hidden]:
        figures.recompute(c, today=timezone.localdate())
    return report, made


def figures_of(work_report) -> tuple[int, int]:
    public = Commitment.objects.public().filter(work_report=work_report)
    return public.filter(status="completed").count(), public.count()


def test_the_home_page_shows_the_figures_of_the_database(page, city):
    report, _ = city
    completed, total = figures_of(report)

    page.goto(page.base + "/")

    card = page.locator("section.figure-card").first
    assert card.locator(".big").inner_text().startswith(percent(Decimal(completed * 100) / total))
    assert f"已完成 {completed} / 共 {total} 项" in card.inner_text()
    for status in Commitment.Status:
        count = Commitment.objects.public().filter(work_report=report, status=status).count()
        assert page.get_by_role("link", name=f"{status.label} {count} 项").count() == 1
    assert "内部任务不公开" not in page.content()


def test_a_commitment_page_shows_its_stored_figures(page, city):
    _, made = city
    c = Commitment.objects.get(pk=made[1].pk)

    page.goto(page.base + f"/commitments/{c.code}/")

    assert page.get_by_role("heading", level=1).inner_text() == c.title
    facts = page.locator("dl.facts").inner_text()
    assert f"{percent(c.progress_percent)}" in facts and "1500 个" in facts
    assert c.get_status_display() in page.locator(".lead .status").inner_text()
    assert page.locator("svg.chart title").text_content() == "实际进度与计划进度对比"


def test_a_keyword_finds_a_commitment_in_two_clicks_from_home(page, city):
    page.goto(page.base + "/")

    page.get_by_role("searchbox", name="查找任务").fill("停车位")
    page.get_by_role("button", name="搜索").click()  # first click
    page.get_by_role("link", name="新增停车位").click()  # second click

    assert page.url.endswith("/commitments/2024-2-1-02/?report=" + str(city[0].pk))


def test_the_filters_narrow_the_table_by_keyword_and_status(page, city):
    page.goto(page.base + "/commitments/")

    page.get_by_label("关键词", exact=True).fill("改造")
    page.get_by_label("状态", exact=True).select_option(label="已完成")
    page.get_by_role("button", name="筛选").click()

    expected = set(
        Commitment.objects.public().filter(status="completed", title__contains="改造").values_list("code", flat=True)
    )
    shown = set(page.locator("table.data-table tbody tr td:first-child").all_inner_texts())
    assert shown == expected and expected


def test_the_csv_download_holds_the_filtered_rows(page, city):
    page.goto(page.base + "/commitments/?q=%E6%94%B9%E9%80%A0")  # 改造

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(info.value.path().read_bytes().decode("utf-8-sig"))))

    assert sorted(r[2] for r in rows[1:]) == sorted(
        Commitment.objects.public().filter(title__contains="改造").values_list("code", flat=True)
    )
    progress = rows[0].index("进度(%)")
    stored = {c.code: c.progress_percent for c in Commitment.objects.public()}
    assert all(Decimal(r[progress]) == stored[r[2]] for r in rows[1:])


def test_the_keyboard_reaches_the_skip_link_first_and_it_shows_focus(page, city):
    page.goto(page.base + "/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    page.keyboard.press("Enter")

    assert focused == "跳到正文" and outline != "none"
    assert page.evaluate("document.activeElement.id") == "main"


PAGES = [
    "/",
    "/commitments/",
    "/commitments/?status=bogus",
    "/commitments/2024-2-1-02/",
    "/departments/",
    "/departments/zjj/",
    "/data/",
]


def test_no_page_has_a_serious_or_critical_accessibility_violation(axe_page, city):
    report, _ = city
    found = {}
    for path in [*PAGES, f"/reports/{report.pk}/sections/2.1/"]:
        axe_page.goto(axe_page.base + path)
        result = axe_page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in bad]

    assert found == {}
