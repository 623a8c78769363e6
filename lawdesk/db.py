"""Opening the database: file checks, SQLite pragmas, versioned migrations, backup on open.

``open_database(path)`` is the one way the program, the command line and the benchmarks get a
database. Schema changes are plain scripts in ``lawdesk/migrations`` applied in order by
peewee's migration runner, which records each one in the ``schema_migration`` history table.
No other module calls ``create_tables``.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import SqliteDatabase
from playhouse.migrations import Runner

from lawdesk.errors import DatabaseFileError
from lawdesk.models import database

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HISTORY_TABLE = "schema_migration"
SQLITE_MAGIC = b"SQLite format 3\x00"

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -32000,
}


def check_database_file(path: Path) -> None:
    """Raise ``DatabaseFileError`` (in Chinese) if ``path`` cannot be a lawdesk database."""
    if path.exists():
        if path.is_dir():
            raise DatabaseFileError(f"“{path}”是一个文件夹，不是数据库文件。")
        if path.stat().st_size == 0:
            return  # an empty file is treated as a new database
        try:
            with path.open("rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise DatabaseFileError(f"无法读取数据库文件“{path}”：{exc.strerror or exc}") from exc
        if head != SQLITE_MAGIC:
            raise DatabaseFileError(
                f"“{path}”不是 lawdesk 数据库文件，或文件已损坏。"
                "请检查文件，或用“恢复”从备份恢复。"
            )
    elif not path.parent.exists():
        raise DatabaseFileError(f"数据库所在的文件夹不存在：{path.parent}")


def migration_runner(db: SqliteDatabase) -> Runner:
    return Runner(db, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def run_migrations(db: SqliteDatabase) -> list[str]:
    """Apply pending migrations; return the names applied."""
    runner = migration_runner(db)
    pending = [m.name for m in runner.status() if m.applied is None and m.path]
    if pending:
        runner.up()
        logger.info("applied migrations: %s", pending)
    return pending


def connect(path: Path) -> SqliteDatabase:
    """Open ``path`` with the program's pragmas and bind the models to it (no migrations)."""
    path = Path(path)
    check_database_file(path)
    db = SqliteDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (PeeweeDatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        raise DatabaseFileError(
            f"数据库文件“{path}”已损坏或无法打开（{exc}）。请用“恢复”从备份恢复。"
        ) from exc
    _refuse_foreign_database(db, path)
    database.initialize(db)
    global _current_path
    _current_path = path.resolve()
    return db


_current_path: Path | None = None


def _refuse_foreign_database(db: SqliteDatabase, path: Path) -> None:
    """Never add lawdesk's tables to another program's SQLite file."""
    tables = set(db.get_tables())
    if tables and HISTORY_TABLE not in tables:
        db.close()
        raise DatabaseFileError(
            f"“{path}”是其他程序的数据库，不是 lawdesk 数据库。请选择 lawdesk 的数据库文件，或新建一个。"
        )


def current_path() -> Path:
    """The file of the database that is open now."""
    if _current_path is None:
        raise DatabaseFileError("尚未打开数据库。")
    return _current_path


def open_database(path: Path, *, backup: bool = True, migrate: bool = True) -> SqliteDatabase:
    """Open (or create) the database at ``path``, migrate it and back it up.

    The automatic backup keeps the last 10 copies in the data folder and is skipped when the
    database has not changed since the newest copy.
    """
    path = Path(path)
    existed = path.exists() and path.stat().st_size > 0
    db = connect(path)
    if existed and backup:
        from lawdesk.services import backup as backups

        backups.auto_backup(db, path)
    if migrate:
        try:
            run_migrations(db)
        except (PeeweeDatabaseError, sqlite3.DatabaseError) as exc:
            raise DatabaseFileError(f"数据库“{path}”升级失败：{exc}") from exc
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
