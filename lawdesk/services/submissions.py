"""报送: which offices have reported which periods to the county.

An office has reported a period when

- a package (数据包) of it covering the period was imported at the county (``record_package``,
  called by ``services.packages`` in the import's transaction: a package for 2024-01-01 to
  2024-12-31 reports the year 2024; a half-year package reports its half), or
- on a shared server, where there are no packages, its clerk marked the period 已报送
  (``mark_reported``; the county cannot mark an office that writes on the server, the server's
  row security lets only the office itself add its rows).

Several submissions together cover what their periods cover without a gap (the first and the
second half-year report the year). A record's own date says nothing about it: a 2024 package
carrying a hotline case received on 2023-12-28 does not report 2023. The roll-up
(``services.county``) and the county report count only the offices that reported the period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import SimpleNamespace

from lawdesk.errors import LawdeskError
from lawdesk.models import Submission, Unit, database
from lawdesk.services import audit, events, units
from lawdesk.services.period import Period

PACKAGE = "数据包"
MARKED = "标记"
_LABEL = SimpleNamespace(kind="submission", label="报送")


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def record_package(unit: Unit, period: Period, created_at: dt.datetime, *, user: str, at: dt.datetime) -> bool:
    """A package of ``unit`` for ``period`` arrived (inside the import's transaction); each
    package is kept once. True when it reports the period for the first time."""
    first = not covers(periods_of(unit), period)
    seen = Submission.select().where(
        (Submission.unit_id == unit.id) & (Submission.period_start == period.start)
        & (Submission.period_end == period.end) & (Submission.package_created_at == created_at)
    ).exists()  # fmt: skip
    if not seen:
        Submission.create(office=unit.id, period_start=period.start, period_end=period.end, source=PACKAGE,
                          package_created_at=created_at, at=at, user=user[:50])  # fmt: skip
    return first


def mark_reported(period: Period, *, unit: units.UnitRef = None, user: str | None = None) -> bool:
    """The office (default: the current unit) marks ``period`` 已报送 (audited). False when it
    was marked or covered by a package before."""
    unit_id = units.write_unit_id(unit)
    office = units.get_unit(unit_id)
    if office.kind == units.COUNTY_KIND:
        raise LawdeskError("县级单位本身不向县里报送，请选择乡镇（街道）。")
    units.require_real_name(office, "报送")
    if covers(periods_of(unit_id), period):
        return False
    with database.atomic():
        Submission.create(office=unit_id, period_start=period.start, period_end=period.end, source=MARKED,
                          at=_now(), user=(user or audit.current_user())[:50])  # fmt: skip
        audit.log("报送", _LABEL, None, f"{office.name} {period.label}已报送", None,
                  {"start": period.start.isoformat(), "end": period.end.isoformat()}, user=user,
                  unit=unit_id)  # fmt: skip
    events.notify("database", action="submission")
    return True


def periods_of(unit: units.UnitRef) -> list[tuple[dt.date, dt.date]]:
    """(start, end) of every submission of ``unit``, earliest first."""
    unit_id = units.unit_id_of(unit)
    query = (Submission.select(Submission.period_start, Submission.period_end)
             .where(Submission.unit_id == unit_id).order_by(Submission.period_start).tuples())  # fmt: skip
    return [(_date(a), _date(b)) for a, b in query]


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def covers(spans: Iterable[tuple[dt.date, dt.date]], period: Period) -> bool:
    """Whether ``spans`` together cover every day of ``period``."""
    day = dt.timedelta(days=1)
    reach = period.start - day  # covered up to and including this day
    for start, end in sorted(spans):
        if start > reach + day:
            return False  # the day after ``reach`` (within the period) is not covered
        reach = max(reach, end)
        if reach >= period.end:
            return True
    return False


def reported_units(period: Period) -> set[int]:
    """Ids of the units that have reported ``period`` (one query for every unit)."""
    spans: dict[int, list[tuple[dt.date, dt.date]]] = {}
    query = Submission.select(Submission.unit_id, Submission.period_start, Submission.period_end).where(
        (Submission.period_start <= period.end) & (Submission.period_end >= period.start)).tuples()  # fmt: skip
    for unit_id, start, end in query:
        spans.setdefault(unit_id, []).append((_date(start), _date(end)))
    return {unit_id for unit_id, found in spans.items() if covers(found, period)}


def has_reported(period: Period, unit: units.UnitRef = None) -> bool:
    """Whether ``unit`` (default: the current unit) has reported ``period``."""
    unit_id = units.scope_id(unit)
    return unit_id is not None and covers(periods_of(unit_id), period)
