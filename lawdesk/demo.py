"""The demo data set: a realistic street office (金兰山街道) with three years of records.

2022 reproduces every figure of the 金兰山街道 2022 reference report (listed in tests/reference.py):
4 leadership meetings, 3 field research visits, 2 supervisions, 5 problems solved, 26 patrols,
103 disputes resolved ("100余起"), 4 集中学法, 2 cadre trainings, 3 lecturers, 12 lectures,
2 warning meetings, 45 + 21 hotline cases closed, 100 % on time, 97 % satisfied. 2021 and 2023
differ so that year-on-year comparisons and the "不足" suggestions (late cases, open disputes,
unsolved problems) have something to show. Cases received in December and closed in January
cross the year boundary on purpose.

Every row goes through the same validation as the clerk's input and is written the way every
new record is (``records.insert_cleaned``).

(Longer than most modules: most of it is the demo offices' data set.)
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lawdesk.errors import LawdeskError
from lawdesk.models import RECORD_MODELS, database
from lawdesk.paths import COUNTY_DEMO_FILE_NAME, DEMO_FILE_NAME, is_demo_path
from lawdesk.report.outline import CUSTOM_NAME, ROLE_PLANS, ROLE_SHORTCOMINGS, Outline, OutlineNode
from lawdesk.schema import spec_for
from lawdesk.services import audit, events, settings, units
from lawdesk.services.lookup import resolve_ref
from lawdesk.services.records import insert_cleaned
from lawdesk.services.validation import clean_record

SEED = 20230109

PROFILE = {
    "unit_name": "金兰山街道",
    "county_name": "新县",
    "party_organ": "中共新县金兰山街道工作委员会",
    "government_organ": "新县金兰山街道办事处",
    "issuer_mark": "中共新县金兰山街道工作委员会文件",
    "doc_prefix": "金文",
    "next_doc_number": 5,
    "signers": "张健平、余志强",
    "principal_leaders": "张健平、余志强",
    "addressee": "县委、县政府",
    "copy_to": "县委全面依法治县委员会办公室、县司法局",
    "print_organ": "中共新县金兰山街道工作委员会办公室",
    "legal_adviser_firm": "庆勇律师事务所",
    "legal_service_station": "金兰山街道公共法律服务工作站",
    "leadership_group": (
        "组长：党工委书记张健平；常务副组长：党工委副书记、办事处主任余志强；"
        "副组长：分管领导；成员：司法所、平安建设办公室和相关部门负责人。"
    ),
}

PRINCIPALS = ("张健平", "余志强")
DEPUTIES = ("陈立新", "周海燕", "刘德明")
COMMUNITIES = (
    ("金兰山社区", "王建军", "刘庆勇", 7),
    ("龙潭社区", "李志刚", "刘庆勇", 5),
    ("桂花社区", "赵卫东", "孙晓梅", 6),
    ("青石社区", "何俊峰", "孙晓梅", 5),
    ("河畔社区", "黄永明", "刘庆勇", 6),
    ("新华社区", "吴国庆", "孙晓梅", 5),
)
LECTURERS = (
    # name, unit, title, appointed, left
    ("罗文静", "司法所", "司法所所长", "2019-03-01", None),
    ("彭志远", "综治中心", "综治中心副主任", "2021-03-15", None),
    ("汪雪梅", "司法所", "司法助理员", "2021-09-01", None),
    ("邓海波", "派出所", "社区民警", "2018-05-01", "2021-06-30"),
    ("邹小燕", "综治中心", "网格员", "2023-03-01", None),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华兰玉萍红梅建国志文斌海燕鹏飞俊峰永亮凤琴云春雪琳晓东德福荣"


@dataclass
class YearPlan:
    """How much of each kind of work a demo year has (2022 is the reference report)."""

    leadership_meetings: int
    other_meetings: int
    warning_meetings: int
    visits: list[tuple[str, bool, str, int, int]]  # (kind, principal, field, found, solved)
    patrols: int
    disputes_same_year: int  # received and resolved in the year
    disputes_carry_next: int  # received in December, resolved in January of the next year
    disputes_failed: int
    disputes_terminated: int
    disputes_open: int  # still 调解中 (received in December)
    study_forms: dict[str, int]
    lectures: int
    hotline_same_year: dict[str, int]  # channel -> closed in the same year
    hotline_carry_next: dict[str, int]  # channel -> received December, closed January
    hotline_unsatisfied: int
    hotline_unvisited: int
    hotline_late: int
    hotline_open: int  # not closed (received in December of the last year)
    reviews: dict[str, int]
    adviser_services: int
    honors: list[tuple[str, str, str, str, str]] = field(default_factory=list)


PLANS: dict[int, YearPlan] = {
    2021: YearPlan(
        leadership_meetings=3, other_meetings=3, warning_meetings=1,
        visits=[("调研", True, "基层治理", 2, 2), ("督查", True, "安全生产", 2, 1), ("调研", False, "人居环境", 1, 1)],
        patrols=20, disputes_same_year=84, disputes_carry_next=4, disputes_failed=2, disputes_terminated=1,
        disputes_open=0,
        study_forms={"集中学法": 3, "社区干部法治教育培训": 1, "以案代训": 2, "周四大学堂": 5, "会前学法": 2},
        lectures=9,
        hotline_same_year={"12345市长热线": 36, "县交办件": 15},
        hotline_carry_next={"12345市长热线": 2, "县交办件": 1},
        hotline_unsatisfied=3, hotline_unvisited=0, hotline_late=2, hotline_open=0,
        reviews={"行政机关合同": 6, "行政规范性文件": 1, "重大行政决策": 2},
        adviser_services=14,
        honors=[("2021-11-20", "市级民主法治示范社区", "龙潭社区", "市级", "市委全面依法治市委员会办公室")],
    ),
    2022: YearPlan(
        leadership_meetings=4, other_meetings=4, warning_meetings=2,
        visits=[
            ("调研", True, "法律援助", 1, 1),
            ("督查", True, "基层治理", 1, 1),
            ("调研", True, "法律援助", 1, 1),
            ("调研", True, "基层治理", 2, 1),
            ("督查", True, "人居环境", 1, 1),
            ("调研", False, "矛盾纠纷", 2, 0),
            ("检查", False, "安全生产", 1, 0),
        ],
        patrols=26, disputes_same_year=99, disputes_carry_next=2, disputes_failed=3, disputes_terminated=1,
        disputes_open=0,
        study_forms={"集中学法": 4, "社区干部法治教育培训": 2, "以案代训": 3, "周四大学堂": 6, "专题讲座": 1,
                     "会前学法": 2},
        lectures=12,
        hotline_same_year={"12345市长热线": 43, "县交办件": 20},
        hotline_carry_next={"12345市长热线": 2, "县交办件": 0},
        hotline_unsatisfied=2, hotline_unvisited=1, hotline_late=0, hotline_open=0,
        reviews={"行政机关合同": 8, "行政规范性文件": 2, "党的规范性文件": 1, "重大行政决策": 3},
        adviser_services=18,
        honors=[("2022-10-28", "省级五星规范化司法所", "金兰山司法所", "省级", "省司法厅")],
    ),
    2023: YearPlan(
        leadership_meetings=5, other_meetings=5, warning_meetings=2,
        visits=[
            ("调研", True, "基层治理", 2, 2), ("调研", True, "征地拆迁", 3, 1), ("督查", True, "人居环境", 2, 2),
            ("督查", True, "安全生产", 1, 1), ("督查", True, "法律援助", 1, 1), ("调研", False, "矛盾纠纷", 2, 1),
        ],
        patrols=31, disputes_same_year=112, disputes_carry_next=0, disputes_failed=4, disputes_terminated=2,
        disputes_open=3,
        study_forms={"集中学法": 5, "社区干部法治教育培训": 3, "以案代训": 4, "周四大学堂": 8, "会前学法": 3,
                     "旁听庭审": 1},
        lectures=15,
        hotline_same_year={"12345市长热线": 52, "县交办件": 24},
        hotline_carry_next={"12345市长热线": 0, "县交办件": 0},
        hotline_unsatisfied=2, hotline_unvisited=2, hotline_late=1, hotline_open=2,
        reviews={"行政机关合同": 11, "行政规范性文件": 2, "重大行政决策": 4, "重大行政执法决定": 2},
        adviser_services=22,
        honors=[("2023-12-05", "县级法治建设先进集体", "金兰山街道", "县级", "中共新县县委")],
    ),
}  # fmt: skip

MEETING_TOPICS = {
    "法治建设专题会议": "研究部署年度法治政府建设工作",
    "党工委班子会": "传达学习上级法治建设会议精神，研究法治政府建设重点任务",
    "法治建设推进会": "推进法治政府建设重点任务落实",
    "法治建设领导小组会议": "调整法治政府建设工作领导小组，审议年度工作方案",
    "警示教育大会": "警示教育大会暨廉政谈话",
    "理论学习中心组学习": "学习习近平法治思想",
    "廉政谈话会": "机关、社区干部廉政谈话",
}
STUDY_TOPICS = {
    "集中学法": ("行政执法规范", "农村建房审批相关法律法规", "民法典物权编", "行政复议法修订要点", "信访工作条例"),
    "社区干部法治教育培训": ("社区日常工作中的法律问题", "人民调解实务与法律风险防范", "社区依法治理"),
    "以案代训": ("土地纠纷典型案例剖析", "欠薪纠纷调处案例", "邻里纠纷调解案例", "行政诉讼败诉案例"),
    "周四大学堂": ("习近平法治思想专题", "宪法精神解读", "安全生产法学习", "反有组织犯罪法解读"),
    "专题讲座": ("法治政府建设实施纲要解读",),
    "会前学法": ("行政处罚法要点", "政府信息公开条例"),
    "旁听庭审": ("旁听行政诉讼案件庭审",),
}
LAWS_BY_FORM = {
    "集中学法": "宪法、民法典、行政处罚法",
    "社区干部法治教育培训": "民法典、人民调解法",
    "以案代训": "民法典、人民调解法",
    "周四大学堂": "宪法、安全生产法",
}
LECTURE_PLAN = (
    # topic, venue_type, venue, audience group, special day, laws
    ("《中华人民共和国民法典》进村组", "进乡村", "龙潭村民组", "群众", None, "民法典"),
    ("消费者权益保护法律宣传", "进社区", "金兰山社区广场", "群众", "3·15消费者权益保护日", "消费者权益保护法"),
    ("预防青少年犯罪法治课", "进学校", "金兰山中学", "青少年学生", None, "未成年人保护法、治安管理处罚法"),
    ("禁毒宣传进学校", "进学校", "金兰山中心小学", "青少年学生", "6·26国际禁毒日", "禁毒法"),
    ("人民调解法宣讲", "进社区", "桂花社区活动室", "群众", None, "人民调解法"),
    ("森林防火法律知识宣讲", "进乡村", "青石村民组", "群众", None, "森林法"),
    ("安全生产法律宣讲", "进企业", "金兰山工业园", "企业职工", "安全生产月", "安全生产法"),
    ("国家宪法日宣传", "进社区", "河畔社区", "群众", "12·4国家宪法日", "宪法"),
    ("治安管理处罚条例与刑罚知识讲座", "进学校", "新华小学", "青少年学生", None, "治安管理处罚法"),
    ("民法典婚姻家庭编宣讲", "进社区", "新华社区", "老年人", None, "民法典"),
    ("农民工欠薪维权法律讲座", "进企业", "金兰山建筑工地", "外来务工人员", None, "劳动合同法"),
    ("机关干部宪法学习宣讲", "进机关", "街道机关会议室", "村(社区)干部", "12·4国家宪法日", "宪法"),
    ("全民国家安全教育日宣传", "进社区", "龙潭社区", "群众", "4·15全民国家安全教育日", "国家安全法"),
    ("反电信诈骗法律宣传", "进社区", "桂花社区", "老年人", None, "反电信网络诈骗法"),
    ("法律明白人培训宣讲", "进乡村", "金兰山村民组", "法律明白人", None, "民法典、人民调解法"),
)
DISPUTE_SUMMARIES = {
    "邻里纠纷": ("邻里排水沟堵塞引发纠纷", "相邻通行权纠纷", "邻居装修噪音纠纷"),
    "婚姻家庭": ("赡养老人费用分担纠纷", "离婚财产分割纠纷", "家庭成员宅院继承纠纷"),
    "土地山林": ("承包地边界纠纷", "山林权属界址纠纷"),
    "劳动争议(欠薪)": ("农民工工资拖欠纠纷", "工伤赔偿争议"),
    "物业纠纷": ("物业费收取纠纷", "小区停车位使用纠纷"),
    "房屋宅基地": ("宅基地使用权纠纷", "房屋漏水损害赔偿纠纷"),
    "损害赔偿": ("交通事故损害赔偿纠纷", "饲养动物致人损害纠纷"),
    "合同纠纷": ("买卖合同货款纠纷", "房屋租赁合同纠纷"),
    "消费纠纷": ("预付卡消费退费纠纷",),
}
HOTLINE_SUMMARIES = (
    ("城市管理", "反映小区门口占道经营"),
    ("环境", "反映餐馆油烟扰民"),
    ("城乡建设", "反映道路路灯损坏"),
    ("劳动保障", "反映工地拖欠工资"),
    ("物业", "反映小区电梯长期故障"),
    ("治安", "反映夜间噪音扰民"),
    ("咨询", "咨询城乡居民医保缴费"),
    ("城乡建设", "反映排水管网堵塞"),
)


class DemoBuilder:
    """Builds the rows of each record type for the demo years."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: dict[str, list[dict[str, object]]] = {}

    def add(self, record_kind: str, /, **values: object) -> None:
        self.rows.setdefault(record_kind, []).append(values)

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2))))

    def day(self, year: int, month: int | None = None) -> dt.date:
        month = month or self.rng.randint(1, 12)
        return dt.date(year, month, self.rng.randint(1, 28))

    def spread(self, year: int, n: int, months: tuple[int, int] = (1, 12)) -> Iterator[dt.date]:
        """``n`` dates spread evenly over the months of ``year``."""
        first, last = months
        span = (dt.date(year, last, 28) - dt.date(year, first, 1)).days
        for i in range(n):
            offset = int((i + self.rng.random()) * span / max(n, 1))
            yield dt.date(year, first, 1) + dt.timedelta(days=min(offset, span))

    def community(self) -> str:
        return self.rng.choice(COMMUNITIES)[0]

    # -- per record type --------------------------------------------------------------------

    def meetings(self, year: int, plan: YearPlan) -> None:
        lead_kinds = ["法治建设领导小组会议", "法治建设专题会议", "党工委班子会", "法治建设推进会", "法治建设专题会议"]
        for i, day in enumerate(self.spread(year, plan.leadership_meetings)):
            kind = lead_kinds[i % len(lead_kinds)]
            self.add(
                "meeting", date=day, kind=kind, title=f"{year}年{MEETING_TOPICS[kind]}", chair=PRINCIPALS[i % 2],
                is_principal_led=True, on_rule_of_law=True, participants=self.rng.randint(12, 30),
                location="街道办三楼会议室", leader=PRINCIPALS[i % 2],
            )  # fmt: skip
        others = ["理论学习中心组学习", "法治建设推进会", "廉政谈话会", "理论学习中心组学习", "法治建设推进会"]
        for i, day in enumerate(self.spread(year, plan.other_meetings)):
            kind = others[i % len(others)]
            principal = kind == "理论学习中心组学习"
            chair = PRINCIPALS[0] if principal else DEPUTIES[i % 3]
            self.add(
                "meeting", date=day, kind=kind, title=f"{MEETING_TOPICS[kind]}（{day.month}月）", chair=chair,
                is_principal_led=principal, on_rule_of_law=True, participants=self.rng.randint(10, 40),
                location="街道办三楼会议室", leader=chair,
            )  # fmt: skip
        for day in self.spread(year, plan.warning_meetings, (4, 11)):
            self.add(
                "meeting", date=day, kind="警示教育大会", title=f"{year}年警示教育大会", chair=PRINCIPALS[0],
                is_principal_led=True, on_rule_of_law=False, participants=self.rng.randint(60, 90),
                location="街道办大会议室", leader=PRINCIPALS[0],
            )  # fmt: skip

    def visits(self, year: int, plan: YearPlan) -> None:
        dates = list(self.spread(year, len(plan.visits), (2, 11)))
        subjects = {
            "法律援助": "法律援助工作站运行情况", "基层治理": "社区网格化治理工作", "人居环境": "人居环境整治中的执法问题",
            "安全生产": "辖区企业安全生产", "矛盾纠纷": "矛盾纠纷排查化解工作", "征地拆迁": "征地拆迁依法依规推进情况",
        }  # fmt: skip
        for day, (kind, principal, pfield, found, solved) in zip(dates, plan.visits, strict=True):
            leader = PRINCIPALS[day.month % 2] if principal else DEPUTIES[day.month % 3]
            community = self.community()
            self.add(
                "supervision", date=day, kind=kind, subject=f"{kind}{subjects[pfield]}", target=community,
                problem_field=pfield, problems_found=found, problems_solved=solved, leader=leader,
                is_principal_led=principal, community=community,
            )  # fmt: skip

    def patrols(self, year: int, plan: YearPlan) -> None:
        areas = ("金兰山老街至农贸市场", "龙潭社区沿河路段", "金兰山中学周边", "工业园区及出租屋集中区", "桂花社区夜市")
        partners = ("派出所、司法所、综合行政执法大队", "派出所、综合行政执法大队", "派出所、平安志愿者")
        for i, day in enumerate(self.spread(year, plan.patrols)):
            self.add(
                "patrol", date=day, area=areas[i % len(areas)], team="联合派出所",
                partner_units=partners[i % len(partners)], persons=self.rng.randint(6, 15),
                hazards_found=self.rng.choice((0, 0, 1, 2)), leader=DEPUTIES[i % 3], community=self.community(),
            )  # fmt: skip

    def _dispute(self, received: dt.date, status: str, closed: dt.date | None, method: str = "人民调解") -> None:
        dtype = self.rng.choice(tuple(DISPUTE_SUMMARIES))
        self.add(
            "dispute", received_date=received, summary=self.rng.choice(DISPUTE_SUMMARIES[dtype]), dispute_type=dtype,
            source=self.rng.choice(("排查发现", "群众来访", "网格上报", "12345转办")),
            parties_names=f"{self.name()}、{self.name()}", parties=2,
            mediator_org=self.rng.choice(("街道人民调解委员会", "社区调委会", "司法所")), mediator=self.name(),
            method=method, status=status, closed_date=closed, community=self.community(),
        )  # fmt: skip

    def disputes(self, year: int, plan: YearPlan) -> None:
        for received in self.spread(year, plan.disputes_same_year, (1, 11)):
            self._dispute(received, "调解成功", received + dt.timedelta(days=self.rng.randint(1, 25)))
        for _ in range(plan.disputes_failed):
            received = self.day(year, self.rng.randint(2, 10))
            self._dispute(received, "调解不成", received + dt.timedelta(days=20), "引导诉讼")
        for _ in range(plan.disputes_terminated):
            received = self.day(year, self.rng.randint(2, 10))
            self._dispute(received, "终止", received + dt.timedelta(days=10), "其他")
        for _ in range(plan.disputes_carry_next):
            received = dt.date(year, 12, self.rng.randint(20, 30))
            self._dispute(received, "调解成功", dt.date(year + 1, 1, self.rng.randint(3, 15)))
        for _ in range(plan.disputes_open):
            self._dispute(dt.date(year, 12, self.rng.randint(10, 28)), "调解中", None)

    def studies(self, year: int, plan: YearPlan) -> None:
        for form, n in plan.study_forms.items():
            topics = STUDY_TOPICS[form]
            for i, day in enumerate(self.spread(year, n)):
                cadre = form in ("社区干部法治教育培训", "以案代训")
                self.add(
                    "study", date=day, form=form, topic=topics[i % len(topics)],
                    audience_level="村(社区)干部" if cadre else ("党工委班子" if form == "集中学法" else "全体机关干部"),
                    speaker="罗文静" if cadre else ("刘庆勇" if form == "专题讲座" else PRINCIPALS[i % 2]),
                    participants=self.rng.randint(25, 60) if cadre else self.rng.randint(12, 45),
                    hours=self.rng.choice((1, 1.5, 2, 3)), laws_studied=LAWS_BY_FORM.get(form, ""),
                    is_principal_led=form == "集中学法", leader=PRINCIPALS[0] if form == "集中学法" else "",
                )  # fmt: skip

    def lectures(self, year: int, plan: YearPlan, lecturer_names: list[str]) -> None:
        for i, day in enumerate(self.spread(year, plan.lectures)):
            topic, venue_type, venue, group, special, laws = LECTURE_PLAN[i % len(LECTURE_PLAN)]
            self.add(
                "lecture", date=_special_date(year, special) or day, topic=topic,
                lecturer=lecturer_names[i % len(lecturer_names)], venue_type=venue_type, venue=venue,
                audience_group=group, audience=self.rng.randint(40, 300), special_day=special, laws=laws,
                materials=self.rng.randint(100, 600), community=self.community(),
            )  # fmt: skip

    def _hotline(self, channel: str, received: dt.date, closed: dt.date | None, feedback: str | None,
                 late: bool = False) -> None:  # fmt: skip
        category, summary = self.rng.choice(HOTLINE_SUMMARIES)
        due = received + dt.timedelta(days=15 if channel == "12345市长热线" else 10)
        if closed is not None and late:
            closed = due + dt.timedelta(days=self.rng.randint(2, 6))
        self.add(
            "hotline", channel=channel, ticket_no=f"{'RX' if channel.startswith('12345') else 'XJ'}{received:%Y%m%d}"
            f"{self.rng.randint(1000, 9999)}", received_date=received, due_date=due, summary=summary,
            category=category, handler=self.community(), closed_date=closed, feedback=feedback,
            community=self.community(),
        )  # fmt: skip

    def hotline(self, year: int, plan: YearPlan) -> None:
        unhappy, unvisited, late = plan.hotline_unsatisfied, plan.hotline_unvisited, plan.hotline_late
        for channel, n in plan.hotline_same_year.items():
            for received in self.spread(year, n, (1, 11)):
                closed = received + dt.timedelta(days=self.rng.randint(2, 9))
                if unhappy:
                    feedback, unhappy = "不满意", unhappy - 1
                elif unvisited:
                    feedback, unvisited = "未回访", unvisited - 1
                else:
                    feedback = self.rng.choice(("满意", "满意", "满意", "基本满意"))
                is_late = late > 0
                late -= int(is_late)
                self._hotline(channel, received, closed, feedback, late=is_late)
        for channel, n in plan.hotline_carry_next.items():
            for _ in range(n):
                received = dt.date(year, 12, self.rng.randint(24, 28))
                self._hotline(channel, received, dt.date(year + 1, 1, self.rng.randint(2, 3)), "满意")
        for _ in range(plan.hotline_open):
            self._hotline("12345市长热线", dt.date(year, 12, self.rng.randint(1, 8)), None, None)

    def reviews(self, year: int, plan: YearPlan) -> None:
        titles = {
            "行政机关合同": ("街道保洁服务采购合同", "社区综合服务中心装修工程合同", "农贸市场租赁合同", "道路维修工程合同"),
            "行政规范性文件": ("街道网格化管理办法", "农村建房审批管理规定"),
            "党的规范性文件": ("党工委议事规则",),
            "重大行政决策": ("老旧小区改造实施方案", "人居环境整治三年行动方案", "征地补偿安置方案"),
            "重大行政执法决定": ("违法建设强制拆除决定",),
        }  # fmt: skip
        for category, n in plan.reviews.items():
            for i, day in enumerate(self.spread(year, n)):
                self.add(
                    "review", received_date=day, title=f"{titles[category][i % len(titles[category])]}（{year}）",
                    category=category, submitting_dept=self.rng.choice(("党政办", "经发办", "城建办", "社会事务办")),
                    reviewer_type=self.rng.choice(("司法所", "法律顾问")),
                    reviewer=self.rng.choice(("罗文静", "刘庆勇")),
                    result=self.rng.choice(("合法", "合法", "修改后合法")), opinions_count=self.rng.randint(0, 5),
                    opinion_letter=category != "行政机关合同" or i % 3 == 0,
                    completed_date=day + dt.timedelta(days=self.rng.randint(2, 5)),
                )  # fmt: skip

    def adviser(self, year: int, plan: YearPlan) -> None:
        kinds = ("列席会议", "审核合同", "法律咨询", "参与重大事项讨论", "进社区宣讲", "参与信访调处", "坐班值班")
        for i, day in enumerate(self.spread(year, plan.adviser_services)):
            kind = kinds[i % len(kinds)]
            self.add(
                "adviser", date=day, adviser="刘庆勇", firm="庆勇律师事务所", kind=kind,
                summary=f"{kind}（{day.month}月）", people_served=self.rng.randint(1, 30),
                letters=1 if kind in ("审核合同", "参与重大事项讨论") else 0, community=self.community(),
            )  # fmt: skip

    def honors(self, plan: YearPlan) -> None:
        for day, title, holder, level, by in plan.honors:
            self.add("honor", date=day, title=title, holder=holder, level=level, awarded_by=by)


