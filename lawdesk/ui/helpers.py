"""Small read helpers of the pages: thin wrappers over the services (no SQL here)."""

from __future__ import annotations

import datetime as dt

from lawdesk.services import records, stats
from lawdesk.services.period import Period

BEHIND_LIMIT = 1000


def latest_record_year(today: dt.date | None = None) -> int:
    """The latest year (not after this one) that has records; this year when there are none."""
    today = today or dt.date.today()
    return records.latest_year(today) or today.year


def rows_behind(key: str, period: Period, limit: int = BEHIND_LIMIT) -> tuple[str, list[dict], int]:
    """(kind, display rows, total) of the records a figure counts ("why 26?")."""
    return stats.rows_behind(key, period, limit)


def monthly_counts(keys: tuple[str, ...], year: int) -> dict[str, list[int | float]]:
    """Each figure of ``keys`` month by month (up to this month for the current year)."""
    return stats.monthly(keys, year)
