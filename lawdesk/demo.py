"""The demo data set: a realistic street office (金兰山街道) with three years of records.

2022 reproduces every figure of the 金兰山街道 2022 reference report (listed in tests/reference.py):
4 leadership meetings, 3 field research visits, 2 supervisions, 5 problems solved, 26 patrols,
103 disputes resolved ("100余起"), 4 集中学法, 2 cadre trainings, 3 lecturers, 12 lectures,
2 warning meetings, 45 + 21 hotline cases closed, 100 % on time, 97 % satisfied. 2021 and 2023
differ so that year-on-year comparisons and the "不足" suggestions (late cases, open disputes,
unsolved problems) have something to show. Cases received in December and closed in January
cross the year boundary on purpose.

Every row goes through the same validation as the clerk's input; rows are inserted in bulk.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lawdesk.errors import LawdeskError
from lawdesk.models import RECORD_MODELS, database
from lawdesk.schema import spec_for
from lawdesk.services import audit, events, settings
from lawdesk.services.records import _to_columns, resolve_ref
from lawdesk.services.validation import clean_record

SEED = 20230109
DEMO_FILE_NAME = "演示数据.db"

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


def demo_path_for(db_path: Path) -> Path:
    """The demo database that belongs beside the clerk's database ``db_path`` (for a server
    database: a file in the user's data folder; the demo never goes onto a server)."""
    from lawdesk import paths
    from lawdesk.db import is_server_url

    if is_server_url(db_path):
        return paths.user_data_folder() / DEMO_FILE_NAME
    db_path = Path(db_path)
    return db_path if is_demo_path(db_path) else db_path.parent / DEMO_FILE_NAME


def is_demo_path(path: Path) -> bool:
    """True for the demo's own file (the demo never goes into a clerk's database)."""
    from lawdesk.db import is_server_url

    return not is_server_url(path) and Path(path).name == DEMO_FILE_NAME


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
    counts: dict[str, int] = {}
    with database.atomic():
        settings.save_profile(PROFILE, user="演示数据")
        for kind, rows in build_rows().items():
            spec = spec_for(kind)
            cleaned = [_to_columns(spec, clean_record(spec, row, resolve_ref=resolve_ref)) for row in rows]
            model = RECORD_MODELS[kind]
            for start in range(0, len(cleaned), 200):
                model.insert_many(cleaned[start : start + 200]).execute()
            counts[kind] = len(cleaned)
        total = sum(counts.values())
        audit.log("导入", "演示数据", None, f"演示数据 {total} 条（2021—2023年）", None, counts, user="演示数据")
    events.notify("database", action="demo")
    return counts
