"""One description per record type: fields, Chinese labels, types, choices and limits.

Everything that needs to know what a record looks like reads it from here: the peewee models
(``lawdesk.models`` builds the tables from these descriptions), validation
(``lawdesk.services.validation``), the list columns and forms of the GUI and the Excel columns.
Adding a field to a record type means adding one ``FieldSpec`` here and one migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

FieldKind = Literal["text", "longtext", "date", "int", "decimal", "bool", "choice", "tags", "ref"]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a record type, as the clerk sees it and as the database stores it."""

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 200
    min_value: float | None = 0
    max_value: float | None = 1_000_000
    default: object = None
    ref: str = ""  # record kind that a "ref" field points to
    help: str = ""  # shown under the field in forms
    in_list: bool = True  # shown as a list column
    width: int = 100  # list column width in pixels
    suggestions: tuple[str, ...] = ()  # free text with suggested values (editable combobox)
    #: Personal data (a party's name, phone or ID number): masked in public outputs and in the
    #: 操作日志, redacted from the audit log when a record is purged.
    personal: bool = False
    #: Other ways clerks write a choice: (what they write, the choice it means), e.g. ("物业", "物业纠纷").
    #: Every way of entering data (forms, services, Excel) reads them (``lawdesk.normalize``).
    synonyms: tuple[tuple[str, str], ...] = ()
    #: Other column headers that mean this field in clerks' own spreadsheets (日期 → 活动日期, 时间).
    aliases: tuple[str, ...] = ()
    #: What a text field must look like beyond its length: "phone" (digits, 区号-, 转 and 、
    #: between numbers; checked by ``lawdesk.services.validation`` for forms and imports alike).
    text_format: Literal["", "phone"] = ""


@dataclass(frozen=True)
class RecordSpec:
    """A record type: its table, its fields and how it is listed and grouped."""

    kind: str  # stable key, also used in the audit log and attachments
    model_name: str
    label: str  # 会议
    group: str  # navigation group in the GUI
    fields: tuple[FieldSpec, ...]
    date_field: str  # the date that decides which period a record belongs to
    title_field: str  # what names a record in messages, the recycle bin and the audit log
    common: bool = True  # carries the common fields (社区, 领导, 主要负责人, 备注)
    search_fields: tuple[str, ...] = ()
    evidence: bool = True  # may carry evidence files
    description: str = ""

    def field(self, name: str) -> FieldSpec:
        for f in self.all_fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def all_fields(self) -> tuple[FieldSpec, ...]:
        return self.fields + (COMMON_FIELDS if self.common else ())

    @property
    def list_fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for f in self.all_fields if f.in_list)


# ---------------------------------------------------------------------------------------------
# Vocabularies of the street office's work; kept here so that forms, validation and Excel share them.

MEETING_KINDS = (
    "法治建设专题会议",
    "党工委班子会",
    "法治建设推进会",
    "法治建设领导小组会议",
    "警示教育大会",
    "理论学习中心组学习",
    "廉政谈话会",
    "部署会",
    "述法会",
    "其他会议",
)
#: 专题会议、班子会、推进会 on rule-of-law work, as the reference report counts them.
LEADERSHIP_MEETING_KINDS = ("法治建设专题会议", "党工委班子会", "法治建设推进会", "法治建设领导小组会议")
WARNING_MEETING_KIND = "警示教育大会"

STUDY_FORMS = (
    "集中学法",
    "社区干部法治教育培训",
    "以案代训",
    "周四大学堂",
    "专题讲座",
    "会前学法",
    "第一议题",
    "旁听庭审",
    "学法考试",
    "线上学法",
)
STUDY_AUDIENCES = ("党工委班子", "全体机关干部", "村(社区)干部", "执法人员", "法律明白人", "网格员")
COMMON_LAWS = (
    "宪法",
    "民法典",
    "人民调解法",
    "行政处罚法",
    "行政复议法",
    "行政诉讼法",
    "治安管理处罚法",
    "土地管理法",
    "安全生产法",
    "未成年人保护法",
    "反有组织犯罪法",
    "禁毒法",
    "信访工作条例",
)

LECTURER_UNITS = ("司法所", "综治中心", "派出所", "律师事务所", "村(社区)", "其他")
VENUE_TYPES = ("进机关", "进乡村", "进社区", "进学校", "进企业", "进单位", "进网络", "进家庭")
AUDIENCE_GROUPS = ("群众", "青少年学生", "老年人", "企业职工", "外来务工人员", "村(社区)干部", "法律明白人")
SPECIAL_DAYS = (
    "3·15消费者权益保护日",
    "4·15全民国家安全教育日",
    "6·26国际禁毒日",
    "12·4国家宪法日",
    "民法典宣传月",
    "安全生产月",
    "网络安全宣传周",
    "11·9消防日",
)

