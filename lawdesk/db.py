"""Opening a database: the one way the program, the command line and the benchmarks get one.

``open_database(target)`` opens the lawdesk database at ``target`` — a file, or a server URL
(``postgresql://user@host:port/dbname`` or ``postgres://…``; a socket folder as
``postgresql:///dbname?host=/path``, see ``lawdesk.paths.is_server_url``) — binds the models to
it (``lawdesk.connection``), applies pending migrations (``lawdesk.migrating``) and backs it up.
It never invents data: a missing or empty file is an error (``DatabaseMissingError``, which
names the newest good backup when there is one) unless the caller asks for a new database with
``create=True`` (``init``, ``demo``, the welcome dialog's 新建, ``create_database``). A file that
cannot be opened is diagnosed (``lawdesk.dbfile``); a damaged one names the backup to recover
from (recovering itself is ``services.backup.recover_to_path``).

A file is inspected read-only before anything is written to it (``dbfile.inspect_sqlite_file``),
then opened with the program's PRAGMAs (WAL, foreign keys, busy timeout, ``secure_delete``) as a
``connection.LawdeskDatabase`` (write transactions take the write lock first). On opening, a
restore killed half-way is finished (``backup.finish_interrupted_restore``), the database is
backed up when it changed since the newest backup (``auto_backup``: never stopping the open;
``auto_backup_notice`` tells the clerk when it failed or left files out), migrated, and evidence
files a purge could not delete are deleted.

A server database goes through peewee's ``PostgresqlDatabase`` over psycopg 3 with the same
models and the same migration files. Everything that is about an SQLite file is skipped there:
PRAGMAs, the read-only file inspection, ``BEGIN IMMEDIATE`` (PostgreSQL locks rows itself;
transactions run at its default READ COMMITTED), the automatic file backup, the evidence folder.
Backups of a server database are the administrator's job (``ServerDatabaseError`` says so when a
file feature is asked for). The password of a URL is never logged or shown: ``mask_url``
replaces it with ``***`` wherever the URL is named.

The names of the database's vocabulary that callers of this module use (the proxy, the errors,
the open target, the migrations, the file checks) live in the modules under it and are named here
too (see ``__all__``), so that a caller that opens a database needs only this module.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

# first, so that peewee is imported without its PostgreSQL driver (see lawdesk._peewee)
from lawdesk import _peewee

# isort: split
from peewee import Database, SqliteDatabase
from peewee import DatabaseError as PeeweeDatabaseError

from lawdesk import connection
from lawdesk.connection import (
    BUSY_TIMEOUT_MS,
    SERVER_BACKUP_TEXT,
    LawdeskDatabase,
    LawdeskPostgresqlDatabase,
    close_database,
    current_path,
    current_target,
    data_version,
    database,
    flush_deleted,
    is_server_database,
    refuse_on_server,
    refuse_server_target,
    set_wait_listener,
)
from lawdesk.dbfile import (
    diagnose_open_failure,
    inspect_sqlite_file,
    read_only_file_error,
    read_only_uri,
    sqlite_uri,
)
from lawdesk.errors import (
    DatabaseAccessError,
    DatabaseBusyError,
    DatabaseDamagedError,
    DatabaseFileError,
    DatabaseMissingError,
    DatabaseTooNewError,
    LawdeskError,
    ServerDatabaseError,
)
from lawdesk.migrating import (
    CORE_TABLES,
    HISTORY_TABLE,
    MIGRATIONS_DIR,
    check_migrations_known,
    check_tables,
    known_migrations,
    migration_runner,
    run_migrations,
)
from lawdesk.paths import as_target, display_target, is_server_url, mask_url
from lawdesk.services import attachments
from lawdesk.services import backup as backups

__all__ = [
    "BUSY_TIMEOUT_MS", "CONNECT_TIMEOUT_S", "CORE_TABLES", "HISTORY_TABLE", "MIGRATIONS_DIR", "PRAGMAS",
    "SERVER_BACKUP_TEXT", "DatabaseAccessError", "DatabaseBusyError", "DatabaseDamagedError",
    "DatabaseFileError", "DatabaseMissingError", "DatabaseTooNewError", "ServerDatabaseError", "as_target",
    "auto_backup", "auto_backup_notice", "check_migrations_known", "close_database", "connect",
    "connect_server", "create_database", "current_path", "current_target", "data_version", "database",
    "display_target", "flush_deleted", "inspect_sqlite_file", "is_server_database", "is_server_url",
    "known_migrations", "mask_url", "migration_runner", "open_database", "read_only_uri",
    "refuse_on_server", "refuse_server_target", "run_migrations", "server_params", "set_wait_listener",
    "sqlite_uri",
]

logger = logging.getLogger(__name__)

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


# --------------------------------------------------------------------------------------------
# Server URLs

#: Seconds libpq waits for the server before giving up (an unreachable server is an error,
#: not a hang).
CONNECT_TIMEOUT_S = 5


def server_params(url: str) -> tuple[str, dict[str, object]]:
    """(database name, psycopg connection keywords) of a server URL; Chinese error if malformed."""
    try:
        _peewee.load_psycopg()  # psycopg loads only for a server database
        from psycopg.conninfo import conninfo_to_dict
    except ImportError as exc:  # pragma: no cover - psycopg is a pinned dependency
        raise ServerDatabaseError("本程序缺少连接服务器数据库所需的组件（psycopg），请重新安装程序。") from exc
    try:
        params: dict[str, object] = dict(conninfo_to_dict(url.strip()))
    except Exception as exc:  # noqa: BLE001 - libpq's parser raises ProgrammingError/ValueError
        raise ServerDatabaseError(
            f"数据库服务器地址“{mask_url(url)}”的格式不对。应为 postgresql://用户名@服务器:端口/数据库名。"
        ) from exc
    dbname = str(params.pop("dbname", "") or "")
    if not dbname:
        raise ServerDatabaseError(
            f"数据库服务器地址“{mask_url(url)}”没有写数据库名。应为 postgresql://用户名@服务器:端口/数据库名。"
        )
    params.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    return dbname, params


def _server_reason(exc: Exception, password: object) -> str:
    """libpq's reason, in Chinese where it is a usual one; never containing the password."""
    text = str(exc).strip()
    if password:
        text = text.replace(str(password), "***")
    low = text.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        hint = "用户名或密码不正确"
    elif "does not exist" in low and "database" in low:
        hint = "服务器上没有这个数据库"
    elif "role" in low and "does not exist" in low:
        hint = "服务器上没有这个用户"
    elif "timeout" in low or "timed out" in low:
        hint = "连接超时，服务器没有应答"
    elif "refused" in low or "no such file" in low or "could not translate host" in low or "failed" in low:
        hint = "服务器没有启动，或地址、端口不对"
    else:
        hint = "服务器拒绝了连接"
    detail = text.splitlines()[-1] if text else ""
    return f"{hint}（{detail}）" if detail else hint


