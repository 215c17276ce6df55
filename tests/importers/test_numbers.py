"""Figures as written in the report: full-width forms, Chinese numerals, 万/亿 kept in the unit."""

from decimal import Decimal

import pytest

from commitments.importers.numbers import chinese_integer, find_figures, normalise, parse_number, parse_quantity


@pytest.mark.parametrize(
    ("written", "value", "unit"),
    [
        ("28万吨", "28", "万吨"),
        ("870亿元", "870", "亿元"),
        ("2000个", "2000", "个"),
        ("7.5%", "7.5", "%"),
        ("７．５％", "7.5", "%"),
        ("３．８万平方米", "3.8", "万平方米"),
        ("1.5万", "1.5", "万"),
        ("千亿", "1000", "亿"),
        ("千亿台阶", "1000", "亿元"),
        ("二千个", "2000", "个"),
        ("一百零三个", "103", "个"),
        ("二十八万吨", "28", "万吨"),
        ("3千瓦时", "3", "千瓦时"),
        ("10万千瓦", "10", "万千瓦"),
        ("2个百分点", "2", "个百分点"),
        ("134.9 万亿元", "134.9", "万亿元"),
        ("1,200亿元", "1200", "亿元"),
        ("3600余处", "3600", "处"),
        ("6万余人", "6", "万人"),  # "more than" after the multiplier
        ("1万多户", "1", "万户"),
        ("32亿千瓦时", "32", "亿千瓦时"),
        ("3000公顷", "3000", "公顷"),
        ("三千套", "3000", "套"),
        ("十五个", "15", "个"),
    ],
)
def test_it_reads_a_figure_with_its_unit_as_written(written, value, unit):
    quantity = parse_quantity(written)
    assert (quantity.value, quantity.unit) == (Decimal(value), unit)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("二千", 2000),
        ("一百零三", 103),
        ("十五", 15),
        ("二〇二四", 2024),
        ("两万五千", 25000),
        ("1.5万", 15000),
        ("千亿", 100_000_000_000),
        ("１２", 12),
        ("1,200", 1200),
    ],
)
def test_it_reads_the_full_value_of_a_numeral(written, value):
    assert parse_number(written) == Decimal(value)


@pytest.mark.parametrize("name", ["十四五", "三五", "一城", "", "万"])
def test_it_refuses_what_is_not_a_number(name):
    with pytest.raises(ValueError, match="不是一个数"):
        parse_number(name)


def test_it_keeps_a_name_made_of_numerals_from_being_a_number():
    assert chinese_integer("十四五") is None
    assert chinese_integer("一百零三") == 103


def test_it_turns_full_width_into_half_width_and_drops_footnote_markers():
    assert normalise("增长７．５％，力争８％；（一）") == "增长7.5%,力争8%;(一)"
    assert normalise("升级⑮，推行“全市一个停车场”⑯，⑳") == "升级,推行“全市一个停车场”,"
    assert normalise("排放[3]下降¹") == "排放下降"


def test_it_never_reads_a_footnote_marker_as_a_figure():
    assert find_figures(normalise("“两个毫不动摇”⑳的体制机制")) == [f for f in find_figures("“两个毫不动摇”的体制机制")]
    assert all(f.value != 20 for f in find_figures(normalise("机制⑳")))


def test_it_finds_figures_run_together():
    found = find_figures("分别增长8.2%8.1%8.7%21.2%")
    assert [f.value for f in found] == [Decimal("8.2"), Decimal("8.1"), Decimal("8.7"), Decimal("21.2")]


def test_it_reads_a_range_as_its_lower_end():
    (figure,) = find_figures("增长6%-7%")
    assert (figure.value, figure.high, figure.unit) == (Decimal(6), Decimal(7), "%")


@pytest.mark.parametrize(
    ("text", "unit_class"),
    [("2024年", "ignored"), ("75周年", "ignored"), ("十五届", "ignored"), ("25个", "count"), ("80万吨", "measure")],
)
def test_it_classifies_units(text, unit_class):
    (figure,) = find_figures(text)
    assert figure.unit_class == unit_class


def test_it_leaves_out_numbers_without_a_unit():
    assert find_figures("“12345”与“110”双号联动,“4+4+12”体系") == []


def test_more_than_after_the_multiplier_marks_the_figure_as_a_floor():
    (figure,) = find_figures("新增城镇就业6万余人")
    assert (figure.value, figure.unit, figure.unit_class, figure.approx) == (Decimal("6"), "万人", "count", True)
