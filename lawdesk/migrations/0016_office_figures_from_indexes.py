"""An office's figures of disputes and hotline cases read from its indexes alone, both engines.

A year's figures of one office read its disputes and hotline cases by the day they were received
and by the day they were closed. The office's indexes held the unit, the 回收站 mark and those
days, so every case of the year was then looked up in the table for the columns its figures and
lists test (状态, 办结日期, 纠纷类型, 调解组织; 渠道, 回访结果): six statements of some 3,000 lookups
each for a year of a 100,000-record ledger. Each office index now carries those columns after
its key, so SQLite (a covering index) and PostgreSQL (an index-only scan, with ``COUNT(*)``)
answer from the index: SQLite's CPU time for the figures 15 → 10 ms, PostgreSQL's execution
time for one office's figures of a 2,000,000-record county 20 → 10 ms (benchmarks/core_bench.py,
county_bench.py):

- ``dispute_figures_by_unit`` (unit_id, deleted_at, received_date, status, closed_date,
  dispute_type, mediator_org) replaces ``dispute_unit_id_deleted_at_received_date``;
- ``hotline_case_figures_by_unit`` (unit_id, deleted_at, received_date, channel) replaces
  ``hotline_case_unit_id_deleted_at_received_date``;
- ``<table>_open_cases_by_unit`` (0009) gains status, or channel and feedback.

The price is some 35 bytes per case in the file (100,000 records: 38.5 → 41.9 MB). The county's
indexes (without the unit first) stay as they are. A database whose planner
statistics were gathered (``ANALYZE``) gets them for the new indexes too.
"""

from peewee import SqliteDatabase

# (table, old office index, new office index and its columns) — frozen copies: migrations never
# import the models
FIGURES_BY_UNIT = {
    "dispute": ("dispute_unit_id_deleted_at_received_date",
                ("unit_id", "deleted_at", "received_date", "status", "closed_date", "dispute_type", "mediator_org")),
    "hotline_case": ("hotline_case_unit_id_deleted_at_received_date",
                     ("unit_id", "deleted_at", "received_date", "channel")),
}  # fmt: skip
OLD_OPEN_CASES_BY_UNIT = {
    "dispute": ("unit_id", "deleted_at", "closed_date", "received_date"),
    "hotline_case": ("unit_id", "deleted_at", "closed_date", "received_date", "due_date"),
}
NEW_OPEN_CASES_BY_UNIT = {
    "dispute": (*OLD_OPEN_CASES_BY_UNIT["dispute"], "status"),
    "hotline_case": (*OLD_OPEN_CASES_BY_UNIT["hotline_case"], "channel", "feedback"),
}


def _create(db, table, name, columns):
    quoted = ", ".join(f'"{c}"' for c in columns)
    db.execute_sql(f'CREATE INDEX "{name}" ON "{table}" ({quoted})')


def _reindex(db, *, up):
    for table, (old_name, columns) in FIGURES_BY_UNIT.items():
        open_cases = NEW_OPEN_CASES_BY_UNIT if up else OLD_OPEN_CASES_BY_UNIT
        db.execute_sql(f'DROP INDEX "{table}_open_cases_by_unit"')
        _create(db, table, f"{table}_open_cases_by_unit", open_cases[table])
        if up:
            db.execute_sql(f'DROP INDEX "{old_name}"')
            _create(db, table, f"{table}_figures_by_unit", columns)
        else:
            db.execute_sql(f'DROP INDEX "{table}_figures_by_unit"')
            _create(db, table, old_name, columns[:3])
    if isinstance(db, SqliteDatabase) and db.table_exists("sqlite_stat1"):
        for table in FIGURES_BY_UNIT:
            db.execute_sql(f'ANALYZE "{table}"')


def up(migrator, db):
    _reindex(db, up=True)


def down(migrator, db):
    _reindex(db, up=False)