def _special_date(year: int, special: str | None) -> dt.date | None:
    """The day of a 法治宣传节日 such as "3·15…" in ``year`` (None for months and weeks)."""
    if not special or "·" not in special:
        return None
    month, rest = special.split("·", 1)
    day = "".join(ch for ch in rest if ch.isdigit())
    return dt.date(year, int(month), int(day))


def build_rows(years: tuple[int, ...] = tuple(PLANS)) -> dict[str, list[dict[str, object]]]:
    """Every demo row, by record kind, in insertion order (referenced kinds first)."""
    b = DemoBuilder(random.Random(SEED))
    for name, police, adviser, mediators in COMMUNITIES:
        b.add("community", name=name, police_officer=police, legal_adviser=adviser, mediators=mediators,
              established_on="2015-01-01")  # fmt: skip
    for name, unit, title, appointed, left in LECTURERS:
        b.add("lecturer", name=name, unit=unit, title=title, phone=f"1390376{b.rng.randint(1000, 9999)}",
              appointed_on=appointed, left_on=left)  # fmt: skip
    for year in years:
        plan = PLANS[year]
        active = [n for n, _u, _t, a, left in LECTURERS if a <= f"{year}-12-31" and (left or "9") >= f"{year}-01-01"]
        b.meetings(year, plan)
        b.visits(year, plan)
        b.patrols(year, plan)
        b.disputes(year, plan)
        b.studies(year, plan)
        b.lectures(year, plan, active)
        b.hotline(year, plan)
        b.reviews(year, plan)
        b.adviser(year, plan)
        b.honors(plan)
    return b.rows


