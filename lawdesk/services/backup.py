"""Whole backups: the database and its evidence files together, with SHA-256 sums; restore.

A backup is a snapshot folder in the data folder's ``backups`` directory, named after its time
and reason (``lawdesk-20261202-081500-auto``), holding

- ``database.db``: a consistent copy made with SQLite's online backup API,
- ``f/<n><ext>``: every evidence file the copied database refers to, each at a short path of its
  own whatever its name (so a backup is never deeper than Windows' 260-character limit allows;
  the first layout kept them at their live path ``attachments/…``), hard-linked to the previous
  snapshot's identical file when possible, so unchanged photos cost no space,
- ``manifest.json`` (written last): format, program version, migrations, record counts, the
  content signature, and the SHA-256 and size of the database and of every file.

A snapshot is built in a ``.tmp-…`` folder and renamed into place (under the next free name
when another backup took the same second's), so a killed backup never looks like a backup;
stale temporary folders are removed by the next backup. An evidence file that cannot be read
is left out and listed (``backup_problems``); the backup still completes. Every kind of backup
(automatic, manual, before restore) follows one retention policy (``RETENTION``) that keeps a
history. A backup holding far fewer records than an earlier one (a lost database re-created
empty) is a sudden drop: the policy runs over the drops apart from the full backups, so drops
never rotate out the bigger copies until the clerk confirms the drop (``accept_drop``), and
the newest full backup with data is never deleted. An empty database or one unchanged since the
newest backup is not backed up automatically. A failed automatic backup never stops the open:
``auto_backup_notice`` tells the clerk (status bar, command line), the log keeps the details.

Before restoring, a backup is verified: its manifest and folder (``backup_check``: no path
outside the evidence folder, no links or special files), SHA-256 of every file, ``integrity_check``,
the tables every lawdesk database has, and migrations this program knows (a newer version's
backup is refused with “请升级程序”). Restore brings back the database and the evidence files
together, on the spot or not at all (``evidence_swap``). Backups of earlier versions (a bare
``.db`` file, the first layout of snapshots) are still listed and restorable.

(Longer than most modules: making, listing, retention, verifying and restoring all read one
snapshot format — its names, manifest and file layout — and the storage tests pin this module's
names; the evidence folder's swap is ``evidence_swap``, the manifest's checks ``backup_check``,
the backup on open ``lawdesk.db``.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import stat as stat_module
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from peewee import SqliteDatabase

from lawdesk import __version__, paths, safe_write
from lawdesk.connection import current_path, database, refuse_on_server, refuse_server_target
from lawdesk.dbfile import SQLITE_MAGIC, read_only_uri
from lawdesk.diagnose import os_error_text, sqlite_error_text
from lawdesk.errors import DatabaseFileError, LawdeskError
from lawdesk.migrating import (
    CORE_TABLES,
    HISTORY_TABLE,
    check_migrations_known,
    known_migrations,
    run_migrations,
)
from lawdesk.models import RECORD_MODELS
from lawdesk.services import audit, backup_check, events, evidence_swap

logger = logging.getLogger(__name__)

AUTO = "auto"
MANUAL = "manual"
BEFORE_RESTORE = "before-restore"
REASON_LABELS = {AUTO: "自动备份", MANUAL: "手动备份", BEFORE_RESTORE: "恢复前备份"}

FORMAT = "lawdesk-backup"
#: 1: evidence files at their live path (``attachments/<kind>/<id>/<name>``); 2: each at a short
#: path of its own (``f/<n><ext>``, its ``at`` in the manifest) — shallow, whatever the names.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
DB_FILE = "database.db"
FILES_DIR = "f"
TMP_PREFIX = ".tmp-"
#: An old backup is renamed to this prefix before it is deleted, so a deletion cut short never
#: leaves a half-deleted folder that looks like a backup.
DELETING_PREFIX = ".del-"
#: A temporary folder older than this is left over from a killed backup and is removed.
STALE_AFTER_S = 3600


@dataclass(frozen=True)
class Retention:
    """Which backups are kept: the newest ``last``, the newest of each of the last ``days``
    days, the newest of each of the last ``months`` months, and always the newest one with data."""

    last: int = 10
    days: int = 7
    months: int = 12


RETENTION = Retention()
RETENTION_TEXT = (
    f"每次打开程序时，数据有变化就自动备份数据库和材料文件；保留最近 {RETENTION.last} 份、"
    f"最近 {RETENTION.days} 天每天 1 份、最近 {RETENTION.months} 个月每月 1 份；"
    "记录突然大减时，以前记录较多的备份一直保留，直到您确认"
)

_NAME_RE = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?-(?P<reason>[a-z-]+?)(?P<legacy>\.db)?$"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path  # the snapshot folder (or, for a first-release backup, the .db file)
    created: dt.datetime
    reason: str
    size: int
    sequence: int = 0  # several backups in the same second: 0, 1, 2 …
    legacy: bool = False
    records: int | None = None  # records in it (None: not known, first-release backup)

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)

    @property
    def has_data(self) -> bool:
        return self.records is None or self.records > 0


@dataclass
class Manifest:
    data: dict = field(default_factory=dict)

    @property
    def files(self) -> list[dict]:
        return list(self.data.get("files", []))

    @property
    def migrations(self) -> list[str]:
        return list(self.data.get("migrations", []))


# --------------------------------------------------------------------------------------------
# Small helpers


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_file(path: Path) -> None:
    """Flush ``path`` to the disk. Opened for writing (nothing is written): Windows flushes only
    through a handle with write access; fsync of a read-only one fails there."""
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except OSError:
        logger.warning("could not open %s to flush it", path)
        return
    try:
        os.fsync(fd)
    except OSError:
        logger.warning("could not flush %s", path)
    finally:
        os.close(fd)


def _now() -> dt.datetime:
    return dt.datetime.now()


def _backup_name(db_path: Path, reason: str, folder: Path) -> str:
    """A new name; backups in the same second are numbered after the highest number in use."""
    stamp = _now().strftime("%Y%m%d-%H%M%S")
    taken = [
        int(m["n"] or 0)
        for p in folder.glob(f"{db_path.stem}-{stamp}*")
        if (m := _NAME_RE.match(p.name)) and m["stamp"] == stamp
    ]
    if not taken:
        return f"{db_path.stem}-{stamp}-{reason}"
    return f"{db_path.stem}-{stamp}-{max(taken) + 1}-{reason}"


def _read_manifest(folder: Path) -> Manifest:
    """The manifest of the snapshot ``folder``, checked (``backup_check.check_manifest``)."""
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except OSError as exc:
        raise DatabaseFileError(f"“{folder.name}”不是完整的 lawdesk 备份（缺少或无法读取清单 {MANIFEST}）。") from exc
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise backup_check.damaged(folder.name, f"清单 {MANIFEST} 不是有效的 JSON（{exc.msg}，第 {exc.lineno} 行）") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DatabaseFileError(f"“{folder.name}”不是 lawdesk 备份。")
    backup_check.check_manifest(data, folder.name)
    return Manifest(data)


def _table_counts(con: sqlite3.Connection) -> dict[str, int]:
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    counts = {}
    for model in RECORD_MODELS.values():
        name = model._meta.table_name
        if name in tables:
            counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
    return counts


def content_signature(db: SqliteDatabase) -> str:
    """Changes whenever the data changes: every write through lawdesk adds an audit entry, and
    every upgrade a migration. (Not ``schema_version``: copying a file resets it.)"""
    parts = []
    for sql in (
        "SELECT max(id) FROM audit_log",
        "SELECT count(*) FROM audit_log",
        "SELECT count(*) FROM schema_migration",
    ):
        try:
            parts.append(str(db.execute_sql(sql).fetchone()[0]))
        except Exception:  # noqa: BLE001 - an older or foreign schema
            parts.append("?")
    return ":".join(parts)


def has_records(db: SqliteDatabase) -> bool:
    """Any record at all, in any table (stops at the first: every start asks this)."""
    tables = set(db.get_tables())
    for model in RECORD_MODELS.values():
        name = model._meta.table_name
        if name in tables and db.execute_sql(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone():
            return True
    return False


def is_empty(db: SqliteDatabase) -> bool:
    """No records and no settings or report texts: nothing a backup would need to keep."""
    if has_records(db):
        return False
    tables = set(db.get_tables())
    for table in ("setting", "report_narrative", "attachment"):
        if table in tables and db.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]:
            return False
    if "unit_profile" in tables:
        return db.execute_sql('SELECT count(*) FROM "unit_profile"').fetchone()[0] == 0
    return True


# --------------------------------------------------------------------------------------------
# Listing and retention


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of ``db_path``, newest first (snapshot folders and first-release .db files);
    none for a server database (its administrator backs it up)."""
    if paths.is_server_url(db_path):
        return []
    folder = paths.backups_dir(db_path)
    if not folder.is_dir():
        return []
    out = []
    for p in folder.iterdir():
        m = _NAME_RE.match(p.name)
        if not m or m["stem"] != Path(db_path).stem or p.name.startswith((TMP_PREFIX, DELETING_PREFIX)):
            continue
        created = dt.datetime.strptime(m["stamp"], "%Y%m%d-%H%M%S")
        seq = int(m["n"] or 0)
        if m["legacy"] and p.is_file():
            out.append(BackupInfo(p, created, m["reason"], p.stat().st_size, seq, legacy=True))
        elif not m["legacy"] and (p / MANIFEST).is_file():
            try:
                data = json.loads((p / MANIFEST).read_text(encoding="utf-8"))
                size = int(data["database"]["size"]) + sum(int(f["size"]) for f in data.get("files", []))
                records = int(data.get("records", 0))
            except (OSError, ValueError, KeyError, TypeError):
                size, records = 0, None
            out.append(BackupInfo(p, created, m["reason"], size, seq, records=records))
    out.sort(key=lambda b: (b.created, b.sequence), reverse=True)
    return out


