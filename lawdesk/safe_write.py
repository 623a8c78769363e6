"""Saving the clerk's files: the one way every output file of lawdesk reaches the disk.

Reports (.docx and .pdf), Excel workbooks (台账, 模板, 全县汇总表), the inspection binder (.zip)
and offline packages (.ldpkg) are all written here, the same way:

1. **The target is checked before any work** (``check_target``): never an input — not the open
   database nor its ``-wal``/``-shm``/``-journal``, not anything in its data folder (backups,
   evidence files, logs), not any existing SQLite file; never a folder, FIFO or device (looked
   at with ``stat``, never opened); never a read-only file (refused, not replaced, the same for
   every kind of output); a name the file system cannot take (too long; on Windows a character
   or device name Windows refuses) is refused with the reason.
2. **Content goes to a temporary file beside the target** (``.lawdesk-<16 hex>.tmp``: short, so a
   255-byte target name still fits, and recognisably lawdesk's), is flushed and fsync'd, gets the
   permission bits of the file it replaces or of any new file of this user (0666 less the umask;
   POSIX only: Windows has just the read-only flag, and Python 3.11 for Windows can neither
   ``fchmod`` nor ``chmod`` a descriptor), and replaces the target with ``os.replace``. On Windows
   an antivirus scanner or OneDrive touches a new file for a moment: the replace is retried for
   about 1.5 s (``REPLACE_WAITS``) before the clerk reads that the file is open in WPS.
3. **The temporary file is removed on any failure.** A write killed outright (power cut, SIGKILL,
   Task Manager) cannot remove it: while a write runs its temporary file is named in a journal
   (``unfinished-outputs`` in the user's data folder), so the next start removes what a dead
   process left (``sweep_unfinished``), and the next write to the same folder does too
   (``sweep_folder``), together with the temporary names of earlier versions
   (``.name.XXXXXXXX.tmp``, ``.lawdesk-XXXXXXXX.xlsx(.rows)``, ``.name.zip.tmp``). Only names
   lawdesk makes are ever removed, and never one a running lawdesk is still writing.

Every failure is an ``OutputError`` whose Chinese message names the cause (disk full, file too
large, read-only disk, no permission, name too long, folder missing); a file held open by WPS
or Word is an ``OutputLocked``.

(Longer than most modules: what may be written, how, and what killed writes leave behind are
one rule — the sweep must know exactly the names the writer makes — so they stay together.)
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import re
import secrets
import shutil
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from lawdesk.errors import LawdeskError

logger = logging.getLogger(__name__)

TEMP_PREFIX = ".lawdesk-"
TEMP_SUFFIX = ".tmp"
#: Waits between attempts at ``os.replace`` on Windows (seconds): about 1.5 s in all.
REPLACE_WAITS = (0.05, 0.1, 0.2, 0.4, 0.8)
#: A temporary file no journal vouches for is taken as abandoned once untouched this long.
STALE_AFTER_S = 15 * 60
#: A journal entry older than this is abandoned even if its process id is in use (reused ids).
JOURNAL_MAX_AGE_S = 24 * 3600
#: The longest file name most Linux file systems take (ext4: 255 bytes of UTF-8).
MAX_NAME_BYTES = 255
#: NTFS: 255 UTF-16 code units in a name.
MAX_NAME_UNITS_WINDOWS = 255
SQLITE_MAGIC = b"SQLite format 3\x00"
JOURNAL_FOLDER = "unfinished-outputs"

_OURS = re.compile(r"^\.lawdesk-[0-9a-f]{16}\.tmp(\.[A-Za-z0-9]+)?$")
#: Temporary names of earlier versions (removed only when old and holding a zip or a PDF).
_EARLIER = (
    re.compile(r"^\.lawdesk-[a-z0-9_]{8}\.xlsx(\.rows)?$"),  # Excel workbooks
    re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$"),  # reports, PDFs, packages (mkstemp)
    re.compile(r"^\..+\.zip\.tmp$"),  # the binder
)
_EARLIER_CONTENT = (b"PK\x03\x04", b"%PDF", b"")

_WINDOWS_IN_USE = (32, 33)  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


class OutputError(LawdeskError):
    """An output file that was not written; ``message`` says why, in Chinese."""


class OutputLocked(OutputError):
    """The target is held open by another program (WPS, Word, Excel, a viewer)."""


# --------------------------------------------------------------------------------------------
# Which files are inputs


_protected: set[Path | str] = set()


def protect_database(target: Path | str) -> None:
    """Treat ``target`` (a database file or server URL) as an input for the rest of the process,
    even when it is not open (the command line names it with ``--db``)."""
    _protected.add(target)


def _databases() -> list[Path | str]:
    """The database open in this process (if any) and those named by ``protect_database``."""
    found: list[Path | str] = list(_protected)
    connection = sys.modules.get("lawdesk.connection")  # not imported: no database is open in this process
    if connection is not None:
        with contextlib.suppress(LawdeskError):
            found.append(connection.current_target())
    return found


def _canon(path: Path | str) -> str:
    text = os.path.realpath(os.path.abspath(os.fspath(path)))
    return text.casefold() if os.name == "nt" else text


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _input_refusal(target: Path, extra: Iterable[Path | str]) -> str | None:
    from lawdesk import paths

    here = _canon(target)
    for database in [*_databases(), *extra]:
        if not paths.is_server_url(database):
            db_file = _canon(database)
            if here in {db_file + suffix for suffix in ("", "-wal", "-shm", "-journal")}:
                return (f"“{target.name}”是正在使用的数据库文件（或它的日志文件），用导出的文件覆盖它会丢失全部记录。"
                        "请换一个文件名。")  # fmt: skip
        data = _canon(paths.data_dir(database))
        if _inside(here, data):
            return (f"“{target}”在数据文件夹“{Path(data).name}”中（备份和材料文件保存在那里），"
                    "不能把导出的文件保存在这里。请换一个位置，例如“文档”或桌面。")  # fmt: skip
    if _is_sqlite_file(target):
        return f"“{target.name}”是一个数据库文件，不能用导出的文件覆盖它。请换一个文件名。"
    return None


def refuse_input(target: str | os.PathLike[str], *, inputs: Iterable[Path | str] = ()) -> None:
    """``OutputError`` when ``target`` is an input (see ``check_target``) or no file at all (a FIFO,
    a device such as ``/dev/null``); nothing else is checked: for a name a command turns into the
    real target (``报告`` → ``报告.docx``), which ``check_target`` checks in full."""
    target = Path(target)
    if why := _input_refusal(target, inputs):
        raise OutputError(why)
    with contextlib.suppress(OSError):
        mode = os.stat(target).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            raise OutputError(f"“{target.name}”不是普通文件（是管道、设备或其他特殊文件），不能写入，请换一个文件名。")


def _is_sqlite_file(path: Path) -> bool:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


# --------------------------------------------------------------------------------------------
# Checking a target


def _name_refusal(name: str) -> str | None:
    if not name or name in (".", ".."):
        return "请给出文件名。"
    if os.name == "nt":
        from lawdesk.filenames import windows_refusal

        if why := windows_refusal(name):
            return f"文件名“{name}”不能使用：{why}。请换一个文件名。"
        if len(name.encode("utf-16-le")) // 2 > MAX_NAME_UNITS_WINDOWS:
            return f"文件名太长（超过 {MAX_NAME_UNITS_WINDOWS} 个字符），请换一个短一些的文件名。"
    elif len(os.fsencode(name)) > MAX_NAME_BYTES:
        return f"文件名太长（超过 {MAX_NAME_BYTES} 字节，约 {MAX_NAME_BYTES // 3} 个汉字），请换一个短一些的文件名。"
    return None


def check_target(target: str | os.PathLike[str], *, inputs: Iterable[Path | str] = ()) -> Path:
    """``target`` as a ``Path`` when an output may be written there; ``OutputError`` otherwise.

    Nothing is opened for writing; an existing target is looked at with ``stat`` only (a FIFO
    or device is refused before anyone opens it). ``inputs``: more databases to treat as inputs.
    """
    target = Path(target)
    if why := _name_refusal(target.name):
        raise OutputError(why)
    if why := _input_refusal(target, inputs):
        raise OutputError(why)
    folder = _folder_of(target)
    try:
        folder_mode = os.stat(folder).st_mode
    except FileNotFoundError:
        raise OutputError(f"保存位置不存在：{folder}") from None
    except OSError as exc:
        raise OutputError(f"无法访问保存位置“{folder}”：{reason(exc)}。") from exc
    if not stat.S_ISDIR(folder_mode):
        raise OutputError(f"保存位置不是文件夹：{folder}")
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(f"无法访问文件“{target.name}”：{reason(exc)}。") from exc
    if stat.S_ISDIR(mode):
        raise OutputError(f"“{target}”是一个文件夹，请给出文件名。")
    if not stat.S_ISREG(mode):
        raise OutputError(f"“{target.name}”不是普通文件（是管道、设备或其他特殊文件），不能写入，请换一个文件名。")
    if not mode & stat.S_IWUSR:
        raise OutputError(f"文件“{target.name}”是只读文件，没有覆盖它。请换一个文件名，或先取消该文件的只读属性。")
    return target


def _folder_of(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


# --------------------------------------------------------------------------------------------
# Writing


@contextlib.contextmanager
def replacing(target: str | os.PathLike[str], *, inputs: Iterable[Path | str] = ()) -> Iterator[Path]:
    """Give the caller a temporary path beside ``target`` to write; when the block ends without
    an exception the file is fsync'd, given its mode and put in place of ``target``.

    The temporary file (and any file the caller made as ``<temporary name>.<suffix>``) is removed
    whatever happens. ``OSError`` about the output becomes ``OutputError`` (Chinese); exceptions
    of the caller's own pass through unchanged.
    """
    target = check_target(target, inputs=inputs)
    folder = _folder_of(target)
    sweep_folder(folder)
    tmp, journal = _new_temp(folder, target)
    try:
        try:
            yield tmp
            _commit(tmp, target)
        except OSError as exc:
            raise _diagnose(exc, target, tmp) from exc
    finally:
        _discard(tmp, journal)


def write_with(target: str | os.PathLike[str], fill: Callable[[BinaryIO], object], *,
               inputs: Iterable[Path | str] = ()) -> Path:  # fmt: skip
    """Write ``target`` by calling ``fill(binary file)`` (e.g. ``document.save``); see ``replacing``."""
    with replacing(target, inputs=inputs) as tmp, open(tmp, "wb") as fh:
        fill(fh)
    return Path(target)


def write_bytes(target: str | os.PathLike[str], data: bytes, *, inputs: Iterable[Path | str] = ()) -> Path:
    return write_with(target, lambda fh: fh.write(data), inputs=inputs)


def copy_file(source: str | os.PathLike[str], target: str | os.PathLike[str], *,
              inputs: Iterable[Path | str] = ()) -> Path:  # fmt: skip
    """Put a copy of ``source`` (a finished file in a temporary folder, e.g. a PDF) at ``target``."""

    def fill(fh: BinaryIO) -> None:
        with open(source, "rb") as src:
            shutil.copyfileobj(src, fh, 1 << 20)

    return write_with(target, fill, inputs=inputs)


def write_own_file(path: str | os.PathLike[str], data: bytes) -> None:
    """One of lawdesk's own small files beside the database (a retention note, a restore
    marker) written all or nothing: a temporary file beside it, fsync, replace — the clerk's
    outputs' way, without their input checks (these files belong in the data folder). A
    crash mid-write leaves the old file, never a truncated one. ``OSError`` passes through."""
    target = Path(path)
    folder = _folder_of(target)
    tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        _replace(tmp, target)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    _fsync_folder(folder)


def _new_temp(folder: Path, target: Path) -> tuple[Path, Path | None]:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _attempt in range(20):
        tmp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}{TEMP_SUFFIX}"
        try:
            fd = os.open(tmp, flags, 0o600)
        except FileExistsError:
            continue
        except OSError as exc:
            raise _diagnose(exc, target, None) from exc
        os.close(fd)
        return tmp, _journal_add(tmp)
    raise OutputError(f"无法在文件夹“{folder}”中建立临时文件，请换一个位置。")


def _commit(tmp: Path, target: Path) -> None:
    mode = _output_mode(target)
    fd = os.open(tmp, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        os.fsync(fd)
    finally:
        os.close(fd)
    _replace(tmp, target)
    _fsync_folder(_folder_of(target))


def _replace(tmp: Path, target: Path) -> None:
    """``os.replace`` with short waits on Windows, where a scanner holds a new file briefly."""
    for wait in (*REPLACE_WAITS, None):
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            if wait is None or os.name != "nt":
                raise
            time.sleep(wait)


def _discard(tmp: Path, journal: Path | None) -> None:
    for path in (tmp, *_companions(tmp)):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            logger.warning("could not remove the temporary file %s", path)
            return  # keep the journal entry: the next start removes it
    if journal is not None:
        with contextlib.suppress(OSError):
            journal.unlink(missing_ok=True)


def _companions(tmp: Path) -> list[Path]:
    """Files a writer made beside its temporary file as ``<temporary name>.<suffix>``."""
    with contextlib.suppress(OSError):
        return [p for p in tmp.parent.iterdir() if p.name.startswith(tmp.name + ".")]
    return []


# --------------------------------------------------------------------------------------------
# Permission bits (POSIX only)

_UMASK_LOCK = threading.Lock()


def new_file_mode() -> int:
    """Permission bits a newly created file gets from this user: 0666 less the umask."""
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def _output_mode(target: Path) -> int | None:
    """The mode the output ends with: the replaced file's, else the user's default; ``None`` where
    there are no permission bits to set (Windows)."""
    if os.name != "posix" or not hasattr(os, "fchmod"):
        return None
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return new_file_mode()


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------------------------
# Failures in Chinese


def reason(exc: OSError) -> str:
    """What an ``OSError`` means, in Chinese (no English system text)."""
    winerror = getattr(exc, "winerror", None)
    code = exc.errno
    if winerror in _WINDOWS_IN_USE:
        return "文件正被其他程序使用"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or winerror in (39, 112):
        return "磁盘空间不足"
    if code == errno.EFBIG:
        return "文件超过了系统允许的大小"
    if code == errno.EROFS or winerror == 19:
        return "磁盘是只读的（例如写保护的U盘或光盘）"
    if code in (errno.EACCES, errno.EPERM):
        return "没有权限"
    if code == errno.ENAMETOOLONG or winerror == 206:
        return "文件名或路径太长"
    if code in (errno.ENOENT, errno.ENOTDIR):
        return "文件或文件夹不存在"
    if code == errno.EISDIR:
        return "这是一个文件夹"
    if code == errno.EINVAL or winerror == 123:
        return "文件名含有不允许的字符"
    if code == errno.EIO:
        return "磁盘读写出错（磁盘或U盘可能有故障或已被拔出）"
    return f"系统错误（代码 {code if code is not None else winerror}）"


def _about_another_file(exc: OSError, target: Path) -> bool:
    """Whether ``exc`` is about a file the writer was reading (an evidence photo), not about the
    output, its folder or a temporary file made beside it."""
    if exc.filename is None:
        return False
    named = Path(os.fsdecode(exc.filename))
    if _canon(named) in {_canon(target), _canon(_folder_of(target))}:
        return False
    return not (_canon(named.parent) == _canon(_folder_of(target)) and _OURS.match(named.name))


def _diagnose(exc: OSError, target: Path, tmp: Path | None) -> OutputError:
    """The Chinese message for an ``OSError`` met while writing ``target`` (``tmp``: the temporary
    file, ``None`` while it is being created)."""
    name, folder = target.name, _folder_of(target)
    kept = "原来的文件没有改动。" if target.exists() else ""
    if _about_another_file(exc, target):
        other = Path(os.fsdecode(exc.filename)).name
        return OutputError(f"读取“{other}”失败（{reason(exc)}），“{name}”没有保存。{kept}")
    code, winerror = exc.errno, getattr(exc, "winerror", None)
    if isinstance(exc, PermissionError) and os.name == "nt" and tmp is not None:
        return OutputLocked(f"文件“{name}”正被{_holder(target)}打开，请关闭后重试。")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)) or winerror in (39, 112):
        return OutputError(f"磁盘空间不足，“{name}”没有保存。{kept}请清理磁盘或换一个有空间的位置后重试。")
    if code == errno.EFBIG:
        return OutputError(f"“{name}”超过了系统允许的文件大小，没有保存。{kept}请换一个位置（或让管理员解除文件大小限制）。")
    if code == errno.EROFS or winerror == 19:
        return OutputError(f"文件夹“{folder}”所在的磁盘是只读的（例如写保护的U盘或光盘），不能在这里保存。请换一个位置。")
    if code in (errno.EACCES, errno.EPERM):
        return OutputError(f"没有权限在文件夹“{folder}”中保存文件，请换一个位置（例如“文档”或桌面）。")
    if code == errno.ENAMETOOLONG or winerror == 206:
        return OutputError(f"文件名或路径太长，“{name}”没有保存。请换一个短一些的文件名或文件夹。")
    if code in (errno.ENOENT, errno.ENOTDIR) and tmp is None:
        return OutputError(f"保存位置不存在：{folder}")
    return OutputError(f"保存“{name}”失败：{reason(exc)}。{kept}")


def _holder(target: Path) -> str:
    suffix = target.suffix.lower()
    if suffix in (".docx", ".doc", ".pdf", ".wps"):
        return " WPS 或 Word "
    if suffix in (".xlsx", ".xls", ".et", ".csv"):
        return " WPS 或 Excel "
    return "其他程序（如压缩软件、杀毒软件）"


# --------------------------------------------------------------------------------------------
# Temporary files a killed write left behind


def journal_folder() -> Path:
    """Where running writes name their temporary files (the user's data folder)."""
    from lawdesk import paths

    return paths.user_data_folder() / JOURNAL_FOLDER


def _journal_add(tmp: Path) -> Path | None:
    try:
        folder = journal_folder()
        folder.mkdir(parents=True, exist_ok=True)
        entry = folder / f"{tmp.name[len(TEMP_PREFIX):-len(TEMP_SUFFIX)]}.json"
        entry.write_text(json.dumps({"temp": os.path.abspath(tmp), "pid": os.getpid()}), encoding="utf-8")
        return entry
    except OSError:
        logger.info("no journal for %s: the next write to its folder removes it if it is left", tmp)
        return None


def _journal_entries() -> dict[str, tuple[Path, dict]]:
    """Journal entries by temporary file name: (entry file, {temp, pid})."""
    try:
        files = list(journal_folder().glob("*.json"))
    except OSError:
        return {}
    out = {}
    for entry in files:
        with contextlib.suppress(OSError, ValueError, TypeError):
            data = json.loads(entry.read_text(encoding="utf-8"))
            out[Path(str(data["temp"])).name] = (entry, data)
    return out


def _process_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (unknown: taken as running)."""
    if pid == os.getpid():
        return True
    if os.name == "nt":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _windows_process_alive(pid: int) -> bool:
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return True
    handle = kernel32.OpenProcess(0x00100000 | 0x1000, False, pid)  # SYNCHRONIZE | QUERY_LIMITED
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        return kernel32.WaitForSingleObject(handle, 0) == 0x102  # WAIT_TIMEOUT: still running
    finally:
        kernel32.CloseHandle(handle)


def _entry_abandoned(entry: Path, data: dict) -> bool:
    try:
        age = time.time() - entry.stat().st_mtime
    except OSError:
        return False
    pid = data.get("pid")
    return age > JOURNAL_MAX_AGE_S or not isinstance(pid, int) or not _process_alive(pid)


def _untouched_for(paths_: Iterable[Path], seconds: float) -> bool:
    now = time.time()
    try:
        return all(now - p.stat().st_mtime > seconds for p in paths_)
    except OSError:
        return False


def _earlier_temp(path: Path) -> bool:
    if not any(p.match(path.name) for p in _EARLIER):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    return any(head.startswith(m) for m in _EARLIER_CONTENT if m) or head == b""


def _remove(paths_: Iterable[Path]) -> list[Path]:
    removed = []
    for path in paths_:
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
        except OSError:
            logger.info("left temporary file %s could not be removed yet", path)
    return removed


def sweep_folder(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files killed writes left in ``folder``; return them.

    lawdesk's own name (``.lawdesk-<16 hex>.tmp`` and its ``.<suffix>`` companions): when the
    journal says its process is gone, or, with no journal entry, when untouched for
    ``STALE_AFTER_S``. The names of earlier versions: when untouched that long and holding a
    zip or a PDF (what those versions wrote), or nothing.
    """
    folder = Path(folder)
    try:
        names = [p for p in folder.iterdir() if p.name.startswith(".")]
    except OSError:
        return []
    journal = _journal_entries() if any(_OURS.match(p.name) for p in names) else {}
    removed = []
    for path in names:
        match = _OURS.match(path.name)
        if match and match.group(1) is None:
            group = [path, *(p for p in names if p.name.startswith(path.name + "."))]
            entry = journal.get(path.name)
            if entry is not None and _canon(entry[1].get("temp", "")) == _canon(path):
                if _entry_abandoned(*entry):
                    removed += _remove(group)
                    _remove([entry[0]])
            elif _untouched_for(group, STALE_AFTER_S):
                removed += _remove(group)
        elif match:  # a companion whose temporary file is gone
            main = path.name[: -len(match.group(1))]
            if not any(p.name == main for p in names) and _untouched_for([path], STALE_AFTER_S):
                removed += _remove([path])
        elif _earlier_temp(path) and _untouched_for([path], STALE_AFTER_S):
            removed += _remove([path])
    if removed:
        logger.info("removed %d temporary files of unfinished saves in %s", len(removed), folder)
    return removed


def sweep_unfinished() -> list[Path]:
    """At start: remove the temporary files of writes whose process is gone (the journal)."""
    removed = []
    for name, (entry, data) in _journal_entries().items():
        if not _entry_abandoned(entry, data):
            continue
        tmp = Path(str(data["temp"]))
        if _OURS.match(name) and tmp.name == name:
            removed += _remove([tmp, *_companions(tmp)])
        if not tmp.exists():
            _remove([entry])
    if removed:
        logger.info("removed %d temporary files of unfinished saves", len(removed))
    return removed
