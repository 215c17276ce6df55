"""This year's part of a report: where it starts, its year, its headings, its commitments."""

import json
from decimal import Decimal

import pytest

from commitments.importers import ReportImportError
from commitments.importers.work_report import TARGETS_SECTION, parse_report, targets_as_jsonl

REVIEW = "各位代表：\n一、2023年工作回顾\n全市完成地区生产总值904.92亿元，增长6.3%；新增停车位4255个。\n"


def paths(text: str, **kwargs) -> list[tuple[str, ...]]:
    return [s.path for s in parse_report(text, **kwargs).sections]


@pytest.mark.parametrize(
    "heading",
    [
        "二、2024年重点工作",
        "2024年工作安排",
        "二、今年工作安排",
        "三、2024年经济社会发展总体要求和主要目标",
        "二、关于2024年主要任务",
    ],
)
def test_it_finds_this_years_part_by_its_heading(heading):
    result = parse_report(REVIEW + f"{heading}\n新增2000个停车位。\n", year=2024)
    assert [c.quote for c in result.commitments] == ["新增2000个停车位"]
    assert result.sections[0].heading == heading


@pytest.mark.parametrize("lead_in", ["今年重点抓好以下工作：", "实现上述目标，重点抓好八个方面工作："])
def test_it_finds_this_years_part_by_its_lead_in_when_there_is_no_heading(lead_in):
    text = REVIEW + f"今年是关键之年。{lead_in}\n新增2000个停车位。\n"
    result = parse_report(text, year=2024)
    assert [t.value for t in result.targets] == [2000]


def test_it_never_reads_last_years_results_as_this_years_targets():
    result = parse_report(REVIEW + "二、2024年重点工作\n新增2000个停车位。\n", year=2024)
    assert [t.value for t in result.targets] == [2000]
    assert {t.value for t in result.review_facts} >= {Decimal("904.92"), Decimal(4255)}


@pytest.mark.parametrize(
    ("text", "year"),
    [
        (REVIEW + "二、2025年主要任务\n新增2000个停车位。\n", 2025),
        ("2024年某县政府工作报告\n" + REVIEW + "二、今年工作安排\n新增2000个停车位。\n", 2024),
        (REVIEW + "二、今年工作安排\n新增2000个停车位。\n", 2024),
    ],
)
def test_it_infers_the_year_from_the_heading_the_title_or_the_review(text, year):
    assert parse_report(text).year == year


def test_it_refuses_a_text_without_this_years_part():
    with pytest.raises(ReportImportError, match="没有找到今年工作部分"):
        parse_report(REVIEW + "各位代表，让我们团结奋斗！")


def test_it_refuses_an_empty_text():
    with pytest.raises(ReportImportError, match="没有正文"):
        parse_report(" \n\u3000\n")


def test_it_refuses_a_year_the_report_is_not_about():
    with pytest.raises(ReportImportError, match="没有找到今年工作部分"):
        parse_report(REVIEW + "二、2024年重点工作\n新增2000个停车位。\n", year=2026)


def test_it_reads_the_expected_targets_paragraph_as_a_section_of_its_own():
    text = (
        REVIEW
        + "二、2024年重点工作\n今年的主要预期目标是：地区生产总值增长7%以上；出口总额增长8%以上。重点做好以下工作：\n"
    )
    result = parse_report(text)
    assert ("二、2024年重点工作", TARGETS_SECTION) in [s.path for s in result.sections]
    assert [c.section[-1] for c in result.commitments] == [TARGETS_SECTION, TARGETS_SECTION]


def test_it_reads_expected_targets_listed_one_per_line():
    text = (
        REVIEW
        + "二、2024年重点工作\n主要预期目标是：\n地区生产总值增长7%左右；\n出口总额增长8%。\n"
        + "（一）推进项目\n新增2000个停车位。"
    )
    result = parse_report(text)
    assert [(c.section[-1], t.value) for c in result.commitments for t in c.targets] == [
        (TARGETS_SECTION, 7),
        (TARGETS_SECTION, 8),
        ("（一）推进项目", 2000),
    ]


