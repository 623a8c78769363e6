"""Is the database in a synced or shared folder? (OneDrive, WPS 云盘, a network drive or share.)

A sync client copies the database file, its ``-wal`` and ``-shm`` and the backups separately and
at its own moments, so the copy in the cloud (or on another PC) can be a torn database; on a
network drive SQLite's locking is not reliable, and a dropped connection interrupts a write.
Such a location is allowed, but the clerk is warned and offered to keep the database in the
local data folder (``lawdesk.services.relocate``); a new database is never placed there by
default (``paths.default_db_path``).

``detect`` is pure: it is given the path, the environment and, where the operating system must
be asked, how to ask (the drive type of a drive letter on Windows, the mount table on Linux).
``risk_of`` asks this computer. No module of the database layer is imported here (the program
asks this while finding its database at start-up).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

#: Environment variables OneDrive sets to its folders (personal, business, either).
ONEDRIVE_ENV = ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")
#: Folder names of sync clients, compared case-insensitively and without spaces.
SYNC_FOLDER_NAMES = {
    "onedrive": "OneDrive",
    "wps云盘": "WPS 云盘", "wps网盘": "WPS 云盘", "wpsdrive": "WPS 云盘", "wpscloudfiles": "WPS 云盘",
    "wps同步盘": "WPS 云盘", "我的云文档": "WPS 云盘",
    "baidusyncdisk": "百度网盘同步空间", "百度网盘同步空间": "百度网盘同步空间",
    "我的坚果云": "坚果云", "nutstore": "坚果云", "坚果云": "坚果云",
    "dropbox": "Dropbox", "iclouddrive": "iCloud 云盘", "googledrive": "Google 云端硬盘",
    "synologydrive": "群晖同步盘", "seafile": "Seafile 同步盘",
}
#: GetDriveTypeW's answer for a network (mapped) drive.
DRIVE_REMOTE = 4
#: Linux file systems that live on another computer.
NETWORK_FS = frozenset({"cifs", "smb3", "smbfs", "nfs", "nfs4", "fuse.sshfs", "davfs", "fuse.davfs2",
                        "fuse.gvfsd-fuse", "9p", "afs", "ceph", "glusterfs", "fuse.rclone"})

SHARE = "网络共享文件夹"
NETWORK_DRIVE = "网络驱动器"


@dataclass(frozen=True)
class SyncRisk:
    """Where the database is: ``kind`` (OneDrive, WPS 云盘, 网络驱动器 …) and its folder."""

    kind: str
    folder: str

    @property
    def network(self) -> bool:
        return self.kind in (SHARE, NETWORK_DRIVE)

    def warning(self) -> str:
        """The clerk's warning, in Chinese."""
        if self.network:
            why = "网络一断，正在保存的数据就可能损坏，几台电脑同时使用还会互相覆盖"
        else:
            why = "同步软件会分别上传数据库和它的临时文件，副本可能损坏，两台电脑同时修改还会互相覆盖"
        return (f"注意：数据库在{self._where()}（{self.folder}）。{why}。"
                "建议把数据库移到本机的数据文件夹，备份也会一起放在那里。")

    def short(self) -> str:
        """One line for the status bar."""
        return f"注意：数据库在{self._where()}，有损坏的风险，可在“关于”中移到本机。"

    def _where(self) -> str:
        return f"{self.kind}上" if self.network else f"{self.kind}同步文件夹中"


def _norm(name: str) -> str:
    return name.casefold().replace(" ", "")


def _under(path: PurePath, folder: str, windows: bool) -> bool:
    base = PureWindowsPath(folder) if windows else PurePosixPath(folder)
    if not base.is_absolute():
        return False
    fold = (lambda p: [part.casefold() for part in p.parts]) if windows else (lambda p: list(p.parts))
    parts, prefix = fold(path), fold(base)
    return parts[: len(prefix)] == prefix


def detect(path: str | PurePath, *, env: Mapping[str, str], windows: bool,
           drive_type: Callable[[str], int] | None = None, mounts: str = "") -> SyncRisk | None:
    """The sync or network risk of the absolute ``path`` (a file or a folder), or ``None``.

    ``drive_type(root)`` answers like Windows' GetDriveTypeW for ``"Z:\\"``; ``mounts`` is the
    text of Linux's ``/proc/mounts``."""
    p: PurePath = PureWindowsPath(path) if windows else PurePosixPath(path)
    if windows:
        text = str(p)
        if text.startswith("\\\\?\\UNC\\"):
            p = PureWindowsPath("\\\\" + text[8:])
        elif text.startswith("\\\\?\\"):
            p = PureWindowsPath(text[4:])
        if str(p).startswith("\\\\"):
            return SyncRisk(SHARE, p.anchor.rstrip("\\"))
        if p.drive and drive_type is not None and drive_type(p.drive + "\\") == DRIVE_REMOTE:
            return SyncRisk(NETWORK_DRIVE, p.drive)
    for var in ONEDRIVE_ENV:
        folder = env.get(var, "").strip()
        if folder and _under(p, folder, windows):
            return SyncRisk("OneDrive", folder)
    for i, part in enumerate(p.parts):
        name = _norm(part)
        kind = SYNC_FOLDER_NAMES.get(name) or ("OneDrive" if name.startswith("onedrive-") else None)
        if kind:  # "OneDrive - 某某单位" is OneDrive for work
            return SyncRisk(kind, str(type(p)(*p.parts[: i + 1])))
    if not windows and mounts:
        return _network_mount(p, mounts)
    return None


def _network_mount(path: PurePath, mounts: str) -> SyncRisk | None:
    """The deepest network file system ``path`` lies on, from the mount table's text."""
    best: tuple[int, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3 or fields[2] not in NETWORK_FS:
            continue
        point = fields[1].replace("\\040", " ")
        if _under(path, point, False) and (best is None or len(point) > best[0]):
            best = (len(point), point)
    return SyncRisk(SHARE, best[1]) if best else None


def _windows_drive_type(root: str) -> int:
    try:
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return 0


def _mount_table() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def risk_of(path: Path | str) -> SyncRisk | None:
    """``detect`` on this computer, for ``path`` made absolute (never raises)."""
    windows = os.name == "nt"
    try:
        absolute = os.path.abspath(path)
    except (OSError, ValueError):
        return None
    return detect(absolute, env=os.environ, windows=windows,
                  drive_type=_windows_drive_type if windows else None,
                  mounts="" if windows else _mount_table())
