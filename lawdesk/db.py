"""Opening the database: file checks, SQLite pragmas, versioned migrations, write locking.

``open_database(target)`` is the one way the program, the command line and the benchmarks get a
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

The target may also be a server URL (``postgresql://user@host:port/dbname`` or ``postgres://…``;
a socket folder as ``postgresql:///dbname?host=/path``), see ``is_server_url``. A server database
goes through peewee's ``PostgresqlDatabase`` over psycopg 3 with the same models and the same
migration files (playhouse picks its PostgreSQL migrator). Everything that is about an SQLite
file is skipped there: PRAGMAs, the read-only file inspection, ``BEGIN IMMEDIATE`` (PostgreSQL
locks rows itself; transactions run at its default READ COMMITTED), the automatic file backup,
the evidence folder. Backups of a server database are the administrator's job
(``ServerDatabaseError`` says so when a file feature is asked for). The password of a URL is
never logged or shown: ``mask_url`` replaces it with ``***`` wherever the URL is named.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote

# first, so that peewee is imported without its PostgreSQL driver (see lawdesk._peewee)
from lawdesk import _peewee

# isort: split
from peewee import Database, OperationalError, PostgresqlDatabase, SqliteDatabase
from peewee import DatabaseError as PeeweeDatabaseError

from lawdesk import paths
from lawdesk.diagnose import os_error_text, sqlite_code
from lawdesk.errors import DatabaseFileError, LawdeskError
from lawdesk.models import database
from lawdesk.paths import is_server_url  # noqa: F401 - named here for the callers

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


class DatabaseAccessError(DatabaseFileError):
    """The database cannot be used now for a reason that is not damage — a read-only file or
    folder, a full disk, no permission, a pipe or device named as the file: its data is intact,
    and restoring a backup is not the answer (no recovery dialog is offered)."""


class DatabaseReadOnlyError(DatabaseAccessError):
    """The database file, or its folder, cannot be written."""


class DatabaseTooNewError(DatabaseFileError):
    """The database (or backup) was written by a newer version of lawdesk."""


class DatabaseBusyError(LawdeskError):
    """Another window or program kept the write lock for too long."""


class ServerDatabaseError(DatabaseFileError):
    """Something that needs the database file (backup, restore, evidence folder) was asked of a
    server database, or the server cannot be used (unreachable, not lawdesk's)."""


# --------------------------------------------------------------------------------------------
# Server URLs

#: Seconds libpq waits for the server before giving up (an unreachable server is an error,
#: not a hang).
CONNECT_TIMEOUT_S = 5
SERVER_BACKUP_TEXT = "服务器数据库由管理员用 pg_dump 备份，备份由服务器管理员负责，本程序不做文件备份和恢复。"


_URL_PASSWORD = re.compile(r"^(?P<head>[a-z]+://[^/@?#:]*):(?P<pw>[^@/?#]*)@", re.I)
_QUERY_PASSWORD = re.compile(r"(?P<head>[?&]password=)(?P<pw>[^&#]*)", re.I)


def mask_url(url: str) -> str:
    """``url`` with its password (in the user part or ``?password=``) replaced by ``***``."""
    url = _URL_PASSWORD.sub(lambda m: f"{m['head']}:***@", url.strip(), count=1)
    return _QUERY_PASSWORD.sub(lambda m: f"{m['head']}***", url)


def display_target(target: Path | str) -> str:
    """How a database is named to the clerk: a resolved file path, or the masked URL."""
    if is_server_url(target):
        return mask_url(str(target))
    return str(Path(target).resolve())


def as_target(target: Path | str) -> Path | str:
    """A URL stays a string (``Path`` would fold its ``//``); anything else becomes a ``Path``."""
    if is_server_url(target):
        return str(target).strip()
    return Path(target)


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


class LawdeskPostgresqlDatabase(PostgresqlDatabase):
    """A county server's database: peewee's PostgreSQL over psycopg 3 (``atomic()`` as usual)."""

    lawdesk_url: str = ""

    def __repr__(self) -> str:  # never the password
        return f"<LawdeskPostgresqlDatabase {mask_url(self.lawdesk_url)}>"


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


def codepoint_order(node: object) -> object:
    """``ORDER BY node`` ascending in code-point order on every engine: SQLite compares text
    bytewise; PostgreSQL would follow the server's locale (zh_CN sorts by pinyin), so it is
    told ``COLLATE "C"`` (bytewise UTF-8, the same order). Lists such as the report's 法治领域
    then come out the same on both."""
    collation = '"C"' if is_server_database() else None
    return node.asc(collation=collation)  # type: ignore[attr-defined]


def is_server_database(db: Database | None = None) -> bool:
    """True when ``db`` (default: the open database) is a server (PostgreSQL) database."""
    db = db if db is not None else database.obj
    return isinstance(db, PostgresqlDatabase)


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


def sqlite_uri(path: PurePath) -> str:
    """The SQLite URI (``file:…``) of the absolute path ``path``, as SQLite reads URIs on the
    system the path belongs to (a ``PureWindowsPath`` the Windows way, whatever runs this).

    ``pathlib``'s ``as_uri`` is not that: for a share (``\\\\server\\share\\台账.db``, and a
    mapped drive, which resolves to one) it gives ``file://server/share/…``, which SQLite refuses
    (“invalid uri authority”). SQLite wants an empty authority and the path after it:

    - ``C:\\台账\\x.db`` → ``file:///C:/%E5%8F%B0%E8%B4%A6/x.db``
    - ``\\\\server\\share\\x.db`` → ``file:////server/share/x.db``
    - ``\\\\?\\C:\\…`` and ``\\\\?\\UNC\\server\\share\\…`` (long-path forms) as the forms above
    - ``/home/甲/x.db`` → ``file:///home/%E7%94%B2/x.db``

    Every byte that is not a letter, digit, ``/``, ``:``, ``-``, ``.``, ``_`` or ``~`` is
    percent-escaped as UTF-8 (``?``, ``#`` and ``%`` would otherwise end or garble the path).
    """
    if not path.is_absolute():
        raise ValueError(f"not an absolute path: {path}")
    if isinstance(path, PureWindowsPath):
        text = str(path)
        if text.startswith("\\\\?\\UNC\\"):
            text = "\\\\" + text[8:]
        elif text.startswith("\\\\?\\"):
            text = text[4:]
        text = text.replace("\\", "/")
        uri_path = text if text.startswith("//") else "/" + text  # a share keeps its //server
    else:
        uri_path = str(path)
    return "file://" + quote(uri_path, safe="/:")


def read_only_uri(path: Path | str) -> str:
    """The URI that opens ``path`` read-only: nothing is written to the file, not even a
    journal mode. The path is made absolute without resolving it, so a mapped drive stays
    ``Z:`` (resolving turns it into its share; either form gives a URI SQLite opens)."""
    if not isinstance(path, PurePath):
        path = Path(path)
    if not path.is_absolute():
        path = Path(os.path.abspath(path))
    return sqlite_uri(path) + "?mode=ro"


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
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a pipe would make the read below wait for ever
            raise DatabaseAccessError(f"“{path}”不是普通文件（是管道、设备或套接字），不能作为{what}打开。")
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise DatabaseAccessError(f"无法读取{what}文件“{path}”：{os_error_text(exc)}。") from exc
    if st.st_size == 0:
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
        raise diagnose_open_failure(path, exc, what=what) from exc
    if not tables:
        return FileState("empty")
    if HISTORY_TABLE not in tables:
        raise DatabaseFileError(
            f"“{path}”是其他程序的数据库，不是 lawdesk 数据库。请选择 lawdesk 的数据库文件，或新建一个。"
        )
    check_migrations_known(applied, path, what=what)
    return FileState("lawdesk", applied)


#: Below this much free space, a failure to open is put down to the full disk.
NEARLY_FULL_BYTES = 2 * 1024 * 1024


def diagnose_open_failure(path: Path, exc: BaseException, *, what: str = "数据库") -> DatabaseFileError:
    """Why ``path`` could not be opened or upgraded, told apart: a full disk, a read-only file
    or folder, or — only when SQLite's ``integrity_check`` says so — a damaged file."""
    code = sqlite_code(exc)
    folder = path.parent
    intact = "数据没有损坏，不需要从备份恢复。"
    if code.startswith("SQLITE_FULL") or _free_bytes(folder) < NEARLY_FULL_BYTES:
        return DatabaseAccessError(
            f"磁盘空间已满：{what}“{path}”无法打开（打开和保存时需要写入数据）。{intact}"
            "请清理这个磁盘（删除不用的文件、清空回收站）后再打开。")
    if path.exists() and not os.access(path, os.W_OK):
        return _read_only_file(path, what)
    if not paths.folder_is_writable(folder):
        return _read_only_folder(folder, what)
    verdict = integrity_verdict(path)
    if verdict is not None and verdict != "ok":
        return DatabaseDamagedError(f"{what}文件“{path}”已损坏（完整性检查：{verdict[:200]}）。", path)
    if verdict == "ok":
        return DatabaseAccessError(f"{what}“{path}”暂时无法打开（{exc}）。完整性检查通过，{intact}"
                                   "请关闭其他正在使用它的程序后再试。")
    return DatabaseDamagedError(f"{what}文件“{path}”已损坏或无法打开（{exc}）。", path)


def _free_bytes(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return NEARLY_FULL_BYTES  # unknown: not called full


def _read_only_file(path: Path, what: str) -> DatabaseReadOnlyError:
    return DatabaseReadOnlyError(
        f"{what}文件“{path}”是只读的，程序不能在其中保存。数据没有损坏。请在文件的“属性”中取消“只读”"
        "（或请管理员给予写入权限）；如果它在光盘、只读 U 盘或别人的共享文件夹中，请先复制到本机可写的文件夹再打开。")


def _read_only_folder(folder: Path, what: str) -> DatabaseReadOnlyError:
    return DatabaseReadOnlyError(
        f"{what}所在的文件夹“{folder}”不允许写入（只读的 U 盘或光盘、只读的共享文件夹，或没有写入权限），"
        f"程序不能在其中保存。数据没有损坏。请把{what}复制到本机可写的文件夹后再打开。")


def integrity_verdict(path: Path) -> str | None:
    """SQLite's ``integrity_check`` of ``path`` opened read-only (``"ok"`` when sound; ``None``
    when it cannot be run at all)."""
    try:
        con = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            return str(con.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if sqlite_code(exc).startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
            return str(exc)
        return None


def check_migrations_known(applied: tuple[str, ...] | list[str], path: Path | str, *, what: str = "数据库") -> None:
    """Refuse a database that records migrations this program does not have (a newer version)."""
    unknown = sorted(set(applied) - set(known_migrations()))
    if unknown:
        name = mask_url(path) if is_server_url(path) else Path(path).name
        raise DatabaseTooNewError(
            f"{what}“{name}”是用更新版本的 lawdesk 保存的（含有本程序不认识的升级 {unknown[-1]}），"
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
        raise _read_only_file(path, "数据库")
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
    global _current_target
    _current_target = path.resolve()
    return db


def _restore_hint(newest: object | None) -> str:
    return "" if newest is not None else "\n请用“恢复”从备份恢复。"


_current_target: Path | str | None = None


def current_target() -> Path | str:
    """The database that is open now: its file, or its server URL (with the password: never
    show or log it, see ``display_target``)."""
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
        global _current_target
        _current_target = url.strip()
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


def data_version() -> int | None:
    """SQLite's ``data_version``: changes when another connection commits (``None``: not open)."""
    db = database.obj
    if db is None or db.is_closed() or not isinstance(db, SqliteDatabase):
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
    if db is None or db.is_closed() or not isinstance(db, SqliteDatabase):
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