# --------------------------------------------------------------------------------------------
# The demo office's own words: the wording of its 2022 report, stored as its clerk's text for
# 2021 and 2022 (2023 carries 2022's), along its own outline. Every figure and every named
# specific of the records is a placeholder, so the text follows the records; a sentence about a
# kind of work the office did not do that year drops with its data ({?key} conditions). Nothing
# here is the program's: another office starts from the program's data clauses and prompts.

_PREAMBLE = (
    "{year}年在{superior}的坚强领导下，{unit_name}深入学习贯彻习近平法治思想，扎实推进法治政府建设各项工作，"
    "营造了良好的法治环境。现将有关工作情况报告如下："
)

_S1_BODY = (
    "加强党对法治政府建设的统一领导，充分发挥议事协调机构作用，大力加强法治政府建设工作保障。坚持党建引领，推进法治政府建设。"
    "一是加强组织领导。履行法治政府建设第一责任人职责，调整街道法治政府建设工作领导小组，由党工委书记任组长，"
    "党工委副书记、办事处主任为常务副组长，分管领导任副组长，司法所、平安建设办公室和相关部门人员为成员，"
    "细化制定工作方案，把目标任务分解到部门、落实到岗位、量化到个人，形成了主要领导亲自抓、分管领导具体抓、"
    "相关部门齐心抓的工作局面；二是精准靶向发力。［主持召开专题会议、班子会、推进会{leadership_meetings}次，］"
    "分析研判法治政府建设工作，制定法治政府建设时间表，量化工作责任。坚持对法治政府建设重大重点任务亲自部署、亲自过问，"
    "亲自协调、亲自督办，将法治政府建设纳入街道总体规划和年度计划，与街道中心工作、经济社会发展同部署、同推进、"
    "同考核、同奖惩。［督促进度，［深入现场调研{field_research}次］，［带队开展督查{supervisions_led}次］，"
    "［解决［{problem_fields:等}］法治领域问题{problems_solved}个］。］"
)

