"""The eight classes of misses of issue 15 (the importer on reports it had never seen), one general rule each.

The quotes are written for these tests in the style of provincial reports; none is a report's own sentence that
a rule was fitted to. Rows are (subject, value, unit, comparator, kind).
"""

from decimal import Decimal

import pytest

from commitments.importers.errors import ReportImportError
from commitments.importers.targets import Target, extract_targets, find_baseline
from commitments.importers.work_report import parse_report


def rows(quote: str) -> list[tuple]:
    return [(t.subject, t.value, t.unit, t.comparator, t.kind) for t in extract_targets(quote, year=2026)]


REPORT = """2026年某省政府工作报告
各位代表：
一、2025年工作回顾
全省地区生产总值增长5.2%。城镇新增就业62万人。
二、2026年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；城镇新增就业60万人以上。
（一）扩大有效需求
大力提振消费。社会消费品零售总额增长5%左右，新增停车位2万个。
各位代表！让我们团结奋斗，再创佳绩！
附件1 2026年省十件民生实事
1.新建改扩建公办幼儿园100所，新增学位2万个。
2.改造城镇老旧小区1000个。
名词解释
1.十件民生实事：指共10项惠民工程，覆盖300万人。
"""


# 1. Annex lists
def test_an_annex_listing_this_years_tasks_is_read_and_the_glossary_after_it_is_not():
    result = parse_report(REPORT, year=2026)
    annex = [t for d in result.commitments if d.section[0].startswith("附件1") for t in d.targets]
    assert [(t.subject, t.value, t.unit) for t in annex] == [
        ("公办幼儿园", 100, "所"),
        ("学位", 2, "万个"),
        ("城镇老旧小区", 1000, "个"),
    ]
    assert Decimal(300) not in {t.value for t in result.targets}  # the glossary's explanation


ANNEX_LINES = ["附件1 2026年省十件民生实事", "附件：2026年省十件民生实事", "附：2026年省十件民生实事"]


@pytest.mark.parametrize("line", ANNEX_LINES)
def test_an_annex_is_recognised_however_its_mark_is_written(line):
    text = REPORT.replace("附件1 2026年省十件民生实事", line)
    assert [d.section[0] for d in parse_report(text, year=2026).commitments][-1] == line


def test_an_annex_of_explanations_still_ends_the_report():
    text = REPORT.replace("附件1 2026年省十件民生实事", "附件1 名词解释")
    assert not any(d.section[0].startswith("附件") for d in parse_report(text, year=2026).commitments)


# 2. A headline-target paragraph, and a text cut short
def test_the_expected_targets_survive_a_theme_like_lead_sentence():
    text = REPORT.replace("今年经济社会发展的主要预期目标是：", "稳中求进、以进促稳。经济社会发展的主要预期目标是：")
    targets = [d for d in parse_report(text, year=2026).commitments if d.section[-1] == "主要预期目标"]
    assert [t.subject for d in targets for t in d.targets] == ["地区生产总值增长", "城镇新增就业"]


def test_a_report_without_its_work_part_is_refused_naming_the_year_asked_for():
    with pytest.raises(ReportImportError, match=r"没有找到今年工作部分（2031年）.*二、2031年重点工作"):
        parse_report("2031年某省政府工作报告\n各位代表：\n一、2030年工作回顾\n全省地区生产总值增长5%。\n", year=2031)


# 3. Ranges
@pytest.mark.parametrize("quote", ["地区生产总值增长4.5%—5%", "地区生产总值增长4.5%-5%", "地区生产总值增长4.5%至5%"])
def test_a_range_gives_its_lower_end_as_a_floor_and_its_upper_end_as_a_ceiling(quote):
    assert rows(quote) == [
        ("地区生产总值增长", Decimal("4.5"), "%", ">=", "growth"),
        ("地区生产总值增长", Decimal("5"), "%", "<=", "growth"),
    ]


# 4. Numbers in words
@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("办好十件民生实事", ("民生实事", 10, "件", "=", "count")),
        ("带动万名青年返乡创业", ("青年返乡创业", 1, "万名", "=", "count")),
        ("为30万以上参保孕产妇提供补助", ("参保孕产妇提供补助", 30, "万", ">=", "count")),
        ("为80万重点群体开展免费体检", ("重点群体开展免费体检", 80, "万", "=", "count")),
        ("保持千亿级投资规模", ("投资规模", 1000, "亿元", ">=", "level")),
        ("细颗粒物平均浓度29微克/立方米左右", ("细颗粒物平均浓度", 29, "微克/立方米", "=", "level")),
        ("项目总投资不低于2000亿元", ("项目总投资", 2000, "亿元", ">=", "count")),
    ],
)
def test_numbers_in_words_and_scales_are_read(quote, expected):
    subject, value, unit, comparator, kind = expected
    (found,) = rows(quote)
    assert found[1:] == (Decimal(value), unit, comparator, kind)
    assert subject.startswith(found[0]) or found[0].startswith(subject[:2])


