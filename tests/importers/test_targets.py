"""Targets of a key task: comparator and kind rules, what is not a target, baselines."""

from decimal import Decimal

import pytest

from commitments.importers.targets import Target, dedupe, extract_targets, find_baseline, subjects_overlap


def one(quote: str, **kwargs) -> Target:
    (target,) = extract_targets(quote, year=2024, **kwargs)
    return target


@pytest.mark.parametrize(
    ("quote", "comparator"),
    [
        ("地区生产总值增长7%以上", ">="),
        ("力争综合产值达870亿元", ">="),
        ("城镇新增就业不低于1.2万人", ">="),
        ("小龙虾交易量突破28万吨", ">"),
        ("市场主体总数超过15万户", ">"),
        ("地区生产总值跨越千亿台阶", ">"),
        ("城镇调查失业率控制在5.5%以内", "<="),
        ("万元地区生产总值能耗低于0.5吨标准煤", "<="),
        ("新增2000个停车位", "="),
        ("居民消费价格涨幅3%左右", "="),
        ("力争居民消费价格涨幅3%左右", ">="),  # 力争 governs the figure: a floor (labelling guide, issue 15)
    ],
)
def test_it_reads_the_comparator_from_the_words_around_the_figure(quote, comparator):
    assert one(quote).comparator == comparator


@pytest.mark.parametrize(
    ("quote", "kind"),
    [
        ("规上工业增加值增长7.5%以上", "growth"),
        ("污水集中收集率提高15%以上", "growth"),
        ("城镇化率提高1个百分点", "growth"),
        ("实现背街小巷亮化90%以上", "ratio"),
        ("森林覆盖率达到40%", "ratio"),
        ("城镇化率提高到65%", "ratio"),
        ("实施103个老旧小区改造", "count"),
        ("新增2000个停车位", "count"),
        ("更新窨井盖5000个", "count"),
        ("新建改建农村公路100公里", "count"),
        ("小龙虾交易量突破28万吨", "level"),
        ("力争综合产值达870亿元", "level"),
        ("粮食产量稳定在50万吨以上", "level"),
        ("实现旅游综合收入100亿元", "level"),
    ],
)
def test_it_tells_growth_ratio_count_and_level_apart(quote, kind):
    assert one(quote).kind == kind


@pytest.mark.parametrize(
    ("quote", "subject"),
    [
        ("实施103个老旧小区改造", "老旧小区改造"),
        ("红梅路、泰丰路等9处易涝点改造", "易涝点改造"),
        ("新建25个“口袋公园”", "口袋公园"),
        ("小龙虾交易量突破28万吨", "小龙虾交易量"),
        ("力争加工能力达80万吨", "加工能力"),
        ("规上工业增加值增长7.5%以上", "规上工业增加值增长"),
        ("更新窨井盖5000个", "窨井盖"),
    ],
)
def test_it_names_what_is_measured(quote, subject):
    assert one(quote).subject == subject


def test_it_reads_growth_and_a_stretch_figure_as_two_targets():
    first, second = extract_targets("地区生产总值增长8%、力争9%", year=2024)
    assert (first.value, first.comparator) == (Decimal(8), "=")
    assert (second.value, second.comparator) == (Decimal(9), ">=")
    assert first.subject == second.subject == "地区生产总值增长"


def test_it_makes_every_figure_governed_by_lizheng_at_least():
    targets = extract_targets("力争新增市场主体1万户、“四上”企业100家", year=2024)
    assert [t.comparator for t in targets] == [">=", ">="]


def test_it_carries_the_subject_into_a_clause_that_has_none():
    level, growth = extract_targets("地区生产总值跨越千亿台阶,增长7%以上", year=2024)
    assert (level.value, level.unit, level.kind) == (Decimal(1000), "亿元", "level")
    assert (growth.subject, growth.kind, growth.comparator) == ("地区生产总值增长", "growth", ">=")


def test_it_pairs_subjects_and_figures_written_respectively():
    targets = extract_targets("规上工业增加值、固定资产投资分别增长8.2%8.1%", review=True)
    assert [(t.subject, t.value) for t in targets] == [
        ("规上工业增加值增长", Decimal("8.2")),
        ("固定资产投资增长", Decimal("8.1")),
    ]


@pytest.mark.parametrize(
    "quote",
    [
        "推进建设投资126亿元的中能新材料产业园",
        "建设年产20万吨乙二醇项目",
        "引育更多营收过10亿元企业",
        "建设10万吨级码头",
        "举办第二届潜江裁缝节",
        "高水平办好第十五届湖北(潜江)龙虾节",
        "加快打造“一城三基地”",
        "聚焦“五个一、一个五”⑰发展目标",
        "实施三年行动",
        "完善落实“两个毫不动摇”⑳的体制机制",
        "坚持两个毫不动摇",
        "是“十四五”规划实施的关键一年",
        "2024年是新中国成立75周年",
        "推进达诺尔二期、孚诺林三期建设",
        "深入千家万户",
        "建成5G基站",
        "谋划一批科技含量高的项目",
        "排名进入全省前10位",
        "引进100人以上企业",
        "打造千亿级产业集群",
    ],
)
def test_it_skips_figures_that_describe_or_name_something(quote):
    assert extract_targets(quote, year=2024) == []


