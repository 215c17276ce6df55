"""manage.py import_report: writes once, reruns change nothing, the dry run prints the agreed JSONL, bad input
gets one "错误:" line, exit code 1 and no rows."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commitments.management.commands.import_report import Command
from commitments.models import Commitment, WorkReport
from tests.importers.conftest import BAD_INPUT, QIANJIANG

KEYS = ["quote", "subject", "value", "unit", "comparator", "kind", "baseline", "section"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def small_file(tmp_path, small_text):
    path = tmp_path / "report.txt"
    path.write_text(small_text, encoding="utf-8")
    return str(path)


def test_it_imports_the_report_and_prints_a_summary(db, small_file):
    out = run(small_file, "--year", "2025", "--issuer", "某某市人民政府")

    assert out.startswith("已导入《2025年某某市政府工作报告》：4 个章节、6 项任务")
    assert Commitment.objects.filter(work_report__issuer="某某市人民政府", is_public=False).count() == 6


def test_a_second_import_of_the_same_file_changes_nothing(db, small_file, row_counts):
    run(small_file, "--year", "2025", "--issuer", "某某市人民政府")
    before = row_counts()

    out = run(small_file, "--year", "2025", "--issuer", "某某市人民政府")

    assert "原文未变，未做任何修改" in out
    assert row_counts() == before


def test_replace_drafts_lets_another_text_update_the_drafts(db, small_file, tmp_path):
    run(small_file, "--year", "2025", "--issuer", "某某市人民政府")
    changed = tmp_path / "changed.txt"
    changed.write_text(Path(small_file).read_text(encoding="utf-8").replace("1000个", "1200个"), encoding="utf-8")

    out = run(str(changed), "--year", "2025", "--issuer", "某某市人民政府", "--replace-drafts")

    assert out.startswith("已用新原文更新《2025年某某市政府工作报告》的草稿：新建 0 项、更新 1 项、删除 0 项草稿")
    assert Commitment.objects.get(code="2025-2-1-01").target_value == 1200


def test_the_title_option_names_the_report(db, small_file):
    run(small_file, "--year", "2025", "--issuer", "某某市人民政府", "--title", "某某市2025年政府工作报告（草案）")

    assert WorkReport.objects.get().title == "某某市2025年政府工作报告（草案）"


def test_the_dry_run_prints_what_would_be_written_and_writes_nothing(db, small_file, row_counts):
    before = row_counts()

    out = run(small_file, "--year", "2025", "--issuer", "某某市人民政府", "--dry-run")

    assert out.startswith("试运行，未写入：《2025年某某市政府工作报告》2025年，4 个章节、6 项任务")
    assert row_counts() == before


def test_the_dry_run_jsonl_of_the_2024_report_has_the_agreed_keys_and_types(db, row_counts):
    before = row_counts()

    lines = run(str(QIANJIANG), "--year", "2024", "--dry-run", "--format", "jsonl").splitlines()

    assert len(lines) == 21
    for line in lines:
        row = json.loads(line)
        assert list(row) == KEYS
        assert all(isinstance(row[k], str) and row[k] for k in ("quote", "subject", "unit"))
        assert type(row["value"]) in (int, float)
        assert row["baseline"] is None or type(row["baseline"]) in (int, float)
        assert row["comparator"] in (">=", ">", "<=", "=")
        assert row["kind"] in ("count", "level", "growth", "ratio")
        assert isinstance(row["section"], list) and all(isinstance(h, str) for h in row["section"])
    assert json.loads(lines[0])["baseline"] == 904.92
    assert row_counts() == before


@pytest.mark.parametrize("case", list(BAD_INPUT))
def test_bad_input_gets_one_clear_message_and_nothing_is_written(case, db, tmp_path, row_counts):
    data, message = BAD_INPUT[case]
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    before = row_counts()

    with pytest.raises(CommandError, match=message) as raised:
        run(str(path), "--year", "2024", "--issuer", "某某市人民政府")

    assert "\n" not in str(raised.value)
    assert row_counts() == before


def test_a_missing_file_is_named_in_the_message(db, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        run(str(tmp_path / "nothing.txt"), "--year", "2024", "--issuer", "某某市人民政府")


def test_a_write_without_an_issuer_is_refused(db, small_file, row_counts):
    before = row_counts()

    with pytest.raises(CommandError, match="请填写发布机关"):
        run(small_file, "--year", "2025")

    assert row_counts() == before


def test_on_the_command_line_the_error_is_one_line_starting_with_错误_and_the_exit_code_is_1(tmp_path, capsys):
    # run_from_argv is what manage.py calls: it prints the error and exits. An empty file fails before any
    # database access, so this test needs none (run_from_argv closes the connections when it ends).
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_report", str(empty), "--year", "2024", "--issuer", "某市"])

    assert exited.value.code == 1
    assert capsys.readouterr().err == "错误: 文件是空的，没有可导入的内容。\n"


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    # `import_report … --format jsonl | head -1`: the reader closes the pipe after the first line.
    import os
    import subprocess
    import sys

    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    env.pop("REDIS_URL", None)
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    command = [sys.executable, str(manage), "import_report", str(QIANJIANG), "--year", "2024", "--dry-run"]
    with subprocess.Popen(
        [*command, "--format", "jsonl"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        first = process.stdout.readline()
        process.stdout.close()
        errors = process.stderr.read()
        returncode = process.wait(timeout=120)

    assert returncode == 0, errors
    assert "Traceback" not in errors and "BrokenPipeError" not in errors
    assert json.loads(first)["quote"]


def test_a_text_cut_short_before_any_task_exits_1_with_a_message_naming_the_year(tmp_path, capsys):
    # The first lines of a report: the review and this year's heading, then the page stops mid-sentence.
    cut = tmp_path / "cut.txt"
    cut.write_text(
        "2031年某市政府工作报告\n各位代表：\n一、2030年工作回顾\n全市地区生产总值增长5%。\n二、2031年重点工作\n今年要",
        encoding="utf-8",
    )

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_report", str(cut), "--year", "2031", "--dry-run"])

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith("错误: 文本在") and "中途截断，2031年工作部分没有识别出任何任务，未导入" in err


def test_a_text_without_its_work_part_exits_1_naming_the_year_given(tmp_path, capsys):
    review = tmp_path / "review.txt"
    review.write_text("某市政府工作报告\n各位代表：\n一、2030年工作回顾\n全市地区生产总值增长5%。\n", encoding="utf-8")

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_report", str(review), "--year", "2031", "--dry-run"])

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "没有找到今年工作部分（2031年）" in err and "2024" not in err