_S2_BODY = ""
_S2_1_BODY = (
    "［{?legal_reviews}一是形成长效机制，加强对重大行政决策、规范性文件合法性审查，提高决策科学化、民主化、法治化水平。"
    "坚持重大事项报告制度，建立重点重大事项督查督办机制，主动接受人大法律监督、自觉接受司法监督、社会监督和舆论监督。"
    "在决策前缜密论证，广泛征求各方意见，督促班子成员依法依规办事，扎紧制度笼子，让权力在阳光下运行；］"
    "［{?disputes_received}二是依托街道人民调解委员会，为创建“四无”乡镇搭建有效法治平台、夯实坚实法治基础，运用法治思维和法治方式，"
    "为群众矛盾纠纷提供专业的解决办法。］\n"
    "［{?patrols}坚持防范在先、源头治理，［联合{partner_units}，］采取治安联防、矛盾联调、政策联宣"
    "［，［开展治安巡逻{patrols}次］、［排查化解矛盾纠纷{disputes_resolved}起］］。］"
    "［{?disputes_received}完善矛盾纠纷多元化解机制，引导“两代表一委员”、律师、乡贤、“五老四员”等参与［，实现{coverage_items}全覆盖］。"
    "形成“人人参与创建，人人共享平安”的共建共治共享格局。］［{honor_titles_sentence}；］"
    "三是强化理论学习教育，组织理论学习中心组学习，带头学习宣传习近平总书记关于法治政府建设的重要指示精神，"
    "切实提高依法行政政治自觉，重点围绕行政执法、农村建房审批等具体工作［，开展集中学法{study_sessions}次］，"
    "持续提升班子成员法治素养和履职能力。结合“周四大学堂”，积极采取集中授课、以案代训等方式，"
    "教育引导全体干部职工学法、知法、用法、守法，提高运用法治思维和法治方式深化改革、推动发展、化解矛盾、维护稳定的能力，"
    "提高依法执政、依法行政的能力和水平；深化法治队伍建设。全面推进社区干部素质能力提升工程"
    "［，{?cadre_trainings}邀请专家，就农村日常工作中涉及到的法律问题，举办法治专题讲座，"
    "开展社区干部法治教育培训{cadre_trainings}期］，社区干部依法办事、依法行政的能力水平不断提升。"
    "［{?lectures}从司法所、综治中心抽调干部担任宣讲员，［以{lecture_laws_titles:等}法律法规为内容，］"
    "深入村组、中小学校开展普法宣讲活动。］"
    "［共配备普法宣讲员{lecturers}人］［，累计宣讲{lectures}场］。"
)
_S2_2_BODY = (
    "组织机关、社区干部廉政谈话，有效运用监督执纪“第一种形态”［，召开警示教育大会{warning_meetings}次］。"
    "实行科级干部包保、坐班接访和重大时间节点24小时值班制度，严格落实涉稳重点人员“四定四包六控”责任"
    "［，共办结［“12345”市长热线{hotline_closed}件］、［县交办件{county_assigned_closed}件］］"
    "［，按期办结率{on_time_rate}%］［，群众满意率{satisfaction_rate}%］。"
    "以上率下、以点带面，全面营造风清气正政治生态。"
)
_S2_3_BODY = (
    "一是推进行政立法提质增效。积极配合上级部门下发的相关规则制度立改废释各项工作，并在规定时间节点反馈工作成效。"
    "推进基层治理法治化，在党的领导下按照法律要求来管理基层事务、政治、经济、文化等一切活动，以人民为中心推进基层法治建设；"
    "二是强化文件监督管理。坚持“谁起草、谁负责、谁审核、谁把关”的原则，一级对一级负责，层层把握好质量。"
    "对涉及法律的相关内容，征求司法部门意见建议"
    "［，全年开展合法性审查{legal_reviews}件］［，出具法律意见书{review_letters}份］；"
    "三是强化决策程序实施。按照“集体领导、民主集中、个别酝酿、会议决定”的要求，健全和完善街道党工委议事规则和决策程序、"
    "中心组学习制度、重大事项决策等制度，坚持重大问题集体讨论决定，保证决策的民主化、科学化。"
    "［{?adviser_services}街道聘请{legal_adviser_firm}主任担任法律顾问，相关文件、合同均听取法律顾问的意见。］"
)
_S2_4_BODY = (
    "依法全面履行政府职能，完善依法行政决策机制，加强行政规范性文件制定管理，持续优化法治化营商环境，"
    "深入推进服务型行政执法建设，全面落实行政执法责任制，强化重大突发事件依法处置，依托党建引领基层治理，"
    "强化法治政府建设推进机制。［{?school_lectures}加大全民普法力度，联合司法所开展法治教育进学校法律宣传教育活动，"
    "宣传预防青少年犯罪、治安管理处罚法和刑法等方面的法律知识，组织“禁毒宣传进学校”活动。］"
    "［{?lectures}同时，聚焦社会治理、森林防火、安全生产等关键领域，［结合{special_days_quoted:等}重要法治宣传节日，］"
    "围绕重点领域、重点人群，开展“普法教育六进”活动，打造共建共治共享的社会治理格局。］"
    "［深化公共法律服务体系建设，建成高标准的{legal_service_station}。］"
)