#: A backup holding fewer records than this share of the largest backup's is a sudden drop
#: (a lost database re-created empty, a wrong file opened): kept apart, it never pushes out the
#: bigger copies (see ``backups_to_keep``) until the clerk confirms the drop (``accept_drop``).
DROP_FRACTION = 0.5
RETENTION_NOTE = "retention.json"  # in the backups folder: the backup a confirmed drop starts at


def drop_accepted_at(db_path: Path) -> tuple[dt.datetime, int] | None:
    """The newest backup (its time and sequence) when the clerk last confirmed that a drop in
    records is real: measuring starts there (``None``: never confirmed)."""
    try:
        note = json.loads((paths.backups_dir(db_path) / RETENTION_NOTE).read_text(encoding="utf-8"))
        return dt.datetime.fromisoformat(str(note["accepted_from"])), int(note.get("sequence", 0))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def accept_drop(db_path: Path) -> None:
    """The clerk confirms the records really became fewer: the newest backup becomes the
    measure of later ones, and the older, bigger copies rotate out as usual."""
    backups = list_backups(db_path)
    if not backups:
        return
    folder = paths.backups_dir(db_path)
    note = {"accepted_from": backups[0].created.isoformat(timespec="seconds"), "sequence": backups[0].sequence}
    safe_write.write_own_file(folder / RETENTION_NOTE, json.dumps(note).encode("utf-8"))


