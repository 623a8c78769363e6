"""Indexes on the closing date of disputes and hotline cases (both engines).

Several figures count disputes and hotline cases by the day they were closed (调解成功 within the
period, 办结 within the period), not by the day they were received, so their queries filter on
``closed_date``: without an index they read every row of the unit (or, for the county's roll-up,
of every unit) of all years. ``(deleted_at, closed_date)`` serves the roll-up (GROUP BY unit_id),
``(unit_id, deleted_at, closed_date)`` one office's figures (measured by benchmarks/county_bench.py).
"""

TABLES = ("dispute", "hotline_case")


def up(migrator, db):
    operations = []
    for table in TABLES:
        operations.append(migrator.add_index(table, ("deleted_at", "closed_date"), False))
        operations.append(migrator.add_index(table, ("unit_id", "deleted_at", "closed_date"), False))
    migrator.migrate(*operations)


def down(migrator, db):
    operations = []
    for table in TABLES:
        operations.append(migrator.drop_index(table, f"{table}_deleted_at_closed_date"))
        operations.append(migrator.drop_index(table, f"{table}_unit_id_deleted_at_closed_date"))
    migrator.migrate(*operations)
