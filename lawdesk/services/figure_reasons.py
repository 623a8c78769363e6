"""Why a figure is what it is: what it counts, in one Chinese sentence, and the records of its
kind in the period that it leaves out, each with the reason ("没有勾选“主要负责人主持/带队”").

A clerk who records a 党工委班子会 and sees 主持召开专题会议 stay at 0 learns here that the figure
counts only meetings chaired by the principal leader, and which box to tick. Reasons are given
for the figures whose condition is written as requirements (``lawdesk.services.requirements``);
the others get the sentence without a list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lawdesk.models import RECORD_MODELS
from lawdesk.schema import spec_for
from lawdesk.services import records, stats, units
from lawdesk.services.period import Period
from lawdesk.services.requirements import Requires, Ticked


@dataclass
class LeftOut:
    """Records of the figure's kind in the period that it does not count, newest first."""

    kind: str
    rows: list[dict[str, object]] = field(default_factory=list)  # display rows + "reason"
    total: int = 0


def _requirements(key: str) -> Requires | None:
    where = stats.counted_figure(key).where
    return where if isinstance(where, Requires) else None


def counts_text(key: str) -> str:
    """What figure ``key`` counts, e.g. "计入的是“会议类型”为…、勾选了“主要负责人主持/带队”的会议记录，按“日期”归入期间。"."""
    fig = stats.counted_figure(key)
    spec = spec_for(fig.kind)
    requires = _requirements(key)
    if fig.where is None:
        what = f"全部{spec.label}记录"
    elif requires is None:
        what = f"符合“{fig.label}”条件的{spec.label}记录"
    else:
        what = f"{_conditions_text(fig.kind, requires)}的{spec.label}记录"
    if fig.agg == "sum":
        what += f"的“{spec.field(fig.column).label}”之和"
    date_field = stats.FIGURES_BY_KEY[fig.key].date_field
    if date_field is None:
        when = "看期末的状态"
    else:
        name = spec.date_field if date_field == stats.OWN_DATE else date_field
        when = f"按“{spec.field(name).label}”归入期间"
    return f"计入的是{what}，{when}。"


def _conditions_text(kind: str, requires: Requires) -> str:
    """The requirements in a row, the ticked boxes named together: “…”为“…”、勾选了“A”和“B”."""
    parts = [r.text(kind) for r in requires.requirements if not isinstance(r, Ticked)]
    ticked = [f"“{spec_for(kind).field(r.field).label}”" for r in requires.requirements
              if isinstance(r, Ticked)]
    if ticked:
        parts.append("勾选了" + "和".join(ticked))
    return "、".join(parts)


def left_out(key: str, period: Period, unit: units.UnitRef = None, limit: int = 200) -> LeftOut:
    """The records dated in ``period`` of the kind that ``key`` counts which it leaves out, with
    the reasons (empty when the figure's condition cannot say them)."""
    fig = stats.counted_figure(key)
    requires = _requirements(key)
    if requires is None:
        return LeftOut(fig.kind)
    kind, query = stats.records_in_period(key, period, unit)
    model = RECORD_MODELS[kind]
    names = list(dict.fromkeys(r.field for r in requires.requirements))
    columns = [model.id, *(getattr(model, n) for n in names)]
    reasons: dict[int, list[str]] = {}
    for record_id, *values in query.select(*columns).tuples():
        by_name = dict(zip(names, values, strict=True))
        missing = [r.reason(kind, by_name[r.field]) for r in requires.requirements
                   if not r.holds(by_name[r.field])]
        if missing:
            reasons[record_id] = missing
    # the nearest misses first (one box not ticked), each group newest first
    shown = sorted(reasons, key=lambda rid: len(reasons[rid]))[:limit]
    rows = records.display_rows(kind, model.select().where(model.id.in_(shown)), limit) if shown else []
    order = {rid: i for i, rid in enumerate(shown)}
    rows.sort(key=lambda row: order[row["id"]])  # type: ignore[index]
    for row in rows:
        row["reason"] = "；".join(reasons[row["id"]])  # type: ignore[index]
    return LeftOut(kind, rows, len(reasons))