# 5. Scope of comparators
def test_a_trailing_yishang_of_a_list_with_fenbie_holds_for_every_figure():
    assert [r[3] for r in rows("粮食、蔬菜、水果产量分别达2050万吨、4200万吨、19万吨以上")] == [">=", ">=", ">="]


@pytest.mark.parametrize("quote", ["力争海洋生产总值增长6%左右", "力争高端产品产量占比达到50%左右"])
def test_lizheng_makes_every_figure_it_governs_a_floor(quote):
    assert [r[3] for r in rows(quote)] == [">="]


def test_a_stated_ceiling_stays_a_ceiling_under_lizheng():
    assert [r[3] for r in rows("力争城镇调查失业率控制在5.5%以内")] == ["<="]


def test_duo_after_a_figure_means_more_than():
    assert rows("抓好3500多个拟竣工投产项目")[0][3] == ">"


# 6. Baselines
def fact(subject, value, unit, kind, action="", source="review") -> Target:
    return Target(subject, Decimal(value), unit, "=", kind, action=action, source=source)


def target(subject, value, unit, kind, action="") -> Target:
    return Target(subject, Decimal(value), unit, ">=", kind, action=action)


def test_a_count_takes_last_years_figure_stated_in_the_same_words_and_unit():
    facts = [fact("城镇新增就业", "112", "万人", "count")]
    assert find_baseline(target("城镇新增就业", "110", "万人", "count"), facts) == Decimal(112)


def test_a_count_baseline_is_converted_between_wan_and_the_plain_unit():
    facts = [fact("农村危房", "1.1", "万户", "count", action="改造")]
    assert find_baseline(target("农村危房", "6000", "户", "count", action="改造"), facts) == Decimal(11000)


def test_a_count_never_takes_another_stage_of_the_work_or_a_batch_of_another_size():
    started = [fact("安置房", "14.1", "万套", "count", action="开工")]
    assert find_baseline(target("安置房", "18", "万套", "count", action="交付"), started) is None
    larger = [fact("科技型中小企业", "7227", "家", "count", action="新增")]
    assert find_baseline(target("科技型中小企业", "3000", "家", "count", action="新培育"), larger) is None


def test_the_whole_is_no_baseline_for_one_of_its_parts():
    facts = [fact("地区生产总值增长", "5.4", "%", "growth"), fact("发电装机", "1.6", "亿千瓦", "level")]
    assert find_baseline(target("海洋生产总值增长", "6", "%", "growth"), facts) is None
    assert find_baseline(target("可再生能源发电装机", "1", "亿千瓦", "level"), facts) is None


def review_facts(text: str) -> list[Target]:
    return extract_targets(text, year=2026, review=True)


def test_a_multi_year_growth_and_a_periods_starting_point_are_no_baselines():
    facts = review_facts("一般公共预算收入累计完成3.7万亿元，5年增长18.7%。高铁里程由2110公里增至3055公里。")
    assert Decimal("18.7") not in {f.value for f in facts}
    assert [(f.subject, f.value) for f in facts if f.unit == "公里"] == [("高铁里程", Decimal(3055))]


def test_a_list_whose_figures_cannot_be_told_apart_gives_no_baseline():
    facts = review_facts("城乡自来水普及率分别达99.9%、94.5%。")
    assert facts == []


def test_a_growth_after_a_list_inside_the_sentence_keeps_the_subject_before_the_list():
    facts = review_facts("全省地区生产总值达到5.53万亿元、稳居全国前十强、增长4.8%。")
    assert ("地区生产总值增长", Decimal("4.8")) in {(f.subject, f.value) for f in facts}


def test_a_five_year_target_is_no_baseline():
    facts = review_facts("到2030年，地区生产总值突破8万亿元。")
    assert facts == []


# 7. Words that only qualify or structure
@pytest.mark.parametrize(
    "quote",
    [
        "推进一二三次产业融合发展",
        "把每一件实事一件件办好",
        "说一件、干一件、成一件",
        "重点抓好以下14个方面工作",
        "重点做好十一个方面工作",
        "实现50米内换乘",
        "开发轨道交通沿线1公里范围",
        "培育一批营收过2000万元企业",
        "关停淘汰10万千瓦及以下燃煤机组",
        "加快钢铁、煤炭等10个传统产业提质升级",
        "抓好工业等17个领域碳达峰工作",
        "加快洛阳等10个国家物流枢纽建设",
        "发挥3个消费试点城市的示范作用",
    ],
)
def test_figures_that_only_qualify_or_structure_are_no_targets(quote):
    assert rows(quote) == []