SUPERVISION_KINDS = ("调研", "督查", "检查", "暗访")
PROBLEM_FIELDS = (
    "法律援助",
    "基层治理",
    "人居环境",
    "安全生产",
    "矛盾纠纷",
    "行政执法",
    "信访维稳",
    "征地拆迁",
    "其他",
)

PATROL_TEAMS = ("联合派出所", "社区干部", "网格员", "平安志愿者", "综合行政执法")
PATROL_PARTNERS = ("派出所", "司法所", "综合行政执法大队", "平安志愿者", "网格员")

DISPUTE_TYPES = (
    "婚姻家庭",
    "邻里纠纷",
    "物业纠纷",
    "土地山林",
    "房屋宅基地",
    "劳动争议(欠薪)",
    "合同纠纷",
    "损害赔偿",
    "征地拆迁",
    "消费纠纷",
    "其他",
)
DISPUTE_SOURCES = ("排查发现", "群众来访", "网格上报", "12345转办", "信访转办", "派出所移交", "法院委派")
MEDIATOR_ORGS = ("街道人民调解委员会", "社区调委会", "司法所", "综治中心", "派出所", "专业调委会")
DISPUTE_METHODS = ("人民调解", "行政调解", "司法确认", "引导诉讼", "仲裁", "其他")
DISPUTE_OPEN_STATUSES = ("受理", "调解中")
DISPUTE_RESOLVED = "调解成功"
DISPUTE_STATUSES = DISPUTE_OPEN_STATUSES + (DISPUTE_RESOLVED, "调解不成", "终止")

HOTLINE_12345 = "12345市长热线"
HOTLINE_COUNTY = "县交办件"
HOTLINE_CHANNELS = (HOTLINE_12345, HOTLINE_COUNTY)
HOTLINE_CATEGORIES = ("城乡建设", "城市管理", "物业", "劳动保障", "环境", "治安", "咨询", "其他")
FEEDBACK_SATISFIED = ("满意", "基本满意")
FEEDBACK_CHOICES = FEEDBACK_SATISFIED + ("不满意", "未回访")

REVIEW_CATEGORIES = (
    "党的规范性文件",
    "行政规范性文件",
    "重大行政决策",
    "行政机关合同",
    "重大行政执法决定",
    "其他涉法事务",
)
REVIEWER_TYPES = ("司法所", "法律顾问", "公职律师", "合法性审查中心")
REVIEW_RESULTS = ("合法", "修改后合法", "不合法", "退回")

ADVISER_SERVICE_KINDS = (
    "参与重大事项讨论",
    "列席会议",
    "坐班值班",
    "法律咨询",
    "审核合同",
    "进社区宣讲",
    "参与信访调处",
)
HONOR_LEVELS = ("国家级", "省级", "市级", "县级")

# Other ways clerks write the choices above (FieldSpec.synonyms): (what they write, the choice).
DISPUTE_TYPE_SYNONYMS = (
    ("物业", "物业纠纷"),
    ("邻里", "邻里纠纷"),
    ("邻里矛盾", "邻里纠纷"),
    ("婚姻", "婚姻家庭"),
    ("家庭", "婚姻家庭"),
    ("婚姻家庭纠纷", "婚姻家庭"),
    ("土地", "土地山林"),
    ("山林", "土地山林"),
    ("宅基地", "房屋宅基地"),
    ("房屋", "房屋宅基地"),
    ("劳动争议", "劳动争议(欠薪)"),
    ("欠薪", "劳动争议(欠薪)"),
    ("劳资纠纷", "劳动争议(欠薪)"),
    ("合同", "合同纠纷"),
    ("损害赔偿纠纷", "损害赔偿"),
    ("征地", "征地拆迁"),
    ("拆迁", "征地拆迁"),
    ("消费", "消费纠纷"),
    ("其它", "其他"),
)
HOTLINE_CHANNEL_SYNONYMS = (
    ("12345", "12345市长热线"),
    ("市长热线", "12345市长热线"),
    ("12345热线", "12345市长热线"),
    ("县交办", "县交办件"),
    ("交办件", "县交办件"),
)
DISPUTE_STATUS_SYNONYMS = (
    ("已调解", "调解成功"),
    ("成功", "调解成功"),
    ("已化解", "调解成功"),
    ("化解", "调解成功"),
    ("不成功", "调解不成"),
    ("调解失败", "调解不成"),
    ("调解中", "调解中"),
    ("处理中", "调解中"),
    ("已受理", "受理"),
)
#: Headers that mean "the date" in clerks' sheets (活动日期, 时间 …).
DATE_ALIASES = ("日期", "时间", "活动日期", "开展日期", "开展时间", "活动时间")