_S3_BODY = "\n".join((
    "（一）权责不清。基层政府是直接与老百姓打交道的，由于长期以来的习惯和认知，群众出现任何问题都倾向于第一时间找“大家长”，"
    "出现民事问题和行政问题界限不清晰，群众信访不信法的情况依然存在，容易导致工作出现越位和缺位现象。",
    "（二）历史遗留问题多。近些年来，街道先后经历了几次大规模的土地征收等相关工作，这些任务工作量大、时间紧，"
    "矛盾积压、涉法涉诉的风险较多。",
    "（三）法治意识仍待加强。街道、社区工作人员在法治工作的专业能力、实操经验上相较于目前越来越严格的法治工作任务存在较大的短板，"
    "在合法性、规范性、时效性上尚不能完全满足新形势下法治工作的要求，法治意识仍需要不断加强。",
))  # fmt: skip
_S4_BODY = "\n".join((
    "（一）切实加强思想观念转变。不断提升广大干部群众特别是领导干部的法治观念和法律水平，真正把法律宣传教育提到重要议事日程，"
    "摆在和经济建设同等重要的位置，常抓不懈。",
    "（二）进一步化解工作中的薄弱环节，降低“两高一低”发生率。做好与当事人的各项工作，积极化解矛盾与纠纷，"
    "防止后续再产生诉讼、信访的情况，避免矛盾纠纷进一步扩大；坚持标本兼治、综合施策，扭转街道行政争议总量上升趋势并力争下降，"
    "控制行政诉讼败诉率，依法推进行政机关负责人出庭应诉工作，提高行政机关负责人出庭和应诉效果。",
    "（三）进一步推进矛盾化解多元化。推进信访与调解、信访与复议、信访与诉讼的衔接，提高法定渠道解决矛盾纠纷的比率。"
    "突出人民调解“第一道防线”作用，关口前移，避免矛盾扩大上行。",
    "（四）优化行政执法队伍。加强行政执法队伍建设，加大执法人员培训力度，开展岗前培训考核，实行持证上岗并严格资格管理，"
    "把好准入关，切实提高执法素质。健全纪律约束机制，加强职业道德教育，加强执法人员的交流调配。",
))  # fmt: skip
_S5_BODY = "无其他需要报告的情况。"
_CLOSING = "法治政府建设工作任重道远，街道将立足实际，不断提高认识、加强领导、多措并举，切实提高法治政府建设工作水平。"