def split_drops(backups: list[BackupInfo], accepted: tuple[dt.datetime, int] | None = None,
                ) -> tuple[list[BackupInfo], list[BackupInfo]]:
    """(full, drops), each newest first: a drop holds fewer than ``DROP_FRACTION`` of the most
    records a backup made before it held (a growing ledger never drops). Backups older than
    an accepted drop's are neither measured nor a drop."""
    drops: set[Path] = set()
    peak = 0
    for b in sorted(backups, key=lambda b: (b.created, b.sequence)):  # oldest first
        if b.records is None or (accepted is not None and (b.created, b.sequence) < accepted):
            continue
        if b.records < peak * DROP_FRACTION:
            drops.add(b.path)
        peak = max(peak, b.records)
    return [b for b in backups if b.path not in drops], [b for b in backups if b.path in drops]


def _policy_keeps(backups: list[BackupInfo], now: dt.datetime, policy: Retention) -> set[Path]:
    keep = {b.path for b in backups[: policy.last]}
    days: set[dt.date] = set()
    months: set[tuple[int, int]] = set()
    for b in backups:  # newest first: the first seen of a day or month is its newest
        age = now - b.created
        day = b.created.date()
        if age <= dt.timedelta(days=policy.days) and day not in days:
            days.add(day)
            keep.add(b.path)
        month = (b.created.year, b.created.month)
        if age <= dt.timedelta(days=31 * policy.months) and month not in months:
            months.add(month)
            keep.add(b.path)
    return keep


def backups_to_keep(backups: list[BackupInfo], now: dt.datetime, policy: Retention = RETENTION, *,
                    accepted: tuple[dt.datetime, int] | None = None) -> set[Path]:
    """The paths the retention policy keeps out of ``backups`` (newest first).

    The policy runs separately over the full backups and over the sudden drops
    (``split_drops``), so a run of small backups never rotates out the bigger copies; the
    newest full backup with data is always kept."""
    full, drops = split_drops(backups, accepted)
    keep = _policy_keeps(full, now, policy) | _policy_keeps(drops, now, policy)
    with_data = next((b for b in full if b.has_data and b.records is not None), None)
    with_data = with_data or next((b for b in full if b.has_data), None)
    if with_data is not None:
        keep.add(with_data.path)
    return keep