# ---------------------------------------------------------------------------------------------
# Common fields of every work record.

COMMON_FIELDS = (
    FieldSpec("community", "所属社区", "ref", ref="community", width=90, aliases=("社区", "村(社区)", "所在社区")),
    FieldSpec("leader", "带队/主持领导", max_length=50, width=90, aliases=("带队领导", "主持领导", "领导")),
    FieldSpec(
        "is_principal_led", "主要负责人主持/带队", "bool", default=False, width=70,
        aliases=("主要负责人主持", "主要负责人带队", "主要领导主持", "主要领导带队"),
    ),
    FieldSpec("remarks", "备注", "longtext", max_length=2000, in_list=False),
)

# ---------------------------------------------------------------------------------------------
# Record types

MEETING = RecordSpec(
    kind="meeting",
    model_name="Meeting",
    label="会议",
    group="会议",
    description="专题会议、班子会、推进会、警示教育大会、中心组学习等",
    date_field="date",
    title_field="title",
    search_fields=("title", "chair", "location", "leader", "remarks"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec(
            "kind", "会议类型", "choice", required=True, choices=MEETING_KINDS, width=130,
            synonyms=(("专题会议", "法治建设专题会议"), ("专题会", "法治建设专题会议"), ("班子会", "党工委班子会"),
                      ("推进会", "法治建设推进会"), ("领导小组会议", "法治建设领导小组会议"),
                      ("中心组学习", "理论学习中心组学习"), ("其他", "其他会议")),
            aliases=("类型", "会议类别"),
        ),
        FieldSpec("title", "会议名称/议题", required=True, width=260, aliases=("会议名称", "议题", "会议议题", "名称")),
        FieldSpec("chair", "主持人", max_length=50, width=80),
        FieldSpec(
            "on_rule_of_law",
            "研究法治工作",
            "bool",
            default=True,
            help="会议是否研究部署法治政府建设工作",
            width=70,
        ),
        FieldSpec("participants", "参会人数", "int", max_value=10000, width=70, aliases=("人数", "参会人员数")),
        FieldSpec("location", "地点", max_length=100, in_list=False),
    ),
)

STUDY = RecordSpec(
    kind="study",
    model_name="StudySession",
    label="学法培训",
    group="学法培训",
    description="集中学法、社区干部法治教育培训、以案代训、周四大学堂等",
    date_field="date",
    title_field="topic",
    search_fields=("topic", "speaker", "laws_studied", "remarks"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec("form", "学习形式", "choice", required=True, choices=STUDY_FORMS, width=120),
        FieldSpec("topic", "主题", required=True, width=240, aliases=("学习主题", "培训主题", "内容", "学习内容")),
        FieldSpec("audience_level", "学习对象", "choice", choices=STUDY_AUDIENCES, width=100),
        FieldSpec("speaker", "主讲人", max_length=50, width=80),
        FieldSpec("participants", "参加人数", "int", max_value=10000, width=70, aliases=("人数", "参训人数")),
        FieldSpec("hours", "学时", "decimal", max_value=100, width=50),
        FieldSpec(
            "laws_studied",
            "学习法律法规",
            "tags",
            suggestions=COMMON_LAWS,
            help="多部法律用顿号分隔，如：宪法、民法典",
            width=160,
        ),
    ),
)

LECTURER = RecordSpec(
    kind="lecturer",
    model_name="Lecturer",
    label="普法宣讲员",
    group="普法宣讲",
    description="配备的普法宣讲员名册",
    date_field="appointed_on",
    title_field="name",
    common=False,
    search_fields=("name", "unit", "phone", "remarks"),
    fields=(
        FieldSpec("name", "姓名", required=True, max_length=30, width=80),
        FieldSpec("unit", "所在单位", "choice", required=True, choices=LECTURER_UNITS, width=90),
        FieldSpec("title", "职务", max_length=50, width=100),
        FieldSpec("phone", "联系电话", max_length=30, width=110, personal=True, text_format="phone"),
        FieldSpec("appointed_on", "聘任日期", "date", required=True, width=90),
        FieldSpec("left_on", "离任日期", "date", help="仍在任的留空", width=90),
        FieldSpec("remarks", "备注", "longtext", max_length=2000, in_list=False),
    ),
)

