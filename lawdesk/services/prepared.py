"""The figures' queries compiled to SQL once per shape, run with each call's period and unit.

Building a peewee query and compiling it to SQL costs about as much as SQLite takes to answer a
small one: a year's figures are some thirty statements of ``CASE`` expressions, and building and
compiling them was a third of the CPU time of ``stats.compute`` over 100,000 records (82 of 227
million instructions, callgrind; now 9). A query's SQL depends on what
it asks (which figures, which part, one unit or every unit, the database engine), not on the
dates or the unit it asks it for, so each shape is compiled once and its parameters are bound
anew on every call.

A query is compiled for a probe: a period of a thousand years (1000-01-01 to 1999-12-31) and a
unit id no unit has. In the compiled parameters a date is the period's first or last day, or a
fixed number of days from the nearer of them (``end - 30 days`` …); the probe unit id is the
unit's; everything else is a constant of the query. A query builder must use the period and the
unit only as such values (``p.start``, ``p.end``, ``p.end - timedelta(…)``, ``unit_id``), never
to choose what it builds (``tests/services/test_prepared.py`` compares every shape with a direct compile).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import Any

from peewee import Query

from lawdesk.models import database
from lawdesk.services.period import Period

#: What a query builder is given: the period and the unit id (None: every unit).
Builder = Callable[[Period, int | None], Query]

PROBE_PERIOD = Period(dt.date(1000, 1, 1), dt.date(1999, 12, 31))
PROBE_UNIT = -1_000_001  # ids are positive
#: A day further than this from the period's first or last day is not taken for one derived from it.
MAX_OFFSET_DAYS = 3660

_CONSTANT, _FROM_START, _FROM_END, _UNIT = range(4)
Slot = tuple[int, Any]

#: More shapes than the figures have (a caller keying by a new object each time) start afresh.
MAX_STATEMENTS = 500

_compiled: dict[Hashable, tuple[str, tuple[Slot, ...]]] = {}


def _slot(value: object) -> Slot:
    if type(value) is dt.date:  # noqa: E721 - a datetime is a constant, never a day of the period
        from_start = (value - PROBE_PERIOD.start).days
        from_end = (value - PROBE_PERIOD.end).days
        if min(abs(from_start), abs(from_end)) > MAX_OFFSET_DAYS:
            raise ValueError(f"a query's date {value} is not derived from its period")
        return (_FROM_START, from_start) if abs(from_start) <= abs(from_end) else (_FROM_END, from_end)
    if type(value) is int and value == PROBE_UNIT:  # noqa: E721 - True == 1 is not a unit
        return (_UNIT, None)
    return (_CONSTANT, value)


def _bind(slots: tuple[Slot, ...], period: Period, unit_id: int | None) -> list[object]:
    out: list[object] = []
    for kind, value in slots:
        if kind == _CONSTANT:
            out.append(value)
        elif kind == _FROM_START:
            out.append(period.start + dt.timedelta(days=value) if value else period.start)
        elif kind == _FROM_END:
            out.append(period.end + dt.timedelta(days=value) if value else period.end)
        else:
            out.append(unit_id)
    return out


def compile_query(query: Query) -> tuple[str, list[object]]:
    """``query``'s SQL and parameters as the open database would run them."""
    sql, params = database.get_sql_context().sql(query).query()
    return sql, list(params)


def statement(key: Hashable, build: Builder, period: Period, unit_id: int | None) -> tuple[str, list[object]]:
    """(SQL, parameters) of ``build(period, unit_id)``, compiled once for each ``key``, database
    engine and scope (one unit, or every unit), then bound. ``key`` names everything that
    decides the query's shape apart from those (the figures asked for, the part, …)."""
    cache_key = (type(database.obj), unit_id is None, key)
    entry = _compiled.get(cache_key)
    if entry is None:
        sql, params = compile_query(build(PROBE_PERIOD, None if unit_id is None else PROBE_UNIT))
        if len(_compiled) >= MAX_STATEMENTS:
            _compiled.clear()
        entry = _compiled[cache_key] = (sql, tuple(_slot(p) for p in params))
    sql, slots = entry
    return sql, _bind(slots, period, unit_id)


def rows(key: Hashable, build: Builder, period: Period, unit_id: int | None) -> list[tuple]:
    """The rows of ``build(period, unit_id)`` as the driver gives them (see ``statement``)."""
    sql, params = statement(key, build, period, unit_id)
    return list(database.execute_sql(sql, params).fetchall())


def clear() -> None:
    """Forget every compiled statement (tests that change how queries are built)."""
    _compiled.clear()
