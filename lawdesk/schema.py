"""One description per record type: fields, Chinese labels, types, choices and limits.

Everything that needs to know what a record looks like reads it from here: the peewee models
(``lawdesk.models`` builds the tables from these descriptions), validation
(``lawdesk.services.validation``), the list columns and forms of the GUI and the Excel columns.
Adding a field to a record type means adding one ``FieldSpec`` here and one migration.

(Longer than most modules: it is data, the one description of every record type.)
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
    #: The Excel import also reads 时间 for 日期, each part of an "A/B" header and a header that
    #: starts with a word of the record type's name (巡逻日期 → 日期, see ``RecordSpec.aliases``).
    aliases: tuple[str, ...] = ()
    #: What a text field must look like beyond its length: "phone" (digits, 区号-, 转 and 、
    #: between numbers; checked by ``lawdesk.services.validation`` for forms and imports alike).
    text_format: Literal["", "phone"] = ""
    #: Choices or suggestions that name an organ of one kind of office only (街道, 镇, 乡):
    #: (kind, values). A form for an office of that kind offers these instead of the others'
    #: (``choices_for``); validation accepts every kind's (a county holds all kinds).
    by_kind: tuple[tuple[str, tuple[str, ...]], ...] = ()


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
    #: Words clerks name this kind of 台账 by, in a sheet name, a title row or a file name
    #: (治安巡逻, 巡逻 → 治安巡逻); the Excel import decides a sheet's type from them and its headers.
    aliases: tuple[str, ...] = ()
    #: Fields that identify the same record when a workbook row has no 记录标识 (default: the date
    #: and title fields); a row that matches a record on them is offered as an update of it.
    key_fields: tuple[str, ...] = ()

    @property
    def match_fields(self) -> tuple[str, ...]:
        if not self.common:
            return (self.title_field,)
        return self.key_fields or (self.date_field, self.title_field)

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
    "党委班子会",
    "法治建设推进会",
    "法治建设领导小组会议",
    "警示教育大会",
    "理论学习中心组学习",
    "廉政谈话会",
    "部署会",
    "述法会",
    "其他会议",
)
#: 专题会议、班子会、推进会 on rule-of-law work, as the reference report counts them (a 街道's
#: 党工委 and a 镇's or 乡's 党委 hold the 班子会).
LEADERSHIP_MEETING_KINDS = ("法治建设专题会议", "党工委班子会", "党委班子会", "法治建设推进会", "法治建设领导小组会议")
WARNING_MEETING_KIND = "警示教育大会"

#: The kinds of office (单位类别) whose organs a report and the choices name differently.
OFFICE_KINDS = ("街道", "镇", "乡")

#: 学习形式: common forms, offered in the form; an office writes its own (a training brand of its
#: own is its own word, never the program's).
STUDY_FORMS = (
    "集中学法",
    "专题讲座",
    "会前学法",
    "第一议题",
    "旁听庭审",
    "案例教学",
    "学法考试",
    "线上学法",
)
#: The training of the village or community cadres, as each kind of office calls it.
CADRE_TRAINING_BY_KIND = (
    ("街道", ("社区干部法治教育培训",)),
    ("镇", ("村(社区)干部法治教育培训",)),
    ("乡", ("村干部法治教育培训",)),
)
CADRE_TRAINING_FORMS = tuple(dict.fromkeys(f for _k, forms in CADRE_TRAINING_BY_KIND for f in forms))
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
MEDIATOR_ORGS = ("司法所", "综治中心", "派出所", "专业调委会")
#: The mediation committees of each kind of office (调解组织 offers its own kind's first).
MEDIATOR_ORGS_BY_KIND = (
    ("街道", ("街道人民调解委员会", "社区调委会")),
    ("镇", ("镇人民调解委员会", "村调委会", "社区调委会")),
    ("乡", ("乡人民调解委员会", "村调委会")),
)
#: 班子会 of each kind of office: a 街道's 党工委, a 镇's or 乡's 党委.
MEETING_KINDS_BY_KIND = (
    ("街道", ("党工委班子会",)),
    ("镇", ("党委班子会",)),
    ("乡", ("党委班子会",)),
)
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
    ("家庭纠纷", "婚姻家庭"),
    ("婚姻纠纷", "婚姻家庭"),
    ("土地纠纷", "土地山林"),
    ("山林纠纷", "土地山林"),
    ("宅基地纠纷", "房屋宅基地"),
    ("房屋纠纷", "房屋宅基地"),
    ("劳动纠纷", "劳动争议(欠薪)"),
    ("劳务纠纷", "劳动争议(欠薪)"),
    ("欠薪纠纷", "劳动争议(欠薪)"),
    ("交通事故", "损害赔偿"),
    ("人身损害", "损害赔偿"),
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
    ("12345政务服务便民热线", "12345市长热线"),
    ("政务服务热线", "12345市长热线"),
    ("市民热线", "12345市长热线"),
    ("市长信箱", "12345市长热线"),
    ("市长热线", "12345市长热线"),
    ("12345热线", "12345市长热线"),
    ("县交办", "县交办件"),
    ("交办件", "县交办件"),
)
DISPUTE_STATUS_SYNONYMS = (
    ("已办结", "调解成功"),
    ("办结", "调解成功"),
    ("结案", "调解成功"),
    ("已结案", "调解成功"),
    ("化解成功", "调解成功"),
    ("调处成功", "调解成功"),
    ("达成协议", "调解成功"),
    ("未化解", "调解不成"),
    ("调解未成功", "调解不成"),
    ("未达成协议", "调解不成"),
    ("正在调解", "调解中"),
    ("办理中", "调解中"),
    ("待调解", "受理"),
    ("终止调解", "终止"),
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
FEEDBACK_SYNONYMS = (("非常满意", "满意"), ("很满意", "满意"), ("比较满意", "基本满意"), ("较满意", "基本满意"),
                     ("无法回访", "未回访"), ("未联系上", "未回访"), ("不予回访", "未回访"))
VENUE_TYPE_SYNONYMS = (("乡村", "进乡村"), ("农村", "进乡村"), ("村", "进乡村"), ("校园", "进学校"),
                       ("线上", "进网络"), ("机关单位", "进机关"), ("社区广场", "进社区"))
HONOR_LEVEL_SYNONYMS = (("区级", "县级"), ("县区级", "县级"), ("区县级", "县级"), ("全国", "国家级"),
                        ("省部级", "省级"), ("地市级", "市级"), ("州级", "市级"))
STUDY_AUDIENCE_SYNONYMS = (("机关干部", "全体机关干部"), ("机关全体干部", "全体机关干部"), ("全体干部", "全体机关干部"),
                           ("班子成员", "党工委班子"), ("领导班子", "党工委班子"), ("社区干部", "村(社区)干部"),
                           ("村干部", "村(社区)干部"), ("执法队员", "执法人员"))
STUDY_FORM_SYNONYMS = (("讲座", "专题讲座"), ("法治讲座", "专题讲座"), ("网上学法", "线上学法"), ("在线学法", "线上学法"),
                       ("集体学法", "集中学法"), ("考试", "学法考试"), ("庭审旁听", "旁听庭审"))
#: Headers that mean "the date" in clerks' sheets (活动日期, 时间 …).
DATE_ALIASES = ("日期", "时间", "活动日期", "开展日期", "开展时间", "活动时间")

# ---------------------------------------------------------------------------------------------
# Common fields of every work record.

COMMON_FIELDS = (
    FieldSpec("community", "所属社区", "ref", ref="community", width=90,
              aliases=("社区", "村(社区)", "所在社区", "所属村(社区)", "所在村(社区)", "村社区", "村居", "所属村")),
    FieldSpec("leader", "带队/主持领导", max_length=50, width=90,
              aliases=("带队领导", "主持领导", "领导", "带队人", "带班领导", "参加领导")),
    FieldSpec(
        "is_principal_led", "主要负责人主持/带队", "bool", default=False, width=70,
        aliases=("主要负责人主持", "主要负责人带队", "主要领导主持", "主要领导带队", "是否主要负责人",
                 "是否主要领导", "主要领导参加", "主要负责人参加"),
    ),
    FieldSpec("remarks", "备注", "longtext", max_length=2000, in_list=False, aliases=("说明", "备考", "备注说明")),
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
    aliases=("会议",),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90,
                  aliases=DATE_ALIASES + ("召开时间", "召开日期", "开会时间")),
        FieldSpec(
            "kind", "会议类型", "choice", required=True, choices=MEETING_KINDS, width=130,
            by_kind=MEETING_KINDS_BY_KIND,
            synonyms=(("专题会议", "法治建设专题会议"), ("专题会", "法治建设专题会议"), ("班子会", "党工委班子会"), ("党委会", "党委班子会"),
                      ("推进会", "法治建设推进会"), ("领导小组会议", "法治建设领导小组会议"),
                      ("中心组学习", "理论学习中心组学习"), ("其他", "其他会议"), ("党工委会", "党工委班子会"),
                      ("班子会议", "党工委班子会"), ("领导小组会", "法治建设领导小组会议")),
            aliases=("类型", "会议类别", "类别"),
        ),
        FieldSpec("title", "会议名称/议题", required=True, width=260,
                  aliases=("会议名称", "议题", "会议议题", "名称", "会议主题", "主题", "会议内容", "内容", "研究事项", "标题")),
        FieldSpec("chair", "主持人", max_length=50, width=80, aliases=("主持",)),
        FieldSpec(
            "on_rule_of_law",
            "研究法治工作",
            "bool",
            default=True,
            help="会议是否研究部署法治政府建设工作",
            width=70,
        ),
        FieldSpec("participants", "参会人数", "int", max_value=10000, width=70,
                  aliases=("人数", "参会人员数", "参加人数", "出席人数", "与会人数", "到会人数")),
        FieldSpec("location", "地点", max_length=100, in_list=False, aliases=("会议地点", "开会地点", "会议室")),
    ),
)

STUDY = RecordSpec(
    kind="study",
    model_name="StudySession",
    label="学法培训",
    group="学法培训",
    description="集中学法、专题讲座、会前学法、村(社区)干部法治教育培训和本单位自己的学法形式",
    date_field="date",
    title_field="topic",
    search_fields=("topic", "speaker", "laws_studied", "remarks"),
    aliases=("学法", "培训", "学习", "法治教育"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec("form", "学习形式", required=True, max_length=60, suggestions=STUDY_FORMS, width=120,
                  by_kind=CADRE_TRAINING_BY_KIND, synonyms=STUDY_FORM_SYNONYMS,
                  aliases=("形式", "学习方式", "方式", "类型"), help="可选常用形式，也可填写本单位自己的学法品牌或形式"),
        FieldSpec("topic", "主题", required=True, width=240,
                  aliases=("学习主题", "培训主题", "内容", "学习内容", "培训内容", "课程", "题目", "标题", "名称")),
        FieldSpec("audience_level", "学习对象", "choice", choices=STUDY_AUDIENCES, width=100,
                  synonyms=STUDY_AUDIENCE_SYNONYMS, aliases=("对象", "参学对象", "参训对象", "参加对象", "层级")),
        FieldSpec("speaker", "主讲人", max_length=50, width=80, aliases=("主讲", "授课人", "讲师", "领学人", "授课老师")),
        FieldSpec("participants", "参加人数", "int", max_value=10000, width=70,
                  aliases=("人数", "参训人数", "参学人数", "参会人数", "人次")),
        FieldSpec("hours", "学时", "decimal", max_value=100, width=50, aliases=("课时", "时长", "学习时长", "小时")),
        FieldSpec(
            "laws_studied",
            "学习法律法规",
            "tags",
            suggestions=COMMON_LAWS,
            help="多部法律用顿号分隔，如：宪法、民法典",
            width=160,
            aliases=("学习法律", "法律法规", "学习篇目"),
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
    aliases=("宣讲员", "普法宣讲员", "宣讲员名册"),
    fields=(
        FieldSpec("name", "姓名", required=True, max_length=30, width=80, aliases=("宣讲员姓名", "名字")),
        FieldSpec("unit", "所在单位", "choice", required=True, choices=LECTURER_UNITS, width=90,
                  synonyms=(("律所", "律师事务所"), ("社区", "村(社区)")), aliases=("单位", "工作单位")),
        FieldSpec("title", "职务", max_length=50, width=100, aliases=("职称",)),
        FieldSpec("phone", "联系电话", max_length=30, width=110, personal=True, text_format="phone",
                  aliases=("电话", "手机", "手机号", "联系方式")),
        FieldSpec("appointed_on", "聘任日期", "date", required=True, width=90, aliases=("聘任时间", "任职时间")),
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
    aliases=("普法", "宣讲", "宣传", "法治宣传"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec("topic", "宣讲主题", required=True, width=220,
                  aliases=("主题", "活动主题", "宣传主题", "活动名称", "活动内容", "宣传内容", "内容", "名称", "标题")),
        FieldSpec("lecturer", "宣讲员", "ref", ref="lecturer", width=80, aliases=("普法宣讲员", "主讲人", "宣讲人", "主讲")),
        FieldSpec("venue_type", "宣传阵地", "choice", required=True, choices=VENUE_TYPES, width=80,
                  synonyms=VENUE_TYPE_SYNONYMS, aliases=("阵地", "进入对象", "宣传类型", "类别", "类型", "八进")),
        FieldSpec("venue", "具体场所", max_length=100, width=140, aliases=("地点", "活动地点", "场所")),
        FieldSpec("audience_group", "受众群体", "choice", choices=AUDIENCE_GROUPS, width=90,
                  synonyms=(("学生", "青少年学生"), ("居民", "群众"), ("村民", "群众"), ("企业员工", "企业职工"),
                            ("老人", "老年人"), ("务工人员", "外来务工人员")),
                  aliases=("受众", "对象", "参加对象")),
        FieldSpec("audience", "受众人数", "int", max_value=100000, width=70,
                  aliases=("人数", "参加人数", "覆盖人数", "受教育人数", "参与人数", "覆盖人次", "人次")),
        FieldSpec("special_day", "法治宣传节点", "choice", choices=SPECIAL_DAYS, width=130,
                  synonyms=(("宪法日", "12·4国家宪法日"), ("国家宪法日", "12·4国家宪法日"),
                            ("国家安全教育日", "4·15全民国家安全教育日"), ("禁毒日", "6·26国际禁毒日"),
                            ("3·15", "3·15消费者权益保护日"), ("消费者权益日", "3·15消费者权益保护日")),
                  aliases=("节点", "宣传节点", "主题日")),
        FieldSpec("laws", "宣传法律法规", "tags", suggestions=COMMON_LAWS, in_list=False, aliases=("法律法规", "宣传法律")),
        FieldSpec("materials", "发放资料(份)", "int", max_value=1000000, in_list=False,
                  aliases=("资料份数", "发放宣传资料", "发放材料", "宣传资料")),
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
    aliases=("督查", "调研", "检查", "督导"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec("kind", "类别", "choice", required=True, choices=SUPERVISION_KINDS, width=60,
                  synonyms=(("督导", "督查"), ("督察", "督查"), ("实地调研", "调研"), ("明察暗访", "暗访")),
                  aliases=("类型", "方式", "形式")),
        FieldSpec("subject", "事由/主题", required=True, width=240, aliases=("内容", "事项", "名称", "标题")),
        FieldSpec("target", "对象/地点", max_length=100, width=120, aliases=("被检查单位", "单位")),
        FieldSpec("problem_field", "问题领域", "choice", choices=PROBLEM_FIELDS, width=80, aliases=("领域",)),
        FieldSpec("problems_found", "发现问题(个)", "int", max_value=1000, width=80, aliases=("发现问题数", "问题数")),
        FieldSpec("problems_solved", "解决问题(个)", "int", max_value=1000, width=80,
                  aliases=("解决问题数", "整改问题", "已整改", "整改数", "已解决")),
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
    aliases=("治安巡逻", "巡逻"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES),
        FieldSpec("area", "巡逻区域/路线", required=True, width=220, aliases=("地点", "范围", "路段")),
        FieldSpec("team", "巡逻队伍", "choice", choices=PATROL_TEAMS, width=90,
                  synonyms=(("派出所", "联合派出所"), ("志愿者", "平安志愿者"), ("综合执法", "综合行政执法")),
                  aliases=("队伍", "巡逻力量")),
        FieldSpec("partner_units", "联合单位", "tags", suggestions=PATROL_PARTNERS, width=200,
                  aliases=("参与单位", "联合部门", "配合单位", "参加单位")),
        FieldSpec("persons", "出动人次", "int", max_value=10000, width=70,
                  aliases=("人数", "出动人数", "参加人数", "人次", "出动警力")),
        FieldSpec("hazards_found", "发现隐患(处)", "int", max_value=1000, width=80,
                  aliases=("隐患", "隐患数", "排查隐患")),
        FieldSpec("disputes_found", "发现纠纷(起)", "int", max_value=1000, in_list=False,
                  aliases=("纠纷数", "劝解纠纷")),
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
    aliases=("矛盾纠纷", "纠纷", "调解"),
    fields=(
        FieldSpec("received_date", "受理日期", "date", required=True, width=90,
                  aliases=DATE_ALIASES + ("受理时间", "登记日期", "登记时间", "发生时间", "接报时间")),
        FieldSpec("summary", "纠纷概要", required=True, width=220,
                  aliases=("纠纷简要情况", "简要情况", "纠纷内容", "基本情况", "纠纷情况", "案由", "事由", "主要内容",
                           "内容", "概要", "简要案情")),
        FieldSpec(
            "dispute_type", "纠纷类型", "choice", required=True, choices=DISPUTE_TYPES, width=90,
            synonyms=DISPUTE_TYPE_SYNONYMS, aliases=("类型", "纠纷类别", "类别", "纠纷种类"),
        ),
        FieldSpec("source", "来源", "choice", choices=DISPUTE_SOURCES, width=80,
                  synonyms=(("排查", "排查发现"), ("来访", "群众来访"), ("网格员上报", "网格上报"), ("12345", "12345转办"),
                            ("信访", "信访转办"), ("派出所", "派出所移交"), ("法院", "法院委派")),
                  aliases=("案件来源",)),
        FieldSpec("parties_names", "当事人", max_length=200, in_list=False, personal=True,
                  aliases=("当事人姓名", "双方当事人", "当事人双方", "申请人/被申请人")),
        FieldSpec("party_id_number", "身份证号", max_length=18, in_list=False, personal=True,
                  help="个人信息：不进入报告，彻底删除时从操作日志中抹去",
                  aliases=("身份证号码", "身份证", "公民身份号码", "证件号码", "当事人身份证号")),
        FieldSpec("party_phone", "联系电话", max_length=30, in_list=False, personal=True, text_format="phone",
                  aliases=("电话", "手机", "手机号", "联系方式", "当事人电话", "当事人联系电话")),
        FieldSpec("parties", "当事人数", "int", max_value=10000, in_list=False, aliases=("涉及人数",)),
        FieldSpec("mediator_org", "调解组织", max_length=60, suggestions=MEDIATOR_ORGS, width=120,
                  by_kind=MEDIATOR_ORGS_BY_KIND, aliases=("调委会",), help="可选，也可填写本单位调解组织的名称"),
        FieldSpec("mediator", "调解员", max_length=50, width=70, aliases=("调解人",)),
        FieldSpec("method", "化解方式", "choice", choices=DISPUTE_METHODS, width=80,
                  synonyms=(("调解", "人民调解"),), aliases=("调解方式", "方式")),
        FieldSpec(
            "status", "状态", "choice", required=True, choices=DISPUTE_STATUSES, default="受理", width=70,
            synonyms=DISPUTE_STATUS_SYNONYMS,
            aliases=("调解结果", "办理状态", "结果", "调处结果", "化解情况", "办结情况", "调解情况"),
        ),
        FieldSpec("closed_date", "办结日期", "date", help="调解成功、不成或终止时填写", width=90,
                  aliases=("结案日期", "调结日期", "化解日期", "完成时间")),
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
    aliases=("12345", "热线", "工单", "市长热线", "交办件", "来电"),
    key_fields=("ticket_no",),
    fields=(
        FieldSpec(
            "channel", "渠道", "choice", required=True, choices=HOTLINE_CHANNELS, width=100,
            synonyms=HOTLINE_CHANNEL_SYNONYMS, aliases=("来源", "来源渠道", "工单来源"),
        ),
        FieldSpec("ticket_no", "工单号", max_length=40, width=110, aliases=("工单编号", "编号", "工单号码", "单号")),
        FieldSpec("received_date", "受理日期", "date", required=True, width=90,
                  aliases=DATE_ALIASES + ("受理时间", "来电时间", "来电日期", "派单时间", "交办时间", "登记时间", "转办时间")),
        FieldSpec("due_date", "办理时限", "date", required=True, width=90,
                  aliases=("时限", "办结时限", "截止日期", "要求办结时间", "期限", "反馈时限")),
        FieldSpec("summary", "诉求内容", required=True, width=220,
                  aliases=("内容", "来电内容", "反映问题", "诉求", "问题描述", "工单内容", "事项", "主要内容")),
        FieldSpec("category", "诉求类别", "choice", choices=HOTLINE_CATEGORIES, width=80,
                  synonyms=(("城建", "城乡建设"), ("城管", "城市管理"), ("劳资", "劳动保障"), ("环保", "环境"),
                            ("环境保护", "环境"), ("社会治安", "治安"), ("政策咨询", "咨询")),
                  aliases=("类别", "问题类型", "类型", "工单类型", "分类")),
        FieldSpec("handler", "承办科室/社区", max_length=50, width=100,
                  aliases=("承办单位", "承办部门", "办理单位", "责任单位", "承办科室")),
        FieldSpec("closed_date", "办结日期", "date", help="尚未办结的留空", width=90,
                  aliases=("回复时间", "答复时间", "结案时间")),
        FieldSpec("feedback", "回访结果", "choice", choices=FEEDBACK_CHOICES, width=70, synonyms=FEEDBACK_SYNONYMS,
                  aliases=("回访情况", "满意度", "评价", "回访", "群众评价")),
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
    aliases=("合法性审查", "审查", "审核"),
    fields=(
        FieldSpec("received_date", "收件日期", "date", required=True, width=90,
                  aliases=DATE_ALIASES + ("收件时间", "送审日期", "送审时间", "收文日期", "受理日期")),
        FieldSpec("title", "事项名称", required=True, width=240, aliases=("名称", "文件名称", "审查事项", "合同名称", "标题")),
        FieldSpec("category", "审查类别", "choice", required=True, choices=REVIEW_CATEGORIES, width=110,
                  synonyms=(("合同", "行政机关合同"), ("规范性文件", "行政规范性文件"), ("重大决策", "重大行政决策"),
                            ("执法决定", "重大行政执法决定")),
                  aliases=("类别", "类型", "文件类型")),
        FieldSpec("submitting_dept", "送审科室", max_length=50, width=90, aliases=("送审单位", "送审部门", "提交科室")),
        FieldSpec("reviewer_type", "审查主体", "choice", choices=REVIEWER_TYPES, width=80),
        FieldSpec("reviewer", "审查人", max_length=50, width=70, aliases=("审核人",)),
        FieldSpec("result", "审查结论", "choice", choices=REVIEW_RESULTS, width=80, aliases=("结论", "审查意见", "审查结果")),
        FieldSpec("opinions_count", "提出意见(条)", "int", max_value=1000, in_list=False, aliases=("意见条数",)),
        FieldSpec("opinion_letter", "出具法律意见书", "bool", default=False, width=70, aliases=("法律意见书",)),
        FieldSpec("completed_date", "办结日期", "date", width=90, aliases=("完成日期", "出具意见日期", "反馈日期")),
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
    aliases=("法律顾问", "顾问"),
    fields=(
        FieldSpec("date", "日期", "date", required=True, width=90, aliases=DATE_ALIASES + ("服务日期", "服务时间")),
        FieldSpec("adviser", "法律顾问", required=True, max_length=50, width=80, aliases=("顾问", "律师", "顾问姓名")),
        FieldSpec("firm", "律师事务所", max_length=100, width=140, aliases=("律所", "所属律所")),
        FieldSpec("kind", "服务类型", "choice", required=True, choices=ADVISER_SERVICE_KINDS, width=110,
                  synonyms=(("咨询", "法律咨询"), ("值班", "坐班值班"), ("列席", "列席会议"), ("合同审核", "审核合同")),
                  aliases=("类型", "服务方式")),
        FieldSpec("summary", "服务内容", required=True, width=220, aliases=("内容", "事项", "工作内容")),
        FieldSpec("people_served", "服务人次", "int", max_value=100000, width=70, aliases=("人次", "服务人数", "人数")),
        FieldSpec("letters", "出具意见书(份)", "int", max_value=1000, in_list=False, aliases=("意见书",)),
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
    aliases=("荣誉", "表彰", "获奖", "创建"),
    fields=(
        FieldSpec("date", "获得日期", "date", required=True, width=90,
                  aliases=DATE_ALIASES + ("获得时间", "获奖时间", "获奖日期", "表彰时间", "获评时间", "授予时间")),
        FieldSpec("title", "荣誉名称", required=True, width=240,
                  aliases=("名称", "荣誉", "奖项", "获奖名称", "表彰名称", "荣誉称号", "称号")),
        FieldSpec("holder", "获得单位/个人", required=True, max_length=100, width=140,
                  aliases=("获奖单位/个人", "获奖单位", "获奖个人", "获得者", "获奖者", "单位/个人", "获奖对象", "获得单位")),
        FieldSpec("level", "级别", "choice", required=True, choices=HONOR_LEVELS, width=70, synonyms=HONOR_LEVEL_SYNONYMS,
                  aliases=("荣誉级别", "等级", "层级")),
        FieldSpec("awarded_by", "授予机关", max_length=100, width=160,
                  aliases=("授予单位", "颁发单位", "表彰单位", "发文单位")),
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
    aliases=("社区与阵地", "社区名册", "社区基本情况", "一社区一"),
    fields=(
        FieldSpec("name", "社区名称", required=True, max_length=50, width=100,
                  aliases=("社区", "名称", "村(社区)", "村(社区)名称")),
        FieldSpec("police_officer", "社区民警", max_length=50, help="一社区一警", width=90, aliases=("民警",)),
        FieldSpec("legal_adviser", "法律顾问", max_length=50, help="一社区一法律顾问", width=90, aliases=("顾问",)),
        FieldSpec(
            "mediators", "人民调解员(人)", "int", max_value=1000, help="一社区一支人民调解员队伍", width=90,
            aliases=("调解员人数", "人民调解员人数", "调解员"),
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


def choices_for(f: FieldSpec, office_kind: str | None = None) -> tuple[str, ...]:
    """What a form offers for ``f`` (its choices, or its suggestions for free text) to an office of
    ``office_kind`` (街道, 镇, 乡): its own kind's organ words first, never another kind's; every
    kind's when the kind is not known (a county database)."""
    base = f.choices if f.kind == "choice" else f.suggestions
    if not f.by_kind:
        return base
    own = [v for kind, values in f.by_kind if kind == office_kind for v in values]
    others = {v for kind, values in f.by_kind if kind != office_kind for v in values}
    if office_kind is None:
        own = [v for _kind, values in f.by_kind for v in values]
        others = set()
    if f.kind == "choice":  # the choices keep their order; another kind's organ is left out
        return tuple(v for v in base if v not in others or v in own)
    return tuple(dict.fromkeys([*own, *base]))


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
        FieldSpec("unit_name", "单位简称", required=True, max_length=30, help="如：金兰山街道、城关镇、河西乡"),
        FieldSpec("unit_kind", "单位类别", "choice", choices=OFFICE_KINDS, max_length=10,
                  help="街道、镇或乡：报告中的称谓（如“街道”“镇”）和调解组织等可选项随之改变；空着时按机关全称判断"),
        FieldSpec("county_name", "所属县（区）", max_length=30, help="如：新县"),
        FieldSpec("party_organ", "党（工）委全称", required=True, max_length=60,
                  help="如：中共新县金兰山街道工作委员会、中共新县城关镇委员会"),
        FieldSpec("government_organ", "办事处（人民政府）全称", required=True, max_length=60,
                  help="如：新县金兰山街道办事处、新县城关镇人民政府"),
        FieldSpec("issuer_mark", "发文机关标志", required=True, max_length=40),
        FieldSpec("doc_prefix", "发文字号代字", required=True, max_length=10, help="如：金文"),
        FieldSpec("next_doc_number", "下一个文号", "int", default=1, min_value=1, max_value=9999),
        FieldSpec("signers", "签发人", "tags", help="报送版的版头要标注签发人；多人用顿号分隔，按机关顺序"),
        FieldSpec("principal_leaders", "党政主要负责人", "tags", help="党工委书记、办事处主任"),
        FieldSpec("addressee", "主送机关", required=True, max_length=100, help="如：县委、县政府"),
        FieldSpec("leading_bodies", "领导机关", max_length=60,
                  help="报告开头“在……的坚强领导下”所写的机关，如：县委、县政府；空着时用主送机关"),
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
