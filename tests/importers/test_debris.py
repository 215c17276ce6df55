"""Page debris around a report: site furniture, outlines, footers, page numbers, broken lines."""

import pytest

from commitments.importers.debris import clean_report

PAGE = """电脑桌面
添加某某网到电脑桌面
2024年某市政府工作报告VIP免费

提纲:

一、2023年工作回顾

\u00a0\u00a0(一)坚持产业立市

二、2024年重点工作

2024年某市政府工作报告

各位代表:

现在,我代表市人民政府向大会报告工作。

一、2023年工作回顾

全市完成地区生产总值904.92亿元。

二、2024年重点工作

新增2000个停车位,谋划一批科技含量高、投资规模大、质量效益

1、当您付费下载文档后,您只拥有了使用权限。
2、本站所有内容均由网友上传。
回到顶部
  • 联系客服:22665800"""


def test_it_starts_at_the_salutation_and_takes_the_title_just_before_it():
    clean = clean_report(PAGE)
    assert clean.title == "2024年某市政府工作报告"
    assert clean.paragraphs[0] == "各位代表:"
    assert not any("提纲" in p or "电脑桌面" in p or "VIP" in p for p in clean.paragraphs)


def test_it_keeps_each_heading_once_after_dropping_the_outline():
    clean = clean_report(PAGE)
    assert clean.paragraphs.count("二、2024年重点工作") == 1
    assert "(一)坚持产业立市" not in clean.paragraphs


def test_it_stops_at_the_first_footer_line():
    clean = clean_report(PAGE)
    assert clean.paragraphs[-1].startswith("新增2000个停车位")
    assert not any("付费" in p or "客服" in p or "回到顶部" in p for p in clean.paragraphs)


def test_it_notices_a_report_cut_off_mid_sentence():
    assert clean_report(PAGE).truncated
    assert not clean_report("各位代表：\n新增2000个停车位。").truncated


def test_it_strips_no_break_and_ideographic_spaces_around_lines():
    clean = clean_report("各位代表：\n\u3000\u3000新增2000个停车位。\u00a0\n")
    assert clean.paragraphs == ("各位代表：", "新增2000个停车位。")


def test_it_drops_bylines_and_page_numbers():
    text = (
        "2024年某市政府工作报告\n来源：市政府办公室\n各位代表：\n新增2000个停车位。\n- 2 -\n第 3 页\n新建25个口袋公园。"
    )
    assert clean_report(text).paragraphs == ("各位代表：", "新增2000个停车位。", "新建25个口袋公园。")


def test_it_joins_lines_a_pdf_broke_inside_a_sentence():
    text = (
        "各位代表：\n"
        "一、2024 年工作回顾\n"
        "“稳”的态势巩固延续。经济规模稳步扩大，国内\n"
        "生产总值达到 134.9 万亿元、增长 5%，增速居前列。\n"
        "二、2025年工作安排\n"
    )
    assert clean_report(text).paragraphs == (
        "各位代表：",
        "一、2024 年工作回顾",
        "“稳”的态势巩固延续。经济规模稳步扩大，国内生产总值达到 134.9 万亿元、增长 5%，增速居前列。",
        "二、2025年工作安排",
    )


def test_it_starts_at_the_title_when_there_is_no_salutation():
    clean = clean_report("网站导航\n某县2024年政府工作报告\n一、2023年工作回顾\n全县完成生产总值。")
    assert clean.title == "某县2024年政府工作报告"
    assert clean.paragraphs == ("一、2023年工作回顾", "全县完成生产总值。")


def test_it_stops_at_the_glossary_of_footnotes_and_drops_explained_markers():
    text = (
        "各位代表：\n新增2000个停车位⑯。\n"
        "⑯全市一个停车场：指全市停车资源统一管理，覆盖率达到90%以上。\n"
        "新建25个口袋公园。\n名词解释\n①一城三基地：指……\n"
    )
    assert clean_report(text).paragraphs == ("各位代表：", "新增2000个停车位⑯。", "新建25个口袋公园。")


@pytest.mark.parametrize(
    ("front", "place"),
    [
        ("2024年潜江市政府工作报告\n", "潜江市"),
        ("某山县2024年政府工作报告\n", "某山县"),
        ("江北市人民政府工作报告\n", "江北市"),
        ("政府工作报告\n——2025 年 1 月 10 日在南屏县第十八届人民代表大会\n第五次会议上\n", "南屏县"),
        ("政府工作报告\n", ""),
    ],
)
def test_it_names_the_place_from_the_title_or_the_byline(front, place):
    assert clean_report(front + "各位代表：\n新增2000个停车位。").place == place