# 8. Kinds and subjects
def test_a_count_whose_work_is_named_with_tisheng_stays_a_count():
    assert rows("完成林分优化提升200万亩") == [("林分优化提升", Decimal(200), "万亩", "=", "count")]


def test_investment_spent_in_the_year_is_a_count():
    assert [r[4] for r in rows("力争全年交通、水利领域投资额分别达2400亿元、450亿元")] == ["count", "count"]


def test_a_subject_drops_the_words_of_effort_around_it():
    assert rows("粮食产量继续保持1100亿斤以上") == [("粮食产量", Decimal(1100), "亿斤", ">=", "level")]


def test_a_price_rise_is_growth():
    assert rows("居民消费价格指数上涨2%左右")[0][4] == "growth"


def test_a_sum_over_several_years_is_no_target_for_this_year():
    assert rows("三年安排450亿元支持人工智能产业发展") == []


def test_work_done_is_a_count_even_when_measured_in_area():
    assert rows("完成20万平方米旧住房成套改造")[0][4] == "count"


def test_the_noun_after_he_belongs_to_the_second_figure():
    assert rows("提升改造210公里农村公路和120万平方米村内道路") == [
        ("农村公路", Decimal(210), "公里", "=", "count"),
        ("村内道路", Decimal(120), "万平方米", "=", "count"),
    ]


def test_money_raised_for_a_programme_is_named_by_the_programme():
    assert rows("筹措7亿元实施就业惠民工程")[0][0] == "实施就业惠民工程"


def test_a_short_count_name_takes_a_baseline_only_from_the_same_words():
    facts = [fact("重大新项目", "8", "个", "count")]
    assert find_baseline(target("新项目", "15", "个", "count"), facts) is None
    assert find_baseline(target("公园", "100", "座", "count"), [fact("公园", "127", "座", "count")]) == Decimal(127)


def test_last_years_result_restated_in_this_years_part_is_no_target():
    assert rows("去年全省粮食产量达到1350亿斤") == []
    assert rows("2025年全省粮食产量达到1350亿斤") == []
    assert rows("粮食产量比去年增长2%")[0][1] == Decimal(2)


@pytest.mark.parametrize(
    "quote",
    ["推进66个粮食产能提升重点县建设", "支持等10个有条件的县（市）发展成为中等城市", "推进200万亩整区域高标准农田项目"],
)
def test_the_counties_where_work_happens_and_a_projects_size_are_no_targets(quote):
    assert rows(quote) == []


def test_making_counties_is_work():
    assert rows("创建5个国家级示范县") == [("国家级示范县", Decimal(5), "个", "=", "count")]


def test_a_verb_before_a_list_gives_its_kind_to_every_item():
    assert [r[4] for r in rows("国家高新技术企业达到1.5万家、科技型中小企业3.2万家")] == ["level", "level"]


def test_what_the_review_says_was_done_is_no_part_of_the_noun():
    facts = review_facts("12类45件民生实事全面完成。600个新型公共文化空间投入使用。")
    assert [(f.subject, f.value) for f in facts] == [
        ("民生实事", Decimal(12)),
        ("民生实事", Decimal(45)),
        ("新型公共文化空间", Decimal(600)),
    ]


def test_a_flat_year_is_a_baseline_of_nought():
    facts = review_facts("居民消费价格与上年持平。")
    assert find_baseline(target("居民消费价格涨幅", "2", "%", "growth"), facts) == Decimal(0)


def test_a_stock_named_with_or_without_its_measure_word_is_one_measure():
    facts = review_facts("高速公路由7473公里增至9310公里。")
    assert find_baseline(target("高速公路里程", "9500", "公里", "level"), facts) == Decimal(9310)


def test_the_size_in_an_events_name_is_no_target():
    assert rows("办好中国国际人才交流大会、创新创业青年50人论坛等活动") == []


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("打造十大专精特新外贸优品集群", [("专精特新外贸优品集群", Decimal(10), "大", "=", "count")]),
        ("深入学习贯彻党的二十大，", []),
        ("打好三大攻坚战", []),
        ("壮大6大特色产业集群", []),
    ],
)
def test_ten_da_counts_only_after_a_verb_of_doing_and_before_its_noun(quote, expected):
    assert rows(quote) == expected


def test_computing_power_keeps_its_unit():
    assert rows("新增智能算力1.7万P") == [("智能算力", Decimal("1.7"), "万P", "=", "count")]
