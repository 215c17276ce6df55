"""Made-up words for synthetic work reports: issuers, departments, sections and promise templates.

Every name here is invented for load tests (no real county is meant). Templates follow the shapes of
DESIGN.md "Targets and progress": counts, levels with a baseline, growth rates, ratios and qualitative
promises with milestones, each tied to a chapter of the report and the departments that would lead it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Two syllables and a suffix make an issuer (清阳县人民政府); 40 × 30 × 3 = 3,600 names, enough for every
# county-level government of the country with one report each, and a third of them with last year's too.
FIRST = "江河湖山清安平宁丰永兴长东西南北新金玉桃松柳云石白青龙凤泰和嘉宜德华汉楚荆岳鹤明"
SECOND = "阳川源溪城陵安水泉口洲林台原滨乡堰桥湾岭浦都门亭沙坪塘埠溧圩"
SUFFIXES = ("县", "市", "区")


@dataclass(frozen=True)
class DepartmentName:
    slug: str
    name: str
    short: str
    kind: str  # Department.Kind value


# Shared by every generated report, so a department page spans many governments, as a province's would.
DEPARTMENTS = (
    DepartmentName("sim-fgj", "发展和改革局", "发改局", "bureau"),
    DepartmentName("sim-jxj", "经济和信息化局", "经信局", "bureau"),
    DepartmentName("sim-zjj", "住房和城乡建设局", "住建局", "bureau"),
    DepartmentName("sim-cgj", "城市管理综合执法局", "城管局", "bureau"),
    DepartmentName("sim-zgj", "自然资源和规划局", "自规局", "bureau"),
    DepartmentName("sim-nyj", "农业农村局", "农业局", "bureau"),
    DepartmentName("sim-swj", "商务局", "商务局", "bureau"),
    DepartmentName("sim-czj", "财政局", "财政局", "bureau"),
    DepartmentName("sim-tjj", "统计局", "统计局", "bureau"),
    DepartmentName("sim-jtj", "交通运输局", "交通局", "bureau"),
    DepartmentName("sim-slj", "水利局", "水利局", "bureau"),
    DepartmentName("sim-hbj", "生态环境分局", "环境分局", "bureau"),
    DepartmentName("sim-wlj", "文化和旅游局", "文旅局", "bureau"),
    DepartmentName("sim-rsj", "人力资源和社会保障局", "人社局", "bureau"),
    DepartmentName("sim-kjj", "科学技术局", "科技局", "bureau"),
    DepartmentName("sim-scj", "市场监督管理局", "市场监管局", "bureau"),
    DepartmentName("sim-jyj", "教育局", "教育局", "bureau"),
    DepartmentName("sim-wjj", "卫生健康局", "卫健局", "bureau"),
    DepartmentName("sim-yjj", "应急管理局", "应急局", "bureau"),
    DepartmentName("sim-sjj", "数据局", "数据局", "bureau"),
    DepartmentName("sim-kfq", "经济开发区管委会", "开发区", "zone"),
    DepartmentName("sim-gxq", "高新技术产业园区", "高新区", "zone"),
    DepartmentName("sim-hgy", "化工园区管委会", "化工园", "zone"),
    DepartmentName("sim-cjd", "城关街道办事处", "城关街道", "township"),
    DepartmentName("sim-xzz", "新镇人民政府", "新镇", "township"),
    DepartmentName("sim-ctj", "城市发展投资集团", "城投集团", "enterprise"),
    DepartmentName("sim-jtjt", "交通投资集团", "交投集团", "enterprise"),
    DepartmentName("sim-nfj", "农业发展集团", "农发集团", "enterprise"),
    DepartmentName("sim-gdg", "供电公司", "供电公司", "enterprise"),
    DepartmentName("sim-swjt", "水务集团", "水务集团", "enterprise"),
)

# Departments likely to lead a promise of each area (the first is the usual lead).
AREA_DEPARTMENTS = {
    "economy": ("sim-fgj", "sim-tjj", "sim-czj", "sim-swj", "sim-jxj"),
    "industry": ("sim-jxj", "sim-kfq", "sim-gxq", "sim-hgy", "sim-kjj", "sim-fgj"),
    "urban": ("sim-zjj", "sim-cgj", "sim-zgj", "sim-ctj", "sim-jtj", "sim-swjt"),
    "rural": ("sim-nyj", "sim-slj", "sim-nfj", "sim-xzz", "sim-zgj"),
    "green": ("sim-hbj", "sim-slj", "sim-gdg", "sim-zgj", "sim-fgj"),
    "people": ("sim-rsj", "sim-jyj", "sim-wjj", "sim-yjj", "sim-cjd", "sim-scj"),
    "culture": ("sim-wlj", "sim-swj", "sim-cjd", "sim-sjj"),
}

# Chapters under 二、<year>年重点工作; key "2.0" holds the main expected targets (growth, GDP).
CHAPTERS = (
    ("（一）", "着力扩大有效需求，推动经济持续回升向好", ("全力抓好项目建设", "大力提振消费", "持续优化营商环境")),
    ("（二）", "着力构建现代产业体系，壮大实体经济", ("推动传统产业转型升级", "培育壮大新兴产业")),
    ("（三）", "着力推进城乡融合发展，提升城市品质", ("实施城市更新行动", "全面推进乡村振兴", "加强生态环境保护")),
    ("（四）", "着力保障和改善民生，增进人民福祉", ("稳定和扩大就业", "办好人民满意的教育", "提升文化旅游品质")),
)
# Which chapter and theme (1-based) each area's promises sit under.
AREA_SECTIONS = {
    "economy": ((1, 1), (1, 2), (1, 3)),
    "industry": ((2, 1), (2, 2)),
    "urban": ((3, 1),),
    "rural": ((3, 2),),
    "green": ((3, 3),),
    "people": ((4, 1), (4, 2)),
    "culture": ((4, 3),),
}


@dataclass(frozen=True)
class Template:
    """One shape of promise: ``quote`` has {n} for the target (and {place}, {x} for names)."""

    kind: str
    area: str
    title: str
    quote: str
    unit: str
    low: float  # target range
    high: float
    comparator: str = ">="
    decimals: int = 0
    baseline: tuple[float, float] | None = None  # baseline as a share of the target (level kinds)
    steps: tuple[str, ...] = ()  # milestone titles of a qualitative promise
    invest: bool = False  # a project that carries planned investment (亿元)


COUNT = (
    Template("count", "urban", "新建口袋公园", "新建{n}个口袋公园，让市民推窗见绿、出门进园", "个", 5, 40),
    Template("count", "urban", "老旧小区改造", "实施{n}个老旧小区改造，同步完善养老托育等配套设施", "个", 20, 150),
    Template("count", "urban", "易涝点改造", "完成{n}处易涝点改造，提升城市排水防涝能力", "处", 3, 20),
    Template("count", "urban", "道路品质提升", "实施{n}条城市道路品质提升工程", "条", 3, 15),
    Template("count", "urban", "新增公共停车位", "新增公共停车位{n}个，缓解停车难问题", "个", 500, 5000),
    Template("count", "urban", "更新窨井盖", "更新改造窨井盖{n}个", "个", 1000, 8000),
    Template("count", "rural", "农村公路建设", "新建改造农村公路{n}公里", "公里", 50, 400, decimals=1),
    Template("count", "rural", "高标准农田建设", "新建高标准农田{n}万亩", "万亩", 3, 20, decimals=1),
    Template("count", "economy", "新增市场主体", "全年新增市场主体{n}户", "户", 2000, 15000),
    Template("count", "industry", "新增规上工业企业", "新增规模以上工业企业{n}家", "家", 10, 60),
    Template("count", "industry", "技术改造项目", "实施亿元以上技术改造项目{n}个", "个", 10, 80),
    Template("count", "people", "新建改扩建中小学", "新建、改扩建中小学{n}所，新增学位一批", "所", 2, 12),
    Template("count", "people", "城镇新增就业", "城镇新增就业{n}人以上", "人", 3000, 20000),
    Template("count", "green", "新建公共充电桩", "新建公共充电桩{n}个", "个", 200, 3000),
    Template("count", "urban", "保障性住房建设", "筹集建设保障性租赁住房{n}套", "套", 300, 3000),
)

LEVEL = (
    Template("level", "economy", "地区生产总值", "地区生产总值突破{n}亿元", "亿元", 300, 1500, ">", 0, (0.9, 0.95)),
    Template(
        "level", "industry", "重点产业综合产值", "{x}产业综合产值达到{n}亿元", "亿元", 50, 900, ">=", 0, (0.8, 0.9)
    ),
    Template("level", "rural", "粮食总产量", "粮食总产量稳定在{n}万吨以上", "万吨", 20, 120, ">=", 1, (0.97, 0.99)),
    Template("level", "rural", "农产品加工能力", "农产品加工能力达到{n}万吨", "万吨", 30, 150, ">=", 0, (0.8, 0.9)),
    Template("level", "culture", "接待游客人次", "全年接待游客突破{n}万人次", "万人次", 300, 2000, ">", 0, (0.8, 0.92)),
    Template("level", "economy", "实际使用外资", "实际使用外资达到{n}亿美元", "亿美元", 1, 10, ">=", 2, (0.7, 0.9)),
    Template(
        "level",
        "green",
        "单位GDP能耗",
        "单位地区生产总值能耗控制在{n}吨标准煤以内",
        "吨标准煤",
        0.3,
        0.8,
        "<=",
        3,
        (1.04, 1.1),
    ),
    Template(
        "level",
        "green",
        "PM2.5平均浓度",
        "细颗粒物（PM2.5）平均浓度控制在{n}微克/立方米以内",
        "微克/立方米",
        25,
        45,
        "<=",
        0,
        (1.05, 1.2),
    ),
)

GROWTH = (
    Template("growth", "economy", "地区生产总值增长", "地区生产总值增长{n}%以上", "%", 5, 8, decimals=1),
    Template("growth", "economy", "规上工业增加值增长", "规模以上工业增加值增长{n}%以上", "%", 6, 10, decimals=1),
    Template("growth", "economy", "固定资产投资增长", "固定资产投资增长{n}%以上", "%", 6, 12, decimals=1),
    Template("growth", "economy", "社会消费品零售总额增长", "社会消费品零售总额增长{n}%以上", "%", 6, 10, decimals=1),
    Template("growth", "economy", "一般公共预算收入增长", "一般公共预算收入增长{n}%", "%", 4, 10, decimals=1),
    Template("growth", "economy", "外贸出口增长", "外贸出口总额增长{n}%以上", "%", 5, 12, decimals=1),
    Template("growth", "people", "居民人均可支配收入增长", "城乡居民人均可支配收入增长{n}%", "%", 5, 8, decimals=1),
)

RATIO = (
    Template("ratio", "urban", "背街小巷亮化率", "背街小巷亮化率达到{n}%以上", "%", 80, 95),
    Template("ratio", "urban", "污水集中收集率", "城市生活污水集中收集率达到{n}%", "%", 70, 90),
    Template("ratio", "green", "空气质量优良天数比例", "空气质量优良天数比例达到{n}%以上", "%", 80, 92, decimals=1),
    Template("ratio", "rural", "农村生活垃圾无害化处理率", "农村生活垃圾无害化处理率达到{n}%", "%", 90, 99),
    Template("ratio", "people", "城镇调查失业率", "城镇调查失业率控制在{n}%以内", "%", 4.5, 5.5, "<=", 1),
    Template("ratio", "green", "森林覆盖率", "森林覆盖率提高到{n}%", "%", 20, 45, decimals=1),
)

PLAN, BUILD, TOPPED, ACCEPTED = "完成方案设计", "开工建设", "主体完工", "竣工验收"
MILESTONE = (
    Template(
        "milestone", "culture", "举办{x}节", "成功举办第{n}届{place}{x}节", "", 2, 9, steps=("制定筹备方案", "举办活动")
    ),
    Template(
        "milestone",
        "urban",
        "建成{x}",
        "加快{place}{x}建设，年内建成投用",
        "",
        0,
        0,
        steps=(PLAN, BUILD, TOPPED, ACCEPTED),
        invest=True,
    ),
    Template(
        "milestone",
        "industry",
        "推进{x}项目",
        "推进{x}项目建设，力争年内投产",
        "",
        0,
        0,
        steps=(BUILD, TOPPED, "设备安装调试", "建成投产"),
        invest=True,
    ),
    Template(
        "milestone",
        "economy",
        "出台{x}",
        "研究出台{x}，持续优化营商环境",
        "",
        0,
        0,
        steps=("调研起草", "征求意见", "印发实施"),
    ),
    Template(
        "milestone",
        "green",
        "创建{x}",
        "创建{x}，力争年内通过验收",
        "",
        0,
        0,
        steps=("提交申报材料", "迎接评审", "通过验收"),
    ),
    Template("milestone", "rural", "打造{x}", "打造{x}，带动农民增收", "", 0, 0, steps=(PLAN, BUILD, "建成运营")),
)

# Fillers for {x}, by template title.
FILLERS = {
    "举办{x}节": ("龙虾", "桃花", "荷花", "龙舟", "非遗文化", "农民丰收", "美食", "马拉松"),
    "建成{x}": ("体育公园", "滨河公园", "图书馆新馆", "污水处理厂三期", "冷链物流园", "城市客厅", "智慧城市运营中心"),
    "推进{x}项目": ("年产20万吨新材料", "光伏组件", "锂电池正极材料", "新型储能电站", "绿色食品加工", "智能装备制造"),
    "出台{x}": ("支持民营经济发展若干措施", "人才引进十条", "促进消费一揽子政策", "优化营商环境实施方案"),
    "创建{x}": ("国家级新型工业化产业示范基地", "全域旅游示范区", "农产品质量安全县", "生态文明建设示范区"),
    "打造{x}": ("现代农业产业园", "虾稻共作示范区", "田园综合体", "特色农产品优势区"),
    "重点产业综合产值": ("小龙虾", "纺织服装", "精细化工", "装备制造", "电子信息", "生物医药"),
}

KINDS = (
    ("count", COUNT, 30),
    ("level", LEVEL, 12),
    ("growth", GROWTH, 10),
    ("ratio", RATIO, 13),
    ("milestone", MILESTONE, 35),
)

NARRATIVES = (
    "按月推进，各项工作有序开展。",
    "已完成阶段性任务，正在组织下一阶段实施。",
    "受天气影响进度略有放缓，已制定赶工计划。",
    "已召开专题调度会，协调解决用地和资金问题。",
    "项目现场施工正常，累计完成情况见填报数值。",
    "数据经统计部门初步核算，待年报最终确认。",
)
RETURN_NOTES = ("佐证材料不全，请补充现场照片后重新提交。", "填报数值与统计口径不一致，请核实后重新提交。")
VERIFY_NOTE = "经实地核查，填报数据属实。"