def test_it_skips_the_general_requirements_before_the_tasks():
    text = (
        REVIEW + "二、2024年重点工作\n2024年是新中国成立75周年。\n经济总量突破千亿大关，是一个需要倍加努力的目标。"
        "重点做好以下方面工作：\n（一）推进项目建设。新增2000个停车位。"
    )
    assert [t.value for t in parse_report(text).targets] == [2000]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("（一）着力扩内需强主体，塑造新优势。新增2000个停车位。", ("（一）着力扩内需强主体，塑造新优势",)),
        ("(一)着力扩内需强主体。新增2000个停车位。", ("(一)着力扩内需强主体",)),
        ("1.加快建设产业体系。新增2000个停车位。", ("1.加快建设产业体系",)),
        ("1、加快建设产业体系。新增2000个停车位。", ("1、加快建设产业体系",)),
        ("（1）加快建设产业体系。新增2000个停车位。", ("（1）加快建设产业体系",)),
        ("大力推进精致之城建设。牢固树立城市观，新增2000个停车位。", ("大力推进精致之城建设",)),
        ("做强特色产业\n新增2000个停车位。", ("做强特色产业",)),
    ],
)
def test_it_reads_each_heading_style(body, expected):
    result = parse_report(REVIEW + "二、2024年重点工作\n" + body)
    (draft,) = result.commitments
    assert draft.section == ("二、2024年重点工作", *expected)


def test_it_nests_chapter_sub_heading_and_theme_paragraph():
    text = REVIEW + (
        "二、2024年重点工作\n"
        "（一）着力落实双集中，实现新突破。深入落实省委要求。\n"
        "1.推进城市更新。总体安排如下。\n"
        "大力推进精致之城建设。牢固树立城市观，新增2000个停车位。\n"
        "（二）着力惠民生保稳定。兜牢底线。\n"
        "全力推进就业优先。新增城镇就业1.2万人以上。\n"
        "三、加强政府自身建设\n"
        "政务服务事项网上可办率达到95%以上。\n"
    )
    result = parse_report(text)
    assert [c.section for c in result.commitments] == [
        ("二、2024年重点工作", "（一）着力落实双集中，实现新突破", "1.推进城市更新", "大力推进精致之城建设"),
        ("二、2024年重点工作", "（二）着力惠民生保稳定", "全力推进就业优先"),
        ("三、加强政府自身建设",),
    ]
    chapter = next(s for s in result.sections if s.heading.startswith("（一）"))
    assert (chapter.level, chapter.lead) == (2, "深入落实省委要求。")


def test_it_reads_nothing_from_a_five_year_outlook():
    text = (
        REVIEW + "二、今后五年奋斗目标\n到2028年，地区生产总值突破2000亿元。\n三、2024年重点工作\n新增2000个停车位。\n"
    )
    assert [t.value for t in parse_report(text).targets] == [2000]


def test_it_keeps_quotes_verbatim_in_the_cleaned_text():
    text = REVIEW + "二、2024年重点工作\n（一）城市。完成兴盛路等8条路(渠)沿线风貌升级⑮，新建25个“口袋公园”。"
    result = parse_report(text)
    for draft in result.commitments:
        assert result.text[draft.position : draft.position + len(draft.quote)] == draft.quote
    assert [d.quote for d in result.commitments] == ["完成兴盛路等8条路(渠)沿线风貌升级⑮", "新建25个“口袋公园”"]


def test_it_prints_one_json_line_per_target_with_the_agreed_keys():
    text = (
        REVIEW
        + "二、2024年重点工作\n主要预期目标是：地区生产总值增长7.5%以上。\n"
        + "（一）城市。新增2000个停车位，举办第二届裁缝节。"
    )
    lines = list(targets_as_jsonl(parse_report(text)))
    rows = [json.loads(line) for line in lines]
    assert [list(row) for row in rows] == [
        ["quote", "subject", "value", "unit", "comparator", "kind", "baseline", "section"]
    ] * 2
    assert rows[0] == {
        "quote": "地区生产总值增长7.5%以上",
        "subject": "地区生产总值增长",
        "value": 7.5,
        "unit": "%",
        "comparator": ">=",
        "kind": "growth",
        "baseline": 6.3,
        "section": ["二、2024年重点工作", "主要预期目标"],
    }
    assert rows[1]["value"] == 2000 and isinstance(rows[1]["value"], int) and rows[1]["baseline"] is None
    assert "停车位" in lines[1]  # ensure_ascii=False: Chinese stays readable


def test_it_reads_targets_given_in_the_heading_paragraph_itself():
    text = REVIEW + "二、2024年工作安排。今年主要预期目标是地区生产总值增长7%左右。\n（一）项目。新增2000个停车位。"
    result = parse_report(text)
    assert [(c.section, t.value) for c in result.commitments for t in c.targets] == [
        (("二、2024年工作安排", TARGETS_SECTION), 7),
        (("二、2024年工作安排", "（一）项目"), 2000),
    ]