def prune(db_path: Path, policy: Retention = RETENTION, *, protect: tuple[Path, ...] = ()) -> list[Path]:
    """Delete the backups the retention policy does not keep (never those in ``protect``)."""
    backups = list_backups(db_path)
    keep = backups_to_keep(backups, _now(), policy, accepted=drop_accepted_at(db_path))
    keep |= {Path(p) for p in protect}
    removed = []
    for b in backups:
        if b.path in keep:
            continue
        try:
            if b.legacy:
                b.path.unlink(missing_ok=True)
            else:
                doomed = b.path.with_name(f"{DELETING_PREFIX}{b.path.name}-{os.getpid()}")
                b.path.rename(doomed)
                shutil.rmtree(doomed)
            removed.append(b.path)
        except OSError:
            logger.exception("could not remove old backup %s", b.path)
    return removed


def drop_notice(db_path: Path) -> str:
    """When the newest backup is a sudden drop: what it means for the clerk, in Chinese."""
    backups = list_backups(db_path)
    full, drops = split_drops(backups, drop_accepted_at(db_path))
    if not backups or not drops or backups[0].path != drops[0].path:
        return ""
    biggest = max((b for b in full if b.records is not None), key=lambda b: b.records or 0, default=None)
    if biggest is None:
        return ""
    return (f"最近的备份只有 {drops[0].records} 条记录，比以前的备份少得多（{biggest.created:%Y-%m-%d} 的备份有 "
            f"{biggest.records} 条）。以前那些较大的备份会一直保留，不会被自动删除。如果数据丢失，请从它们恢复；"
            "如果记录确实是您有意删减的，请点“确认数据减少”，以后较旧的备份照常轮换。")


def clean_stale_temporaries(db_path: Path, max_age_s: float = STALE_AFTER_S) -> list[Path]:
    """Remove temporary folders and files left by killed backups or restores."""
    removed = []
    folder = paths.backups_dir(db_path)
    candidates = []
    if folder.is_dir():
        for p in folder.iterdir():
            if p.name.startswith(DELETING_PREFIX):
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p)
            elif p.name.startswith(TMP_PREFIX) or p.suffix == ".tmp":
                candidates.append(p)
    data = paths.data_dir(db_path)
    if data.is_dir() and not evidence_swap.marker_path(db_path).exists():
        # a killed restore's staged or old evidence folders (never while its note says what
        # they are for: the next open finishes that restore with them)
        candidates += [*data.glob("attachments.restoring*"), *data.glob("attachments.old-*")]
    db_path = Path(db_path)
    candidates += list(db_path.parent.glob(f"{db_path.name}.restoring.tmp"))
    cutoff = time.time() - max_age_s
    for p in candidates:
        try:
            if p.stat().st_mtime > cutoff:
                continue
            shutil.rmtree(p) if p.is_dir() else p.unlink()
            removed.append(p)
        except OSError:
            logger.exception("could not remove stale temporary %s", p)
    return removed


# --------------------------------------------------------------------------------------------
# Making a backup


def deepest_file_path(db_path: Path, suffix: str) -> str:
    """The longest path an evidence file ending in ``suffix`` gets in a backup: in its
    temporary folder while the backup is built, with the longest reason and sequence number."""
    name = f"{TMP_PREFIX}{Path(db_path).stem}-20000101-000000-999-{BEFORE_RESTORE}-{'9' * 10}"
    return str(paths.backups_dir(db_path) / name / FILES_DIR / f"{'9' * 6}{suffix}")


def stored_at(entry: dict) -> str:
    """Where a manifest's file lies inside its backup (format 1: at its live path)."""
    return str(entry.get("at") or entry["path"])


def _previous_files(db_path: Path) -> dict[str, tuple[dict, Path]]:
    """Files of the newest snapshot, by path: to hard-link unchanged files instead of copying."""
    for b in list_backups(db_path):
        if b.legacy:
            continue
        try:
            backup_check.check_tree(b.path)  # never hard-link a file a link points to
            manifest = _read_manifest(b.path)
        except (DatabaseFileError, OSError):
            continue
        return {f["path"]: (f, b.path / stored_at(f)) for f in manifest.files}
    return {}