DEMO_TEXTS: dict[str, str] = {
    "preamble": _PREAMBLE, "s1": _S1_BODY, "s2_1": _S2_1_BODY, "s2_2": _S2_2_BODY, "s2_3": _S2_3_BODY,
    "s2_4": _S2_4_BODY, "s3": _S3_BODY, "s4": _S4_BODY, "closing": _CLOSING,
}  # fmt: skip
DEMO_TEXT_YEARS = (2021, 2022)
_DEMO_SUBSECTIONS = (
    ("s2_1", "完善监督体制机制，强化对权力的制约监督。依法有效化解社会矛盾纠纷。大力提升机关工作人员法治思维和法治水平。"),
    ("s2_2", "推进依法执政。持续推动全面从严治党向纵深发展，严格执行党内法规制度，为全面推进法治政府建设做好根本保障。"),
    ("s2_3", "推进科学立法健全制度机制，推进基层治理规范化程序化法治化。"),
    ("s2_4", "推进法治政府、法治社会建设。"),
)


def demo_outline() -> Outline:
    """The demo office's own outline: the four parts of its 2022 report, its own subsections."""
    return Outline(CUSTOM_NAME, [
        OutlineNode("s1", "{year}年度党政主要负责人履行推进法治政府建设第一责任人职责，加强法治政府建设的有关情况。",
                    role="duty"),
        OutlineNode("s2", "{year}年度推进法治政府建设的主要举措和成效。", role="measures",
                    children=[OutlineNode(k, t, 2) for k, t in _DEMO_SUBSECTIONS]),
        OutlineNode("s3", "{year}年度推进法治政府建设存在的不足。", role=ROLE_SHORTCOMINGS),
        OutlineNode("s4", "{next_year}年度改进措施及工作计划。", role=ROLE_PLANS),
    ])  # fmt: skip


def save_office_words(unit: int | None = None, replacements: tuple[tuple[str, str], ...] = ()) -> None:
    """Store the demo office's outline and its own words (``replacements`` adapt them to another
    demo office: its name, its kind's organs) for ``unit`` (default: the current unit)."""
    from lawdesk.services import annual_report

    annual_report.save_report_outline(demo_outline(), unit)
    for year in DEMO_TEXT_YEARS:
        for key, text in DEMO_TEXTS.items():
            for old, new in replacements:
                text = text.replace(old, new)
            settings.save_narrative(year, key, text, user="演示数据", unit=unit)


def demo_path_for(db_path: Path) -> Path:
    """The demo database that belongs beside the clerk's database ``db_path`` (for a server
    database: a file in the user's data folder; the demo never goes onto a server)."""
    from lawdesk import paths
    from lawdesk.paths import is_server_url

    if is_server_url(db_path):
        return paths.user_data_folder() / DEMO_FILE_NAME
    db_path = Path(db_path)
    return db_path if is_demo_path(db_path) else db_path.parent / DEMO_FILE_NAME


def open_demo_database(beside: Path) -> tuple[Path, dict[str, int]]:
    """Open (creating and filling it the first time) the demo file beside ``beside``.

    Returns the demo file and the rows loaded now (empty when it was filled before). The
    database that was open is closed first; the clerk's file is never written.
    """
    from lawdesk import db as dbmod

    path = demo_path_for(beside)
    dbmod.close_database()
    dbmod.open_database(path, create=True)  # the demo file is made on request
    counts = {} if has_records() else load_demo()
    return path, counts


def has_records() -> bool:
    return any(model.select().exists() for model in RECORD_MODELS.values())


def load_demo(*, force: bool = False) -> dict[str, int]:
    """Fill an empty database with the demo data set; return the number of rows per kind.

    Callers outside the tests use :func:`open_demo_database`, which writes only into the demo
    file (演示数据.db).
    """
    if has_records() and not force:
        raise LawdeskError("数据库中已有记录。演示数据只能装入空数据库，请新建一个数据库文件后再试。")
    with database.atomic():
        settings.save_profile(PROFILE, user="演示数据")
        save_office_words()
        counts = _load_rows(build_rows(), units.write_unit_id())
        total = sum(counts.values())
        audit.log("导入", "演示数据", None, f"演示数据 {total} 条（2021—2023年）", None, counts, user="演示数据")
    events.notify("database", action="demo")
    return counts


# --------------------------------------------------------------------------------------------
# The county demo (全县汇总): 新县 with several offices
#
# 金兰山街道 brings the office demo above unchanged (its figures are the reference report's);
# the other offices are made by the same builder from scaled year plans, with their own names,
# communities and people, so their figures differ plausibly: a larger 街道, two 乡镇 with less
# of some work and none of other work, and 白沙镇, which has records for 2021 and 2022 but has
# sent nothing for 2023 (the county page shows it as 未报送). Everything is seeded.

COUNTY_NAME = "新县"
COUNTY_PROFILE = {
    "unit_name": "新县",
    "county_name": "新县",
    "party_organ": "中共新县委员会全面依法治县委员会办公室",
    "government_organ": "新县司法局",
    "issuer_mark": "中共新县委员会全面依法治县委员会办公室文件",
    "doc_prefix": "新法治办",
    "next_doc_number": 3,
    "signers": "周志华",
    "principal_leaders": "周志华、杨国栋",
    "addressee": "市委全面依法治市委员会办公室",
    "copy_to": "县委、县政府",
    "print_organ": "中共新县委员会全面依法治县委员会办公室",
    "legal_adviser_firm": "新县法律援助中心",
    "legal_service_station": "新县公共法律服务中心",
    "leadership_group": (
        "主任：县委书记；副主任：县委副书记、县长，县委政法委书记；"
        "办公室设在县司法局，县司法局局长任办公室主任。"
    ),
}


#: The county's own words: its plans (the rest of its report is the offices' data).
COUNTY_WORDS = {
    "cs4": "\n".join((
        "（一）压紧压实第一责任人职责。督促各乡镇（街道）党政主要负责人认真履行推进法治建设第一责任人职责，"
        "把法治政府建设纳入年度考核。",
        "（二）健全台账报送和督促指导机制。指导各乡镇（街道）按时、完整记录和报送法治政府建设工作台账，"
        "对工作滞后的单位加强督促指导。",
        "（三）加强基层法治队伍建设。加大乡镇（街道）、村（社区）干部法治培训力度，提升依法决策、依法办事能力。",
    )),
}


@dataclass(frozen=True)
class DemoOffice:
    """One office of the county demo (金兰山街道 uses the office demo itself)."""

    name: str
    kind: str  # 街道 | 乡镇
    code: str
    short: str  # 石门 (replaces 金兰山 in the texts)
    factor: float  # how much work compared with 金兰山街道
    years: tuple[int, ...]
    communities: tuple[str, ...]
    skip: frozenset[str] = frozenset()  # record kinds this office has none of
    seed: int = 0


