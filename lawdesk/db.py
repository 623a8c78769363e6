"""Opening the database: file checks, SQLite pragmas, versioned migrations, write locking.

``open_database(path)`` is the one way the program, the command line and the benchmarks get a
database. It never invents data: a missing or empty file is an error (``DatabaseMissingError``,
which names the newest good backup when there is one) unless the caller asks for a new database
with ``create=True`` (``init``, ``demo``, the welcome dialog's 新建).

Before anything is written to a file (even a PRAGMA such as switching to WAL) the file is
inspected through a read-only connection: it must be an SQLite file, readable, and lawdesk's
(it has the ``schema_migration`` history table), and every migration it records must be known
to this program — a database written by a newer version is refused with “请升级程序”.

Schema changes are plain scripts in ``lawdesk/migrations`` applied in order by peewee's
migration runner, which records each one in the ``schema_migration`` history table. No other
module calls ``create_tables``.

Write transactions take the write lock first (``BEGIN IMMEDIATE``): a second window or process
waits for the lock (busy timeout, then a bounded number of retries, telling a listener such as
the GUI's “正在等待另一个窗口保存” notice) instead of failing with “database is locked”.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import OperationalError, SqliteDatabase

from lawdesk.errors import DatabaseFileError, LawdeskError
from lawdesk.models import database

if TYPE_CHECKING:
    from playhouse.migrations import Runner

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HISTORY_TABLE = "schema_migration"
SQLITE_MAGIC = b"SQLite format 3\x00"

#: Tables every lawdesk database has had since 0001_initial. A later migration that adds a table
#: does not add it here: older backups without it stay restorable (the migration adds it).
CORE_TABLES = frozenset({
    HISTORY_TABLE, "attachment", "audit_log", "community", "dispute", "honor", "hotline_case",
    "lecture", "lecturer", "legal_adviser_service", "legal_review", "meeting", "patrol",
    "report_narrative", "setting", "study_session", "supervision_visit", "unit_profile",
})

#: Per attempt: how long SQLite itself waits for another writer (milliseconds).
BUSY_TIMEOUT_MS = 1000
#: Attempts at taking the write lock before giving up (about 30 s in all).
LOCK_ATTEMPTS = 30

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": "normal",
    "cache_size": -32000,
    # Deleted content is overwritten, so a purged record's personal data does not linger in
    # free pages of the file.
    "secure_delete": 1,
}


class DatabaseMissingError(DatabaseFileError):
    """The database file is missing or empty (0 bytes, or an SQLite file without tables)."""

    def __init__(self, message: str, path: Path, newest_backup: object | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.newest_backup = newest_backup


class DatabaseDamagedError(DatabaseFileError):
    """The database file exists but cannot be read as a lawdesk database."""

    def __init__(self, message: str, path: Path, newest_backup: object | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.newest_backup = newest_backup


class DatabaseTooNewError(DatabaseFileError):
    """The database (or backup) was written by a newer version of lawdesk."""


class DatabaseBusyError(LawdeskError):
    """Another window or program kept the write lock for too long."""


# --------------------------------------------------------------------------------------------
# Waiting for the write lock


WaitListener = Callable[[bool], None]
_wait_listener: WaitListener | None = None


def set_wait_listener(listener: WaitListener | None) -> None:
    """``listener(True)`` when a write starts waiting for another writer, ``(False)`` when done."""
    global _wait_listener
    _wait_listener = listener


def _tell_waiting(waiting: bool) -> None:
    if _wait_listener is not None:
        try:
            _wait_listener(waiting)
        except Exception:  # noqa: BLE001 - a broken notice must not break the write
            logger.exception("wait listener failed")


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class LawdeskDatabase(SqliteDatabase):
    """SQLite whose write transactions take the write lock at BEGIN, waiting for other writers.

    Every ``database.atomic()`` in the services is thus a ``BEGIN IMMEDIATE`` transaction: it
    never reads under a shared lock and then fails to upgrade it (“database is locked” at once
    in WAL mode). Waiting is SQLite's busy timeout per attempt, retried ``LOCK_ATTEMPTS`` times.
    """

    def begin(self, lock_type: str | None = None) -> None:
        lock_type = lock_type or "IMMEDIATE"
        waited = False
        try:
            for attempt in range(LOCK_ATTEMPTS):
                try:
                    super().begin(lock_type)
                    return
                except OperationalError as exc:
                    if not _is_lock_error(exc):
                        raise
                    if not waited:
                        waited = True
                        _tell_waiting(True)
                    logger.info("write lock busy (attempt %d): %s", attempt + 1, exc)
                    time.sleep(0.05)
            raise DatabaseBusyError(
                "另一个窗口或程序正在保存，等待了很久仍未完成。您的内容还没有保存，请稍后再点一次保存。"
            )
        finally:
            if waited:
                _tell_waiting(False)


# --------------------------------------------------------------------------------------------
# Looking at a file before writing anything to it


@dataclass(frozen=True)
class FileState:
    """What is at a database path: ``missing``, ``empty``, ``lawdesk`` (with its migrations)."""

    state: str
    migrations: tuple[str, ...] = ()


def known_migrations() -> list[str]:
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def read_only_uri(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


def inspect_sqlite_file(path: Path, *, what: str = "数据库") -> FileState:
    """Look at ``path`` through a read-only connection; raise ``DatabaseFileError`` if unusable.

    Refuses a folder, a file that is not SQLite, a damaged file, another program's SQLite file
    and a file written by a newer lawdesk. Nothing is written to the file.
    """
    path = Path(path)
    if not path.exists():
        if not path.parent.exists():
            raise DatabaseFileError(f"{what}所在的文件夹不存在：{path.parent}")
        return FileState("missing")
    if path.is_dir():
        raise DatabaseFileError(f"“{path}”是一个文件夹，不是{what}文件。")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise DatabaseDamagedError(f"无法读取{what}文件“{path}”：{exc.strerror or exc}", path) from exc
    if size == 0:
        return FileState("empty")
    if head != SQLITE_MAGIC:
        raise DatabaseDamagedError(f"“{path}”不是 lawdesk 数据库文件，或文件已损坏。", path)
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            applied: tuple[str, ...] = ()
            if HISTORY_TABLE in tables:
                applied = tuple(r[0] for r in con.execute(f"SELECT name FROM {HISTORY_TABLE} ORDER BY id"))
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseDamagedError(f"{what}文件“{path}”已损坏或无法打开（{exc}）。", path) from exc
    if not tables:
        return FileState("empty")
    if HISTORY_TABLE not in tables:
        raise DatabaseFileError(
            f"“{path}”是其他程序的数据库，不是 lawdesk 数据库。请选择 lawdesk 的数据库文件，或新建一个。"
        )
    check_migrations_known(applied, path, what=what)
    return FileState("lawdesk", applied)


def check_migrations_known(applied: tuple[str, ...] | list[str], path: Path, *, what: str = "数据库") -> None:
    """Refuse a file that records migrations this program does not have (a newer version)."""
    unknown = sorted(set(applied) - set(known_migrations()))
    if unknown:
        raise DatabaseTooNewError(
            f"{what}“{Path(path).name}”是用更新版本的 lawdesk 保存的（含有本程序不认识的升级 {unknown[-1]}），"
            "本程序不能打开它，以免损坏数据。请升级程序后再打开。"
        )


def check_database_file(path: Path) -> None:
    """Raise ``DatabaseFileError`` (in Chinese) if ``path`` cannot be opened as a lawdesk database."""
    inspect_sqlite_file(path)


def _newest_backup(path: Path) -> object | None:
    from lawdesk.services import backup

    try:
        return backup.newest_good_backup(path)
    except Exception:  # noqa: BLE001 - looking for a backup must never hide the real problem
        logger.exception("looking for a backup of %s failed", path)
        return None


def _offer_text(newest: object | None) -> str:
    if newest is None:
        return ""
    from lawdesk.services import backup

    return "\n" + backup.offer_text(newest)


def _missing_error(path: Path, state: str) -> DatabaseMissingError:
    newest = _newest_backup(path)
    what = "找不到数据库文件" if state == "missing" else "数据库文件是空的（0 字节或没有任何数据表）"
    hint = (
        "可能是复制中断、同步软件或杀毒软件造成的。程序不会自动新建一个空数据库，以免覆盖您的备份。"
    )
    tail = _offer_text(newest) or "\n如果这是第一次使用，请新建数据库。"
    return DatabaseMissingError(f"{what}：{path}\n{hint}{tail}", path, newest)


# --------------------------------------------------------------------------------------------
# Opening


def migration_runner(db: SqliteDatabase) -> Runner:
    from playhouse.migrations import Runner  # only when there is something to check or apply

    return Runner(db, directory=str(MIGRATIONS_DIR), table_name=HISTORY_TABLE)


def _up_to_date(db: SqliteDatabase) -> bool:
    """True when the history records exactly the migration files the runner would find (the
    usual start: nothing pending, nothing unknown), read without building the runner."""
    if HISTORY_TABLE not in db.get_tables():
        return False
    applied = {row[0] for row in db.execute_sql(f"SELECT name FROM {HISTORY_TABLE}").fetchall()}
    files = {p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py")}  # the runner's own pattern
    return bool(files) and applied == files


def run_migrations(db: SqliteDatabase) -> list[str]:
    """Apply pending migrations; return the names applied."""
    if _up_to_date(db):
        return []
    runner = migration_runner(db)
    status = runner.status()
    unknown = [m.name for m in status if m.applied is not None and m.path is None]
    if unknown:
        check_migrations_known([m.name for m in status if m.applied is not None], Path(db.database))
    pending = [m.name for m in status if m.applied is None and m.path]
    if pending:
        runner.up()
        logger.info("applied migrations: %s", pending)
    return pending


def connect(path: Path, *, create: bool = False) -> SqliteDatabase:
    """Open ``path`` with the program's pragmas and bind the models to it (no migrations).

    The file is inspected read-only first; nothing is written to a file that is not lawdesk's.
    """
    path = Path(path)
    try:
        state = inspect_sqlite_file(path)
    except DatabaseDamagedError as exc:
        newest = _newest_backup(path)
        raise DatabaseDamagedError(exc.message + _offer_text(newest) + _restore_hint(newest), path, newest) from exc
    if state.state in ("missing", "empty") and not create:
        raise _missing_error(path, state.state)
    db = LawdeskDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (PeeweeDatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        newest = _newest_backup(path)
        raise DatabaseDamagedError(
            f"数据库文件“{path}”已损坏或无法打开（{exc}）。" + _offer_text(newest) + _restore_hint(newest),
            path,
            newest,
        ) from exc
    database.initialize(db)
    global _current_path
    _current_path = path.resolve()
    return db


def _restore_hint(newest: object | None) -> str:
    return "" if newest is not None else "\n请用“恢复”从备份恢复。"


_current_path: Path | None = None


def current_path() -> Path:
    """The file of the database that is open now."""
    if _current_path is None:
        raise DatabaseFileError("尚未打开数据库。")
    return _current_path


def check_tables(db: SqliteDatabase, path: Path) -> None:
    """Every table lawdesk needs is there (a damaged restore or a hand-edited file is refused)."""
    missing = sorted(CORE_TABLES - set(db.get_tables()))
    if missing:
        raise DatabaseDamagedError(
            f"数据库“{path}”缺少数据表（{'、'.join(missing)}），可能已损坏。请用“恢复”从备份恢复。", path
        )


def open_database(path: Path, *, create: bool = False, backup: bool = True, migrate: bool = True) -> SqliteDatabase:
    """Open the lawdesk database at ``path``, migrate it and back it up.

    ``create=True`` (only for an explicit 新建, ``init`` or ``demo``) makes a new database when
    the file is missing or empty; otherwise that is a ``DatabaseMissingError``. The automatic
    backup is skipped when the database is empty or unchanged since the newest backup.
    """
    path = Path(path)
    db = connect(path, create=create)
    try:
        _after_connect(db, path, backup=backup, migrate=migrate)
    except BaseException:
        close_database()
        raise
    return db


def _after_connect(db: SqliteDatabase, path: Path, *, backup: bool, migrate: bool) -> None:
    from lawdesk.services import attachments
    from lawdesk.services import backup as backups

    existed = HISTORY_TABLE in db.get_tables()
    backups.finish_interrupted_restore(path)
    if existed and backup:
        backups.auto_backup(db, path)
    if migrate:
        try:
            run_migrations(db)
        except DatabaseFileError:
            raise
        except (PeeweeDatabaseError, sqlite3.DatabaseError) as exc:
            raise DatabaseFileError(f"数据库“{path}”升级失败：{exc}") from exc
        check_tables(db, path)
    attachments.retry_pending_deletes(path)


def create_database(path: Path) -> SqliteDatabase:
    """A new, empty lawdesk database at ``path`` (refused if a lawdesk database is already there)."""
    if inspect_sqlite_file(Path(path)).state == "lawdesk":
        raise DatabaseFileError(f"数据库已存在：{path}，未做任何改动。")
    return open_database(path, create=True)


def data_version() -> int | None:
    """SQLite's ``data_version``: changes when another connection commits (``None``: not open)."""
    db = database.obj
    if db is None or db.is_closed():
        return None
    try:
        return int(db.execute_sql("PRAGMA data_version").fetchone()[0])
    except (PeeweeDatabaseError, sqlite3.Error):
        return None


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
