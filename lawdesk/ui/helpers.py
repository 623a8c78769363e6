"""Small read helpers the pages need that the services do not offer yet.

They only call service functions (no SQL here); each one is a candidate to move into
``lawdesk.services`` (see the report to the lead).
"""

from __future__ import annotations

import datetime as dt

from lawdesk.schema import RECORD_SPECS, spec_for
from lawdesk.services import records, stats
from lawdesk.services.period import Period

BEHIND_LIMIT = 1000


def latest_record_year(today: dt.date | None = None) -> int:
    """The latest year (not after this one) that has records; this year when there are none."""
    today = today or dt.date.today()
    best: int | None = None
    for spec in RECORD_SPECS:
        if not spec.common:
            continue
        q = records.ListQuery(period=Period(dt.date(2000, 1, 1), today), page_size=1)
        page = records.list_records(spec.kind, q)
        if page.rows:
            day = page.rows[0].get(spec.date_field)
            if isinstance(day, dt.date) and (best is None or day.year > best):
                best = day.year
    return best or today.year


def rows_behind(key: str, period: Period, limit: int = BEHIND_LIMIT) -> tuple[str, list[dict], int]:
    """(kind, display rows, total) of the records a figure counts ("why 26?")."""
    kind, query = stats.records_behind(key, period)
    spec = spec_for(kind)
    total = query.count()
    rows: list[dict] = []
    names: dict[tuple[str, int], str] = {}
    for record in query.limit(limit):
        values = records.record_values(record)
        values["id"] = record.id
        for f in spec.all_fields:
            if f.kind == "ref" and values.get(f.name) is not None:
                ref_key = (f.ref, int(values[f.name]))
                if ref_key not in names:
                    names.update({(f.ref, rid): n for rid, n in records.choices_for_ref(f.ref)})
                values[f"{f.name}_name"] = names.get(ref_key, "")
        rows.append(values)
    return kind, rows, total


def monthly_counts(keys: tuple[str, ...], year: int) -> dict[str, list[int | float]]:
    """Each figure of ``keys`` month by month (up to this month for the current year)."""
    today = dt.date.today()
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    series: dict[str, list[int | float]] = {stats.FIGURES_BY_KEY[k].label: [] for k in keys}
    for month in range(1, last_month + 1):
        start = dt.date(year, month, 1)
        end = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
        figures = stats.compute(Period(start, end))
        for k in keys:
            series[stats.FIGURES_BY_KEY[k].label].append(figures.values.get(k) or 0)
    return series