LECTURE = RecordSpec(
    kind="lecture",
    model_name="Lecture",
    label="普法宣讲",
    group="普法宣讲",
    description="普法宣讲、法治宣传活动（“六进”、法治宣传节日）",
    date_field="date",
    title_field="topic",
    search_fields=("topic", "venue", "laws", "remarks"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec("topic", "宣讲主题", required=True, width=220, aliases=("主题", "活动主题", "宣传主题")),
        FieldSpec("lecturer", "宣讲员", "ref", ref="lecturer", width=80, aliases=("普法宣讲员", "主讲人")),
        FieldSpec("venue_type", "宣传阵地", "choice", required=True, choices=VENUE_TYPES, width=80),
        FieldSpec("venue", "具体场所", max_length=100, width=140),
        FieldSpec("audience_group", "受众群体", "choice", choices=AUDIENCE_GROUPS, width=90),
        FieldSpec("audience", "受众人数", "int", max_value=100000, width=70),
        FieldSpec("special_day", "法治宣传节点", "choice", choices=SPECIAL_DAYS, width=130),
        FieldSpec("laws", "宣传法律法规", "tags", suggestions=COMMON_LAWS, in_list=False),
        FieldSpec("materials", "发放资料(份)", "int", max_value=1000000, in_list=False),
    ),
)

SUPERVISION = RecordSpec(
    kind="supervision",
    model_name="SupervisionVisit",
    label="督查调研",
    group="督查调研",
    description="深入现场调研、带队督查、检查，发现和解决的法治领域问题",
    date_field="date",
    title_field="subject",
    search_fields=("subject", "target", "leader", "remarks"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec("kind", "类别", "choice", required=True, choices=SUPERVISION_KINDS, width=60),
        FieldSpec("subject", "事由/主题", required=True, width=240),
        FieldSpec("target", "对象/地点", max_length=100, width=120),
        FieldSpec("problem_field", "问题领域", "choice", choices=PROBLEM_FIELDS, width=80),
        FieldSpec("problems_found", "发现问题(个)", "int", max_value=1000, width=80),
        FieldSpec("problems_solved", "解决问题(个)", "int", max_value=1000, width=80),
    ),
)

PATROL = RecordSpec(
    kind="patrol",
    model_name="Patrol",
    label="治安巡逻",
    group="治安巡逻",
    description="联合派出所、司法所、综合行政执法大队开展的治安巡逻",
    date_field="date",
    title_field="area",
    search_fields=("area", "partner_units", "remarks"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec("area", "巡逻区域/路线", required=True, width=220),
        FieldSpec("team", "巡逻队伍", "choice", choices=PATROL_TEAMS, width=90),
        FieldSpec("partner_units", "联合单位", "tags", suggestions=PATROL_PARTNERS, width=200),
        FieldSpec("persons", "出动人次", "int", max_value=10000, width=70),
        FieldSpec("hazards_found", "发现隐患(处)", "int", max_value=1000, width=80),
        FieldSpec("disputes_found", "发现纠纷(起)", "int", max_value=1000, in_list=False),
    ),
)

DISPUTE = RecordSpec(
    kind="dispute",
    model_name="Dispute",
    label="矛盾纠纷",
    group="矛盾纠纷",
    description="矛盾纠纷排查化解（受理、调解、办结）",
    date_field="received_date",
    title_field="summary",
    search_fields=("summary", "parties_names", "mediator", "remarks"),
    fields=(
        FieldSpec("received_date", "受理日期", "date", required=True, width=90, aliases=DATE_ALIASES + ("受理时间",)),
        FieldSpec("summary", "纠纷概要", required=True, width=220, aliases=("纠纷简要情况", "简要情况", "纠纷内容")),
        FieldSpec(
            "dispute_type", "纠纷类型", "choice", required=True, choices=DISPUTE_TYPES, width=90,
            synonyms=DISPUTE_TYPE_SYNONYMS, aliases=("类型", "纠纷类别"),
        ),
        FieldSpec("source", "来源", "choice", choices=DISPUTE_SOURCES, width=80),
        FieldSpec("parties_names", "当事人", max_length=200, in_list=False, personal=True),
        FieldSpec("party_id_number", "身份证号", max_length=18, in_list=False, personal=True,
                  help="个人信息：不进入报告，彻底删除时从操作日志中抹去"),
        FieldSpec("party_phone", "联系电话", max_length=30, in_list=False, personal=True, text_format="phone"),
        FieldSpec("parties", "当事人数", "int", max_value=10000, in_list=False),
        FieldSpec("mediator_org", "调解组织", "choice", choices=MEDIATOR_ORGS, width=120),
        FieldSpec("mediator", "调解员", max_length=50, width=70),
        FieldSpec("method", "化解方式", "choice", choices=DISPUTE_METHODS, width=80),
        FieldSpec(
            "status", "状态", "choice", required=True, choices=DISPUTE_STATUSES, default="受理", width=70,
            synonyms=DISPUTE_STATUS_SYNONYMS, aliases=("调解结果", "办理状态"),
        ),
        FieldSpec("closed_date", "办结日期", "date", help="调解成功、不成或终止时填写", width=90),
    ),
)

