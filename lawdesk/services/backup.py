"""Backups with SQLite's online backup API: automatic on open (last 10 kept), on demand, restore.

A backup is a complete, consistent SQLite file in the data folder's ``backups`` directory,
named after its time and reason. Restoring first backs up the current state, checks that the
chosen file is a sound lawdesk database, copies it into the open database and migrates it.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from peewee import SqliteDatabase

from lawdesk import paths
from lawdesk.errors import DatabaseFileError, LawdeskError

KEEP_AUTOMATIC = 10
AUTO = "auto"
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
REASON_LABELS = {AUTO: "自动备份", MANUAL: "手动备份", BEFORE_RESTORE: "恢复前备份"}
_NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+)\.db$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    reason: str
    size: int
    sequence: int = 0  # several backups in the same second: 0, 1, 2 …

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


def _backup_name(db_path: Path, reason: str, folder: Path) -> Path:
    """A new name; backups in the same second are numbered after the highest number in use."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    taken = [
        int(m["n"] or 0)
        for p in folder.glob(f"{db_path.stem}-{stamp}*.db")
        if (m := _NAME_RE.match(p.name)) and m["stamp"] == stamp
    ]
    if not taken:
        return folder / f"{db_path.stem}-{stamp}-{reason}.db"
    return folder / f"{db_path.stem}-{stamp}-{max(taken) + 1}-{reason}.db"


def make_backup(db: SqliteDatabase, db_path: Path, reason: str = MANUAL) -> Path:
    """Copy the open database ``db`` (file ``db_path``) into its backups folder; return the copy."""
    folder = paths.backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = _backup_name(Path(db_path), reason, folder)
    tmp = target.with_suffix(".tmp")
    dest = sqlite3.connect(str(tmp))
    try:
        db.connection().backup(dest)
        # A self-contained file: no -wal/-shm beside it, readable from read-only media.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    tmp.replace(target)
    if reason == AUTO:
        _prune(db_path)
    return target


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first."""
    folder = paths.backups_dir(db_path)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.glob("*.db"):
        m = _NAME_RE.match(p.name)
        if not m or m["stem"] != Path(db_path).stem:
            continue
        created = dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
        out.append(BackupInfo(p, created, m["reason"], p.stat().st_size, int(m["n"] or 0)))
    out.sort(key=lambda b: (b.created, b.sequence), reverse=True)
    return out


def _prune(db_path: Path) -> None:
    automatic = [b for b in list_backups(db_path) if b.reason == AUTO]
    for old in automatic[KEEP_AUTOMATIC:]:
        old.path.unlink(missing_ok=True)


def content_signature(db: SqliteDatabase) -> str:
    """Changes whenever the data changes: every write through lawdesk adds an audit entry."""
    parts = []
    for sql in (
        "SELECT max(id) FROM audit_log",
        "PRAGMA page_count",
        "PRAGMA freelist_count",
        "PRAGMA schema_version",
    ):
        try:
            parts.append(str(db.execute_sql(sql).fetchone()[0]))
        except (sqlite3.Error, Exception):  # noqa: BLE001 - an older or foreign schema
            parts.append("?")
    return ":".join(parts)


def _signature_file(db_path: Path) -> Path:
    return paths.backups_dir(db_path) / ".last-auto-backup"


def auto_backup(db: SqliteDatabase, db_path: Path) -> Path | None:
    """Back up on open, unless nothing changed since the newest automatic backup."""
    db_path = Path(db_path)
    signature = content_signature(db)
    marker = _signature_file(db_path)
    automatic = [b for b in list_backups(db_path) if b.reason == AUTO]
    if automatic and marker.exists() and marker.read_text(encoding="utf-8") == signature:
        return None
    try:
        target = make_backup(db, db_path, AUTO)
        marker.write_text(signature, encoding="utf-8")
        return target
    except (OSError, sqlite3.Error):
        return None  # a failed automatic backup must not stop the clerk from working


def verify_backup_file(path: Path) -> None:
    """Raise ``DatabaseFileError`` unless ``path`` is a sound lawdesk database."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseFileError(f"找不到备份文件：{path}")
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise DatabaseFileError(f"“{path.name}”不是 lawdesk 备份文件。")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseFileError(f"备份文件“{path.name}”已损坏：{exc}") from exc
    if ok != "ok":
        raise DatabaseFileError(f"备份文件“{path.name}”已损坏（完整性检查：{ok}）。")
    if "schema_migration" not in tables or "audit_log" not in tables:
        raise DatabaseFileError(f"“{path.name}”不是 lawdesk 的数据库备份。")


def restore_backup(db: SqliteDatabase, db_path: Path, backup_file: Path) -> Path:
    """Replace the open database's contents with ``backup_file``; return the safety copy made first."""
    backup_file = Path(backup_file)
    verify_backup_file(backup_file)
    safety = make_backup(db, db_path, BEFORE_RESTORE)
    src = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        src.backup(db.connection())
    except sqlite3.Error as exc:
        raise LawdeskError(f"恢复失败，当前数据未改变（已另存 {safety.name}）：{exc}") from exc
    finally:
        src.close()
    from lawdesk.db import run_migrations
    from lawdesk.services import audit

    run_migrations(db)
    from lawdesk.models import database

    with database.atomic():
        audit.log("恢复备份", "数据库", None, backup_file.name, None, {"safety_copy": safety.name})
    from lawdesk.services import events

    events.notify("database", action="restore")
    return safety


def backup_open_database(reason: str = MANUAL) -> Path:
    """Back up the database that is open now."""
    from lawdesk.db import current_path
    from lawdesk.models import database

    return make_backup(database.obj, current_path(), reason)


def restore_open_database(backup_file: Path) -> Path:
    """Restore ``backup_file`` into the database that is open now; return the safety copy."""
    from lawdesk.db import current_path
    from lawdesk.models import database

    return restore_backup(database.obj, current_path(), backup_file)
