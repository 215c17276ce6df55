"""Key tasks of a paragraph: one commitment draft per promise, quantified or milestone."""

import pytest

from commitments.importers.key_tasks import TITLE_MAX, is_milestone, make_title, split_key_tasks


def drafts(text: str):
    return split_key_tasks(text, start=0, end=len(text), offset=0, section=("二、",), year=2024)


def test_it_makes_one_commitment_per_quantified_clause():
    found = drafts("实施103个老旧小区改造,4个完整社区建设,红梅路、泰丰路等9处易涝点改造,打通城市微循环。")
    assert [d.quote for d in found] == ["实施103个老旧小区改造", "4个完整社区建设", "红梅路、泰丰路等9处易涝点改造"]
    assert [d.kind for d in found] == ["count"] * 3


def test_it_joins_a_clause_that_continues_the_one_before():
    (draft,) = drafts("地区生产总值跨越千亿台阶,增长7%以上;")
    assert draft.quote == "地区生产总值跨越千亿台阶,增长7%以上"
    assert [t.kind for t in draft.targets] == ["level", "growth"]
    assert draft.kind == "level"


@pytest.mark.parametrize(
    "clause",
    [
        "举办第二届潜江裁缝节",
        "加快县河体育公园、滨河公园建设和森林公园改造",
        "推进松林智能制造、云尚智城二期等项目建设",
        "高水平办好第十五届湖北(潜江)龙虾节暨第八届虾-稻产业博览会",
        "出台支持小龙虾全产业链发展一揽子政策",
        "加快县人民医院新院区建设",
    ],
)
def test_it_reads_a_concrete_qualitative_promise_as_a_milestone(clause):
    assert is_milestone(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "牢固树立以人为核心的城市观",
        "强化规划管控",
        "加强中心城区详细规划编制",
        "推动全产业链标准升级",
        "开展城市体检、城市更新以及重要景观节点城市设计",
        "促进更多农村转移人口在城区安家落户",
    ],
)
def test_it_leaves_general_intentions_out(clause):
    assert not is_milestone(clause)


def test_it_records_milestones_without_targets():
    found = drafts("做强纺织服装产业园,举办第二届潜江裁缝节,新增2000个停车位。")
    assert [(d.kind, d.quote, d.targets == ()) for d in found] == [
        ("milestone", "举办第二届潜江裁缝节", True),
        ("count", "新增2000个停车位", False),
    ]


def test_it_points_each_draft_at_its_quote():
    text = "大力推进精致之城建设。牢固树立城市观,新增2000个停车位。"
    (draft,) = split_key_tasks(text, start=11, end=len(text), offset=100, section=(), year=2024)
    assert draft.position == 100 + text.index("新增")


def test_it_titles_a_commitment_from_its_quote():
    assert make_title("完成兴盛路、百里长渠等8条路(渠)沿线风貌升级⑮") == "完成兴盛路、百里长渠等8条路(渠)沿线风貌升级"
    long_title = make_title(
        "同时促进发展更加丰富的服务业业态,吸引更多外出务工人口回流,促进更多农村转移人口在城区安家落户"
    )
    assert len(long_title) == TITLE_MAX and long_title.endswith("…") and long_title.startswith("促进")


@pytest.mark.parametrize(
    "clause",
    [
        "办好第五届鹤岭科技成果交易会",
        "举办第三届桐溪山地自行车赛",
        "开工建设鹤岭至青川城际铁路",
        "开工建设轨道交通4号线安澜段",
    ],
)
def test_an_event_held_again_or_a_line_to_build_is_a_milestone(clause):
    assert is_milestone(clause)
