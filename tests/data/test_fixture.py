"""The 2024 Qianjiang fixture: loads cleanly and idempotently, quotes are verbatim, every key task is there."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command

from commitments.figures import DERIVED_FIELDS
from commitments.models import Commitment, Department, Milestone, Section, WorkReport
from tests.data.conftest import DEPARTMENTS_JSON, FIXTURES, REPORT_JSON

ISSUER = "潜江市人民政府"
# SHA-256 of the report as published on the web page (reports/qianjiang-2024.txt in the shared folder).
PUBLISHED_SHA256 = "eb2745e81ab861eaa7319f099aa597aa79dcd2b8b45ec29dd1a776d2b0e7e8a3"


def _rows(objects: list[dict], model: str) -> list[dict]:
    return [o["fields"] for o in objects if o["model"] == f"commitments.{model}"]


def _steps(objects: list[dict], code: str) -> list[dict]:
    return sorted((m for m in _rows(objects, "milestone") if m["commitment"][2] == code), key=lambda m: m["position"])


def _review_part(text: str) -> str:
    return text[: text.index("二、2024年重点工作\n\n2024年是")]


def _snapshot() -> list[tuple]:
    commitments = Commitment.objects.order_by("code").values_list(
        "code", "title", "quote", "target_value", "baseline_value", "lead_department__slug", "section__key"
    )
    milestones = Milestone.objects.order_by("commitment__code", "position").values_list(
        "commitment__code", "title", "due_date", "target_value", "weight"
    )
    return [*commitments, *milestones, *Department.objects.order_by("slug").values_list("slug", "name", "kind")]


def test_it_loads_into_an_empty_database(loaded):
    assert WorkReport.objects.get().title == "2024年潜江市政府工作报告"
    assert Section.objects.count() == 9
    assert Commitment.objects.count() == 58
    assert Milestone.objects.count() > 100


def test_loading_it_twice_changes_nothing(loaded):
    counts = [m.objects.count() for m in (Department, WorkReport, Section, Commitment, Milestone)]
    before = _snapshot()
    call_command("loaddata", str(DEPARTMENTS_JSON), str(REPORT_JSON), verbosity=0)
    assert [m.objects.count() for m in (Department, WorkReport, Section, Commitment, Milestone)] == counts
    assert _snapshot() == before


def test_the_json_is_what_the_builder_writes():
    result = subprocess.run(
        [sys.executable, str(FIXTURES / "build_qianjiang_2024.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_the_report_keeps_the_complete_source_text_and_its_hash(loaded):
    report = WorkReport.objects.get_by_natural_key(ISSUER, 2024)
    assert report.source_text == (FIXTURES / "qianjiang-2024.txt").read_text(encoding="utf-8")
    assert report.source_hash == hashlib.sha256(report.source_text.encode("utf-8")).hexdigest() == PUBLISHED_SHA256
    assert report.is_public


def test_the_report_notes_say_the_owners_are_illustrative(loaded):
    notes = WorkReport.objects.get().notes
    assert "未明确" in notes and "示意性" in notes and "管理员" in notes


def test_every_quote_is_an_exact_substring_of_the_report(fixture_objects, source_text):
    quotes = [o["fields"]["quote"] for o in fixture_objects if o["model"] == "commitments.commitment"]
    assert quotes and [q for q in quotes if q not in source_text] == []


def test_every_baseline_is_quoted_from_the_review_of_2023(fixture_objects, source_text):
    review = _review_part(source_text)
    for o in fixture_objects:
        f = o["fields"]
        if o["model"] == "commitments.commitment" and f["baseline_value"] is not None:
            assert f["baseline_quote"] in review, f["code"]
            assert f["baseline_value"] in f["baseline_quote"], f["code"]


def test_no_derived_field_or_primary_key_is_in_the_fixture(fixture_objects):
    assert all("pk" not in o for o in fixture_objects)
    commitments = [o["fields"] for o in fixture_objects if o["model"] == "commitments.commitment"]
    assert {field for f in commitments for field in f} & set(DERIVED_FIELDS) == set()


# (a fragment of the quote, kind, comparator, target, unit, baseline): every quantified promise of the text.
QUANTIFIED = [
    ("地区生产总值跨越千亿台阶", "level", ">", "1000", "亿元", "904.92"),
    ("增长7%以上", "growth", ">=", "7", "%", "6.3"),
    ("规上工业增加值增长7.5%以上", "growth", ">=", "7.5", "%", "8.2"),
    ("固定资产投资增长10%以上", "growth", ">=", "10", "%", "8.1"),
    ("社会消费品零售总额增长9%以上", "growth", ">=", "9", "%", "8.7"),
    ("一般公共预算收入增长10%以上", "growth", ">=", "10", "%", "21.2"),
    ("出口总额增长8%以上", "growth", ">=", "8", "%", None),
    ("城乡居民人均可支配收入与经济增长同步", "growth", ">=", "7", "%", None),
    ("新建25个“口袋公园”", "count", ">=", "25", "个", None),
    ("实施103个老旧小区改造", "count", ">=", "103", "个", None),
    ("4个完整社区建设", "count", ">=", "4", "个", None),
    ("9处易涝点改造", "count", ">=", "9", "处", None),
    ("7条道路品质提升", "count", ">=", "7", "条", None),
    ("11条道路建设", "count", ">=", "11", "条", None),
    ("8条路(渠)沿线风貌升级", "count", ">=", "8", "条", None),
    ("污水集中收集率提高15%以上", "growth", ">=", "15", "%", None),
    ("新增2000个停车位", "count", ">=", "2000", "个", None),
    ("更新窨井盖5000个", "count", ">=", "5000", "个", None),
    ("背街小巷亮化90%以上", "ratio", ">=", "90", "%", None),
    ("力争综合产值达870亿元", "level", ">=", "870", "亿元", "750"),
    ("力争加工能力达80万吨", "level", ">=", "80", "万吨", "70"),
    ("小龙虾交易量突破28万吨", "level", ">", "28", "万吨", "23.7"),
]


@pytest.mark.parametrize(("fragment", "kind", "comparator", "target", "unit", "baseline"), QUANTIFIED)
def test_every_quantified_task_is_there_with_its_target(
    fixture_objects, fragment, kind, comparator, target, unit, baseline
):
    (c,) = [c for c in _rows(fixture_objects, "commitment") if fragment in c["quote"] and c["kind"] == kind]
    assert (c["comparator"], Decimal(c["target_value"]), c["unit"]) == (comparator, Decimal(target), unit)
    assert (c["baseline_value"] and Decimal(c["baseline_value"])) == (baseline and Decimal(baseline))


QUALITATIVE = [
    "举办第二届潜江裁缝节",
    "县河体育公园",
    "森林公园改造",
    "曹禺公园、南门河游园",
    "高速、高铁生态绿色廊道",
    "五地增绿",
    "做强纺织服装产业园",
    "松林智能制造、云尚智城二期",
    "吸引更多外出务工人口回流",
    "多规合一",
    "城市体检",
    "城市综合治理攻坚战",
    "出台支持小龙虾全产业链发展一揽子政策",
    "区域公用品牌",
    "三品一标",
    "一中心三基地",
    "满园工程",
    "百城万店",
    "龙虾节暨第八届虾-稻产业博览会",
    "国家级农产品产地专业化大市场",
    "中国虾谷总部大厦、冷链仓储物流园二期",
    "价格指数发布机制",
    "金澳科技",
    "中能新材料产业园",
    "可赛化工",
    "新硅科技、达诺尔二期、和远电子",
    "孚诺林三期",
    "百美原料药",
    "国家级新型工业化产业示范基地",
    "江汉油田",
    "煤盐一体化",
    "储气库",
    "中能建压缩空气储能",
    "华润、特变电工、国能长源",
    "氢能",
    "投资项目绩效综合评价机制",
    "专项债券",
]


@pytest.mark.parametrize("fragment", QUALITATIVE)
def test_every_qualitative_promise_is_a_task_with_steps(fixture_objects, fragment):
    (c,) = [c for c in _rows(fixture_objects, "commitment") if fragment in c["quote"] and c["kind"] == "milestone"]
    steps = _steps(fixture_objects, c["code"])
    assert len(steps) >= 2 and all(Decimal(m["weight"]) > 0 for m in steps)


def test_there_are_at_least_twenty_departments_of_every_kind():
    departments = [o["fields"] for o in json.loads(DEPARTMENTS_JSON.read_text(encoding="utf-8"))]
    assert len(departments) >= 20
    assert {"bureau", "township", "zone", "enterprise"} <= {d["kind"] for d in departments}
    assert all(re.fullmatch(r"[a-z0-9-]+", d["slug"]) and d["short_name"] for d in departments)


def test_every_commitment_has_a_lead_department_and_a_section_under_two(loaded):
    for c in Commitment.objects.select_related("section", "lead_department"):
        assert c.lead_department is not None, c.code
        assert c.section.key == "2" or c.section.key.startswith("2."), c.code
        assert c.supporting_departments.count() <= 3
        assert c.lead_department not in c.supporting_departments.all()


def test_codes_name_the_chapter_and_section(fixture_objects):
    for c in _rows(fixture_objects, "commitment"):
        chapter, section = re.fullmatch(r"2024-(2)-(\d)-\d{2}", c["code"]).groups()
        assert c["section"][2].split(".")[:2] == [chapter, section], c["code"]


def test_every_commitment_is_public_for_the_calendar_year_with_a_short_title(fixture_objects):
    for c in _rows(fixture_objects, "commitment"):
        assert (c["start_date"], c["due_date"], c["is_public"]) == ("2024-01-01", "2024-12-31", True)
        assert len(c["title"]) <= 30


def test_the_section_tree_keeps_numbers_and_headings_as_written(loaded, source_text):
    sections = {s.key: s for s in Section.objects.select_related("parent")}
    assert set(sections) == {"2", "2.0", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2", "2.2.1"}
    assert (sections["2"].number, sections["2"].heading, sections["2"].parent) == ("二、", "2024年重点工作", None)
    assert sections["2.1"].number == "(一)" and sections["2.1.4"].heading == "大力推进能源储备利用"
    for key, s in sections.items():
        assert f"{s.number}{s.heading}" in source_text, key
        assert s.level == key.count(".") + 1
        assert s.parent is None or s.parent.key == key.rsplit(".", 1)[0]
    positions = [s.position for s in Section.objects.order_by("position")]
    assert positions == sorted(set(positions))


def test_count_milestones_climb_quarter_by_quarter_to_the_target(fixture_objects):
    for c in _rows(fixture_objects, "commitment"):
        if c["kind"] != "count":
            continue
        steps = _steps(fixture_objects, c["code"])
        values = [Decimal(m["target_value"]) for m in steps]
        assert len(steps) >= 3 and values == sorted(values) and values[-1] == Decimal(c["target_value"]), c["code"]
        assert [m["due_date"] for m in steps] == sorted(m["due_date"] for m in steps)
        assert steps[-1]["due_date"] == c["due_date"]


def test_growth_targets_have_no_milestones(fixture_objects):
    growth = {c["code"] for c in _rows(fixture_objects, "commitment") if c["kind"] == "growth"}
    assert growth and not [m for m in _rows(fixture_objects, "milestone") if m["commitment"][2] in growth]
