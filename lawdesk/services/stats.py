"""The figures of a period, computed in SQL aggregates: the only place numbers are computed.

Each figure is described once in ``FIGURES`` (key, Chinese label, unit, record type, condition).
``compute(period)`` runs one aggregate query per record type and date column, with one
``SUM(CASE WHEN … THEN 1 ELSE 0 END)`` per figure, so a year of a 100,000-record database costs
a dozen indexed queries, never a scan of every row into Python. Each query (and each list's) is
compiled to SQL once per shape and bound to each call's period and unit (``services.prepared``):
compiling was a third of the time. ``records_behind(key, period)`` returns the records a figure
counts, so a clerk can check "why 26?".

Counting rules (the boundary cases):

- Records count in the period of their date field (会议 by 日期, 纠纷 and 热线 by 受理日期 …).
- Closed figures count by the closing date: a hotline case received on 2021-12-28 and closed
  on 2022-01-05 is "办结" in 2022 (and "受理" in 2021). 按期办结率 = closed on or before the due
  date ÷ closed in the period; 满意率 = (满意 + 基本满意) ÷ closed cases with a visit result.
- 化解矛盾纠纷 counts disputes whose mediation succeeded with a closing date in the period;
  化解率 = disputes received in the period and resolved by its end ÷ disputes received in it.
- Open-at-end figures look at the state on the last day of the period.
- Records in the 回收站 never count.

(Longer than most modules: the figures' definitions and the queries that compute them in one
pass are one table of rules that must agree; the conditions' wording is ``requirements``.)
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from peewee import SQL, Case, Expression, ModelSelect, fn

from lawdesk.connection import codepoint_order, is_server_database
from lawdesk.models import RECORD_MODELS, RecordModel, Unit, database
from lawdesk.normalize import number_text
from lawdesk.schema import (
    CADRE_TRAINING_FORMS,
    DISPUTE_RESOLVED,
    FEEDBACK_SATISFIED,
    HOTLINE_12345,
    HOTLINE_COUNTY,
    LEADERSHIP_MEETING_KINDS,
    RECORD_SPECS,
    WARNING_MEETING_KIND,
    spec_for,
)
from lawdesk.services import prepared, units
from lawdesk.services.period import Period
from lawdesk.services.requirements import Filled, OneOf, Requires, Ticked

Condition = Callable[[type[RecordModel], Period], Expression]

#: A dispute still open this many days after it was received counts as 积压 (a backlog).
LONG_OPEN_DAYS = 30

#: Use the record type's own date field (the default).
OWN_DATE = "__own__"


@dataclass(frozen=True)
class FigureDef:
    """One figure: what it counts and how it is labelled in Chinese."""

    key: str
    label: str
    unit: str
    kind: str = ""  # record type counted ("" for rates)
    agg: str = "count"  # count | sum | rate
    where: Condition | None = None
    column: str = ""  # for sums
    date_field: str | None = OWN_DATE  # None: the condition handles the period itself
    num: str = ""  # for rates
    den: str = ""
    section: str = ""
    approx: bool = False  # large counts may be written "100余起"
    open_at_end: str = ""  # counts only records still open at the end: their closing-date column

    @property
    def is_rate(self) -> bool:
        return self.agg == "rate"

    @property
    def is_derived(self) -> bool:
        """Computed from two other figures (a rate or a difference), not counted in SQL."""
        return self.agg in ("rate", "diff")


def _open_at_end(closed: str, received: str) -> Condition:
    def cond(m: type[RecordModel], p: Period) -> Expression:
        closed_col = getattr(m, closed)
        return (getattr(m, received) <= p.end) & (closed_col.is_null() | (closed_col > p.end))

    return cond


def _on_roster(m: type[RecordModel], p: Period) -> Expression:
    return (m.appointed_on <= p.end) & (m.left_on.is_null() | (m.left_on >= p.start))


def _community_exists(m: type[RecordModel], p: Period) -> Expression:
    return m.established_on.is_null() | (m.established_on <= p.end)


def _filled(column: str) -> Condition:
    def cond(m: type[RecordModel], p: Period) -> Expression:
        col = getattr(m, column)
        return _community_exists(m, p) & col.is_null(False) & (col != "")

    return cond


S1, S2A, S2B, S2C, S2D = "一、第一责任人职责", "（一）监督与矛盾化解", "（二）依法执政", "（三）制度与决策", "（四）法治社会"

FIGURES: tuple[FigureDef, ...] = (
    # 一、党政主要负责人履行第一责任人职责
    FigureDef(
        "leadership_meetings", "主持召开专题会议、班子会、推进会", "次", "meeting",
        where=Requires(OneOf("kind", LEADERSHIP_MEETING_KINDS), Ticked("on_rule_of_law"), Ticked("is_principal_led")),
        section=S1,
    ),
    FigureDef("meetings_total", "召开法治相关会议（全部）", "次", "meeting", section=S1),
    FigureDef(
        "field_research", "主要负责人深入现场调研", "次", "supervision",
        where=Requires(OneOf("kind", ("调研",)), Ticked("is_principal_led")), section=S1,
    ),
    FigureDef(
        "supervisions_led", "主要负责人带队开展督查", "次", "supervision",
        where=Requires(OneOf("kind", ("督查",)), Ticked("is_principal_led")), section=S1,
    ),
    FigureDef("research_total", "开展调研（全部）", "次", "supervision", where=Requires(OneOf("kind", ("调研",))), section=S1),
    FigureDef("supervisions_total", "开展督查（全部）", "次", "supervision", where=Requires(OneOf("kind", ("督查",))), section=S1),
    FigureDef("problems_found", "发现法治领域问题", "个", "supervision", "sum", column="problems_found", section=S1),
    FigureDef("problems_solved", "解决法治领域问题", "个", "supervision", "sum", column="problems_solved", section=S1),
    FigureDef("problems_unsolved", "尚未解决的问题", "个", agg="diff", num="problems_found", den="problems_solved", section=S1),
    # （一）监督、矛盾纠纷化解、学法
    FigureDef("patrols", "开展治安巡逻", "次", "patrol", section=S2A, approx=True),
    FigureDef("patrol_persons", "治安巡逻出动", "人次", "patrol", "sum", column="persons", section=S2A, approx=True),
    FigureDef("disputes_received", "受理矛盾纠纷", "起", "dispute", section=S2A, approx=True),
    FigureDef(
        "disputes_resolved", "排查化解矛盾纠纷", "起", "dispute", date_field="closed_date",
        where=Requires(OneOf("status", (DISPUTE_RESOLVED,))), section=S2A, approx=True,
    ),
    FigureDef(
        "disputes_received_resolved", "当期受理且已化解的纠纷", "起", "dispute",
        where=lambda m, p: (m.status == DISPUTE_RESOLVED) & (m.closed_date <= p.end), section=S2A,
    ),
    FigureDef(
        "disputes_open_at_end", "期末尚未办结的纠纷", "起", "dispute", date_field=None,
        where=_open_at_end("closed_date", "received_date"), section=S2A, open_at_end="closed_date",
    ),
    FigureDef(
        "disputes_long_open", "期末受理超过30日仍未办结的纠纷", "起", "dispute", date_field=None,
        where=lambda m, p: _open_at_end("closed_date", "received_date")(m, p)
        & (m.received_date <= p.end - dt.timedelta(days=LONG_OPEN_DAYS)),
        section=S2A, open_at_end="closed_date",
    ),
    FigureDef(
        "dispute_resolution_rate", "矛盾纠纷化解率", "%", agg="rate",
        num="disputes_received_resolved", den="disputes_received", section=S2A,
    ),
    FigureDef("study_sessions", "开展集中学法", "次", "study", where=Requires(OneOf("form", ("集中学法",))), section=S2A),
    FigureDef(
        "cadre_trainings", "开展村（社区）干部法治教育培训", "期", "study",
        where=Requires(OneOf("form", CADRE_TRAINING_FORMS)), section=S2A,
    ),
    FigureDef("study_total", "学法培训（全部）", "次", "study", section=S2A),
    FigureDef("study_participants", "学法培训参加", "人次", "study", "sum", column="participants", section=S2A, approx=True),
    FigureDef("study_hours", "学法培训学时", "学时", "study", "sum", column="hours", section=S2A),
    FigureDef("lecturers", "配备普法宣讲员", "人", "lecturer", date_field=None, where=_on_roster, section=S2A),
    FigureDef("lectures", "开展普法宣讲", "场", "lecture", section=S2A, approx=True),
    FigureDef("lecture_audience", "普法宣讲受众", "人次", "lecture", "sum", column="audience", section=S2A, approx=True),
    FigureDef("lecture_materials", "发放普法资料", "份", "lecture", "sum", column="materials", section=S2A, approx=True),
    FigureDef(
        "school_lectures", "普法进学校", "场", "lecture", where=Requires(OneOf("venue_type", ("进学校",))), section=S2A
    ),
    FigureDef(
        "special_day_lectures", "结合法治宣传节点开展宣传", "场", "lecture",
        where=Requires(Filled("special_day")), section=S2D,
    ),
    # （二）依法执政：警示教育、热线
    FigureDef(
        "warning_meetings", "召开警示教育大会", "次", "meeting",
        where=Requires(OneOf("kind", (WARNING_MEETING_KIND,))), section=S2B,
    ),
    FigureDef(
        "hotline_received", "受理12345市长热线", "件", "hotline",
        where=Requires(OneOf("channel", (HOTLINE_12345,))), section=S2B, approx=True,
    ),
    FigureDef(
        "county_assigned_received", "受理县交办件", "件", "hotline",
        where=Requires(OneOf("channel", (HOTLINE_COUNTY,))), section=S2B, approx=True,
    ),
    FigureDef(
        "hotline_closed", "办结12345市长热线", "件", "hotline", date_field="closed_date",
        where=Requires(OneOf("channel", (HOTLINE_12345,))), section=S2B, approx=True,
    ),
    FigureDef(
        "county_assigned_closed", "办结县交办件", "件", "hotline", date_field="closed_date",
        where=Requires(OneOf("channel", (HOTLINE_COUNTY,))), section=S2B, approx=True,
    ),
    FigureDef("hotline_closed_total", "办结热线和交办件（合计）", "件", "hotline", date_field="closed_date", section=S2B),
    FigureDef(
        "hotline_on_time", "按期办结", "件", "hotline", date_field="closed_date",
        where=lambda m, p: m.closed_date <= m.due_date, section=S2B,
    ),
    FigureDef(
        "hotline_late", "超期办结", "件", "hotline", date_field="closed_date",
        where=lambda m, p: m.closed_date > m.due_date, section=S2B,
    ),
    FigureDef(
        "hotline_feedback", "已回访", "件", "hotline", date_field="closed_date",
        where=Requires(OneOf("feedback", (*FEEDBACK_SATISFIED, "不满意"))), section=S2B,
    ),
    FigureDef(
        "hotline_satisfied", "回访满意（含基本满意）", "件", "hotline", date_field="closed_date",
        where=Requires(OneOf("feedback", FEEDBACK_SATISFIED)), section=S2B,
    ),
    FigureDef(
        "hotline_open_at_end", "期末尚未办结的热线和交办件", "件", "hotline", date_field=None,
        where=_open_at_end("closed_date", "received_date"), section=S2B, open_at_end="closed_date",
    ),
    FigureDef(
        "hotline_overdue_open", "期末已超期未办结", "件", "hotline", date_field=None,
        where=lambda m, p: _open_at_end("closed_date", "received_date")(m, p) & (m.due_date < p.end),
        section=S2B, open_at_end="closed_date",
    ),
    FigureDef("on_time_rate", "按期办结率", "%", agg="rate", num="hotline_on_time", den="hotline_closed_total", section=S2B),
    FigureDef("satisfaction_rate", "群众满意率", "%", agg="rate", num="hotline_satisfied", den="hotline_feedback", section=S2B),
    # （三）合法性审查、法律顾问
    FigureDef("legal_reviews", "开展合法性审查", "件", "review", section=S2C),
    FigureDef(
        "review_contracts", "审查行政机关合同", "份", "review",
        where=Requires(OneOf("category", ("行政机关合同",))), section=S2C,
    ),
    FigureDef(
        "review_normative_docs", "审查规范性文件", "件", "review",
        where=Requires(OneOf("category", ("党的规范性文件", "行政规范性文件"))), section=S2C,
    ),
    FigureDef(
        "review_decisions", "审查重大行政决策", "件", "review",
        where=Requires(OneOf("category", ("重大行政决策",))), section=S2C,
    ),
    FigureDef("review_letters", "出具法律意见书", "份", "review", where=Requires(Ticked("opinion_letter")), section=S2C),
    FigureDef("adviser_services", "法律顾问提供服务", "次", "adviser", section=S2C),
    FigureDef("adviser_people_served", "法律顾问服务群众", "人次", "adviser", "sum", column="people_served", section=S2C),
    # （四）法治社会、荣誉、阵地
    FigureDef("honors", "获得荣誉、示范创建", "项", "honor", section=S2D),
    FigureDef("communities", "社区", "个", "community", date_field=None, where=_community_exists, section=S2D),
    FigureDef(
        "communities_with_police", "配备社区民警的社区", "个", "community", date_field=None,
        where=_filled("police_officer"), section=S2D,
    ),
    FigureDef(
        "communities_with_adviser", "配备法律顾问的社区", "个", "community", date_field=None,
        where=_filled("legal_adviser"), section=S2D,
    ),
    FigureDef(
        "communities_with_mediators", "建有人民调解员队伍的社区", "个", "community", date_field=None,
        where=lambda m, p: _community_exists(m, p) & (m.mediators > 0), section=S2D,
    ),
)  # fmt: skip

FIGURES_BY_KEY: dict[str, FigureDef] = {f.key: f for f in FIGURES}

#: The figures of the reference report, in its order (the ``stats`` table shows these first).
REFERENCE_KEYS: tuple[str, ...] = (
    "leadership_meetings",
    "field_research",
    "supervisions_led",
    "problems_solved",
    "patrols",
    "disputes_resolved",
    "study_sessions",
    "cadre_trainings",
    "lecturers",
    "lectures",
    "warning_meetings",
    "hotline_closed",
    "county_assigned_closed",
    "on_time_rate",
    "satisfaction_rate",
)


@dataclass
class Figures:
    """The figures of one period, plus the lists the narrative names (problem fields, honours …)."""

    period: Period
    values: dict[str, int | float | None]
    lists: dict[str, list[str]] = field(default_factory=dict)

    def __getitem__(self, key: str) -> int | float | None:
        return self.values[key]

    def get(self, key: str, default: int | float | None = None) -> int | float | None:
        return self.values.get(key, default)

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "period_start": self.period.start.isoformat(),
            "period_end": self.period.end.isoformat(),
        }
        out.update(self.values)
        out.update(self.lists)
        return out


def _period_condition(model: type[RecordModel], date_field: str | None, period: Period) -> Expression:
    base = model.deleted_at.is_null()
    if date_field is None:
        return base
    column = getattr(model, date_field)
    return base & column.between(period.start, period.end)


def _resolved_date_field(fig: FigureDef) -> str | None:
    if fig.date_field == OWN_DATE:
        return spec_for(fig.kind).date_field
    return fig.date_field


def _count_rows() -> Expression:
    """``COUNT(*)``: the same count as ``COUNT(id)`` (never NULL), which PostgreSQL can take
    from an index that lacks the id (an index-only scan; SQLite's indexes all hold the rowid)."""
    return fn.COUNT(SQL("*"))


def _aggregate_expression(fig: FigureDef, model: type[RecordModel], period: Period) -> Expression:
    cond = fig.where(model, period) if fig.where else None
    if fig.agg == "sum":
        column = getattr(model, fig.column)
        value = column if cond is None else Case(None, [(cond, column)], 0)
        return fn.COALESCE(fn.SUM(value), 0)
    if cond is None:
        return _count_rows()
    return fn.COALESCE(fn.SUM(Case(None, [(cond, 1)], 0)), 0)


def _group_figures() -> dict[tuple[str, str | None], list[FigureDef]]:
    groups: dict[tuple[str, str | None], list[FigureDef]] = {}
    for fig in FIGURES:
        if fig.is_derived:
            continue
        groups.setdefault((fig.kind, _resolved_date_field(fig)), []).append(fig)
    return groups


_GROUPS = _group_figures()

#: Figures that count only the cases still open at the end of the period (received by then,
#: closed after it or not yet). Their groups are counted in two parts, ``closed_date IS NULL``
#: and ``closed_date > end``: each an index range over every year's open cases (migration 0009),
#: where one OR of the two reads the rows of the table.
OPEN_AT_END_KEYS = frozenset(f.key for f in FIGURES if f.open_at_end)
#: The open-at-end groups and their closing-date column.
_OPEN_GROUPS = {g: figs[0].open_at_end for g, figs in _GROUPS.items() if figs[0].open_at_end}
assert all(f.open_at_end == _OPEN_GROUPS[g] for g in _OPEN_GROUPS for f in _GROUPS[g]), "an open-at-end group mixes"


def _open_parts(group: tuple[str, str | None], period: Period) -> tuple[Expression | None, ...]:
    """The parts a group is counted in: two for the open cases' groups, else the whole."""
    if group not in _OPEN_GROUPS:
        return (None,)
    closed = getattr(RECORD_MODELS[group[0]], _OPEN_GROUPS[group])
    return (closed.is_null(), closed > period.end)


def _part_count(group: tuple[str, str | None]) -> int:
    return 2 if group in _OPEN_GROUPS else 1


def _figures_statement(
    group: tuple[str, str | None], figs: list[FigureDef], part: int, *, grouped: bool
) -> tuple[tuple, prepared.Builder]:
    """(key, builder) for ``prepared``: the query of ``figs`` of ``group`` (one part of it),
    for one scope or with ``grouped`` per unit (``unit_id`` first, and for a group by the
    record type's own date the count of its records last)."""
    model = RECORD_MODELS[group[0]]

    def build(period: Period, unit_id: int | None) -> ModelSelect:
        if grouped:
            counted = (_count_rows(),) if group in _OWN_DATE_GROUPS else ()
            query = _group_query(group, figs, period, model.unit_id, extra=counted).group_by(model.unit_id)
        else:
            query = _group_query(group, figs, period).limit(1)  # one row: the aggregates
        condition = _open_parts(group, period)[part]
        if condition is not None:
            query = query.where(condition)
        if unit_id is not None:
            query = query.where(model.unit_id == unit_id)
        return query

    return ("figures", group, tuple(f.key for f in figs), part, grouped), build


def _add_rows(a: tuple | None, b: tuple) -> tuple:
    """Two parts' aggregate rows added (counts and sums: disjoint rows)."""
    return tuple(b) if a is None else tuple(_number(x) + _number(y) for x, y in zip(a, b, strict=True))


def _number(value: object) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, float):
        # SQLite sums DECIMAL columns as floats (0.1 + 0.2 = 0.30000000000000004); the stored
        # values have two decimals, so their sum does too.
        value = round(value, 2)
        return int(value) if value.is_integer() else value
    return value if isinstance(value, int | float) else int(value or 0)


