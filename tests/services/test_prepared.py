"""The figures' statements compiled once per shape (``lawdesk.services.prepared``) bind exactly
what a compile for the real period and unit would give, for every statement the figures send."""

from __future__ import annotations

import datetime as dt

import pytest

from lawdesk.services import prepared, stats, units
from lawdesk.services.period import Period

D = dt.date
PERIODS = (
    Period.year(2022),
    Period(D(2024, 2, 1), D(2024, 2, 29)),  # a leap month
    Period(D(2021, 12, 15), D(2022, 1, 20)),  # across a year's end
    Period(D(2023, 3, 3), D(2023, 3, 3)),  # one day
)


def _shapes(monkeypatch: pytest.MonkeyPatch) -> dict[object, prepared.Builder]:
    """Every (key, builder) the figures, their lists and the per-unit figures compile."""
    seen: dict[object, prepared.Builder] = {}
    statement = prepared.statement

    def recording(key, build, period, unit_id):  # type: ignore[no-untyped-def]
        seen[(key, unit_id is None)] = build
        return statement(key, build, period, unit_id)

    monkeypatch.setattr(prepared, "statement", recording)
    own = units.current_unit_id()
    stats.compute_year(2022)
    stats.compute_year(2022, unit=own)
    stats.compute(Period.year(2022), keys=("on_time_rate", "disputes_open_at_end"))
    stats.compute(Period.year(2022), lists=("dispute_types",))
    stats.compute_by_unit(Period.year(2022))
    monkeypatch.undo()
    return seen


def test_every_statement_binds_what_a_direct_compile_gives(db, monkeypatch: pytest.MonkeyPatch) -> None:
    shapes = _shapes(monkeypatch)
    assert len(shapes) >= len(stats._GROUPS) + len(stats.LIST_KEYS) - 2  # figures and lists, each scope
    own = units.current_unit_id()
    for (key, every_unit), build in shapes.items():
        for period in PERIODS:
            unit_id = None if every_unit else own
            assert prepared.statement(key, build, period, unit_id) == prepared.compile_query(build(period, unit_id)), (
                key, period)  # fmt: skip


def test_a_statement_is_compiled_once_per_shape(db, monkeypatch: pytest.MonkeyPatch) -> None:
    stats.compute_year(2021)
    compiled = []
    compile_query = prepared.compile_query
    monkeypatch.setattr(prepared, "compile_query", lambda q: compiled.append(q) or compile_query(q))
    for period in PERIODS:
        stats.compute(period)
    assert compiled == []


def test_a_date_not_from_the_period_is_refused(db) -> None:
    from lawdesk.models import RECORD_MODELS

    patrol = RECORD_MODELS["patrol"]

    def fixed_day(period: Period, unit_id: int | None):  # type: ignore[no-untyped-def]
        return patrol.select(patrol.id).where(patrol.date >= D(2021, 1, 1))

    with pytest.raises(ValueError, match="not derived from its period"):
        prepared.statement(("test", "fixed day"), fixed_day, Period.year(2022), None)
