"""The database's schema versions: the migration scripts this program knows, and applying them.

Schema changes are plain scripts in ``lawdesk/migrations`` applied in order by peewee's
migration runner, which records each one in the ``schema_migration`` history table; SQLite and
PostgreSQL take the same files (playhouse picks its PostgreSQL migrator). No other module calls
``create_tables``. A database (or backup) that records a migration this program does not have
was written by a newer version: it is refused with “请升级程序” (``check_migrations_known``),
before anything is written to it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

# first, so that peewee is imported without its PostgreSQL driver (see lawdesk._peewee)
from lawdesk import _peewee

# isort: split
from peewee import Database

from lawdesk.connection import LawdeskPostgresqlDatabase
from lawdesk.errors import DatabaseDamagedError, DatabaseTooNewError, ServerDatabaseError
from lawdesk.paths import is_server_url, mask_url

if TYPE_CHECKING:
    from playhouse.migrations import Runner

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HISTORY_TABLE = "schema_migration"

#: Tables every lawdesk database has had since 0001_initial. A later migration that adds a table
#: does not add it here: older backups without it stay restorable (the migration adds it).
CORE_TABLES = frozenset({
    HISTORY_TABLE, "attachment", "audit_log", "community", "dispute", "honor", "hotline_case",
    "lecture", "lecturer", "legal_adviser_service", "legal_review", "meeting", "patrol",
    "report_narrative", "setting", "study_session", "supervision_visit", "unit_profile",
})


def known_migrations() -> list[str]:
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def check_migrations_known(applied: tuple[str, ...] | list[str], path: Path | str, *, what: str = "数据库") -> None:
    """Refuse a database that records migrations this program does not have (a newer version)."""
    unknown = sorted(set(applied) - set(known_migrations()))
    if unknown:
        name = mask_url(path) if is_server_url(path) else Path(path).name
        raise DatabaseTooNewError(
            f"{what}“{name}”是用更新版本的 lawdesk 保存的（含有本程序不认识的升级 {unknown[-1]}），"
            "本程序不能打开它，以免损坏数据。请升级程序后再打开。"
        )


def migration_runner(db: Database) -> Runner:
    with _peewee.without_driver():  # its postgres_ext would import psycopg (load_psycopg)
        from playhouse.migrations import Runner  # only when there is something to check or apply

    return Runner(db, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def _up_to_date(db: Database) -> bool:
    """True when the history records exactly the migration files the runner would find (the
    usual start: nothing pending, nothing unknown), read without building the runner."""
    if HISTORY_TABLE not in db.get_tables():
        return False
    applied = {row[0] for row in db.execute_sql(f"SELECT name FROM {HISTORY_TABLE}").fetchall()}
    files = {p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py")}  # the runner's own pattern
    return bool(files) and applied == files


def _target_of(db: Database) -> Path | str:
    if isinstance(db, LawdeskPostgresqlDatabase):
        return db.lawdesk_url
    return Path(db.database)


def run_migrations(db: Database) -> list[str]:
    """Apply pending migrations (SQLite or PostgreSQL, the same files); return the names applied."""
    if _up_to_date(db):
        return []
    runner = migration_runner(db)
    status = runner.status()
    unknown = [m.name for m in status if m.applied is not None and m.path is None]
    if unknown:
        check_migrations_known([m.name for m in status if m.applied is not None], _target_of(db))
    pending = [m.name for m in status if m.applied is None and m.path]
    if pending:
        runner.up()
        logger.info("applied migrations: %s", pending)
    return pending


def check_tables(db: Database, path: Path | str) -> None:
    """Every table lawdesk needs is there (a damaged restore or a hand-edited file is refused)."""
    missing = sorted(CORE_TABLES - set(db.get_tables()))
    if missing:
        if is_server_url(path):
            raise ServerDatabaseError(
                f"服务器数据库“{mask_url(str(path))}”缺少数据表（{'、'.join(missing)}），请联系服务器管理员。"
            )
        raise DatabaseDamagedError(
            f"数据库“{path}”缺少数据表（{'、'.join(missing)}），可能已损坏。请用“恢复”从备份恢复。", path
        )