HOTLINE = RecordSpec(
    kind="hotline",
    model_name="HotlineCase",
    label="热线办理",
    group="热线办理",
    description="12345市长热线、县交办件的受理、办结与回访",
    date_field="received_date",
    title_field="summary",
    search_fields=("ticket_no", "summary", "handler", "remarks"),
    fields=(
        FieldSpec(
            "channel", "渠道", "choice", required=True, choices=HOTLINE_CHANNELS, width=100,
            synonyms=HOTLINE_CHANNEL_SYNONYMS, aliases=("来源", "来源渠道"),
        ),
        FieldSpec("ticket_no", "工单号", max_length=40, width=110),
        FieldSpec("received_date", "受理日期", "date", required=True, width=90, aliases=DATE_ALIASES + ("受理时间",)),
        FieldSpec("due_date", "办理时限", "date", required=True, width=90),
        FieldSpec("summary", "诉求内容", required=True, width=220),
        FieldSpec("category", "诉求类别", "choice", choices=HOTLINE_CATEGORIES, width=80),
        FieldSpec("handler", "承办科室/社区", max_length=50, width=100),
        FieldSpec("closed_date", "办结日期", "date", help="尚未办结的留空", width=90),
        FieldSpec("feedback", "回访结果", "choice", choices=FEEDBACK_CHOICES, width=70),
    ),
)

REVIEW = RecordSpec(
    kind="review",
    model_name="LegalReview",
    label="合法性审查",
    group="合法性审查与法律顾问",
    description="重大行政决策、规范性文件、合同等的合法性审查",
    date_field="received_date",
    title_field="title",
    search_fields=("title", "reviewer", "submitting_dept", "remarks"),
    fields=(
        FieldSpec("received_date", "收件日期", "date", required=True, width=90, aliases=DATE_ALIASES + ("收件时间",)),
        FieldSpec("title", "事项名称", required=True, width=240),
        FieldSpec("category", "审查类别", "choice", required=True, choices=REVIEW_CATEGORIES, width=110),
        FieldSpec("submitting_dept", "送审科室", max_length=50, width=90),
        FieldSpec("reviewer_type", "审查主体", "choice", choices=REVIEWER_TYPES, width=80),
        FieldSpec("reviewer", "审查人", max_length=50, width=70),
        FieldSpec("result", "审查结论", "choice", choices=REVIEW_RESULTS, width=80),
        FieldSpec("opinions_count", "提出意见(条)", "int", max_value=1000, in_list=False),
        FieldSpec("opinion_letter", "出具法律意见书", "bool", default=False, width=70),
        FieldSpec("completed_date", "办结日期", "date", width=90),
    ),
)

ADVISER = RecordSpec(
    kind="adviser",
    model_name="LegalAdviserService",
    label="法律顾问服务",
    group="合法性审查与法律顾问",
    description="法律顾问参与重大事项、列席会议、坐班、咨询等服务",
    date_field="date",
    title_field="summary",
    search_fields=("adviser", "firm", "summary", "remarks"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec("adviser", "法律顾问", required=True, max_length=50, width=80),
        FieldSpec("firm", "律师事务所", max_length=100, width=140),
        FieldSpec("kind", "服务类型", "choice", required=True, choices=ADVISER_SERVICE_KINDS, width=110),
        FieldSpec("summary", "服务内容", required=True, width=220),
        FieldSpec("people_served", "服务人次", "int", max_value=100000, width=70),
        FieldSpec("letters", "出具意见书(份)", "int", max_value=1000, in_list=False),
    ),
)

