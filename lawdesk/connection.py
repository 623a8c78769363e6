"""The database in use: the proxy every model is bound to, its engine, and who it is.

- ``database``: the ``DatabaseProxy`` the models are bound to; ``lawdesk.db`` binds it to the
  database it opens (a file, or a server URL) and ``current_target`` names that one.
- The engines: ``LawdeskDatabase``, SQLite whose write transactions take the write lock first
  (``BEGIN IMMEDIATE``): a second window or process waits for the lock (busy timeout, then a
  bounded number of retries, telling a listener such as the GUI's “正在等待另一个窗口保存”
  notice) instead of failing with “database is locked”; ``LawdeskPostgresqlDatabase``, a county
  server's database (peewee's PostgreSQL over psycopg 3), whose ``repr`` never shows the
  password. ``is_server_database`` is the one way to ask which engine is open.
- ``current_unit_id``: the unit (office) this connection writes as — the single unit of an
  office's file, or on a shared server the unit of the connection's role (see
  ``lawdesk.services.units``); every row's default unit.
- ``worker(fn)``: how a background thread runs database work: on its own connection (peewee
  keeps one per thread), closed when the work ends.
- Operations on the open database that are not about records: ``data_version`` (another
  window committed), ``flush_deleted`` (the purged bytes leave the file now), ``close_database``.

Nothing here opens a database: that is ``lawdesk.db``.
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

# first, so that peewee is imported without its PostgreSQL driver (see lawdesk._peewee)
from lawdesk import _peewee  # noqa: F401

# isort: split
from peewee import Database, DatabaseProxy, OperationalError, PostgresqlDatabase, SqliteDatabase
from peewee import DatabaseError as PeeweeDatabaseError

from lawdesk.errors import DatabaseBusyError, DatabaseFileError, ServerDatabaseError
from lawdesk.paths import is_server_url, mask_url

logger = logging.getLogger(__name__)

T = TypeVar("T")

database = DatabaseProxy()

#: Per attempt: how long SQLite itself waits for another writer (milliseconds).
BUSY_TIMEOUT_MS = 1000
#: Attempts at taking the write lock before giving up (about 30 s in all).
LOCK_ATTEMPTS = 30

SERVER_BACKUP_TEXT = "服务器数据库由管理员用 pg_dump 备份，备份由服务器管理员负责，本程序不做文件备份和恢复。"


# --------------------------------------------------------------------------------------------
# The engines


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


class LawdeskPostgresqlDatabase(PostgresqlDatabase):
    """A county server's database: peewee's PostgreSQL over psycopg 3 (``atomic()`` as usual)."""

    lawdesk_url: str = ""

    def __repr__(self) -> str:  # never the password
        return f"<LawdeskPostgresqlDatabase {mask_url(self.lawdesk_url)}>"


def is_server_database(db: Database | None = None) -> bool:
    """True when ``db`` (default: the open database) is a server (PostgreSQL) database."""
    db = db if db is not None else database.obj
    return isinstance(db, PostgresqlDatabase)


def codepoint_order(node: object) -> object:
    """``ORDER BY node`` ascending in code-point order on every engine: SQLite compares text
    bytewise; PostgreSQL would follow the server's locale (zh_CN sorts by pinyin), so it is
    told ``COLLATE "C"`` (bytewise UTF-8, the same order). Lists such as the report's 法治领域
    then come out the same on both."""
    collation = '"C"' if is_server_database() else None
    return node.asc(collation=collation)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# Which database is open


_current_target: Path | str | None = None


def set_target(target: Path | str | None) -> None:
    """Name the database just bound to ``database`` (``lawdesk.db`` does, on opening it)."""
    global _current_target
    _current_target = target


def open_target() -> Path | str | None:
    """The database that is open now (its file or server URL), ``None`` when none is."""
    return _current_target if database.obj is not None else None


def current_target() -> Path | str:
    """The database that is open now: its file, or its server URL (with the password: never
    show or log it, see ``lawdesk.paths.display_target``)."""
    if _current_target is None:
        raise DatabaseFileError("尚未打开数据库。")
    return _current_target


def current_path() -> Path:
    """The file of the database that is open now (``ServerDatabaseError`` for a server database:
    it has no file, no backups folder and no evidence folder on this computer)."""
    target = current_target()
    if isinstance(target, str):
        raise ServerDatabaseError(
            f"当前打开的是服务器数据库（{mask_url(target)}），本机没有它的数据库文件。"
            f"{SERVER_BACKUP_TEXT}佐证材料文件也不能保存到服务器数据库。"
        )
    return target


def refuse_server_target(target: object, what: str) -> None:
    """Raise ``ServerDatabaseError`` naming ``what`` (e.g. 备份) when ``target`` is a server URL."""
    if is_server_url(target):
        raise ServerDatabaseError(
            f"数据库在服务器上（{mask_url(str(target))}），本程序不能{what}：{SERVER_BACKUP_TEXT}"
        )


def refuse_on_server(what: str) -> None:
    """Raise ``ServerDatabaseError`` naming ``what`` (e.g. 备份) when the open database is a server's."""
    refuse_server_target(_current_target, what)


