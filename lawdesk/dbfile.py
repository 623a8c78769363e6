"""A database file looked at before anything is written to it.

Before anything is written to a file (even a PRAGMA such as switching to WAL) the file is
inspected through a read-only connection (``inspect_sqlite_file``): it must be an SQLite file,
readable, and lawdesk's (it has the ``schema_migration`` history table), and every migration it
records must be known to this program — a database written by a newer version is refused with
“请升级程序”. A file that cannot be opened is diagnosed (``diagnose_open_failure``): a full disk,
a read-only file or folder, or — only when SQLite's ``integrity_check`` says so — a damaged
file. The read-only URIs are built the way SQLite reads them on the file's own system
(``sqlite_uri``), so a database on a share or a mapped drive opens too.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote

from lawdesk import paths
from lawdesk.diagnose import os_error_text, sqlite_code
from lawdesk.errors import (
    DatabaseAccessError,
    DatabaseDamagedError,
    DatabaseFileError,
    DatabaseReadOnlyError,
)
from lawdesk.migrating import HISTORY_TABLE, check_migrations_known

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileState:
    """What is at a database path: ``missing``, ``empty``, ``lawdesk`` (with its migrations)."""

    state: str
    migrations: tuple[str, ...] = ()


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
        return read_only_file_error(path, what)
    if not paths.folder_is_writable(folder):
        return read_only_folder_error(folder, what)
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


def read_only_file_error(path: Path, what: str) -> DatabaseReadOnlyError:
    return DatabaseReadOnlyError(
        f"{what}文件“{path}”是只读的，程序不能在其中保存。数据没有损坏。请在文件的“属性”中取消“只读”"
        "（或请管理员给予写入权限）；如果它在光盘、只读 U 盘或别人的共享文件夹中，请先复制到本机可写的文件夹再打开。")


def read_only_folder_error(folder: Path, what: str) -> DatabaseReadOnlyError:
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