HONOR = RecordSpec(
    kind="honor",
    model_name="Honor",
    label="荣誉与创建",
    group="荣誉与阵地",
    description="获得的荣誉、示范创建（如省级五星规范化司法所）",
    date_field="date",
    title_field="title",
    search_fields=("title", "holder", "awarded_by", "remarks"),
    fields=(
        FieldSpec("date", "获得日期", "date", required=True, width=90, aliases=DATE_ALIASES + ("获得时间",)),
        FieldSpec("title", "荣誉名称", required=True, width=240),
        FieldSpec("holder", "获得单位/个人", required=True, max_length=100, width=140),
        FieldSpec("level", "级别", "choice", required=True, choices=HONOR_LEVELS, width=70),
        FieldSpec("awarded_by", "授予机关", max_length=100, width=160),
    ),
)

COMMUNITY = RecordSpec(
    kind="community",
    model_name="Community",
    label="社区与阵地",
    group="荣誉与阵地",
    description="各社区“一社区一警”“一社区一法律顾问”“一社区一支人民调解员队伍”配备情况",
    date_field="established_on",
    title_field="name",
    common=False,
    search_fields=("name", "police_officer", "legal_adviser", "remarks"),
    fields=(
        FieldSpec("name", "社区名称", required=True, max_length=50, width=100, aliases=("社区", "名称")),
        FieldSpec("police_officer", "社区民警", max_length=50, help="一社区一警", width=90),
        FieldSpec("legal_adviser", "法律顾问", max_length=50, help="一社区一法律顾问", width=90),
        FieldSpec(
            "mediators", "人民调解员(人)", "int", max_value=1000, help="一社区一支人民调解员队伍", width=90
        ),
        FieldSpec("established_on", "建档日期", "date", width=90),
        FieldSpec("remarks", "备注", "longtext", max_length=2000, in_list=False),
    ),
)

RECORD_SPECS: tuple[RecordSpec, ...] = (
    STUDY,
    LECTURE,
    LECTURER,
    MEETING,
    SUPERVISION,
    DISPUTE,
    PATROL,
    HOTLINE,
    REVIEW,
    ADVISER,
    HONOR,
    COMMUNITY,
)
SPECS_BY_KIND: dict[str, RecordSpec] = {s.kind: s for s in RECORD_SPECS}

#: Navigation groups in the order a clerk thinks of them.
GROUPS: tuple[str, ...] = tuple(dict.fromkeys(s.group for s in RECORD_SPECS))


def spec_for(kind: str) -> RecordSpec:
    """The description of record type ``kind``; ``KeyError`` with the Chinese list otherwise."""
    try:
        return SPECS_BY_KIND[kind]
    except KeyError:
        raise KeyError(f"未知的记录类型：{kind}") from None


# ---------------------------------------------------------------------------------------------
# The unit profile (单位设置) is described the same way, so its form is generated too.


@dataclass(frozen=True)
class SettingsSpec:
    label: str
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)


UNIT_PROFILE = SettingsSpec(
    label="单位设置",
    fields=(
        FieldSpec("unit_name", "单位简称", required=True, max_length=30, help="如：金兰山街道"),
        FieldSpec("county_name", "所属县（区）", max_length=30, help="如：新县"),
        FieldSpec("party_organ", "党工委全称", required=True, max_length=60),
        FieldSpec("government_organ", "办事处全称", required=True, max_length=60),
        FieldSpec("issuer_mark", "发文机关标志", required=True, max_length=40),
        FieldSpec("doc_prefix", "发文字号代字", required=True, max_length=10, help="如：金文"),
        FieldSpec("next_doc_number", "下一个文号", "int", default=1, min_value=1, max_value=9999),
        FieldSpec("signers", "签发人", "tags", help="多人用顿号分隔，按机关顺序"),
        FieldSpec("principal_leaders", "党政主要负责人", "tags", help="党工委书记、办事处主任"),
        FieldSpec("addressee", "主送机关", required=True, max_length=100, help="如：县委、县政府"),
        FieldSpec("copy_to", "抄送机关", "tags"),
        FieldSpec("print_organ", "印发机关", max_length=60),
        FieldSpec("legal_adviser_firm", "法律顾问单位", max_length=60),
        FieldSpec("legal_service_station", "公共法律服务工作站", max_length=60),
        FieldSpec("leadership_group", "法治政府建设工作领导小组", "longtext", max_length=2000),
        FieldSpec(
            "operator", "经办人", max_length=30, help="操作日志中记下的操作员；留空则用电脑的登录名"
        ),
    ),
)
