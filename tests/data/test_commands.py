"""setup_tracker and load_demo: the 2024 data loaded once and never over an administrator's edits; demo on request."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError

from accounts.roles import REPORTERS, SUPERVISORS
from commitments.models import Commitment, Department, Milestone, ProgressReport, WorkReport
from tests.data.conftest import TODAY


def test_it_creates_the_roles_and_loads_the_2024_report(db, run):
    run("setup_tracker", "--date", TODAY.isoformat())
    assert set(Group.objects.values_list("name", flat=True)) >= {SUPERVISORS, REPORTERS}
    report = WorkReport.objects.get(issuer="潜江市人民政府", year=2024)
    assert report.commitments.count() == 58 and report.sections.count() == 9
    assert Department.objects.count() >= 20


def test_it_recomputes_every_commitment_as_of_the_given_day(db, run):
    run("setup_tracker", "--date", TODAY.isoformat())
    # Nothing is reported and every 2024 due date has passed: the derived status says so.
    assert set(Commitment.objects.values_list("status", flat=True)) == {"overdue"}
    assert set(Commitment.objects.values_list("status_since", flat=True)) == {TODAY}
    assert set(Commitment.objects.values_list("expected_pace_percent", flat=True)) == {100}


def test_it_prints_a_one_line_summary(db, run):
    out = run("setup_tracker", "--date", TODAY.isoformat())
    assert out.count("\n") == 1
    assert "已载入《2024年潜江市政府工作报告》" in out and "58 项任务" in out and "逾期 58" in out


def test_a_rerun_loads_nothing_and_keeps_an_administrators_edits(db, run):
    run("setup_tracker", "--date", TODAY.isoformat())
    c = Commitment.objects.get(code="2024-2-1-08")
    c.title, c.lead_department = "老旧小区改造（市政府分工）", Department.objects.get(slug="ylxd")
    c.save()
    Department.objects.filter(slug="zjj").update(name="潜江市住房和城乡建设局")
    Milestone.objects.filter(commitment=c).first().delete()
    counts = [Department.objects.count(), Commitment.objects.count(), Milestone.objects.count()]

    out = run("setup_tracker", "--date", TODAY.isoformat())

    c.refresh_from_db()
    assert (c.title, c.lead_department.slug) == ("老旧小区改造（市政府分工）", "ylxd")
    assert Department.objects.get(slug="zjj").name == "潜江市住房和城乡建设局"
    assert [Department.objects.count(), Commitment.objects.count(), Milestone.objects.count()] == counts
    assert "已存在，未覆盖" in out


def test_production_set_up_loads_no_demo_accounts_or_progress(db, run):
    run("setup_tracker", "--date", TODAY.isoformat())
    assert not get_user_model().objects.exists()
    assert not ProgressReport.objects.exists()


def test_a_clash_with_existing_data_is_refused_in_chinese_and_writes_nothing(db, run):
    # An administrator created 发改委 by hand under another slug: the fixture's unique name clashes.
    Department.objects.create(name="市发展和改革委员会", slug="fazhangaige")
    with pytest.raises(CommandError, match="载入2024年潜江市政府工作报告失败，未写入任何数据"):
        run("setup_tracker")
    assert not WorkReport.objects.exists()
    assert list(Department.objects.values_list("slug", flat=True)) == ["fazhangaige"]


def test_a_malformed_date_is_refused_in_chinese(db, run):
    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        run("setup_tracker", "--date", "2026-13-01")
    assert not WorkReport.objects.exists()


def test_with_demo_it_prints_the_logins_and_covers_every_status(demo_site):
    for username, password, role in [
        ("demo-admin", "Tracker#Admin-2024", "管理员"),
        ("demo-duchashi", "Duban#Review-2024", "督查室"),
        ("demo-zjj", "Zhujian#Report-2024", "部门填报员（住建局）"),
    ]:
        line = next(line for line in demo_site.splitlines() if line.strip().startswith(username + " "))
        assert password in line and role in line
    assert demo_site.splitlines()[-1].startswith("setup_tracker：")
    assert set(Commitment.objects.values_list("status", flat=True)) == set(Commitment.Status.values)


def test_with_demo_a_rerun_adds_nothing(demo_site, run):
    counts = [get_user_model().objects.count(), ProgressReport.objects.count(), Commitment.objects.count()]
    out = run("setup_tracker", "--demo", "--date", TODAY.isoformat())
    assert [get_user_model().objects.count(), ProgressReport.objects.count(), Commitment.objects.count()] == counts
    assert "演示数据已存在，未重复载入" in out


def test_load_demo_without_the_report_is_refused_in_chinese(db, run):
    with pytest.raises(CommandError, match=r"请先运行 manage\.py setup_tracker"):
        run("load_demo")
    assert not get_user_model().objects.exists()


def test_load_demo_refuses_when_a_demo_task_was_removed_and_writes_nothing(db, run, media):
    run("setup_tracker", "--date", TODAY.isoformat())
    Commitment.objects.get(code="2024-2-1-48").delete()  # an administrator removed the 氢能 task
    with pytest.raises(CommandError, match="演示数据需要的任务不存在：2024-2-1-48"):
        run("load_demo")
    assert not get_user_model().objects.exists()
    assert not ProgressReport.objects.exists()


def test_demo_data_is_refused_where_demo_is_not_allowed(db, run, settings):
    settings.TRACKER_ALLOW_DEMO = False
    run("setup_tracker", "--date", TODAY.isoformat())
    with pytest.raises(CommandError, match="生产环境不载入演示数据"):
        run("load_demo")
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()