def _copy_evidence(db_copy: Path, db_path: Path, target: Path) -> tuple[list[dict], list[dict]]:
    """Copy the evidence files the copied database refers to; return (files, skipped).

    A file that cannot be read (gone, a folder in its place, no permission) is skipped and
    listed with its name and the reason; the backup goes on. A failure to *write* the copy (the
    backup's disk is full) still stops the backup."""
    con = sqlite3.connect(db_copy)
    try:
        rows = con.execute(
            "SELECT record_kind, record_id, stored_name, original_name FROM attachment ORDER BY id"
        ).fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        con.close()
    live = paths.attachments_dir(db_path)
    previous = _previous_files(db_path)
    files: list[dict] = []
    skipped: list[dict] = []
    (target / FILES_DIR).mkdir(exist_ok=True)
    for kind, record_id, stored, original in rows:
        rel = f"attachments/{kind}/{record_id}/{stored}"
        source = live / kind / str(record_id) / stored
        at = f"{FILES_DIR}/{len(files) + 1}{Path(stored).suffix if _plain_suffix(stored) else ''}"
        try:
            files.append(_copy_one(source, target / at, rel, at, previous.get(rel)))
        except _Unreadable as exc:
            skipped.append({"path": rel, "name": original or stored, "reason": exc.reason})
            logger.warning("backup: evidence file %s skipped: %s", source, exc.reason)
    return files, skipped