def _server_error(url: str, exc: Exception, password: object) -> ServerDatabaseError:
    return ServerDatabaseError(
        f"无法连接数据库服务器“{mask_url(url)}”：{_server_reason(exc, password)}。"
        "请检查网络和服务器地址、端口、用户名、密码，或联系服务器管理员。"
    )


def connect_server(url: str) -> LawdeskPostgresqlDatabase:
    """Connect to the server database of ``url``; a Chinese ``ServerDatabaseError`` if it
    cannot be reached (no traceback, no password in the message)."""
    dbname, params = server_params(url)
    db = LawdeskPostgresqlDatabase(dbname, prefer_psycopg3=True, **params)
    db.lawdesk_url = url.strip()
    try:
        db.connect(reuse_if_open=True)
    except (PeeweeDatabaseError, OSError) as exc:
        logger.warning("cannot connect to %s: %s", mask_url(url), _server_reason(exc, params.get("password")))
        raise _server_error(url, exc, params.get("password")) from None
    return db



# --------------------------------------------------------------------------------------------
# Opening a file, or a server database


def _newest_backup(path: Path) -> object | None:
    try:
        return backups.newest_good_backup(path)
    except Exception:  # noqa: BLE001 - looking for a backup must never hide the real problem
        logger.exception("looking for a backup of %s failed", path)
        return None