def rate(numerator: int | float, denominator: int | float) -> float | None:
    """A percentage with two decimals (half up), or None when there is nothing to divide by."""
    if not denominator:
        return None
    pct = Decimal(str(numerator)) * 100 / Decimal(str(denominator))
    return float(pct.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def compute(
    period: Period, unit: units.UnitRef = None, *, keys: Collection[str] | None = None,
    lists: Collection[str] | None = None,
) -> Figures:
    """Every figure of ``period`` for ``unit`` (a ``Unit``, id or uuid).

    ``unit=None`` is the current unit: all the rows of the office this database writes as. At the
    county (several units, no current unit) ``unit=None`` counts the rows of every unit together;
    ``compute_by_unit`` gives each office its own figures.

    With ``keys``, only those figures (and what their rates need) and no lists: the year before
    in the report's attachment needs neither the lists nor the open-at-end figures, whose
    queries read every row of the table. With ``lists``, only those of ``LIST_KEYS`` (the others
    empty): a report computes the lists its texts name.
    """
    unit_id = units.scope_id(unit)
    wanted = None if keys is None else _with_inputs(keys)
    row = {}
    for group, figs in _GROUPS.items():
        if wanted is not None:
            figs = [f for f in figs if f.key in wanted]
            if not figs:
                continue
        for part in range(_part_count(group)):
            (values,) = prepared.rows(*_figures_statement(group, figs, part, grouped=False), period, unit_id)
            row[group] = _add_rows(row.get(group), values)
    found = _lists(period, unit_id, grouped=False, wanted=lists).get(None, _empty_lists()) if wanted is None else {}
    return _figures(period, row, found, wanted)


def compute_by_unit(period: Period) -> dict[int, Figures]:
    """Every unit's figures of ``period`` (unit id → ``Figures``), one grouped query per record
    type and date column (``GROUP BY unit_id``): the same figures ``compute(period, unit=u)``
    gives for each unit ``u``, including units without any record (all zero)."""
    return compute_by_unit_dated(period)[0]


#: The group of each work record type counted by its own date field: it reads exactly the
#: records dated in the period, so it also counts them (``compute_by_unit_dated``).
_OWN_DATE_GROUPS = {(s.kind, s.date_field) for s in RECORD_SPECS if s.kind not in ("community", "lecturer")}
assert _OWN_DATE_GROUPS <= set(_GROUPS), "every work record type has figures by its own date"


def compute_by_unit_dated(period: Period) -> tuple[dict[int, Figures], dict[int, int]]:
    """``compute_by_unit`` and, per unit, its work records dated in ``period`` (not in the
    回收站) by their own date field, counted by the same queries (the roll-up needs both)."""
    unit_ids = [u.id for u in Unit.select(Unit.id).order_by(Unit.id)]
    rows: dict[int, dict[tuple[str, str | None], tuple]] = {uid: {} for uid in unit_ids}
    dated: dict[int, int] = dict.fromkeys(unit_ids, 0)
    for group, figs in _GROUPS.items():
        counted = group in _OWN_DATE_GROUPS
        for part in range(_part_count(group)):
            for unit_id, *values in prepared.rows(*_figures_statement(group, figs, part, grouped=True), period, None):
                if unit_id not in rows:
                    continue
                if counted:
                    dated[unit_id] += int(values.pop())
                rows[unit_id][group] = _add_rows(rows[unit_id].get(group), values)
    lists = _lists(period, None, grouped=True)
    zero = {group: (0,) * len(figs) for group, figs in _GROUPS.items()}
    figures = {uid: _figures(period, zero | rows[uid], lists.get(uid, _empty_lists())) for uid in unit_ids}
    return figures, dated


def _group_query(
    group: tuple[str, str | None], figs: list[FigureDef], period: Period, *leading: object,
    extra: tuple[object, ...] = (),
) -> ModelSelect:
    kind, date_field = group
    model = RECORD_MODELS[kind]
    exprs = [_aggregate_expression(f, model, period) for f in figs] + list(extra)
    where = _period_condition(model, date_field, period)
    if date_field is None and figs and all(f.where for f in figs) and is_server_database():
        # Each figure counts only the rows meeting its own condition, so rows meeting none of
        # them add nothing: leaving them out in the WHERE lets PostgreSQL find the rest with a
        # BitmapOr on the closed_date index (the cases still open at the end of the period
        # among every year's cases: 1.1 → 0.6 s for a county's 2,000,000 records). SQLite
        # plans the same OR as a MULTI-INDEX OR that is twice as slow as one pass over the
        # unit's index, so there the WHERE stays as it is (the figures are the same).
        where &= functools.reduce(operator.or_, (f.where(model, period) for f in figs))
    return model.select(*leading, *exprs).where(where)


def _figures(
    period: Period,
    rows: dict[tuple[str, str | None], tuple],
    lists: dict[str, list[str]],
    wanted: set[str] | None = None,
) -> Figures:
    values: dict[str, int | float | None] = {}
    for group, figs in _GROUPS.items():
        if wanted is not None:
            figs = [f for f in figs if f.key in wanted]
            if not figs:
                continue
        for fig, value in zip(figs, rows[group], strict=True):
            values[fig.key] = _number(value)
    for fig in FIGURES:
        if wanted is not None and fig.key not in wanted:
            continue
        if fig.is_rate:
            values[fig.key] = rate(values[fig.num] or 0, values[fig.den] or 0)
        elif fig.agg == "diff":
            values[fig.key] = max(0, (values[fig.num] or 0) - (values[fig.den] or 0))
    ordered = {f.key: values[f.key] for f in FIGURES if f.key in values}
    return Figures(period, ordered, lists)


def _with_inputs(keys: Collection[str]) -> set[str]:
    """``keys`` and the figures their rates and differences are computed from."""
    out = set(keys)
    for key in keys:
        fig = FIGURES_BY_KEY[key]
        if fig.is_derived:
            out |= {fig.num, fig.den}
    return out


def compute_year(year: int, unit: units.UnitRef = None) -> Figures:
    return compute(Period.year(year), unit)


# --------------------------------------------------------------------------------------------
# Lists the narrative names ("解决法律援助、基层治理、人居环境等法治领域问题"): the named specifics
# of a period — forms, places, laws, partners, fields, types — each from the records, never from a
# template.
#
# Each list is computed for one scope (``grouped=False``: the rows of ``unit_id``, or of every
# unit when it is None; the result's key is None) or for every unit at once (``grouped=True``:
# GROUP BY unit_id first, the result keyed by unit id) with the same ordering within a unit.
# A record type's lists come from one query grouped by all their columns at once.

LIST_KEYS = (
    "problem_fields", "honor_titles", "honor_holders", "honor_names", "venue_types", "special_days",
    "partner_units", "laws_studied", "lecture_laws", "study_forms", "leadership_meeting_kinds",
    "dispute_types", "mediator_orgs", "adviser_firms",
)  # fmt: skip

#: (list key, record kind, column, is a 顿号 list, extra condition): one grouped query each.
_COLUMN_LISTS: tuple[tuple[str, str, str, bool, Condition | None], ...] = (
    ("venue_types", "lecture", "venue_type", False, None),
    ("special_days", "lecture", "special_day", False, None),
    ("lecture_laws", "lecture", "laws", True, None),
    ("partner_units", "patrol", "partner_units", True, None),
    ("study_forms", "study", "form", False, None),
    ("laws_studied", "study", "laws_studied", True, None),
    ("dispute_types", "dispute", "dispute_type", False, None),
    ("mediator_orgs", "dispute", "mediator_org", False, None),
    ("adviser_firms", "adviser", "firm", False, None),
    ("leadership_meeting_kinds", "meeting", "kind", False, FIGURES_BY_KEY["leadership_meetings"].where),
)
TAGS_LIMIT = 8


def _empty_lists() -> dict[str, list[str]]:
    return {key: [] for key in LIST_KEYS}


def _scoped(model: type[RecordModel], where: Expression, unit_id: int | None, grouped: bool) -> tuple:
    """(leading columns of SELECT, GROUP BY and ORDER BY; where) of a list query for the scope."""
    if unit_id is not None:
        where &= model.unit_id == unit_id
    return ((model.unit_id,) if grouped else ()), where


def _rows(query: ModelSelect) -> list[tuple]:
    """A list query's rows as the driver gives them (text and counts: nothing to convert), not
    row by row through peewee: the tag lists of twenty offices' year are some 15,000 rows."""
    return list(database.execute(query).fetchall())


def _bucket(rows: object, grouped: bool) -> dict[int | None, list[tuple]]:
    out: dict[int | None, list[tuple]] = {}
    for row in rows:
        key, rest = (row[0], tuple(row[1:])) if grouped else (None, tuple(row))
        out.setdefault(key, []).append(rest)
    return out


def _column_list(
    kind: str, column: str, tags: bool, where: Condition | None, period: Period, unit_id: int | None,
    grouped: bool,
) -> dict[int | None, list[str]]:
    """The distinct values of a column, most records first (ties in code-point order; for one
    scope at most ``TAGS_LIMIT``: free text may hold a value per record); a 顿号 list column
    gives its items, named by the most distinct entries first (at most ``TAGS_LIMIT``)."""
    model = RECORD_MODELS[kind]
    col = getattr(model, column)

    def build(period: Period, unit_id: int | None) -> ModelSelect:
        condition = _period_condition(model, spec_for(kind).date_field, period) & col.is_null(False) & (col != "")
        if where is not None:
            condition &= where(model, period)
        lead, condition = _scoped(model, condition, unit_id, grouped)
        query = (
            model.select(*lead, col)
            .where(condition)
            .group_by(*lead, col)
            .order_by(*lead, _count_rows().desc(), codepoint_order(col))
        )
        return query.limit(TAGS_LIMIT) if not grouped and not tags else query

    return {
        key: _tag_items([v for (v,) in rows]) if tags else [v for (v,) in rows][:TAGS_LIMIT]
        for key, rows in _bucket(prepared.rows(("list", kind, column, tags, where, grouped), build, period, unit_id),
                                 grouped).items()
    }


def _tag_items(values: list[str]) -> list[str]:
    """顿号 lists ("宪法、民法典") → their items, named by the most entries first."""
    counts: dict[str, int] = {}
    for value in values:
        for tag in value.split("、"):
            if tag:
                counts[tag] = counts.get(tag, 0) + 1
    return [t for t, _ in sorted(counts.items(), key=lambda kv: -kv[1])][:TAGS_LIMIT]


def _problem_fields(period: Period, unit_id: int | None, grouped: bool) -> dict[int | None, list[str]]:
    """Fields of the problems solved, most solved first (ties: the earliest first)."""
    m = RECORD_MODELS["supervision"]

    def build(period: Period, unit_id: int | None) -> ModelSelect:
        where = _period_condition(m, "date", period) & m.problem_field.is_null(False) & (m.problems_solved > 0)
        lead, where = _scoped(m, where, unit_id, grouped)
        return (
            m.select(*lead, m.problem_field)
            .where(where)
            .group_by(*lead, m.problem_field)
            .order_by(*lead, fn.SUM(m.problems_solved).desc(), fn.MIN(m.date), codepoint_order(m.problem_field))
        )

    rows = prepared.rows(("list", "problem_fields", grouped), build, period, unit_id)
    return {key: [value for (value,) in rows] for key, rows in _bucket(rows, grouped).items()}


HONOR_LISTS = frozenset({"honor_titles", "honor_holders", "honor_names"})


def _honors_query(grouped: bool) -> prepared.Builder:
    """The honours of the period (holder, title), in date order."""
    honor = RECORD_MODELS["honor"]

    def build(period: Period, unit_id: int | None) -> ModelSelect:
        lead, where = _scoped(honor, _period_condition(honor, "date", period), unit_id, grouped)
        return honor.select(*lead, honor.holder, honor.title).where(where).order_by(*lead, honor.date, honor.id)

    return build


def _lists(
    period: Period, unit_id: int | None, grouped: bool, wanted: Collection[str] | None = None
) -> dict[int | None, dict[str, list[str]]]:
    """The lists of ``LIST_KEYS`` (``wanted`` only, when given; the others empty)."""
    wanted = set(LIST_KEYS if wanted is None else wanted)
    honors: dict[int | None, list[tuple]] = {}
    if wanted & HONOR_LISTS:
        honors = _bucket(prepared.rows(("list", "honors", grouped), _honors_query(grouped), period, unit_id), grouped)
    parts = {"problem_fields": _problem_fields(period, unit_id, grouped)} if "problem_fields" in wanted else {}
    for key, kind, column, tags, condition in _COLUMN_LISTS:
        if key in wanted:
            parts[key] = _column_list(kind, column, tags, condition, period, unit_id, grouped)
    keys = set(honors)
    for part in parts.values():
        keys |= set(part)
    if not grouped:
        keys.add(None)
    out: dict[int | None, dict[str, list[str]]] = {}
    for key in keys:
        pairs = honors.get(key, [])
        lists = _empty_lists()
        lists.update(
            honor_titles=[f"{holder}{title}" if not title.startswith(holder) else title for holder, title in pairs],
            honor_holders=[holder for holder, _title in pairs],
            honor_names=[title for _holder, title in pairs],
        )
        lists.update({name: part.get(key, []) for name, part in parts.items()})
        out[key] = lists
    return out


# --------------------------------------------------------------------------------------------
# Drill-down: the records behind a figure


def records_behind(key: str, period: Period, unit: units.UnitRef = None) -> tuple[str, ModelSelect]:
    """(record kind, query of the records that ``key`` counts) — for a rate, its denominator.

    ``unit`` scopes as in ``compute`` (None: the current unit; at the county: every unit).
    """
    fig = counted_figure(key)
    kind, query = records_in_period(key, period, unit)
    model = RECORD_MODELS[kind]
    if fig.where is not None:
        query = query.where(fig.where(model, period))
    if fig.agg == "sum":
        query = query.where(getattr(model, fig.column) > 0)
    return kind, query


def counted_figure(key: str) -> FigureDef:
    """The figure whose records stand behind ``key``: itself, or for a rate its denominator and
    for a difference its first term."""
    fig = FIGURES_BY_KEY[key]
    if fig.is_derived:
        return counted_figure(fig.num if fig.agg == "diff" else fig.den)
    return fig


def records_in_period(key: str, period: Period, unit: units.UnitRef = None) -> tuple[str, ModelSelect]:
    """(record kind, query of every record of that kind dated in ``period`` by the date that
    ``key`` counts by) — counted or not, newest first; scoped as in ``compute``."""
    fig = counted_figure(key)
    model = RECORD_MODELS[fig.kind]
    where = _period_condition(model, _resolved_date_field(fig), period)
    unit_id = units.scope_id(unit)
    if unit_id is not None:
        where &= model.unit_id == unit_id
    date_col = getattr(model, spec_for(fig.kind).date_field)
    return fig.kind, model.select().where(where).order_by(date_col.desc(), model.id.desc())


def format_value(fig: FigureDef, value: int | float | None) -> str:
    if value is None:
        return "—"
    if fig.is_rate:
        return f"{value:.2f}%"
    return f"{number_text(value)}{fig.unit}"


def rows_behind(
    key: str, period: Period, limit: int = 1000, unit: units.UnitRef = None
) -> tuple[str, list[dict[str, object]], int]:
    """(record kind, display rows, total) of the records behind figure ``key`` ("why 26?") of
    ``unit`` (scoped as in ``compute``)."""
    from lawdesk.services import records

    kind, query = records_behind(key, period, unit)
    return kind, records.display_rows(kind, query, limit), query.count()


def monthly(
    keys: tuple[str, ...], year: int, today: dt.date | None = None, unit: units.UnitRef = None
) -> dict[str, list[int | float]]:
    """Each figure of ``keys`` month by month (label → 12 values; up to this month for this year)
    of ``unit`` (scoped as in ``compute``)."""
    today = today or dt.date.today()
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    series: dict[str, list[int | float]] = {FIGURES_BY_KEY[k].label: [] for k in keys}
    for month in range(1, last_month + 1):
        start = dt.date(year, month, 1)
        end = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
        values = compute(Period(start, end), unit).values
        for k in keys:
            series[FIGURES_BY_KEY[k].label].append(values.get(k) or 0)
    return series


# ---------------------------------------------------------------------------------------------
# The year pages open on


def latest_year(not_after: dt.date | None = None, *, unit: units.UnitRef = None) -> int | None:
    """The latest year, up to ``not_after`` (today), in which any work record of ``unit`` is dated
    (one query: the latest day of each record type, UNION ALL)."""
    not_after = not_after or dt.date.today()
    unit_id = units.scope_id(unit)
    latest = []
    for kind, model in RECORD_MODELS.items():
        spec = spec_for(kind)
        if not spec.common:
            continue
        day_col = getattr(model, spec.date_field)
        where = model.deleted_at.is_null() & (day_col <= not_after)
        if unit_id is not None:
            where = (model.unit_id == unit_id) & where
        latest.append(model.select(fn.MAX(day_col)).where(where))
    days = [day for (day,) in functools.reduce(operator.add, latest).tuples() if day is not None]
    years = [day.year if isinstance(day, dt.date) else int(str(day)[:4]) for day in days]
    return max(years, default=None)


def default_year(today: dt.date | None = None, *, unit: units.UnitRef = None) -> int:
    """The year pages open on: the latest year with records, or this year when there are none."""
    today = today or dt.date.today()
    return latest_year(today, unit=unit) or today.year


# ---------------------------------------------------------------------------------------------
# Figures of a subset of the records (a person's own: ``services.leaders``), described like
# ``FIGURES`` but not among them; ``scope`` narrows each record type's rows (None: none count).

Scope = Callable[[type[RecordModel]], Expression | None]


def compute_defs(defs: Collection[FigureDef], period: Period, unit: units.UnitRef, scope: Scope) -> dict[str, int | float | None]:
    """The figures ``defs`` of ``period`` over the records ``scope`` keeps: one aggregate query per
    record type and date column, as ``compute``; a record type ``scope`` keeps nothing of counts 0."""
    unit_id = units.scope_id(unit)
    groups: dict[tuple[str, str | None], list[FigureDef]] = {}
    for fig in defs:
        if not fig.is_derived:
            groups.setdefault((fig.kind, _resolved_date_field(fig)), []).append(fig)
    values: dict[str, int | float | None] = {}
    for group, figs in groups.items():
        model = RECORD_MODELS[group[0]]
        kept = scope(model)
        if kept is None:
            values.update(dict.fromkeys((f.key for f in figs), 0))
            continue
        query = _group_query(group, figs, period).where(kept)
        if unit_id is not None:
            query = query.where(model.unit_id == unit_id)
        values.update((f.key, _number(v)) for f, v in zip(figs, query.tuples().get(), strict=True))
    for fig in defs:
        if fig.is_rate:
            values[fig.key] = rate(values[fig.num] or 0, values[fig.den] or 0)
        elif fig.agg == "diff":
            values[fig.key] = max(0, (values[fig.num] or 0) - (values[fig.den] or 0))
    return values


def records_of_def(fig: FigureDef, period: Period, unit: units.UnitRef, scope: Scope) -> ModelSelect:
    """The records ``fig`` (one of ``compute_defs``'s, not derived) counts, newest first."""
    model = RECORD_MODELS[fig.kind]
    where = _period_condition(model, _resolved_date_field(fig), period)
    kept = scope(model)
    where &= kept if kept is not None else model.id.is_null()
    if fig.where is not None:
        where &= fig.where(model, period)
    if fig.agg == "sum":
        where &= getattr(model, fig.column) > 0
    unit_id = units.scope_id(unit)
    if unit_id is not None:
        where &= model.unit_id == unit_id
    date_col = getattr(model, spec_for(fig.kind).date_field)
    return model.select().where(where).order_by(date_col.desc(), model.id.desc())


def column_values(kind: str, column: str, period: Period, unit: units.UnitRef, scope: Scope, *,
                  tags: bool = False, where: Condition | None = None) -> list[str]:  # fmt: skip
    """A list the narrative names (as ``LIST_KEYS``'s) over the records ``scope`` keeps."""
    kept = scope(RECORD_MODELS[kind])
    if kept is None:
        return []

    def condition(m: type[RecordModel], p: Period) -> Expression:
        return kept & where(m, p) if where is not None else kept

    return _column_list(kind, column, tags, condition, period, units.scope_id(unit), False).get(None, [])
