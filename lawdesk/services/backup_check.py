"""What a backup may contain, checked before anything in it is read for a restore.

A backup folder can come from anywhere (another PC, a U 盘, an attacker), so its manifest is
untrusted input. Restoring writes each evidence file to the place its manifest names; a
manifest naming ``attachments/../../../../X``, ``/etc/x`` or ``C:\\x`` would write outside the
data folder, and a symlink inside a backup would pull an outside file (or database) in.

``check_manifest`` accepts only the shape lawdesk writes — every file at
``attachments/<kind>/<record id>/<name>`` (relative, no ``..``, no drive letter, no backslash,
one name of a kind the folder holds) and, in the second layout, inside the backup at
``f/<n><ext>`` — with SHA-256 sums and sizes of the right types, each path once. ``check_tree``
refuses symbolic links and special files (pipes, devices, sockets) anywhere in the folder. Both
raise ``DatabaseFileError`` saying “备份已损坏” and why.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from lawdesk.errors import DatabaseFileError
from lawdesk.filenames import refusal

_KIND = re.compile(r"[a-z][a-z_]{0,29}")
_RECORD_ID = re.compile(r"[0-9]{1,18}")
_AT_NAME = re.compile(r"[0-9]{1,9}(\.[0-9A-Za-z]{1,10})?")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DRIVE = re.compile(r"^[A-Za-z]:")
#: Manifest layouts this program reads (a newer one asks for a newer program).
KNOWN_FORMAT_VERSIONS = (1, 2)


def damaged(name: str, reason: str) -> DatabaseFileError:
    return DatabaseFileError(f"备份“{name}”已损坏：{reason}，不能用来恢复。")


def _relative_parts(text: object, name: str, what: str) -> list[str]:
    """The parts of a manifest path, refused unless it is a plain relative path."""
    if not isinstance(text, str) or not text:
        raise damaged(name, f"清单中{what}的路径不是文字")
    shown = text[:120]
    if "\\" in text or "\x00" in text or _DRIVE.match(text) or text.startswith("/"):
        raise damaged(name, f"清单中{what}的路径“{shown}”不是备份内的相对路径")
    parts = text.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise damaged(name, f"清单中{what}的路径“{shown}”含有“..”或空的部分")
    return parts


def _check_live_path(text: object, name: str) -> None:
    parts = _relative_parts(text, name, "材料文件")
    if len(parts) != 4 or parts[0] != "attachments" or not _KIND.fullmatch(parts[1]) \
            or not _RECORD_ID.fullmatch(parts[2]):
        raise damaged(name, f"清单中材料文件的路径“{str(text)[:120]}”不在材料文件夹 attachments/类别/编号/ 中")
    if os.name == "nt" and (why := refusal(parts[3])):
        raise damaged(name, f"清单中材料文件名“{parts[3][:60]}”在 Windows 上不能使用（{why}）")


def _check_at(text: object, name: str) -> None:
    parts = _relative_parts(text, name, "材料文件在备份中")
    if len(parts) != 2 or parts[0] != "f" or not _AT_NAME.fullmatch(parts[1]):
        raise damaged(name, f"清单中材料文件在备份中的位置“{str(text)[:120]}”不在 f/ 文件夹中")


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_manifest(data: object, name: str) -> None:
    """Raise ``DatabaseFileError`` (“备份已损坏”) unless ``data`` is a manifest lawdesk writes."""
    if not isinstance(data, dict):
        raise damaged(name, "清单不是 lawdesk 备份清单的格式")
    version = data.get("format_version", 1)
    if not _is_count(version):
        raise damaged(name, "清单的格式版本不是数字")
    if version not in KNOWN_FORMAT_VERSIONS:
        raise DatabaseFileError(f"备份“{name}”是用更新版本的 lawdesk 做的（备份格式 {version}），请升级程序后再恢复。")
    migrations = data.get("migrations")
    if not isinstance(migrations, list) or not all(isinstance(m, str) for m in migrations):
        raise damaged(name, "清单中缺少升级记录（migrations）")
    database = data.get("database")
    if not isinstance(database, dict) or not isinstance(database.get("sha256"), str) \
            or not _is_count(database.get("size")):
        raise damaged(name, "清单中缺少数据库文件的 SHA-256 或大小")
    files = data.get("files", [])
    if not isinstance(files, list):
        raise damaged(name, "清单中的材料文件列表格式不对")
    seen: set[str] = set()
    for entry in files:
        _check_entry(entry, name, seen)


def _check_entry(entry: object, name: str, seen: set[str]) -> None:
    if not isinstance(entry, dict):
        raise damaged(name, "清单中有一项材料文件格式不对")
    _check_live_path(entry.get("path"), name)
    places = [str(entry["path"]).casefold()]
    if "at" in entry:
        _check_at(entry["at"], name)
        places.append(str(entry["at"]).casefold())
    if not isinstance(entry.get("sha256"), str) or not _SHA256.fullmatch(entry["sha256"]) \
            or not _is_count(entry.get("size")):
        raise damaged(name, f"清单中材料文件“{entry['path']}”缺少 SHA-256 或大小")
    for place in places:  # each file once (case-insensitively, as on Windows)
        if place in seen:
            raise damaged(name, f"清单中材料文件“{place}”出现了两次")
        seen.add(place)


def check_tree(folder: Path) -> None:
    """Refuse a backup folder that is, or holds, a symbolic link or a special file."""
    name = folder.name
    if _kind_of(folder) != "dir":
        raise damaged(name, "备份文件夹本身是一个链接（快捷方式）")
    for root, dirs, files in os.walk(folder, followlinks=False):
        for entry in (*dirs, *files):
            kind = _kind_of(Path(root) / entry)
            if kind not in ("dir", "file"):
                rel = (Path(root) / entry).relative_to(folder).as_posix()
                what = "链接（快捷方式）" if kind == "link" else "特殊文件（管道或设备）"
                raise damaged(name, f"备份中的“{rel}”是{what}，不是普通文件")


def check_file(path: Path, label: str) -> None:
    """Refuse a backup (a folder, or a first-release single file) that is a link or a special
    file, before anything reads it (reading a pipe would wait for ever)."""
    kind = _kind_of(path)
    if kind == "link":
        raise damaged(label, "备份是一个链接（快捷方式），不是备份本身")
    if kind == "special":
        raise damaged(label, "备份文件是特殊文件（管道或设备），不是普通文件")


#: Windows' reparse tags of links: a junction (folder link) and a symbolic link. (Cloud
#: placeholders, such as OneDrive's files on demand, are reparse points too, but not links.)
_LINK_TAGS = (0xA0000003, 0xA000000C)


def _kind_of(path: Path) -> str:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "missing"
    if stat.S_ISLNK(st.st_mode) or getattr(st, "st_reparse_tag", 0) in _LINK_TAGS:
        return "link"
    if stat.S_ISDIR(st.st_mode):
        return "dir"
    if stat.S_ISREG(st.st_mode):
        return "file"
    return "special"
