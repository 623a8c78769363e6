"""The county roll-up (全县汇总): every office's figures side by side, the county total, and the
offices that have not reported the period.

A county database holds several units: the county itself (kind 县) and its offices (街道/乡镇),
whose records arrive in packages or, on a shared server, are written by the offices. Every
figure comes from ``lawdesk.services.stats``:

- each office's row is ``stats.compute_by_unit(period)[office.id]`` (grouped queries, the same
  figures the office's own ``stats.compute`` gives);
- an office has reported (已报送) a period when a package of it covering the period arrived, or on
  a shared server its clerk marked the period 已报送 (``services.submissions``); its records' own
  dates say nothing about it (a 2024 package's case received on 2023-12-28 does not report 2023);
- the county total adds the counts and sums of the offices that reported; a rate is recomputed
  from the summed numerator and denominator (``stats.rate``), never averaged over the offices,
  and a difference (尚未解决的问题) from the summed terms;
- an office that has not reported is missing (未报送); whatever records of it are dated in the
  period anyway (a straggler of another period's package, or work entered on the server before
  its clerk marked the year) are its leftovers: shown apart and labelled, never in the total;
- the records behind a cell are ``stats.rows_behind(key, period, unit=office)``; behind a total,
  the same records of every office together.

Only the records of offices count: records of the county unit itself (it normally has none)
are in no row and in no total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from peewee import ModelSelect

from lawdesk.errors import LawdeskError
from lawdesk.models import RECORD_MODELS, Unit, database
from lawdesk.services import stats, submissions, units
from lawdesk.services.period import Period
from lawdesk.services.units import COUNTY_KIND, county_unit

#: The columns of the roll-up table and its Excel export: the figures of the offices' reports.
ROLLUP_KEYS: tuple[str, ...] = stats.REFERENCE_KEYS


@dataclass
class RollupRow:
    """One office: its figures of the period, whether it reported the period, and its records
    dated in it. The figures of an office that has not reported are its leftovers: shown apart,
    never in the total."""

    unit: Unit
    figures: stats.Figures
    reported: bool
    records: int = 0  # records dated in the period (of every kind)

    @property
    def name(self) -> str:
        return str(self.unit.name)

    @property
    def has_data(self) -> bool:
        """Whether any of its records is dated in the period (reported or not)."""
        return self.records > 0

    @property
    def is_leftover(self) -> bool:
        """Not reported, yet with records dated in the period: shown apart, not in the total."""
        return not self.reported and self.records > 0


@dataclass
class Rollup:
    """Offices × figures of one period: every office (``rows``), the total of those that
    reported, the offices that did not (``missing``) and their leftovers apart."""

    period: Period
    keys: tuple[str, ...]
    rows: list[RollupRow]
    total: stats.Figures
    missing: list[Unit] = field(default_factory=list)
    county: Unit | None = None
    county_records: int = 0  # records of the county unit itself dated in the period (in no row)

    @property
    def reported_rows(self) -> list[RollupRow]:
        """The offices that reported the period: the rows of the total."""
        return [r for r in self.rows if r.reported]

    @property
    def leftovers(self) -> list[RollupRow]:
        """Offices that did not report yet have records dated in the period (shown apart)."""
        return [r for r in self.rows if r.is_leftover]

    @property
    def figure_defs(self) -> list[stats.FigureDef]:
        return [stats.FIGURES_BY_KEY[k] for k in self.keys]

    @property
    def county_name(self) -> str:
        return str(self.county.name) if self.county is not None else "全县"

    def row_for(self, unit: units.UnitRef) -> RollupRow:
        unit_id = units.unit_id_of(unit)
        for row in self.rows:
            if row.unit.id == unit_id:
                return row
        raise LawdeskError(f"“{unit}”不是本县的单位。")

    def value(self, unit: units.UnitRef, key: str) -> int | float | None:
        """The figure ``key`` of office ``unit``, or of the county total when ``unit`` is None."""
        figures = self.total if unit is None else self.row_for(unit).figures
        return figures.values.get(key)

    @property
    def missing_names(self) -> list[str]:
        return [str(u.name) for u in self.missing]

    def missing_text(self) -> str:
        """尚未报送：河西乡、白沙镇 (empty when every office has sent its data)."""
        return f"尚未报送：{'、'.join(self.missing_names)}" if self.missing else ""


# --------------------------------------------------------------------------------------------
# Units of the county


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def offices() -> list[Unit]:
    """The offices (街道/乡镇) of the database, in the order they were added (never the county)."""
    return list(Unit.select().where(Unit.kind != COUNTY_KIND).order_by(Unit.id))


def ensure_county_unit(name: str) -> Unit:
    """The county unit named ``name`` (kind 县), made if there is none; an existing county unit
    is renamed when ``name`` differs."""
    name = (name or "").strip()
    if not name:
        raise LawdeskError("请填写县的名称，例如“新县”。")
    with database.atomic():
        county = county_unit()
        if county is None:
            return units.create_unit(name, COUNTY_KIND)
        if county.name != name:
            Unit.update(name=name, updated_at=_now()).where(Unit.id == county.id).execute()
            units.clear_cache()
            county = units.get_unit(county.id)
    return county


# --------------------------------------------------------------------------------------------
# The roll-up


def _add(values: Iterable[int | float | None]) -> int | float:
    total = sum((Decimal(str(v)) for v in values if v is not None), Decimal(0))
    return int(total) if total == total.to_integral_value() else float(total)


def _merged_lists(figures: Sequence[stats.Figures]) -> dict[str, list[str]]:
    """Each list of the offices merged: named by more offices first, then in first-seen order."""
    out: dict[str, list[str]] = {}
    for key in stats.LIST_KEYS:
        seen: dict[str, tuple[int, int]] = {}
        for f in figures:
            for value in f.lists.get(key, []):
                n, first = seen.get(value, (0, len(seen)))
                seen[value] = (n + 1, first)
        out[key] = [v for v, _ in sorted(seen.items(), key=lambda kv: (-kv[1][0], kv[1][1]))]
    return out


def total_of(period: Period, figures: Sequence[stats.Figures]) -> stats.Figures:
    """The figures of several offices together: counts and sums added, rates and differences
    recomputed from the added terms (a rate is never an average of the offices' rates)."""
    values: dict[str, int | float | None] = {}
    for fig in stats.FIGURES:
        if not fig.is_derived:
            values[fig.key] = _add(f.values.get(fig.key) for f in figures)
    for fig in stats.FIGURES:
        if fig.is_rate:
            values[fig.key] = stats.rate(values[fig.num] or 0, values[fig.den] or 0)
        elif fig.agg == "diff":
            values[fig.key] = max(0, (values[fig.num] or 0) - (values[fig.den] or 0))
    ordered = {f.key: values[f.key] for f in stats.FIGURES}
    return stats.Figures(period, ordered, _merged_lists(figures))


def rollup(period: Period, keys: Sequence[str] | None = None) -> Rollup:
    """Every office's figures of ``period``, the county total and the offices with nothing.

    ``keys`` are the figures the table shows (default ``ROLLUP_KEYS``); every row's ``Figures``
    holds all of them anyway. The work is a bounded number of grouped queries, whatever the
    number of offices.
    """
    chosen = tuple(keys) if keys else ROLLUP_KEYS
    unknown = [k for k in chosen if k not in stats.FIGURES_BY_KEY]
    if unknown:
        raise LawdeskError(f"没有这项指标：{'、'.join(unknown)}")
    office_list = offices()
    by_unit, dated = stats.compute_by_unit_dated(period)
    reported = submissions.reported_units(period)
    rows = [RollupRow(u, by_unit[u.id], u.id in reported, dated.get(u.id, 0)) for u in office_list]
    total = total_of(period, [r.figures for r in rows if r.reported])
    missing = [r.unit for r in rows if not r.reported]
    own = county_unit()
    return Rollup(period, chosen, rows, total, missing, own, dated.get(own.id, 0) if own is not None else 0)


# --------------------------------------------------------------------------------------------
# Drill-down


def records_behind(key: str, period: Period, unit: units.UnitRef = None) -> tuple[str, ModelSelect]:
    """(kind, query) of the records behind figure ``key`` of office ``unit``, or — ``unit=None``
    — of every office that reported the period together (the county total's cell)."""
    if unit is not None:
        return stats.records_behind(key, period, unit=unit)
    kind, query = stats.records_behind(key, period)
    model = RECORD_MODELS[kind]
    office_ids = {u.id for u in offices()} & submissions.reported_units(period)
    return kind, query.where(model.unit_id.in_(sorted(office_ids)))


def rows_behind(
    key: str, period: Period, unit: units.UnitRef = None, limit: int = 1000
) -> tuple[str, list[dict[str, object]], int]:
    """(kind, display rows, total) behind a cell of the roll-up: office ``unit``'s figure, or
    the county total's when ``unit`` is None. Each row names its office (``unit_name``)."""
    from lawdesk.services import records

    if unit is not None:
        kind, rows, total = stats.rows_behind(key, period, limit, unit=unit)
    else:
        kind, query = records_behind(key, period, None)
        rows, total = records.display_rows(kind, query, limit), query.count()
    names = {u.id: str(u.name) for u in Unit.select(Unit.id, Unit.name)}
    for row in rows:
        unit_id = row.get("office", row.get("unit_id"))
        row["unit_name"] = names.get(unit_id, "")  # type: ignore[arg-type]
    return kind, rows, total