JINLANSHAN = "金兰山街道"
DEMO_OFFICES: tuple[DemoOffice, ...] = (
    DemoOffice("石门街道", "街道", "shimen", "石门", 1.35, (2021, 2022, 2023),
               ("石门社区", "龙门社区", "东关社区", "西关社区", "文昌社区", "新城社区", "滨江社区"), seed=1),
    DemoOffice("城关镇", "乡镇", "chengguan", "城关", 0.8, (2021, 2022, 2023),
               ("城关社区", "南街村", "北街村", "柳树村", "杨湾村"), frozenset({"honor"}), seed=2),
    DemoOffice("河西乡", "乡镇", "hexi", "河西", 0.35, (2021, 2022, 2023),
               ("河西村", "沙河村", "王岗村", "刘庄村"), frozenset({"review", "adviser", "honor"}), seed=3),
    DemoOffice("白沙镇", "乡镇", "baisha", "白沙", 0.6, (2021, 2022),
               ("白沙社区", "清水村", "石桥村", "马店村"), frozenset({"honor"}), seed=4),
    DemoOffice("青山镇", "乡镇", "qingshan", "青山", 0.7, (2021, 2022, 2023),
               ("青山村", "竹林村", "凤凰村", "桃园村"), seed=5),
    DemoOffice("东岳街道", "街道", "dongyue", "东岳", 1.1, (2021, 2022, 2023),
               ("东岳社区", "泰和社区", "新风社区", "阳光社区", "和平社区"), seed=6),
    DemoOffice("柳林乡", "乡镇", "liulin", "柳林", 0.45, (2022, 2023),
               ("柳林村", "黄土岗村", "周湾村"), frozenset({"review"}), seed=7),
)
DEFAULT_COUNTY_OFFICES = 5  # 金兰山街道 and the first four above (白沙镇 sends nothing for 2023)
MAX_COUNTY_OFFICES = 1 + len(DEMO_OFFICES)


def _scaled(n: int, factor: float, rng: random.Random) -> int:
    if n <= 0:
        return 0
    return max(0, round(n * factor * rng.uniform(0.85, 1.15)))


def _scaled_plan(plan: YearPlan, factor: float, rng: random.Random) -> YearPlan:
    """``plan`` with every amount scaled by ``factor`` (±15 %), at least one leadership meeting."""
    def scale_dict(d: dict[str, int]) -> dict[str, int]:
        return {k: _scaled(v, factor, rng) for k, v in d.items()}

    n_visits = max(1, round(len(plan.visits) * min(factor, 1.5)))
    visits = [plan.visits[i % len(plan.visits)] for i in range(n_visits)]
    return YearPlan(
        leadership_meetings=max(1, _scaled(plan.leadership_meetings, factor, rng)),
        other_meetings=_scaled(plan.other_meetings, factor, rng),
        warning_meetings=max(1, min(3, _scaled(plan.warning_meetings, factor, rng))),
        visits=visits,
        patrols=_scaled(plan.patrols, factor, rng),
        disputes_same_year=_scaled(plan.disputes_same_year, factor, rng),
        disputes_carry_next=_scaled(plan.disputes_carry_next, factor, rng),
        disputes_failed=_scaled(plan.disputes_failed, factor, rng),
        disputes_terminated=_scaled(plan.disputes_terminated, factor, rng),
        disputes_open=_scaled(plan.disputes_open + 1, factor, rng),
        study_forms=scale_dict(plan.study_forms),
        lectures=_scaled(plan.lectures, factor, rng),
        hotline_same_year=scale_dict(plan.hotline_same_year),
        hotline_carry_next=scale_dict(plan.hotline_carry_next),
        hotline_unsatisfied=_scaled(plan.hotline_unsatisfied + 1, factor, rng),
        hotline_unvisited=_scaled(plan.hotline_unvisited, factor, rng),
        hotline_late=_scaled(plan.hotline_late + 1, factor, rng),
        hotline_open=_scaled(plan.hotline_open, factor, rng),
        reviews=scale_dict(plan.reviews),
        adviser_services=_scaled(plan.adviser_services, factor, rng),
        honors=[],
    )


def _office_people(rng: random.Random, n: int) -> list[str]:
    """``n`` different plausible names (two or three characters)."""
    names: list[str] = []
    while len(names) < n:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        if name not in names:
            names.append(name)
    return names


@dataclass
class _Cast:
    """The people of one demo office, in place of 金兰山街道's."""

    rng: random.Random
    principals: list[str]
    deputies: list[str]
    lecturers: list[str]
    advisers: list[str]


def _cast(office: DemoOffice) -> _Cast:
    rng = random.Random(SEED + 1000 * office.seed)
    people = _office_people(rng, 2 + len(DEPUTIES) + len(LECTURERS) + 2)
    n_dep = 2 + len(DEPUTIES)
    return _Cast(rng, people[:2], people[2:n_dep], people[n_dep : n_dep + len(LECTURERS)], people[-2:])


def build_office_rows(office: DemoOffice) -> dict[str, list[dict[str, object]]]:
    """The demo rows of one county-demo office: the office demo's builder on scaled plans, with
    the office's names in every text (communities, people, places), seeded by the office."""
    cast = _cast(office)
    rng = cast.rng
    b = DemoBuilder(random.Random(SEED + 1000 * office.seed + 1))
    adviser, adviser_2 = cast.advisers
    # 金兰山's communities become the office's (an office with fewer shares them out)
    text_map: list[tuple[str, str]] = [
        (c[0], office.communities[i % len(office.communities)]) for i, c in enumerate(COMMUNITIES)
    ]
    text_map += list(zip(PRINCIPALS, cast.principals, strict=True))
    text_map += list(zip(DEPUTIES, cast.deputies, strict=True))
    text_map += [(row[0], name) for row, name in zip(LECTURERS, cast.lecturers, strict=True)]
    text_map += [("刘庆勇", adviser), ("孙晓梅", adviser_2), ("庆勇律师事务所", f"{adviser[1:]}律师事务所")]
    if office.kind == "乡镇":
        seat = "乡政府" if office.name.endswith("乡") else "镇政府"
        text_map += [("街道办", seat), ("街道机关", f"{seat}机关"), ("街道", office.name[-1])]
    text_map.append(("金兰山", office.short))

    for i, name in enumerate(office.communities):
        b.add("community", name=name, police_officer=_office_people(rng, 1)[0],
              legal_adviser=adviser if i % 2 == 0 else adviser_2,
              mediators=rng.randint(3, 7), established_on="2015-01-01")  # fmt: skip
    for (_name, unit, title, appointed, left), name in zip(LECTURERS, cast.lecturers, strict=True):
        b.add("lecturer", name=name, unit=unit, title=title, phone=f"1397376{rng.randint(1000, 9999)}",
              appointed_on=appointed, left_on=left)  # fmt: skip
    for year in office.years:
        plan = _scaled_plan(PLANS[year], office.factor, rng)
        # 金兰山's lecturers on the roster that year (renamed with the other texts below)
        active = [n for n, _u, _t, a, left in LECTURERS if a <= f"{year}-12-31" and (left or "9") >= f"{year}-01-01"]
        b.meetings(year, plan)
        b.visits(year, plan)
        b.patrols(year, plan)
        b.disputes(year, plan)
        b.studies(year, plan)
        b.lectures(year, plan, active)
        b.hotline(year, plan)
        b.reviews(year, plan)
        b.adviser(year, plan)
        if "honor" not in office.skip and year == office.years[-1]:
            b.add("honor", date=dt.date(year, 11, rng.randint(1, 28)), title="县级平安建设先进单位",
                  holder=office.name, level="县级", awarded_by="中共新县县委")  # fmt: skip
    rows: dict[str, list[dict[str, object]]] = {}
    for kind, kind_rows in b.rows.items():
        if kind in office.skip:
            continue
        spec = spec_for(kind)
        texts = {f.name for f in spec.all_fields if f.kind in ("text", "longtext", "tags", "ref")}
        out = []
        for row in kind_rows:
            new = dict(row)
            if office.kind == "乡镇" and new.get("mediator_org") == "街道人民调解委员会":
                new["mediator_org"] = "司法所"  # a 乡镇 has no 街道 committee (a choice, not text)
            for name in texts & new.keys():
                value = new[name]
                if isinstance(value, str):
                    for old, repl in text_map:
                        value = value.replace(old, repl)
                    new[name] = value
            out.append(new)
        rows[kind] = out
    return rows