def test_it_nests_numbered_chapters_under_parts_headed_by_plain_lines():
    text = (
        "各位代表：\n2025年工作回顾\n全县地区生产总值增长6.1%。\n"
        "2026年政府工作的总体要求和主要目标\n主要预期目标为：地区生产总值增长6%。\n"
        "2026年主要任务\n一、聚力产业升级\n（一）做强工业\n1．壮大食品产业。新增规上企业25家。\n"
        "二、聚力民生改善\n新增城镇就业6000人。\n"
    )
    result = parse_report(text)
    tasks = "2026年主要任务"
    assert [s.path for s in result.sections] == [
        ("2026年政府工作的总体要求和主要目标",),
        ("2026年政府工作的总体要求和主要目标", TARGETS_SECTION),
        (tasks,),
        (tasks, "一、聚力产业升级"),
        (tasks, "一、聚力产业升级", "（一）做强工业"),
        (tasks, "一、聚力产业升级", "（一）做强工业", "1．壮大食品产业"),
        (tasks, "二、聚力民生改善"),
    ]
    assert [(t.value, t.baseline) for t in result.targets] == [(6, Decimal("6.1")), (25, None), (6000, None)]


@pytest.mark.parametrize(
    "paragraph",
    [
        "新建公办幼儿园两所，新增学位九百个。深化县域普通高中发展提升行动，推进城乡学校共同体建设。",
        "实施县人民医院综合楼改扩建工程，力争创成三级医院。深化紧密型县域医共体建设，推动优质医疗资源下沉。",
    ],
)
def test_a_sentence_that_counts_or_promises_something_concrete_is_no_theme_heading(paragraph):
    result = parse_report(REVIEW + "二、2024年重点工作\n（一）推进教育医疗均衡发展\n" + paragraph)
    assert [s.path[1:] for s in result.sections] == [(), ("（一）推进教育医疗均衡发展",)]


def test_a_review_headed_by_a_plain_line_keeps_its_numbered_topics_for_baselines():
    text = (
        "各位代表：\n2025年工作回顾\n一、经济运行稳中向好\n全市地区生产总值完成500亿元，增长5.4%。\n"
        "二、民生保障有力\n城镇调查失业率5.1%。\n"
        "“十五五”时期奋斗目标\n到2030年，城镇调查失业率4%。\n"
        "今年政府工作的总体要求和主要目标任务\n"
        "主要预期目标是：地区生产总值增长5.5%左右；城镇调查失业率控制在5.5%以内。\n"
        "一、着力扩大有效需求\n全年实施重点项目300个。\n"
    )
    result = parse_report(text)
    assert result.year == 2026
    assert [(t.value, t.baseline) for t in result.targets] == [
        (Decimal("5.5"), Decimal("5.4")),
        (Decimal("5.5"), Decimal("5.1")),
        (300, None),
    ]
    assert [s.path[-1] for s in result.sections] == [
        "今年政府工作的总体要求和主要目标任务",
        TARGETS_SECTION,
        "一、着力扩大有效需求",
    ]


def test_it_reads_expected_targets_numbered_under_a_heading_of_their_own():
    text = REVIEW + (
        "二、2024年工作安排\n（一）主要预期目标\n1．地区生产总值增长7%左右；\n2．城镇调查失业率控制在5.5%以内；\n"
        "（二）重点任务\n1．扩大有效投资。全年实施重点项目300个。\n"
    )
    result = parse_report(text)
    part, aims, tasks = "二、2024年工作安排", "（一）主要预期目标", "（二）重点任务"
    assert [s.path for s in result.sections] == [(part,), (part, aims), (part, tasks), (part, tasks, "1．扩大有效投资")]
    assert [(t.subject, t.value, t.baseline) for t in result.targets] == [
        ("地区生产总值增长", 7, Decimal("6.3")),
        ("城镇调查失业率", Decimal("5.5"), None),
        ("重点项目", 300, None),
    ]
    assert [c.section[-1] for c in result.commitments] == [aims, aims, "1．扩大有效投资"]


@pytest.mark.parametrize("lead", ["主要预期目标建议为：", "主要预期目标拟确定为：", "主要目标安排为："])
def test_it_reads_expected_targets_proposed_in_other_words(lead):
    text = (
        REVIEW
        + "二、2024年重点工作\n今年经济社会发展"
        + lead
        + "地区生产总值增长7%以上。\n（一）扩大投资\n实施重点项目300个。\n"
    )
    result = parse_report(text)
    assert [(c.section[-1], c.targets[0].value) for c in result.commitments] == [
        (TARGETS_SECTION, 7),
        ("（一）扩大投资", 300),
    ]


def test_it_reads_a_theme_sentence_set_as_a_paragraph_of_its_own():
    text = REVIEW + (
        "二、2024年重点工作\n（一）聚焦数字经济\n做大数字产业规模。\n新增规上软件企业30家。\n"
        "强化科技创新支撑。\n新认定高新技术企业60家。\n"
    )
    result = parse_report(text)
    chapter = ("二、2024年重点工作", "（一）聚焦数字经济")
    assert [c.section for c in result.commitments] == [(*chapter, "做大数字产业规模"), (*chapter, "强化科技创新支撑")]
