"""Why a file or a database could not be used, in Chinese: the clerk reads the cause (the disk is
full, the folder is read-only, the file is open in WPS, the U 盘 was pulled out), not Python's
or SQLite's English, and never “已损坏” for something that is not damage.

Pure functions over the exception (its ``errno``, Windows' ``winerror``, SQLite's error code);
nothing here touches the disk.
"""

from __future__ import annotations

import errno
import sqlite3

#: Windows' error numbers that have no errno of their own.
WINERROR_SHARING_VIOLATION = 32  # the file is open in another program
WINERROR_LOCK_VIOLATION = 33
WINERROR_FILENAME_TOO_LONG = 206
WINERROR_DISK_FULL = 112

_BY_ERRNO = {
    errno.ENOENT: "文件或文件夹不存在（可能已被移动、删除，或 U 盘、网络盘已断开）",
    errno.ENOSPC: "磁盘空间已满",
    errno.EROFS: "磁盘或文件夹是只读的",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EISDIR: "这里是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.EFBIG: "文件超过了允许的大小",
    errno.EIO: "磁盘读写出错（磁盘可能有坏道，或 U 盘、网络盘连接不稳）",
    errno.EEXIST: "同名的文件已经存在",
}
if hasattr(errno, "EDQUOT"):
    _BY_ERRNO[errno.EDQUOT] = "磁盘空间已满（超出了分配给您的空间）"


def os_error_text(exc: OSError) -> str:
    """What went wrong with a file, in Chinese (no English system text)."""
    winerror = getattr(exc, "winerror", None)
    if winerror in (WINERROR_SHARING_VIOLATION, WINERROR_LOCK_VIOLATION):
        return "文件正被其他程序（如 WPS、看图软件）打开"
    if winerror == WINERROR_FILENAME_TOO_LONG:
        return "文件名或路径太长（超过 Windows 允许的 260 个字符）"
    if winerror == WINERROR_DISK_FULL:
        return "磁盘空间已满"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "没有访问权限（文件或文件夹是只读的，或被安全软件阻止）"
    return _BY_ERRNO.get(exc.errno or 0, f"系统错误 {exc.errno or ''}".strip())


def sqlite_code(exc: BaseException) -> str:
    """SQLite's error name (``SQLITE_READONLY``, ``SQLITE_FULL`` …) of ``exc`` or of the SQLite
    error it wraps (peewee re-raises SQLite's errors as its own); ``""`` when there is none."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            name = getattr(current, "sqlite_errorname", "") or ""
            if name:
                return name
        current = current.__cause__ or current.__context__
    text = str(exc).lower()
    for fragment, name in (("readonly", "SQLITE_READONLY"), ("disk is full", "SQLITE_FULL"),
                           ("unable to open", "SQLITE_CANTOPEN"), ("not a database", "SQLITE_NOTADB"),
                           ("malformed", "SQLITE_CORRUPT"), ("disk i/o", "SQLITE_IOERR")):
        if fragment in text:
            return name
    return ""


def sqlite_error_text(exc: BaseException) -> str:
    """What an SQLite failure means for the clerk, in Chinese (its English text in brackets
    only when nothing better is known)."""
    code = sqlite_code(exc)
    if code.startswith("SQLITE_FULL"):
        return "磁盘空间已满，或文件超过了允许的大小"
    if code.startswith("SQLITE_READONLY"):
        return "文件或文件夹是只读的"
    if code.startswith("SQLITE_IOERR"):
        return "磁盘读写出错（磁盘可能已满、有坏道，或 U 盘、网络盘连接不稳）"
    if code.startswith("SQLITE_CANTOPEN"):
        return "文件无法打开（文件夹不允许写入，或文件已被移走）"
    if code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return "数据库文件已损坏"
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return "另一个窗口或程序正在使用数据库"
    return f"数据库出错（{exc}）"