# --------------------------------------------------------------------------------------------
# Which unit this connection writes as


#: The county group's policy is named after this role (its role may carry a prefix).
COUNTY_ROLE = "lawdesk_county"

#: (database object, current unit id) of the last lookup; the database object changes on reopen.
_unit_cache: tuple[object, int | None] | None = None


def forget_current_unit() -> None:
    """Look the current unit up again at the next ``current_unit_id`` (units were added or changed)."""
    global _unit_cache
    _unit_cache = None


def current_unit_id() -> int | None:
    """The unit this connection writes as (looked up once per opened database): a database with
    a single unit, that unit; on a shared server the unit whose ``db_role`` is the connection's
    role; otherwise (several units, the county) ``None``."""
    global _unit_cache
    db = database.obj
    if db is None:
        return None
    if _unit_cache is None or _unit_cache[0] is not db:
        _unit_cache = (db, _lookup_unit_id(db))
    return _unit_cache[1]


def _lookup_unit_id(db: Database) -> int | None:
    if is_server_database(db):
        role = db.execute_sql("SELECT current_user").fetchone()[0]
        own = db.execute_sql("SELECT id FROM unit WHERE db_role = %s LIMIT 1", (role,)).fetchone()
        if own is not None:
            return int(own[0])
        # A superuser (the server's administrator, the tests' own role) counts as a member of
        # every role; only a real member of the county group is the county. The group is the
        # one the unit table's county policy names (``lawdesk_county``, or with the county's
        # role prefix).
        county = db.execute_sql(
            "SELECT pg_has_role(current_user, g.oid, 'MEMBER')"
            " AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)"
            " FROM pg_policy p, unnest(p.polroles) AS g(oid)"
            " WHERE p.polrelid = to_regclass('unit') AND p.polname = %s", (f"{COUNTY_ROLE}_read",)
        ).fetchone()
        if county is not None and county[0]:
            return None
    ids = [int(r[0]) for r in db.execute_sql("SELECT id FROM unit ORDER BY id LIMIT 2").fetchall()]
    return ids[0] if len(ids) == 1 else None


# --------------------------------------------------------------------------------------------
# Background threads


def worker(fn: Callable[[], T]) -> Callable[[], T]:
    """``fn`` as a background thread runs it: the database work inside uses a connection of the
    thread's own (peewee keeps one per thread), closed when ``fn`` ends, so no thread leaves one
    open behind it. On the main thread (tests run background work inline) nothing is closed;
    work that never touches the database opens nothing."""

    @functools.wraps(fn)
    def run() -> T:
        try:
            return fn()
        finally:
            if threading.current_thread() is not threading.main_thread() and database.obj is not None:
                database.close()  # only this thread's connection

    return run


# --------------------------------------------------------------------------------------------
# The open database


def data_version() -> int | None:
    """SQLite's ``data_version``: changes when another connection commits (``None``: not open)."""
    db = database.obj
    if db is None or db.is_closed() or is_server_database(db):
        return None  # a server database: no other-window watching (yet)
    try:
        return int(db.execute_sql("PRAGMA data_version").fetchone()[0])
    except (PeeweeDatabaseError, sqlite3.Error):
        return None


#: Attempts at a full checkpoint while another window is reading (about half a second).
CHECKPOINT_ATTEMPTS = 5


def flush_deleted() -> bool:
    """After deleting personal data (彻底删除): copy every page into the database file and
    empty the write-ahead log (``wal_checkpoint(TRUNCATE)``), so that with ``secure_delete``
    the deleted bytes are gone from the file *and* from the -wal now, not at some later
    checkpoint. False when another window's open read kept the log from being emptied (it is
    emptied at a later checkpoint). A server database: nothing to do (True)."""
    db = database.obj
    if db is None or db.is_closed() or is_server_database(db):
        return True
    for attempt in range(CHECKPOINT_ATTEMPTS):
        try:
            busy, _log, _done = db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except (PeeweeDatabaseError, sqlite3.Error) as exc:
            logger.warning("checkpoint after a purge failed: %s", exc)
            return False
        if not busy:
            return True
        logger.info("checkpoint after a purge blocked by a reader (attempt %d)", attempt + 1)
        time.sleep(0.1)
    return False


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