def _office_profile(office: DemoOffice) -> dict[str, object]:
    leaders = "、".join(_cast(office).principals)
    town = office.kind == "乡镇"
    level = "乡" if office.name.endswith("乡") else "镇"
    party = f"中共新县{office.name}委员会" if town else f"中共新县{office.name}工作委员会"
    government = f"新县{office.name}人民政府" if town else f"新县{office.name}办事处"
    return {
        "unit_name": office.name, "county_name": COUNTY_NAME, "party_organ": party,
        "government_organ": government, "issuer_mark": f"{party}文件",
        "doc_prefix": f"{office.short[0]}{'政' if town else ''}文", "next_doc_number": 1,
        "addressee": "县委、县政府", "copy_to": "县委全面依法治县委员会办公室、县司法局",
        "print_organ": f"{party}办公室",
        "legal_service_station": f"{office.name}公共法律服务工作站",
        "principal_leaders": leaders, "signers": leaders,
        **({"leadership_group": f"组长：{level}党委书记；常务副组长：{level}长。"} if town else {}),
    }  # fmt: skip


def _office_word_changes(office: DemoOffice) -> tuple[tuple[str, str], ...]:
    """金兰山's words made another demo office's: a 镇's or 乡's organs for a 街道's."""
    if office.kind != "乡镇":
        return ()
    k = office.name[-1]
    return (
        ("街道人民调解委员会", f"{k}人民调解委员会"), ("党工委副书记、办事处主任", f"{k}党委副书记、{k}长"),
        ("党工委书记", f"{k}党委书记"), ("街道党工委", f"{k}党委"), ("社区干部", "村（社区）干部"), ("街道", k),
    )  # fmt: skip


def _load_rows(rows: dict[str, list[dict[str, object]]], unit_id: int) -> dict[str, int]:
    """Validate and insert one office's rows (references resolved within the office), without an
    audit entry per record (the caller logs one line for the whole demo)."""

    def resolve(kind: str, value: object) -> int:
        return resolve_ref(kind, value, unit_id)

    counts: dict[str, int] = {}
    for kind, kind_rows in rows.items():
        spec = spec_for(kind)
        cleaned = [clean_record(spec, row, resolve_ref=resolve) for row in kind_rows]
        counts[kind] = len(insert_cleaned(kind, cleaned, unit_id=unit_id))
    return counts


def _save_unit_profile(values: dict[str, object], unit_id: int) -> None:
    from lawdesk.models import UnitProfile
    from lawdesk.schema import UNIT_PROFILE

    cleaned = clean_record(UNIT_PROFILE, values, partial=True)
    UnitProfile.create(office=unit_id, **cleaned)


def _reported(unit: object, years: tuple[int, ...]) -> None:
    """The demo office has reported (报送) these years to the county (白沙镇 not 2023)."""
    from lawdesk.services import submissions
    from lawdesk.services.period import Period

    for year in years:
        submissions.mark_reported(Period.year(year), unit=unit, user="演示数据")


def load_county_demo(offices: int = DEFAULT_COUNTY_OFFICES) -> dict[str, int]:
    """Fill an empty database with the county demo: the county 新县 (its profile is the
    database's first) and ``offices`` offices (2 to ``MAX_COUNTY_OFFICES``), 金兰山街道 first.
    Returns office name → records loaded."""
    from lawdesk.services import county

    if has_records():
        raise LawdeskError("数据库中已有记录。全县演示数据只能装入空数据库，请新建一个数据库文件后再试。")
    if not 2 <= offices <= MAX_COUNTY_OFFICES:
        raise LawdeskError(f"演示的乡镇（街道）数应在 2 至 {MAX_COUNTY_OFFICES} 个之间。")
    loaded: dict[str, int] = {}
    with database.atomic():
        the_county = county.ensure_county_unit(COUNTY_NAME)
        _save_unit_profile(COUNTY_PROFILE, the_county.id)
        for key, text in COUNTY_WORDS.items():  # the county's own plans, written in its first year
            settings.save_narrative(DEMO_TEXT_YEARS[0], key, text, user="演示数据", unit=the_county.id)
        jinlan = units.create_unit(JINLANSHAN, "街道", code="jinlanshan")
        _save_unit_profile(PROFILE, jinlan.id)
        save_office_words(jinlan.id)
        loaded[JINLANSHAN] = sum(_load_rows(build_rows(), jinlan.id).values())
        _reported(jinlan, tuple(PLANS))
        for office in DEMO_OFFICES[: offices - 1]:
            unit = units.create_unit(office.name, office.kind, code=office.code)
            _save_unit_profile(_office_profile(office), unit.id)
            save_office_words(unit.id, _office_word_changes(office))
            loaded[office.name] = sum(_load_rows(build_office_rows(office), unit.id).values())
            _reported(unit, office.years)
        audit.log("导入", "演示数据", None, f"全县演示数据：{COUNTY_NAME}及{offices}个乡镇（街道）",
                  None, loaded, user="演示数据", unit=the_county.id)  # fmt: skip
    units.clear_cache()
    settings.apply_operator()
    events.notify("database", action="demo")
    return loaded


def county_demo_path_for(db_path: Path) -> Path:
    """The county demo file beside the clerk's database (or in the user's data folder)."""
    from lawdesk import paths
    from lawdesk.paths import is_server_url

    if is_server_url(db_path):
        return paths.user_data_folder() / COUNTY_DEMO_FILE_NAME
    return Path(db_path).parent / COUNTY_DEMO_FILE_NAME


def open_county_demo_database(target: Path, offices: int = DEFAULT_COUNTY_OFFICES) -> tuple[Path, dict[str, int]]:
    """Open (creating and filling it the first time) the county demo file ``target``.

    Returns the file and office name → records loaded now (empty when it was filled before).
    """
    from lawdesk import db as dbmod

    dbmod.close_database()
    dbmod.open_database(target, create=True)
    loaded = {} if has_records() else load_county_demo(offices)
    return Path(target), loaded
