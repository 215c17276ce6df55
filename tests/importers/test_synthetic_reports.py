"""Reports in other styles than Qianjiang's, written for these tests, so nothing depends on one
city's wording: a city report with "2025年工作安排" and "1." sub-sections, a county report with
"二、今年工作安排" and "今年重点抓好以下工作", a saved web page with a five-year outlook and
targets listed one per line, and a county report copied out of a PDF (lines broken mid-word,
half-width punctuation, spaces around figures, page numbers).
Each expected row is (subject, value, unit, comparator, kind, baseline). Since issue 15 a count takes last year's
figure when the review states the same measure in the same words and unit, and 办好十件民生实事 counts 10 件; the
rows were re-read under those rules (tests/importers/gold/README.md lists the changes).
"""

from decimal import Decimal
from pathlib import Path

import pytest

from commitments.importers.sources import read_source
from commitments.importers.work_report import parse_report
from tests.importers.scoring import score

SAMPLES = Path(__file__).resolve().parent / "samples"

EXPECTED = {
    "qingchuan-2025.txt": (
        2025,
        [
            ("地区生产总值增长", "6", "%", "=", "growth", "5.8"),
            ("城镇新增就业", "1.2", "万人", ">=", "count", "1.1"),
            ("城镇调查失业率", "5.5", "%", "<=", "ratio", None),
            ("居民消费价格涨幅", "2", "%", "=", "growth", None),
            ("森林覆盖率", "42", "%", "=", "ratio", "41.2"),
            ("重点技改项目", "120", "个", "=", "count", None),
            ("国家级专精特新小巨人企业", "5", "家", "=", "count", None),
            ("港口集装箱吞吐量", "20", "万标箱", ">", "level", "18"),
            ("农村公路", "200", "公里", "=", "count", "260"),
            ("老旧小区", "38", "个", "=", "count", None),
            ("城市绿地", "12", "万平方米", "=", "count", None),
            ("公办学位", "3000", "个", "=", "count", None),
            ("城乡居民医保参保率", "95", "%", ">=", "ratio", None),
            ("民生实事", "10", "件", "=", "count", None),  # 办好十件民生实事: this year's items (issue 15)
        ],
    ),
    "moushan-2024.txt": (
        2024,
        [
            ("地区生产总值增长", "7", "%", "=", "growth", "7.1"),
            ("地区生产总值增长", "8", "%", ">=", "growth", "7.1"),
            ("一般公共预算收入增长", "6", "%", ">=", "growth", "12.3"),
            ("粮食总产量", "28", "万吨", ">=", "level", None),
            ("茶叶综合产值", "36", "亿元", "=", "level", "32"),
            ("高标准农田", "2", "万亩", "=", "count", "3.6"),
            ("农民专业合作社", "30", "家", ">=", "count", None),
            ("通村公路", "150", "公里", "=", "count", None),
            ("农村饮水安全巩固提升工程", "12", "处", "=", "count", None),
            ("乡镇污水处理厂", "3", "座", "=", "count", None),
            ("城镇就业", "3500", "人", "=", "count", None),
            ("城镇登记失业率", "4", "%", "<=", "ratio", None),
            ("农村危房", "600", "户", "=", "count", None),
            ("政务服务事项网上可办率", "95", "%", ">=", "ratio", None),
        ],
    ),
    "nanping-2025.txt": (
        2025,
        [
            ("地区生产总值增长", "6", "%", "=", "growth", "5.6"),
            ("一般公共预算收入增长", "5", "%", ">=", "growth", "6.2"),
            ("粮食总产量", "43", "万吨", ">=", "level", "42.6"),
            ("茶叶综合产值", "65", "亿元", ">", "level", "58"),
            ("标准化茶园", "2", "万亩", "=", "count", None),
            ("亿元以上项目", "60", "个", "=", "count", None),
            ("投资", "120", "亿元", "=", "count", None),
            ("城镇就业", "3200", "人", "=", "count", None),
            ("农村公路", "180", "公里", "=", "count", None),
            ("乡镇养老服务中心", "8", "个", "=", "count", None),
        ],
    ),
    "jiangbei-2025.html": (
        2025,
        [
            ("地区生产总值增长", "5.5", "%", "=", "growth", "5.2"),
            ("社会消费品零售总额增长", "6", "%", "=", "growth", "4.8"),
            ("新能源汽车产量", "15", "万辆", ">", "level", "12"),
            ("规上工业企业", "80", "家", "=", "count", None),
            ("充电桩", "3000", "个", "=", "count", None),
            ("城中村改造", "5000", "户", "=", "count", None),
            ("停车位", "1.2", "万个", "=", "count", None),
            ("中小学、幼儿园", "12", "所", "=", "count", None),
            ("养老床位", "800", "张", "=", "count", None),
        ],
    ),
}


def parse_sample(name: str):
    path = SAMPLES / name
    return parse_report(read_source(path.read_bytes(), filename=name))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_it_reads_every_target_of_a_report_in_another_style(name):
    year, rows = EXPECTED[name]
    result = parse_sample(name)
    expected = [(s, Decimal(v), u, c, k, None if b is None else Decimal(b)) for s, v, u, c, k, b in rows]
    found = [(t.subject, t.value, t.unit, t.comparator, t.kind, t.baseline) for t in result.targets]
    precision, recall, _, _ = score(result.targets, rows)
    print(f"\n{name}: {len(found)} found, {len(rows)} labelled, precision {precision:.3f}, recall {recall:.3f}")
    assert result.year == year
    assert found == expected


def test_it_reads_the_city_report_with_numbered_sub_sections():
    result = parse_sample("qingchuan-2025.txt")
    assert [s.path for s in result.sections] == [
        ("2025年工作安排",),
        ("2025年工作安排", "主要预期目标"),
        ("2025年工作安排", "1．加快建设现代化产业体系"),
        ("2025年工作安排", "2．持续改善城乡面貌"),
        ("2025年工作安排", "3．兜牢民生底线"),
    ]
    assert [d.quote for d in result.commitments if d.kind == "milestone"] == ["举办第三届青川半程马拉松"]


def test_it_reads_the_county_report_that_says_this_year():
    result = parse_sample("moushan-2024.txt")
    assert result.title == "某山县2024年政府工作报告"
    assert [s.heading for s in result.sections if len(s.path) == 1] == ["二、今年工作安排", "三、加强政府自身建设"]
    assert "加快县人民医院新院区建设" in [d.quote for d in result.commitments]


def test_it_reads_the_web_page_without_its_five_year_outlook_or_furniture():
    result = parse_sample("jiangbei-2025.html")
    assert result.sections[0].heading == "三、2025年主要任务"
    assert all(t.value not in (2000, 3) for t in result.targets)
    assert "版权所有" not in result.text and "首页" not in result.text
    themes = [s.heading for s in result.sections if len(s.path) == 3]
    assert themes == ["全力打造新能源汽车产业集群", "深入实施城市更新行动", "办好民生实事"]


def test_it_joins_the_lines_a_pdf_broke_and_drops_its_page_numbers():
    result = parse_sample("nanping-2025.txt")
    assert "一般公共预算收入 18.3 亿元" in result.text
    assert "- 2 -" not in result.text
    assert result.sections[0].heading == "二、2025 年主要目标任务"
