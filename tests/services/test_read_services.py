"""Read services the window relies on: latest year, records behind a figure, months, open-DB backup."""

from __future__ import annotations

import datetime as dt

from lawdesk.services import backup, records, stats
from lawdesk.services.period import Period


def test_latest_year_ignores_the_future_and_the_recycle_bin(db):
    assert stats.latest_year(dt.date(2023, 6, 1)) is None
    assert stats.default_year(dt.date(2023, 6, 1)) == 2023  # nothing yet: this year
    records.create("patrol", {"date": "2021-05-01", "area": "老街"})
    future = records.create("patrol", {"date": "2024-02-01", "area": "新街"})
    assert stats.latest_year(dt.date(2023, 6, 1)) == 2021
    assert stats.default_year(dt.date(2023, 6, 1)) == 2021
    assert stats.latest_year(dt.date(2024, 6, 1)) == 2024
    records.delete("patrol", future.id)
    assert stats.latest_year(dt.date(2024, 6, 1)) == 2021


def test_rows_behind_a_figure_are_exactly_the_counted_records(demo_db):
    kind, rows, total = stats.rows_behind("patrols", Period.year(2022))
    assert kind == "patrol" and total == 26 and len(rows) == 26
    assert all(r["date"].year == 2022 for r in rows) and "community_name" in rows[0]
    _kind, limited, total = stats.rows_behind("disputes_resolved", Period.year(2022), limit=10)
    assert total == 103 and len(limited) == 10


def test_monthly_series_add_up_to_the_year(demo_db):
    series = stats.monthly(("patrols", "lectures"), 2022, today=dt.date(2026, 1, 1))
    assert sum(series["开展治安巡逻"]) == 26 and len(series["开展治安巡逻"]) == 12
    assert sum(series["开展普法宣讲"]) == 12
    partial = stats.monthly(("patrols",), 2022, today=dt.date(2022, 3, 10))
    assert len(partial["开展治安巡逻"]) == 3


def test_backup_and_restore_of_the_open_database(db, db_path):
    records.create("patrol", {"date": "2022-05-01", "area": "老街"})
    copy = backup.backup_open_database()
    records.create("patrol", {"date": "2022-05-02", "area": "新街"})
    safety = backup.restore_open_database(copy)
    assert records.count("patrol") == 1 and safety.exists()