def _offer_text(newest: object | None) -> str:
    if newest is None:
        return ""
    return "\n" + backups.offer_text(newest)


def _missing_error(path: Path, state: str) -> DatabaseMissingError:
    newest = _newest_backup(path)
    what = "找不到数据库文件" if state == "missing" else "数据库文件是空的（0 字节或没有任何数据表）"
    hint = (
        "可能是复制中断、同步软件或杀毒软件造成的。程序不会自动新建一个空数据库，以免覆盖您的备份。"
    )
    tail = _offer_text(newest) or "\n如果这是第一次使用，请新建数据库。"
    return DatabaseMissingError(f"{what}：{path}\n{hint}{tail}", path, newest)


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
    if state.state != "missing" and not os.access(path, os.W_OK):  # SQLite would open it read-only
        raise read_only_file_error(path, "数据库")
    db = LawdeskDatabase(str(path), pragmas=PRAGMAS, check_same_thread=False)
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (PeeweeDatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        problem = diagnose_open_failure(path, exc)
        if not isinstance(problem, DatabaseDamagedError):
            raise problem from exc
        newest = _newest_backup(path)
        raise DatabaseDamagedError(problem.message + _offer_text(newest) + _restore_hint(newest), path,
                                   newest) from exc
    database.initialize(db)
    connection.set_target(path.resolve())
    return db


def _restore_hint(newest: object | None) -> str:
    return "" if newest is not None else "\n请用“恢复”从备份恢复。"


def open_database(target: Path | str, *, create: bool = False, backup: bool = True,
                  migrate: bool = True) -> Database:
    """Open the lawdesk database at ``target`` (a file, or a server URL), migrate it and back it up.

    ``create=True`` (only for an explicit 新建, ``init`` or ``demo``) makes a new database when
    the file is missing or empty (on a server: sets up the tables in an empty database);
    otherwise that is a ``DatabaseMissingError`` (on a server: a ``ServerDatabaseError``). The
    automatic backup is skipped when the database is empty or unchanged since the newest backup,
    and always on a server (its administrator backs it up).
    """
    if is_server_url(target):
        return _open_server(str(target), create=create, migrate=migrate)
    path = Path(target)
    db = connect(path, create=create)
    try:
        _after_connect(db, path, backup=backup, migrate=migrate)
    except BaseException:
        close_database()
        raise
    return db


def _open_server(url: str, *, create: bool, migrate: bool) -> Database:
    close_database()
    db = connect_server(url)
    try:
        tables = set(db.get_tables())
        if HISTORY_TABLE in tables:
            applied = [r[0] for r in db.execute_sql(f"SELECT name FROM {HISTORY_TABLE}").fetchall()]
            check_migrations_known(applied, url)
        elif tables:
            raise ServerDatabaseError(
                f"服务器数据库“{mask_url(url)}”里已有其他程序的数据表，不是 lawdesk 数据库。请联系服务器管理员。"
            )
        elif not create:
            raise ServerDatabaseError(
                f"服务器数据库“{mask_url(url)}”还是空的（没有 lawdesk 的数据表）。"
                "请先新建：lawdesk --db <服务器地址> init，或联系服务器管理员。"
            )
        database.initialize(db)
        connection.set_target(url.strip())
        if migrate:
            try:
                run_migrations(db)
            except DatabaseFileError:
                raise
            except PeeweeDatabaseError as exc:
                raise ServerDatabaseError(f"服务器数据库“{mask_url(url)}”升级失败：{exc}") from exc
            check_tables(db, url)
    except BaseException:
        db.close()
        close_database()
        raise
    return db


def _after_connect(db: SqliteDatabase, path: Path, *, backup: bool, migrate: bool) -> None:
    existed = HISTORY_TABLE in db.get_tables()
    backups.finish_interrupted_restore(path)
    if existed and backup:
        auto_backup(db, path)
    if migrate:
        try:
            run_migrations(db)
        except DatabaseFileError:
            raise
        except (PeeweeDatabaseError, sqlite3.DatabaseError) as exc:
            problem = diagnose_open_failure(path, exc)
            if isinstance(problem, DatabaseAccessError):
                raise problem from exc
            raise DatabaseFileError(f"数据库“{path}”升级失败：{exc}") from exc
        check_tables(db, path)
    attachments.retry_pending_deletes(path)


def create_database(path: Path | str) -> Database:
    """A new, empty lawdesk database at ``path`` (refused if a lawdesk database is already there)."""
    if is_server_url(path):
        db = connect_server(str(path))
        try:
            exists = HISTORY_TABLE in db.get_tables()
        finally:
            db.close()
        if exists:
            raise ServerDatabaseError(f"服务器数据库“{mask_url(str(path))}”里已有 lawdesk 数据库，未做任何改动。")
        return open_database(path, create=True)
    if inspect_sqlite_file(Path(path)).state == "lawdesk":
        raise DatabaseFileError(f"数据库已存在：{path}，未做任何改动。")
    return open_database(path, create=True)


# --------------------------------------------------------------------------------------------
# The backup on open


_auto_notices: dict[str, tuple[str, str]] = {}  # (the whole notice, one line of it)


def _notice_key(db_path: Path) -> str:
    return os.path.normcase(os.path.abspath(db_path))


def auto_backup_notice(db_path: Path, *, short: bool = False) -> str:
    """What the clerk should know about the automatic backup made when ``db_path`` was last
    opened in this process: that it failed, or left files out (``""``: nothing to say).
    ``short``: one line for the status bar, pointing to 备份与恢复."""
    whole, line = _auto_notices.get(_notice_key(db_path), ("", ""))
    return line if short else whole


def auto_backup(db: SqliteDatabase, db_path: Path) -> Path | None:
    """Back up on open, unless the database is empty or unchanged since the newest backup.

    Never stops the open: a failure is logged (to the data folder's log file, never as a
    traceback on the console) and kept as ``auto_backup_notice`` for the status bar and the
    command line, as are evidence files it had to leave out."""
    db_path = Path(db_path)
    _auto_notices.pop(_notice_key(db_path), None)
    try:
        if backups.is_empty(db):
            return None
        if backups.newest_signature(db_path) == backups.content_signature(db):
            return None
        made = backups.make_backup(db, db_path, backups.AUTO)
    except Exception as exc:  # noqa: BLE001 - a failed automatic backup must not stop the clerk
        _log_to_file(db_path)
        logger.exception("automatic backup failed")
        text = exc.message if isinstance(exc, LawdeskError) else backups.failure_text(exc)
        _auto_notices[_notice_key(db_path)] = (
            f"自动备份没有完成：{text}", "自动备份没有完成。请到“备份与恢复”点“立即备份”，看看是什么原因。")
        return None
    if problems := backups.backup_problems(made):
        count = len(backups.skipped_files(made))
        _auto_notices[_notice_key(db_path)] = (
            f"自动备份已完成，但{problems}", f"自动备份已完成，但有 {count} 个材料文件没有备份，详见“备份与恢复”。")
    return made


def _log_to_file(db_path: Path) -> None:
    """With no logging set up (a command-line run), log to the data folder's file: Python's
    last-resort handler would print the traceback on the clerk's console."""
    if not logging.getLogger().handlers:
        from lawdesk import logs

        logs.setup_logging(db_path)
