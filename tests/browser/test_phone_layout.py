"""The public rate tables on a phone (390 px): every figure readable without sideways scrolling, and the
row headings (section and department names) not squeezed to a character per line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from commitments import figures
from commitments.models import Commitment, Department, ProgressReport, Section, WorkReport
from tests.browser.conftest import TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def long_names(db):
    """Section headings and department names as long as the 2024 report's, three section levels deep."""
    report = WorkReport.objects.create(year=2024, issuer="手机市人民政府", title="2024年手机市政府工作报告")
    root = Section.objects.create(work_report=report, key="2", number="二、", heading="2024年重点工作", level=1)
    part = Section.objects.create(
        work_report=report, parent=root, key="2.1", number="(一)", level=2,
        heading="着力落实“双集中”,实现“一城三基地”新突破",
    )  # fmt: skip
    theme = Section.objects.create(
        work_report=report, parent=part, key="2.1.1", heading="大力推进能源储备利用", level=3
    )
    departments = [
        Department.objects.create(name="市自然资源和规划局", short_name="自然资源和规划局", slug="zrzy"),
        Department.objects.create(name="市农业科技示范园管理委员会", short_name="农业科技示范园", slug="nykj"),
    ]
    for i, lead in enumerate(departments * 2, start=1):
        c = Commitment.objects.create(
            work_report=report, section=theme, code=f"2024-2-1-{i:02d}", position=i, title=f"任务{i}", quote=f"任务{i}",
            lead_department=lead, kind="count", target_value=Decimal(10), unit="个",
            start_date=date(2024, 1, 1), due_date=date(2024, 12, 31), is_public=True,
        )  # fmt: skip
        ProgressReport.objects.create(
            commitment=c, period=date(2024, 11, 1), value=Decimal(i * 3), narrative="进展",
            state=ProgressReport.State.APPROVED, submitted_at=timezone.now(), reviewed_at=timezone.now(),
        )  # fmt: skip
        figures.recompute(c, today=timezone.localdate())
    return report


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.base = live_server.url
    yield page
    context.close()


def squeezed_tables(page) -> list[str]:
    """Tables in a sideways scroller that overflow it, or whose row headings are narrower than four characters."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.table-scroll')].flatMap(box => {
            const table = box.querySelector('table');
            const caption = table.caption ? table.caption.textContent.trim().slice(0, 12) : '?';
            const em = parseFloat(getComputedStyle(table).fontSize);
            const problems = [];
            if (box.scrollWidth > box.clientWidth + 1) {
                problems.push(`${caption}: ${box.scrollWidth}px > ${box.clientWidth}px`);
            }
            for (const th of table.querySelectorAll('tbody th')) {
                const width = th.getBoundingClientRect().width;
                if (width < 4 * em) problems.push(`${caption}: “${th.textContent.trim()}” ${width}px wide`);
            }
            return problems;
        })"""
    )


@pytest.mark.parametrize("path", ["/", "/departments/"])
def test_the_rate_tables_fit_a_phone_with_every_figure_in_view(phone, long_names, path):
    phone.goto(phone.base + path)

    assert phone.locator(".table-scroll").count() >= 1
    assert squeezed_tables(phone) == []
    # The figures stay written out: the bars are only illustrations.
    assert phone.locator(".table-scroll td .bar-text").first.is_visible()