def test_it_keeps_a_qualified_project_count_but_not_its_qualifier():
    target = one("引进亿元以上项目50个")
    assert (target.value, target.unit) == (Decimal(50), "个")


def test_it_skips_goals_of_later_years_and_five_year_horizons():
    assert extract_targets("到2027年,高新技术企业达到500家,森林覆盖率达到40%", year=2024) == []
    assert extract_targets("2026年底前完成改造,新增停车位2000个", year=2024) == []
    assert extract_targets("今后五年地区生产总值年均增长6%", year=2024) == []
    assert len(extract_targets("在2023年基础上增长10%", year=2024)) == 1


@pytest.mark.parametrize(
    "quote",
    [
        "实施城市更新三年行动计划(2024—2026年),新增停车位2000个",
        "力争2025年建成投用,新增停车位2000个",
        "地区生产总值年均增长6%,新增停车位2000个",
    ],
)
def test_a_later_year_in_a_plan_name_or_one_clause_leaves_the_rest_of_the_sentence(quote):
    assert [t.value for t in extract_targets(quote, year=2024)] == [2000]


@pytest.mark.parametrize("quote", ["凝聚100万人民力量", "服务全市100万人口"])
def test_a_counter_that_starts_a_word_is_no_counter(quote):
    assert extract_targets(quote, year=2024) == []


def test_it_dedupes_a_target_restated_later():
    first = one("地区生产总值跨越千亿台阶")
    again = one("经济总量突破千亿大关")
    assert dedupe([first, again]) == [first]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("小龙虾交易量", "小龙虾年交易量", True),
        ("加工能力", "小龙虾年加工能力", True),
        ("经济总量", "地区生产总值", True),
        ("固定资产投资增长", "民间投资增长", False),
        ("综合产值", "绿色化工及光电子信息综合产值", True),
    ],
)
def test_it_compares_subjects(a, b, same):
    assert subjects_overlap(a, b) is same


REVIEW = extract_targets(
    "完成地区生产总值904.92亿元,增长6.3%。综合产值750亿元;绿色化工及光电子信息综合产值达450.6亿元。"
    "小龙虾年加工能力达70万吨。小龙虾年交易量达23.7万吨。民间投资增长38.7%。新增停车位4255个。",
    review=True,
)


@pytest.mark.parametrize(
    ("quote", "baseline"),
    [
        ("地区生产总值跨越千亿台阶", "904.92"),
        ("地区生产总值增长7%以上", "6.3"),
        ("力争综合产值达870亿元", "750"),
        ("力争加工能力达80万吨", "70"),
        ("小龙虾交易量突破28万吨", "23.7"),
        ("固定资产投资增长10%以上", None),
        ("新增2000个停车位", None),
        ("小龙虾交易量突破280000吨", None),
    ],
)
def test_it_finds_the_baseline_by_subject_and_unit(quote, baseline):
    expected = None if baseline is None else Decimal(baseline)
    assert find_baseline(one(quote), REVIEW) == expected


@pytest.mark.parametrize(
    ("quote", "subject", "value"),
    [
        ("实施重点项目82个、总投资326亿元", "重点项目", 82),
        ("新建110千伏变电站3座", "110千伏变电站", 3),  # the size stays in the noun, no target
        ("完成1.2万亩高标准农田建设", "高标准农田建设", Decimal("1.2")),
        ("培育10家以上企业", "企业", 10),
        ("计划总投资326亿元的82个重点项目开工", "重点项目开工", 82),
    ],
)
def test_it_counts_things_without_taking_their_size_for_a_target(quote, subject, value):
    target = one(quote)
    assert (target.subject, target.value) == (subject, value)


@pytest.mark.parametrize(
    ("quote", "kind", "comparator"),
    [
        ("人口自然增长率控制在4.82‰以内", "ratio", "<="),
        ("城乡居民基础养老金最低标准提高到每人每月200元", "level", "="),
        ("城镇居民人均可支配收入实际增长8%", "growth", "="),
        ("增长百分之七点五", "growth", "="),
    ],
)
def test_it_reads_rates_allowances_real_growth_ranges_and_words_for_percent(quote, kind, comparator):
    target = one(quote)
    assert (target.kind, target.comparator) == (kind, comparator)


def test_it_reads_subjects_after_an_earlier_figures_suffix_or_an_enumerator():
    targets = extract_targets("实施省市重点项目300个以上、年度完成投资800亿元以上;二是新建高标准农田2万亩", year=2024)
    assert [t.subject for t in targets] == ["省市重点项目", "投资", "高标准农田"]


