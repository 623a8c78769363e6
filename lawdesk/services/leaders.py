"""The leaders of an office and their own records: who chaired, who led, who took part.

A leader's 述法报告 counts only the records where that person chaired, led or took part — what
the ledger says of each record: a meeting's 主持人 (``chair``), every work record's 带队/主持领导
(``leader``), a study session's 主讲人 (``speaker``: the leader who 领学). A field may name
several people ("张健平、陈立新") or a post before the name ("党工委书记张健平"); a person is named
by a field when one of its names is theirs (``names_in``), never by a longer name that holds
theirs (张健 is not 张健平).

The people to choose from are the office's 党政主要负责人 (单位设置, in their order: 党（工）委书记,
then 主任/镇长/乡长) and everyone the records of the period name as 主持人 or 带队领导, most records
first. ``missing`` lists the records that do not say who chaired or led, so the clerk can make the
report true before it is signed.

The person's figures (``PERSON_FIGURES``) are described like ``stats.FIGURES`` and counted by
``stats.compute_defs`` over the person's records: the one place figures are computed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from peewee import Expression, ModelSelect, fn

from lawdesk.connection import codepoint_order
from lawdesk.models import RECORD_MODELS, RecordModel
from lawdesk.report import organs
from lawdesk.schema import LEADERSHIP_MEETING_KINDS, WARNING_MEETING_KIND, spec_for
from lawdesk.services import settings, stats, units
from lawdesk.services.period import Period
from lawdesk.services.requirements import OneOf, Requires, Ticked
from lawdesk.services.stats import FigureDef

#: Between the names of one field: 顿号, commas, semicolons, slashes, spaces.
_BETWEEN = re.compile(r"[、，,；;/／\s]+")
#: Posts a clerk writes before a name ("党工委书记张健平", "主任余志强").
POSTS = ("书记", "副书记", "主任", "副主任", "镇长", "副镇长", "乡长", "副乡长", "委员", "组长", "副组长", "所长",
         "部长", "主席", "局长", "领导")  # fmt: skip
NAME_LIMIT = 20
#: The fields that name who chaired, led or took part, by record kind (every other kind: ``leader``).
PERSON_FIELDS: dict[str, tuple[str, ...]] = {"meeting": ("chair", "leader"), "study": ("leader", "speaker")}
#: The fields the people to choose from are read from (主持人, 带队领导).
CHOICE_FIELDS: dict[str, tuple[str, ...]] = {"meeting": ("chair", "leader")}

CENTER_STUDY = "理论学习中心组学习"

#: A person's figures: what the 述法报告 counts of their own records.
PERSON_FIGURES: tuple[FigureDef, ...] = (
    FigureDef("p_meetings", "本人主持召开专题会议、班子会、推进会", "次", "meeting",
              where=Requires(OneOf("kind", LEADERSHIP_MEETING_KINDS), Ticked("on_rule_of_law"))),
    FigureDef("p_center_study", "本人主持理论学习中心组学习", "次", "meeting", where=Requires(OneOf("kind", (CENTER_STUDY,)))),
    FigureDef("p_warning_meetings", "本人主持召开警示教育大会", "次", "meeting",
              where=Requires(OneOf("kind", (WARNING_MEETING_KIND,)))),
    FigureDef("p_studies", "本人主持或领学学法", "次", "study"),
    FigureDef("p_study_sessions", "其中集中学法", "次", "study", where=Requires(OneOf("form", ("集中学法",)))),
    FigureDef("p_research", "本人深入现场调研", "次", "supervision", where=Requires(OneOf("kind", ("调研",)))),
    FigureDef("p_supervisions", "本人带队开展督查", "次", "supervision", where=Requires(OneOf("kind", ("督查",)))),
    FigureDef("p_problems_solved", "本人带队解决法治领域问题", "个", "supervision", "sum", column="problems_solved"),
    FigureDef("p_reviews", "本人牵头事项开展合法性审查", "件", "review"),
    FigureDef("p_review_decisions", "其中重大行政决策", "件", "review", where=Requires(OneOf("category", ("重大行政决策",)))),
    FigureDef("p_review_normative", "其中规范性文件", "件", "review",
              where=Requires(OneOf("category", ("党的规范性文件", "行政规范性文件")))),
    FigureDef("p_review_contracts", "其中行政机关合同", "份", "review", where=Requires(OneOf("category", ("行政机关合同",)))),
    FigureDef("p_lectures", "本人参加普法宣讲", "场", "lecture"),
    FigureDef("p_lecture_audience", "本人参加的普法宣讲受众", "人次", "lecture", "sum", column="audience"),
    FigureDef("p_disputes", "本人参与调处矛盾纠纷", "起", "dispute"),
    FigureDef("p_disputes_resolved", "其中调解成功", "起", "dispute", where=Requires(OneOf("status", ("调解成功",)))),
    FigureDef("p_patrols", "本人带队开展治安巡逻", "次", "patrol"),
    FigureDef("p_hotline", "本人督办热线和交办件", "件", "hotline"),
)  # fmt: skip
PERSON_FIGURES_BY_KEY = {f.key: f for f in PERSON_FIGURES}
#: The lists a 述法报告 names, each from the person's records: (key, kind, column, 顿号 list, condition).
PERSON_LISTS = (
    ("p_meeting_kinds", "meeting", "kind", False, PERSON_FIGURES_BY_KEY["p_meetings"].where),
    ("p_laws_studied", "study", "laws_studied", True, None),
    ("p_problem_fields", "supervision", "problem_field", False, None),  # ordered by problems solved
)
#: The figure whose records each list names.
LIST_FIGURES = {"p_meeting_kinds": "p_meetings", "p_laws_studied": "p_studies", "p_problem_fields": "p_problems_solved"}


def names_in(value: object) -> list[str]:
    """The people a field names: "党工委书记张健平、陈立新" → ["张健平", "陈立新"]."""
    out = []
    for part in _BETWEEN.split(str(value or "").strip()):
        name = part.strip("（）()").removesuffix("同志")
        for post in sorted(POSTS, key=len, reverse=True):
            at = name.rfind(post)
            if at >= 0 and len(name) - at - len(post) >= 2:
                name = name[at + len(post):]
                break
        if name and len(name) <= NAME_LIMIT and name not in out:
            out.append(name)
    return out


def principal_leaders(unit: units.UnitRef = None) -> list[str]:
    """The 党政主要负责人 of the 单位设置, in their order (书记 first)."""
    return names_in(settings.profile_values(unit).get("principal_leaders"))


def default_post(person: str, unit: units.UnitRef = None) -> str:
    """The post of a 党政主要负责人 as the 单位设置 orders them: "金兰山街道党工委书记",
    "金兰山街道办事处主任" ("城关镇镇长", "河口乡乡长"); "" for anyone else."""
    profile = settings.profile_values(unit)
    principals = names_in(profile.get("principal_leaders"))
    if person not in principals[:2]:
        return ""
    words = organs.words_for(profile)
    name = str(profile.get("unit_name") or "")
    if principals.index(person) == 0:
        return f"{name}{words.party_committee}书记"
    head = {organs.STREET: "办事处主任", organs.TOWN: "镇长", organs.TOWNSHIP: "乡长"}[words.kind]
    return f"{name}{head}"


# -- who is named where ------------------------------------------------------------------------


def _fields(kind: str, choosing: bool = False) -> tuple[str, ...]:
    table = CHOICE_FIELDS if choosing else PERSON_FIELDS
    return table.get(kind, ("leader",))


def _kinds() -> list[str]:
    return [kind for kind in RECORD_MODELS if spec_for(kind).common]


def _distinct(model: type[RecordModel], field: str, period: Period, unit_id: int | None,
              holding: str | None = None) -> list[tuple[str, int]]:  # fmt: skip
    """(value, records) of a name field over the records dated in ``period`` (``holding``: only
    the values that contain that text, found by the database)."""
    spec = spec_for(_kind_of(model))
    column = getattr(model, field)
    day = getattr(model, spec.date_field)
    where = model.deleted_at.is_null() & day.between(period.start, period.end) & column.is_null(False) & (column != "")
    if holding is not None:
        where &= column.contains(holding)
    if unit_id is not None:
        where &= model.unit_id == unit_id
    return list(model.select(column, fn.COUNT(model.id)).where(where).group_by(column).tuples())


def _kind_of(model: type[RecordModel]) -> str:
    return next(kind for kind, m in RECORD_MODELS.items() if m is model)


@dataclass(frozen=True)
class PersonScope:
    """The records of one person in a period: for each record kind, the values of its name fields
    that name the person (``stats.Scope``: the condition on a kind, None where none do)."""

    person: str
    values: Mapping[str, Mapping[str, tuple[str, ...]]]  # kind → field → the stored values naming the person

    @property
    def named(self) -> bool:
        """Whether any record of the period names the person."""
        return any(any(values for values in fields.values()) for fields in self.values.values())

    def __call__(self, model: type[RecordModel]) -> Expression | None:
        fields = self.values.get(_kind_of(model), {})
        parts = [getattr(model, field).in_(list(values)) for field, values in fields.items() if values]
        if not parts:
            return None
        out = parts[0]
        for part in parts[1:]:
            out |= part
        return out


def scope_of(person: str, period: Period, unit: units.UnitRef = None) -> PersonScope:
    """Which stored values of the name fields name ``person`` in ``period`` (one grouped query
    per field: the distinct values are few, then each kind's records are found by them)."""
    unit_id = units.scope_id(unit)
    values: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind in _kinds():
        model = RECORD_MODELS[kind]
        for field in _fields(kind):
            naming = tuple(v for v, _n in _distinct(model, field, period, unit_id, person) if person in names_in(v))
            if naming:
                values.setdefault(kind, {})[field] = naming
    return PersonScope(person, values)


@dataclass(frozen=True)
class Candidate:
    name: str
    principal: bool  # named in 单位设置 as a 党政主要负责人
    records: int  # records of the period that name the person as 主持人 or 带队领导


def candidates(period: Period, unit: units.UnitRef = None) -> list[Candidate]:
    """The people a 述法报告 may be written for: the 党政主要负责人 first, then everyone the
    records of ``period`` name as 主持人 or 带队领导, most records first."""
    unit_id = units.scope_id(unit)
    counts: dict[str, int] = {}
    for kind in _kinds():
        model = RECORD_MODELS[kind]
        for field in _fields(kind, choosing=True):
            for value, n in _distinct(model, field, period, unit_id):
                for name in names_in(value):
                    counts[name] = counts.get(name, 0) + n
    principals = principal_leaders(unit)
    out = [Candidate(p, True, counts.get(p, 0)) for p in principals]
    others = sorted((n for n in counts if n not in principals), key=lambda n: (-counts[n], n))
    return out + [Candidate(n, False, counts[n]) for n in others]


# -- the person's figures and lists ------------------------------------------------------------


def figures(person: str, period: Period, unit: units.UnitRef = None,
            scope: PersonScope | None = None) -> dict[str, int | float | None]:  # fmt: skip
    """Every figure of ``PERSON_FIGURES`` over the person's own records of ``period``."""
    return stats.compute_defs(PERSON_FIGURES, period, unit, scope or scope_of(person, period, unit))


def lists(person: str, period: Period, unit: units.UnitRef = None,
          scope: PersonScope | None = None) -> dict[str, list[str]]:  # fmt: skip
    """The lists of ``PERSON_LISTS`` (meeting kinds chaired, laws studied, fields of problems
    solved) from the person's own records."""
    scope = scope or scope_of(person, period, unit)
    out = {key: stats.column_values(kind, column, period, unit, scope, tags=tags, where=condition)
           for key, kind, column, tags, condition in PERSON_LISTS if key != "p_problem_fields"}  # fmt: skip
    out["p_problem_fields"] = _problem_fields(period, unit, scope)
    return out


def _problem_fields(period: Period, unit: units.UnitRef, scope: PersonScope) -> list[str]:
    """The fields of the problems the person's 督查调研 solved, most solved first (as the annual
    report orders the office's)."""
    model = RECORD_MODELS["supervision"]
    kept = scope(model)
    if kept is None:
        return []
    solved = fn.SUM(model.problems_solved)
    where = (model.deleted_at.is_null() & model.date.between(period.start, period.end) & kept
             & model.problem_field.is_null(False) & (model.problems_solved > 0))  # fmt: skip
    unit_id = units.scope_id(unit)
    if unit_id is not None:
        where &= model.unit_id == unit_id
    query = (model.select(model.problem_field).where(where).group_by(model.problem_field)
             .order_by(solved.desc(), fn.MIN(model.date), codepoint_order(model.problem_field)))  # fmt: skip
    return [value for (value,) in query.tuples()]


def records_behind(key: str, person: str, period: Period, unit: units.UnitRef = None) -> tuple[str, ModelSelect]:
    """(record kind, query) of the person's records that figure (or list) ``key`` counts."""
    fig = PERSON_FIGURES_BY_KEY[LIST_FIGURES.get(key, key)]
    return fig.kind, stats.records_of_def(fig, period, unit, scope_of(person, period, unit))


# -- the records that do not say who ---------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """Records of one kind in a period that do not say who chaired or led."""

    kind: str
    count: int
    what: str  # "未填写主持人"

    @property
    def message(self) -> str:
        """"12 条会议未填写主持人"."""
        return f"{self.count} 条{spec_for(self.kind).label}{self.what}"


#: (kind, condition of a record that does not say who, what the message says is missing)
_MISSING = (
    ("meeting", lambda m: (m.chair.is_null() | (m.chair == "")) & (m.leader.is_null() | (m.leader == "")),
     "未填写主持人"),
    ("supervision", lambda m: m.leader.is_null() | (m.leader == ""), "未填写带队领导"),
)  # fmt: skip
_TICKED_WITHOUT = "勾选了“主要负责人主持/带队”但未填写是哪一位领导"


def _missing_where(kind: str, model: type[RecordModel]) -> tuple[Expression, str]:
    for name, condition, what in _MISSING:
        if name == kind:
            return condition(model), what
    return model.is_principal_led & (model.leader.is_null() | (model.leader == "")), _TICKED_WITHOUT


def missing_query(kind: str, period: Period, unit: units.UnitRef = None) -> ModelSelect:
    """The records of ``kind`` in ``period`` that do not say who chaired or led, newest first."""
    model = RECORD_MODELS[kind]
    spec = spec_for(kind)
    day = getattr(model, spec.date_field)
    condition, _what = _missing_where(kind, model)
    where = model.deleted_at.is_null() & day.between(period.start, period.end) & condition
    unit_id = units.scope_id(unit)
    if unit_id is not None:
        where &= model.unit_id == unit_id
    return model.select().where(where).order_by(day.desc(), model.id.desc())


def missing(period: Period, unit: units.UnitRef = None) -> list[Missing]:
    """Every kind of record whose records of ``period`` do not say who chaired or led: meetings
    without 主持人, 督查调研 without 带队领导, other records ticked 主要负责人主持/带队 without the
    name. A 述法报告 cannot count them for anyone."""
    out = []
    for kind in _kinds():
        count = missing_query(kind, period, unit).count()
        if count:
            out.append(Missing(kind, count, _missing_where(kind, RECORD_MODELS[kind])[1]))
    return out