class _Unreadable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _copy_one(source: Path, dest: Path, rel: str, at: str, prev: tuple[dict, Path] | None) -> dict:
    """Copy (or hard-link the previous backup's identical copy of) one evidence file."""
    try:
        st = source.stat()
    except OSError as exc:
        raise _Unreadable("文件已不在数据文件夹中" if isinstance(exc, FileNotFoundError) else os_error_text(exc)) from exc
    if not stat_module.S_ISREG(st.st_mode):
        raise _Unreadable("这里是一个文件夹或特殊文件，不是普通文件")
    if prev and prev[0].get("size") == st.st_size and prev[0].get("mtime_ns") == st.st_mtime_ns:
        try:
            os.link(prev[1], dest)
            return {**prev[0], "at": at}
        except OSError:
            pass
    try:
        with source.open("rb"):
            pass  # readable? (an unreadable source is skipped; an unwritable backup is not)
    except OSError as exc:
        raise _Unreadable(os_error_text(exc)) from exc
    shutil.copy2(source, dest)
    return {"path": rel, "at": at, "sha256": sha256_of(dest), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _plain_suffix(name: str) -> bool:
    return bool(re.fullmatch(r"\.[0-9A-Za-z]{1,10}", Path(name).suffix))


def problems_text(manifest: dict) -> str:
    """What a backup left out (evidence files it could not read), in Chinese; ``""`` if nothing."""
    skipped = [s for s in manifest.get("skipped_files") or [] if isinstance(s, dict)]
    if not skipped:
        return ""
    shown = "、".join(f"“{s.get('name')}”（{s.get('reason')}）" for s in skipped[:5])
    more = f"等 {len(skipped)} 个" if len(skipped) > 5 else ""
    return (f"有 {len(skipped)} 个材料文件没有备份：{shown}{more}。数据库和其余材料文件都已备份。"
            "请在对应记录中检查这些文件（重新添加，或关闭正在使用它们的程序）。")


def skipped_files(target: Path) -> list[dict]:
    """The evidence files the backup ``target`` left out (``[]`` when it cannot be read)."""
    try:
        return list(_read_manifest(Path(target)).data.get("skipped_files") or [])
    except (DatabaseFileError, OSError):
        return []


def backup_problems(target: Path) -> str:
    """``problems_text`` of the backup ``target`` (``""`` when it cannot be read)."""
    try:
        return problems_text(json.loads((Path(target) / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, AttributeError):
        return ""


def failure_text(exc: BaseException) -> str:
    """Why a backup failed, in Chinese, and that nothing changed."""
    if isinstance(exc, OSError):
        reason = os_error_text(exc)
        hint = "请清理磁盘后再试。" if "空间" in reason else "请检查备份文件夹后再试。"
    else:
        reason = sqlite_error_text(exc)
        hint = "请清理磁盘后再试。" if "空间" in reason else "请稍后再试。"
    return f"备份没有完成（{reason}），已有的备份和数据都没有改变。{hint}"


def make_backup(db: SqliteDatabase, db_path: Path, reason: str = MANUAL, *, protect: tuple[Path, ...] = ()) -> Path:
    """Snapshot the open database ``db`` (file ``db_path``) and its evidence files; return the folder.

    Evidence files that cannot be read are left out and listed in the manifest
    (``backup_problems`` says which, in Chinese); the backup completes. Pruning afterwards never
    deletes a backup in ``protect`` (the one about to be restored). A server database is refused
    (``ServerDatabaseError``: its administrator backs it up).
    """
    refuse_server_target(db_path, "备份")

    db_path = Path(db_path)
    folder = paths.backups_dir(db_path)
    tmp: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        clean_stale_temporaries(db_path)
        name = _backup_name(db_path, reason, folder)
        tmp = folder / f"{TMP_PREFIX}{name}-{os.getpid()}"
        tmp.mkdir()
        skipped = _write_snapshot(db, db_path, reason, tmp)
        target = _put_in_place(tmp, db_path, reason, folder, name)
    except (OSError, sqlite3.Error) as exc:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise LawdeskError(failure_text(exc)) from exc
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    if skipped:
        logger.warning("backup %s: %d evidence files skipped", target.name, len(skipped))
    prune(db_path, protect=protect)
    return target


def _write_snapshot(db: SqliteDatabase, db_path: Path, reason: str, tmp: Path) -> list[dict]:
    """The database copy, the evidence files and the manifest, in ``tmp``; return the skipped."""
    db_copy = tmp / DB_FILE
    dest = sqlite3.connect(str(db_copy))
    try:
        db.connection().backup(dest)
        # A self-contained file: no -wal/-shm beside it, readable from read-only media.
        dest.execute("PRAGMA journal_mode=DELETE")
        check = dest.execute("PRAGMA quick_check").fetchone()[0]
        migrations = [r[0] for r in dest.execute("SELECT name FROM schema_migration ORDER BY id")]
        counts = _table_counts(dest)
    finally:
        dest.close()
    if check != "ok":
        raise LawdeskError(f"数据库自检未通过（{check}），没有生成备份，以免用损坏的数据替换好的备份。")
    files, skipped = _copy_evidence(db_copy, db_path, tmp)
    _fsync_file(db_copy)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "program_version": __version__,
        "created": _now().isoformat(timespec="seconds"),
        "reason": reason,
        "source": db_path.name,
        "migrations": migrations,
        "known_migrations": known_migrations(),
        "records": sum(counts.values()),
        "counts": counts,
        "signature": content_signature(db),
        "database": {"file": DB_FILE, "sha256": sha256_of(db_copy), "size": db_copy.stat().st_size},
        "files": files,
        "missing_files": [s["path"] for s in skipped],
        "skipped_files": skipped,
    }
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    _fsync_file(tmp / MANIFEST)
    return skipped


#: Attempts at a free name when another backup (another window, another ``backup`` command)
#: took the same second's name first.
NAME_ATTEMPTS = 50


def _put_in_place(tmp: Path, db_path: Path, reason: str, folder: Path, name: str) -> Path:
    """Rename the finished ``tmp`` to its backup name; a name another backup took in the same
    second is never replaced: the next free number is used."""
    for _attempt in range(NAME_ATTEMPTS):
        target = folder / name
        if not target.exists():
            try:
                tmp.rename(target)
                return target
            except OSError:
                if not target.exists():
                    raise
        logger.info("backup name %s taken by another backup; taking the next", name)
        name = _backup_name(db_path, reason, folder)
    raise LawdeskError("备份没有完成：同一时刻有太多备份在进行，请稍后再试。已有的备份和数据都没有改变。")


def newest_signature(db_path: Path) -> str | None:
    """The content signature of the newest snapshot (``None``: there is none to compare with)."""
    for b in list_backups(db_path):
        if b.legacy:
            continue
        try:
            return _read_manifest(b.path).data.get("signature")
        except DatabaseFileError:
            continue
    return None


# --------------------------------------------------------------------------------------------
# Verifying


def _resolve(path: Path) -> Path:
    """A snapshot may be given as its folder or as its manifest.json."""
    path = Path(path)
    if path.name == MANIFEST and path.is_file():
        return path.parent
    return path


def _check_database_copy(db_file: Path, label: str) -> list[str]:
    """integrity_check, the core tables and known migrations; return the migrations applied."""
    with db_file.open("rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise DatabaseFileError(f"“{label}”不是 lawdesk 备份文件。")
    try:
        con = sqlite3.connect(read_only_uri(db_file), uri=True)
        try:
            ok = con.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            migrations = []
            if HISTORY_TABLE in tables:
                migrations = [r[0] for r in con.execute(f"SELECT name FROM {HISTORY_TABLE} ORDER BY id")]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseFileError(f"备份文件“{label}”已损坏：{exc}") from exc
    if ok != "ok":
        raise DatabaseFileError(f"备份文件“{label}”已损坏（完整性检查：{ok}）。")
    if HISTORY_TABLE not in tables or "audit_log" not in tables:
        raise DatabaseFileError(f"“{label}”不是 lawdesk 的数据库备份。")
    missing = sorted(CORE_TABLES - tables)
    if missing:
        raise DatabaseFileError(f"备份“{label}”不完整：缺少数据表 {'、'.join(missing)}，不能用来恢复。")
    check_migrations_known(migrations, db_file, what="备份")
    return migrations


def verify_backup(path: Path) -> Manifest | None:
    """Raise ``DatabaseFileError`` unless ``path`` is a sound lawdesk backup.

    Returns the manifest of a snapshot, ``None`` for a first-release .db backup.
    """
    path = _resolve(path)
    backup_check.check_file(path, path.name)
    if path.is_dir():
        backup_check.check_tree(path)
        manifest = _read_manifest(path)
        check_migrations_known(manifest.migrations, path, what="备份")
        db_file = path / DB_FILE
        info = manifest.data.get("database") or {}
        if not db_file.is_file():
            raise DatabaseFileError(f"备份“{path.name}”缺少数据库文件，不能用来恢复。")
        if sha256_of(db_file) != info.get("sha256"):
            raise DatabaseFileError(f"备份“{path.name}”的数据库文件已损坏（SHA-256 校验不符），不能用来恢复。")
        migrations = _check_database_copy(db_file, path.name)
        if migrations != manifest.migrations:
            raise DatabaseFileError(f"备份“{path.name}”的数据库与清单不符，不能用来恢复。")
        for f in manifest.files:
            file = path / stored_at(f)
            if not file.is_file():
                raise DatabaseFileError(f"备份“{path.name}”缺少材料文件 {f['path']}，不能用来恢复。")
            if file.stat().st_size != f["size"] or sha256_of(file) != f["sha256"]:
                raise DatabaseFileError(f"备份“{path.name}”中的材料文件 {f['path']} 已损坏（SHA-256 校验不符）。")
        return manifest
    if not path.is_file():
        raise DatabaseFileError(f"找不到备份文件：{path}")
    _check_database_copy(path, path.name)
    return None


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest good backup: it holds data, passes verification and is not a sudden drop
    (``split_drops``: a handful of records after a lost database is not the clerk's data)."""
    full, _drops = split_drops(list_backups(db_path), drop_accepted_at(db_path))
    return _newest_sound(b for b in full if b.has_data)


def _newest_sound(backups: Iterable[BackupInfo]) -> BackupInfo | None:
    """The first of ``backups`` (newest first) that passes verification."""
    for b in backups:
        try:
            verify_backup(b.path)
        except (DatabaseFileError, OSError):
            logger.warning("backup %s failed verification", b.path)
            continue
        return b
    return None


def offer_text(info: BackupInfo) -> str:
    records = f"（{info.records} 条记录）" if info.records is not None else ""
    return (
        f"最新的完好备份：{info.created:%Y-%m-%d %H:%M:%S} 的{info.reason_label}{records}，可以从它恢复。\n"
        f"备份位置：{info.path}"
    )


# --------------------------------------------------------------------------------------------
# Restoring


def _restore_marker(db_path: Path) -> Path:
    return evidence_swap.marker_path(db_path)


def _stage_attachments(backup_dir: Path, manifest: Manifest, db_path: Path) -> Path:
    """Copy the backup's evidence files into a folder beside the live one."""
    staged = paths.data_dir(db_path) / f"{evidence_swap.STAGED_PREFIX}{os.getpid()}"
    if staged.exists():
        shutil.rmtree(staged)
    staged.mkdir(parents=True)
    for f in manifest.files:  # checked paths: attachments/<kind>/<id>/<name>, nothing else
        dest = staged.joinpath(*f["path"].split("/")[1:])
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(backup_dir / stored_at(f), dest)  # a copy: editing a restored file never changes a backup
    return staged


def _begin_file_swap(db_path: Path, staged: Path | None, db_file: Path) -> Path | None:
    """Before the database is replaced: note the plan and set the live evidence folder aside
    (``evidence_swap.set_aside``; refused, nothing changed, while a file in it is open)."""
    if staged is None:
        return None
    try:
        return evidence_swap.set_aside(db_path, staged, db_file)
    except LawdeskError:
        shutil.rmtree(staged, ignore_errors=True)
        raise


def _finish_file_swap(db_path: Path, staged: Path | None, old: Path | None) -> None:
    if staged is None:
        return  # a first-release backup holds no files: the current ones stay
    evidence_swap.complete(db_path, staged, old)


def _stage_or_refuse(backup_dir: Path, manifest: Manifest | None, db_path: Path) -> Path | None:
    if manifest is None:
        return None
    try:
        return _stage_attachments(backup_dir, manifest, db_path)
    except OSError as exc:
        for staged in paths.data_dir(db_path).glob(f"attachments.restoring-{os.getpid()}"):
            shutil.rmtree(staged, ignore_errors=True)
        raise LawdeskError(
            f"恢复没有完成：复制材料文件失败（{exc.strerror or exc}），当前的数据和材料文件都没有改变。"
        ) from exc


def finish_interrupted_restore(db_path: Path) -> None:
    """After a restore killed half-way (see ``evidence_swap``): the evidence folder follows the
    database. A folder that cannot be renamed even now stops the open with a Chinese message."""
    try:
        evidence_swap.finish(db_path)
    except evidence_swap.EvidenceInUseError as exc:
        raise LawdeskError(f"上次从备份恢复没有全部完成：{exc.message}") from exc


def restore_backup(db: SqliteDatabase, db_path: Path, backup_file: Path) -> Path | None:
    """Replace the open database's contents and evidence files with a backup's.

    Returns the safety copy made first (``None`` when the current database was empty).
    """
    refuse_server_target(db_path, "从备份恢复")
    backup_file = _resolve(Path(backup_file))
    db_path = Path(db_path)
    manifest = verify_backup(backup_file)
    safety = None if is_empty(db) else make_backup(db, db_path, BEFORE_RESTORE, protect=(backup_file,))
    staged = _stage_or_refuse(backup_file, manifest, db_path)
    db_file = backup_file / DB_FILE if manifest is not None else backup_file
    old = _begin_file_swap(db_path, staged, db_file)
    src = sqlite3.connect(read_only_uri(db_file), uri=True)
    try:
        src.backup(db.connection())
    except sqlite3.Error as exc:
        if staged is not None:
            evidence_swap.put_back(db_path, old)
            shutil.rmtree(staged, ignore_errors=True)
        kept = f"（已另存 {safety.name}）" if safety else ""
        raise LawdeskError(f"恢复失败，当前数据未改变{kept}：{exc}") from exc
    finally:
        src.close()
    _finish_file_swap(db_path, staged, old)
    _after_restore(db, backup_file, safety)
    return safety


def _after_restore(db: SqliteDatabase, backup_file: Path, safety: Path | None) -> None:

    run_migrations(db)
    with database.atomic():
        audit.log("恢复备份", "数据库", None, backup_file.name, None,
                  {"safety_copy": safety.name if safety else ""})
    events.notify("database", action="restore")


def recover_to_path(db_path: Path, backup_file: Path) -> Path | None:
    """Restore a backup when the database file is missing, empty or damaged (nothing is open).

    The damaged file (with its -wal/-shm) is moved aside, never deleted; returns where it went.
    """
    refuse_server_target(db_path, "从备份恢复")
    db_path = Path(db_path)
    backup_file = _resolve(Path(backup_file))
    manifest = verify_backup(backup_file)
    paths.data_dir(db_path).mkdir(parents=True, exist_ok=True)
    staged = _stage_or_refuse(backup_file, manifest, db_path)
    tmp = db_path.with_name(db_path.name + ".restoring.tmp")
    tmp.unlink(missing_ok=True)
    db_file = backup_file / DB_FILE if manifest is not None else backup_file
    src = sqlite3.connect(read_only_uri(db_file), uri=True)
    dest = sqlite3.connect(str(tmp))
    try:
        src.backup(dest)
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
        src.close()
    _fsync_file(tmp)
    try:
        old = _begin_file_swap(db_path, staged, tmp)
    except LawdeskError:
        tmp.unlink(missing_ok=True)
        raise
    aside = None
    stamp = _now().strftime("%Y%m%d-%H%M%S")
    for suffix in ("", "-wal", "-shm", "-journal"):
        current = db_path.with_name(db_path.name + suffix)
        if current.exists():
            moved = current.with_name(f"{current.name}.damaged-{stamp}")
            current.rename(moved)
            aside = aside or moved
    tmp.replace(db_path)
    _finish_file_swap(db_path, staged, old)
    return aside


def record_recovery(backup_file: Path, aside: Path | None) -> None:
    """After ``recover_to_path`` and opening the database: the audit entry and the change signal."""

    with database.atomic():
        audit.log("恢复备份", "数据库", None, _resolve(Path(backup_file)).name, None,
                  {"damaged_file": aside.name if aside else ""})
    events.notify("database", action="restore")


def backup_open_database(reason: str = MANUAL) -> Path:
    """Back up the database that is open now."""
    refuse_on_server("备份")

    return make_backup(database.obj, current_path(), reason)


def restore_open_database(backup_file: Path) -> Path | None:
    """Restore ``backup_file`` into the database that is open now; return the safety copy."""
    refuse_on_server("从备份恢复")

    return restore_backup(database.obj, current_path(), backup_file)
