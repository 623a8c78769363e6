"""File names that travel: what Windows, UOS and Kylin all accept, and why a name is refused.

Evidence files, packages' members, binder folders and exported files move between a clerk's
Windows PC (NTFS: no ``<>:"/\\|?*`` or control characters, no trailing dot or space, no reserved
device names such as ``CON`` or ``COM1.txt``, ``:`` would open an alternate data stream) and the
Linux desktops (where any of these is legal). Every place that turns a clerk's or a package's
name into a file on disk goes through here, so the rule is written once.

Pure functions, no file system.
"""

from __future__ import annotations

import re

#: Characters NTFS refuses in a name (``:`` also names an alternate data stream).
WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
#: Device names Windows reserves, with or without an extension (``NUL.txt`` too).
WINDOWS_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)
#: A name's length limit in UTF-8 bytes (ext4 and most Linux file systems: 255 bytes; NTFS
#: allows 255 UTF-16 units, which 255 bytes of UTF-8 never exceed).
MAX_NAME_BYTES = 255


def _reserved(name: str) -> bool:
    return name.split(".")[0].rstrip(" ").upper() in WINDOWS_RESERVED


def refusal(name: str) -> str | None:
    """Why ``name`` cannot be a file name on every desktop lawdesk runs on (Chinese), or None."""
    if not name or name in (".", ".."):
        return "文件名为空"
    if why := windows_refusal(name):
        return why
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"文件名太长（超过 {MAX_NAME_BYTES} 字节）"
    return None


def windows_refusal(name: str) -> str | None:
    """Why Windows refuses ``name`` (its characters, ending or device names; not its length), or
    None. A file saved on Windows itself needs only this; one that travels needs ``refusal``."""
    if not name or name in (".", ".."):
        return "文件名为空"
    if found := WINDOWS_FORBIDDEN.search(name):
        char = found.group()
        shown = f"“{char}”" if char.isprintable() else "控制字符"
        return f"文件名含有 Windows 不允许的字符{shown}"
    if name[-1] in ". ":
        return "文件名以点或空格结尾（Windows 不允许）"
    if _reserved(name):
        return f"“{name.split('.')[0]}”是 Windows 保留的设备名"
    return None


def portable_name(text: str, limit: int = 40) -> str:
    """``text`` made into a file-name part every desktop accepts: forbidden characters become
    ``_``, runs of white space one space, at most ``limit`` characters, no trailing dot or space,
    a reserved device name prefixed with ``_``; never empty ("无标题")."""
    text = WINDOWS_FORBIDDEN.sub("_", text.replace("\n", " ")).strip()
    text = re.sub(r"\s+", " ", text)[:limit].rstrip(" .")
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1].rstrip(" .")
    if text and _reserved(text):
        text = f"_{text}"
    return text or "无标题"