def test_it_names_a_generic_total_after_what_came_before():
    count, level = extract_targets("新增高新技术企业120家以上、总数突破980家", year=2024)
    assert (count.subject, count.kind, count.comparator) == ("高新技术企业", "count", ">=")
    assert (level.subject, level.kind, level.comparator) == ("高新技术企业总数", "level", ">")


@pytest.mark.parametrize(
    ("quote", "kind"),
    [
        ("新增国家级专精特新小巨人企业不少于10家", "count"),  # a verb of doing: what is done this year
        ("全年接待游客超过4500万人次", "count"),
        ("高新技术企业总数突破1600家", "level"),  # no such verb: a level passed
        ("营收超10亿元企业达到25家", "level"),
        ("一般性支出压减5%以上", "growth"),  # a cut is a change, not a share
    ],
)
def test_a_comparator_word_alone_does_not_make_a_level(quote, kind):
    assert one(quote).kind == kind


@pytest.mark.parametrize(
    ("quote", "subject", "value", "unit"),
    [
        ("新建公办幼儿园两所", "公办幼儿园", 2, "所"),  # the numeral follows its noun and ends the phrase
        ("推出精品旅游线路十条", "精品旅游线路", 10, "条"),
        ("建成两所三级医院", "三级医院", 2, "所"),  # right after a verb of building
    ],
)
def test_a_small_chinese_numeral_that_counts_something_is_a_target(quote, subject, value, unit):
    target = one(quote)
    assert (target.subject, target.value, target.unit) == (subject, value, unit)


# 办好十件民生实事 was here until issue 15: it counts this year's items (10 件), see test_unseen_reports.py.
@pytest.mark.parametrize("quote", ["坚持两个毫不动摇", "惠及千家万户", "建立一户一档", "深入千家万户"])
def test_a_chinese_numeral_in_front_of_a_name_is_none(quote):
    assert extract_targets(quote, year=2024) == []


def test_a_qualifier_stays_in_the_noun_of_the_figure_after_it():
    assert one("营收超10亿元企业达到25家").subject == "营收超10亿元企业"


def test_a_five_year_plans_name_is_no_horizon_but_its_period_is():
    assert one("谋划储备“十五五”重大项目200个").value == 200
    assert extract_targets("“十五五”时期地区生产总值年均增长6%", year=2026) == []
    assert extract_targets("到“十五五”末,城镇化率达到72%", year=2026) == []


def test_a_listed_targets_dash_and_a_like_for_like_qualifier_are_not_the_subject():
    assert one("——地区生产总值增长6%左右").subject == "地区生产总值增长"
    assert one("一般公共预算收入同口径增长3%").subject == "一般公共预算收入同口径增长"
    (growth,) = extract_targets("一般公共预算收入152.6亿元,同口径增长3.4%", review=True)[1:]
    assert find_baseline(one("一般公共预算收入同口径增长3%"), [growth]) == Decimal("3.4")


def test_the_reviews_averages_over_several_years_are_no_baselines():
    review = extract_targets(
        "全市地区生产总值完成2186.4亿元,增长5.4%。五年来,全市地区生产总值年均增长5.9%,连续跨越两个千亿台阶。"
        "规上工业增加值年均增长8%。",
        review=True,
    )
    assert [(t.subject, t.value) for t in review] == [
        ("地区生产总值", Decimal("2186.4")),
        ("地区生产总值增长", Decimal("5.4")),
    ]
    assert find_baseline(one("地区生产总值增长5.5%左右"), review) == Decimal("5.4")


@pytest.mark.parametrize(
    ("quote", "fact"),
    [
        ("万元地区生产总值用水量下降2%", "地区生产总值增长5.4%"),  # per unit of output: another measure
        ("每万人口高价值发明专利拥有量提高到28件", "有效发明专利拥有量达到5600件"),  # per head
        ("数字经济核心产业增加值占地区生产总值比重提高到10.5%", "地区生产总值增长10.5%"),  # another head noun
    ],
)
def test_a_per_head_or_per_output_measure_takes_no_baseline_from_a_total(quote, fact):
    assert find_baseline(one(quote), extract_targets(fact, review=True)) is None


@pytest.mark.parametrize(
    ("quote", "subjects"),
    [
        ("城镇、农村居民人均可支配收入分别增长5%和6.5%", ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"]),
        ("粮食、蔬菜产量分别达到21万吨和85万吨", ["粮食产量", "蔬菜产量"]),
        ("工业、服务业增加值分别增长6%和5%", ["工业增加值增长", "服务业增加值增长"]),
        ("出口、进口分别增长5%和3%", ["出口增长", "进口增长"]),
        ("固定资产投资、一般公共预算收入分别增长8.1%、21.2%", ["固定资产投资增长", "一般公共预算收入增长"]),
    ],
)
def test_short_heads_written_respectively_share_the_last_subjects_measure(quote, subjects):
    assert [t.subject for t in extract_targets(quote, year=2026)] == subjects


def test_a_verb_of_opening_is_no_part_of_the_subject():
    assert one("建成投用标准化菜市场8个").subject == "标准化菜市场"
